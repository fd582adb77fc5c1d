"""``counterfraud kpi``: JSON, Markdown and the HTML report, the local operator's view
and an agency's (``--agency``), and input errors that name the option."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from counterfraud.domain import Agency
from counterfraud.services.access import ensure_agency
from counterfraud.services.store import open_store
from counterfraud.settings import Settings
from counterfraud.store.case_tables import CaseRow, FreezeRequestRow
from counterfraud.store.tables import AgencyRow

MARCH = ("--from", "2025-03", "--to", "2025-03")
WHEN = datetime(2025, 3, 20, 8, tzinfo=UTC)


@pytest.fixture
def world(tmp_path: Path) -> Path:
    """CN's AMBER case with a freeze of 1,250.50 CNY answered after 6 hours, TH's GREEN
    case, in March 2025, in the data folder ``run`` uses."""
    settings = Settings(data_dir=tmp_path / "data", database_url="")
    store = open_store(settings)
    try:
        for code, country in (("CN-MPS", "CN"), ("TH-CCIB", "TH")):
            ensure_agency(store, Agency(code, country, code))
        with store.transaction() as session:
            ids = {code: number for code, number in
                   session.execute(select(AgencyRow.code, AgencyRow.id))}
            for case_id, owner, marking in (("C1", "CN-MPS", "TLP:AMBER"),
                                            ("C2", "TH-CCIB", "TLP:GREEN")):
                session.add(CaseRow(id=case_id, agency_id=ids[owner], title="Romance scam",
                                    scam_type="romance", marking=marking, pap="PAP:GREEN",
                                    status="open", opened_at=WHEN, document={}))
            session.flush()
            session.add(FreezeRequestRow(
                id="F1", case_id="C1", agency_id=ids["CN-MPS"], addressee="Bank",
                marking="TLP:AMBER", status="frozen", requested_at=WHEN,
                answered_at=WHEN.replace(hour=14), amount_frozen=Decimal("1250.50"),
                currency="CNY", frozen_currency="CNY", document={}))
    finally:
        store.close()
    return tmp_path


def test_json_for_the_operator_and_for_an_agency(run: Callable[..., Any], world: Path) -> None:
    result = run("kpi", *MARCH, "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert found["period"] == {"from": "2025-03-01", "to": "2025-03-31"}
    assert found["cases"] == {"opened": 2, "solved": 0}
    assert found["freezes"] == {"requested": 1, "frozen": 1, "amount_frozen": {"CNY": 1250.5},
                                "median_hours_to_freeze": 6.0}
    as_th = json.loads(run("kpi", *MARCH, "--json", "--agency", "th-ccib").output)
    assert as_th["cases"]["opened"] == 1  # CN's AMBER case is not TH's to read
    assert as_th["freezes"]["amount_frozen"] == {}


def test_split_by_country(run: Callable[..., Any], world: Path) -> None:
    found = json.loads(run("kpi", *MARCH, "--json", "--by", "country").output)
    assert [(g["country"], g["cases"]["opened"]) for g in found["groups"]] == [
        ("CN", 1), ("TH", 1)]


def test_markdown_and_the_default_table(run: Callable[..., Any], world: Path) -> None:
    result = run("kpi", *MARCH, "--markdown", "--by", "agency")
    assert result.exit_code == 0, result.output
    assert "| Figure | Total | CN-MPS | TH-CCIB |" in result.output
    assert "| Cases opened | 2 | 1 | 1 |" in result.output
    assert "| Amount frozen (CNY) | 1,250.50 | 1,250.50 | 0.00 |" in result.output
    shown = run("kpi", *MARCH)
    assert shown.exit_code == 0 and "Cases opened" in shown.output


def test_html_report_is_self_contained(run: Callable[..., Any], world: Path) -> None:
    out = world / "report.html"
    result = run("kpi", *MARCH, "--by", "agency", "--html", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>")
    assert len(re.findall(r'<img alt="[^"]+" src="data:image/svg\+xml;base64,', page)) == 2
    assert not re.search(r"""(?:src|href)=["'](?!data:)""", page)  # nothing fetched
    assert "<td>Cases opened</td><td>2</td><td>1</td><td>1</td>" in page


@pytest.mark.parametrize(("args", "message"), [
    (("--from", "2025-13"), "from '2025-13'"),
    (("--to", "soon"), "to 'soon'"),
    (("--from", "2025-04", "--to", "2025-03"), "is after to"),
    (("--by", "year"), "by 'year'"),
    (("--agency", "VN-MPS"), "no agency 'VN-MPS'"),
    (("--agency", "TH-X<SCRIPT"), "must look like"),
    (("--json", "--markdown"), "choose one of"),
], ids=["month-13", "a-word", "reversed", "unknown-split", "unknown-agency", "bad-agency",
        "two-outputs"])
def test_bad_options_name_what_is_wrong(run: Callable[..., Any], world: Path,
                                        args: tuple[str, ...], message: str) -> None:
    result = run("kpi", *args)
    assert result.exit_code == 2
    assert message in result.output
