"""``/console/dashboard``: today's and this month's figures at a glance, for analysts and
admins, over only what the signed-in agency may read.

Each figure comes from the service the API reads it from, with the same viewer:
reports counted by ``services.reports.list_reports`` (``GET /v1/reports``: the newest
few are listed, and so go on the audit trail), losses, interceptions and blocks by
``services.kpi`` (``GET /v1/kpi``) for today and for the month so far, scam types by
``services.reports.statistics`` (``GET /v1/stats``) and the largest networks by
``services.networks`` (``GET /v1/networks``: the agency's own view of them). The charts
are bars drawn by the template (inline SVG beside each figure), so the page loads no
script to draw them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from counterfraud.domain import ApiRole
from counterfraud.services import kpi, reports
from counterfraud.services.store import Store
from counterfraud.web.nav import N_
from counterfraud.web.pages.identifiers import network_row, report_row
from counterfraud.web.pages.vocabulary import LABELS
from counterfraud.web.session import ConsoleUser, console_access, get_store, require_role
from counterfraud.web.templating import render

router = APIRouter()
Analyst = Annotated[ConsoleUser, Depends(require_role(ApiRole.ANALYST))]

LATEST = 5
TOP = 8
CHANNEL_LABELS = {"messages": N_("Messages"), "calls": N_("Calls"), "urls": N_("URLs")}
BLOCKED_LABELS = {"domains": N_("Domains"), "urls": N_("URLs"), "ips": N_("IP addresses"),
                  "phones": N_("Phone numbers"), "accounts": N_("Accounts and wallets")}


@router.get("/dashboard", response_class=HTMLResponse, name="dashboard")
def dashboard(request: Request, user: Analyst) -> Response:
    store = get_store(request)
    via = console_access(request, user)
    today = datetime.now(UTC).date()
    first = today.replace(day=1)
    periods = {"today": kpi.Period(today, today), "month": kpi.Period(first, today)}
    figures: dict[str, dict[str, Any]] = {}
    latest: list[Any] = []
    for name, period in periods.items():
        total, page = reports.list_reports(store, user.viewer, since=_midnight(period.first),
                                           limit=LATEST, via=via)
        counted = kpi.kpi(store, user.viewer, period=period, via=via).totals.as_dict()
        figures[name] = {"reports": total, **_headline(counted)}
        if name == "month":
            latest = [report_row(r) for r in page]
    statistics = reports.statistics(store, user.viewer, via=via)
    scam_types = sorted(statistics.by_scam_type.items(), key=lambda p: (-p[1], p[0]))[:TOP]
    largest = _networks(store, user, via)
    month = figures["month"]
    charts = {  # (label, value) rows; labels are msgids but for networks' ids
        "intercepted": [(CHANNEL_LABELS.get(k, k), v) for k, v in month["intercepted"].items()],
        "blocked": [(BLOCKED_LABELS.get(k, k), v) for k, v in month["blocked"].items()],
        "scam_types": [(LABELS["scam_type"].get(k, k), v) for k, v in scam_types],
        "networks": [(n["id"], n["size"]) for n in largest]}
    return render(request, user, "dashboard.html", {
        "today": today, "month_first": first, "figures": figures, "latest": latest,
        "labels": LABELS, "charts": charts, "all_reports": statistics.reports,
        "networks": largest})


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), UTC)


def _headline(found: dict[str, Any]) -> dict[str, Any]:
    intercepted = found.get("intercepted") or {}
    blocked = found.get("blocked") or {}
    return {"intercepted": intercepted, "intercepted_total": sum(intercepted.values()),
            "blocked": blocked, "blocked_total": sum(blocked.values()),
            "losses": sorted((found.get("losses") or {}).items())}


def _networks(store: Store, user: ConsoleUser, via: Any) -> list[dict[str, Any]]:
    from counterfraud.services import networks  # the graph libraries, only when needed

    return [network_row(n) for n in networks.networks(store, user.viewer, limit=TOP, via=via)]
