"""The figures written out: Markdown, the HTML page and its charts. Whatever a group is
called, the page shows it as text, and the page loads nothing from anywhere."""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import pytest

from counterfraud.services import kpi_report
from counterfraud.services.kpi import Figures, Kpi, Period

PERIOD = Period(date(2025, 1, 1), date(2025, 3, 31))
HOSTILE = '<script>alert("x")</script>|&amp;'


def figures(n: int, *, intercepted: bool = True) -> Figures:
    made = Figures(intercepted={"messages": 1000 * n, "calls": 10 * n, "urls": n}
                   if intercepted else None)
    for figure in ("cases_opened", "freezes_frozen", "taken_down", "arrests",
                   "victims_repatriated"):
        made.counts[figure] = n
    made.losses["CNY"] = Decimal("1234.5") * n
    made.freeze_hours.extend([1.0, 3.0])
    return made


def monthly() -> Kpi:
    groups: list[tuple[str | None, Figures]] = [(m, figures(i + 1)) for i, m in
                                                enumerate(("2025-01", "2025-02", "2025-03"))]
    totals = Figures()
    for _, f in groups:
        totals.merge(f)
    totals.intercepted = {"messages": 6000, "calls": 60, "urls": 6}
    return Kpi(PERIOD, None, "month", totals, groups)


def test_markdown_table() -> None:
    text = kpi_report.markdown(monthly())
    assert "| Figure | Total | 2025-01 | 2025-02 | 2025-03 |" in text
    assert "| Cases opened | 6 | 1 | 2 | 3 |" in text
    assert "| Losses (CNY) | 7,407.00 | 1,234.50 | 2,469.00 | 3,703.50 |" in text
    assert "| Median hours to freeze | 2.0 | 2.0 | 2.0 | 2.0 |" in text


def test_a_group_name_is_shown_as_text_never_as_markup() -> None:
    by_agency = Kpi(PERIOD, HOSTILE, "agency", figures(1),
                    [(HOSTILE, figures(1, intercepted=False)), (None, Figures(None))])
    page = kpi_report.html_page(by_agency, monthly())
    assert "<script" not in page
    assert html_escaped(HOSTILE) in page
    assert "<th>instance</th>" in page  # the records no agency owns
    assert "\\|" in kpi_report.markdown(by_agency)  # a pipe cannot break the table


def html_escaped(text: str) -> str:
    import html

    return html.escape(text)


def test_the_page_holds_its_charts_and_loads_nothing() -> None:
    page = kpi_report.html_page(monthly(), monthly())
    images = re.findall(r'<img alt="([^"]+)" src="data:image/svg\+xml;base64,([^"]+)"', page)
    assert [alt for alt, _ in images] == ["Funnel from interception to repatriation",
                                          "Monthly trend of each figure"]
    for _, data in images:
        svg = ET.fromstring(base64.b64decode(data))  # well-formed SVG
        assert svg.tag.endswith("svg")
    assert not re.search(r"""(?:src|href)=["'](?!data:)""", page)
    assert "@import" not in page and "url(" not in page


def test_funnel_from_interception_to_repatriation() -> None:
    assert kpi_report.funnel_values(figures(2)) == [2022, 2, 2, 2, 2]
    svg = kpi_report.funnel_chart(figures(2)).decode()
    assert all(label in svg for label in kpi_report.FUNNEL)
    assert "2,022" in svg


def test_trend_panels_follow_the_months() -> None:
    panels = dict(kpi_report.trend_series(monthly()))
    assert panels["Intercepted"]["messages"] == [1000.0, 2000.0, 3000.0]
    assert panels["Cases opened"] == {"Cases opened": [1.0, 2.0, 3.0]}
    assert panels["Losses"] == {"CNY": [1234.5, 2469.0, 3703.5]}
    assert panels["Median hours to freeze"] == {"hours": [2.0, 2.0, 2.0]}
    assert panels["Amount frozen"] == {}


@pytest.mark.parametrize(("value", "label", "shown"), [
    (None, "Arrests", "-"), (0, "Arrests", "0"), (1234567, "Cases opened", "1,234,567"),
    (2.25, "Median hours to freeze", "2.2"), (3, "Median hours to takedown", "3.0"),
    (Decimal("10.1"), "Losses", "10.10"), (0, "Amount frozen", "0.00"),
], ids=["none", "zero", "thousands", "hours", "whole-hours", "amount", "no-amount"])
def test_cells(value: object, label: str, shown: str) -> None:
    assert kpi_report._cell(value, label) == shown
