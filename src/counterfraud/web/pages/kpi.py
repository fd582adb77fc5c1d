"""``/console/kpi``: the figures a ministry publishes, for a period, split by agency,
country or month, as the user's agency may read them (``services.kpi`` with the user's
Viewer, as ``GET /v1/kpi``: analysts and admins), with the funnel and the monthly trends
drawn by ``services.kpi_report`` (matplotlib SVG, generated here from counts: the only
markup of the page not written by its template, shown as images).
"""

from __future__ import annotations

import base64
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from counterfraud.domain import ApiRole
from counterfraud.errors import InvalidInput
from counterfraud.services import kpi as figures
from counterfraud.services import kpi_report
from counterfraud.web.nav import N_
from counterfraud.web.pages.case_words import context
from counterfraud.web.session import ConsoleUser, console_access, get_store, require_role
from counterfraud.web.templating import render

router = APIRouter()
Analyst = Annotated[ConsoleUser, Depends(require_role(ApiRole.ANALYST))]

# kpi_report.ROWS' and MONEY's labels, marked for translation (the same English words)
LABELS: dict[str, str] = {
    "Messages intercepted": N_("Messages intercepted"),
    "Calls intercepted": N_("Calls intercepted"),
    "URLs intercepted": N_("URLs intercepted"),
    "Domains blocked": N_("Domains blocked"), "URLs blocked": N_("URLs blocked"),
    "IP addresses blocked": N_("IP addresses blocked"),
    "Phone numbers blocked": N_("Phone numbers blocked"),
    "Accounts blocked": N_("Accounts blocked"), "Cases opened": N_("Cases opened"),
    "Cases solved": N_("Cases solved"), "Arrests": N_("Arrests"),
    "Handovers": N_("Handovers"), "Freeze requests": N_("Freeze requests"),
    "Freeze requests frozen": N_("Freeze requests frozen"),
    "Median hours to freeze": N_("Median hours to freeze"),
    "Takedown requests": N_("Takedown requests"), "Taken down": N_("Taken down"),
    "Median hours to takedown": N_("Median hours to takedown"),
    "Victims located": N_("Victims located"), "Victims rescued": N_("Victims rescued"),
    "Victims repatriated": N_("Victims repatriated"),
    "Amount frozen": N_("Amount frozen"), "Losses": N_("Losses"),
}
GROUPINGS = (("", N_("Totals only")), ("agency", N_("Agency")),
             ("country", N_("Country")), ("month", N_("Month")))


def rows_of(k: figures.Kpi) -> list[dict[str, Any]]:
    """One row per figure (and per currency of the amounts): its label, how to show it
    (``count``, ``hours``, ``money``), its currency, and the totals' then each group's
    value (None where a figure does not apply, such as interceptions by agency)."""
    dicts = [f.as_dict() for f in (k.totals, *(g for _, g in k.groups))]
    found: list[dict[str, Any]] = [
        {"label": label, "style": "hours" if label.startswith("Median") else "count",
         "currency": None, "values": [read(d) for d in dicts]}
        for label, read in kpi_report.ROWS]
    for label, path in kpi_report.MONEY.items():
        read = _reader(path)
        currencies = sorted({c for d in dicts for c in read(d) or {}})
        found.extend({"label": label, "style": "money", "currency": currency,
                      "values": [(read(d) or {}).get(currency, Decimal(0)) for d in dicts]}
                     for currency in currencies)
    return found


def _reader(path: tuple[str, ...]) -> Any:
    def read(found: dict[str, Any]) -> Any:
        for key in path:
            found = found.get(key) if isinstance(found, dict) else None  # type: ignore[assignment]
        return found

    return read


def _image(svg: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


@router.get("/kpi", response_class=HTMLResponse, name="console_kpi")
def kpi_page(request: Request, user: Analyst,
             first: Annotated[str, Query(alias="from", max_length=10)] = "",
             last: Annotated[str, Query(alias="to", max_length=10)] = "",
             by: Annotated[str, Query(max_length=10)] = "") -> HTMLResponse:
    values = {"from": first, "to": last, "by": by}
    try:
        period = figures.parse_period(first.strip() or None, last.strip() or None)
        split = figures.parse_grouping(by)
    except InvalidInput as e:
        return render(request, user, "kpi.html", context(
            values=values, errors={e.field or "form": str(e)}, found=None,
            groupings=GROUPINGS, labels=LABELS), status_code=422)
    store, via = get_store(request), console_access(request, user)
    found = figures.kpi(store, user.viewer, period=period, by=split, via=via)
    monthly = found if split == "month" else figures.kpi(store, user.viewer, period=period,
                                                          by="month", via=via)
    headline = [row for row in rows_of(found) if row["label"] in kpi_report.HEADLINE]
    return render(request, user, "kpi.html", context(
        values=values, errors={}, found=found, rows=rows_of(found), headline=headline,
        groups=[key for key, _ in found.groups], groupings=GROUPINGS, labels=LABELS,
        funnel=_image(kpi_report.funnel_chart(found.totals)),
        trends=_image(kpi_report.trend_chart(monthly))))
