"""``/console/audit``: the audit trail of what the signed-in agency's keys read and
wrote (through the API, the console or as the agency), newest first, and a button that
verifies the whole chain (services.audit.verify, as ``counterfraud audit verify``).

An agency sees only its own entries: those whose actor is the agency, one of its keys
(``AGENCY:cf_prefix``, revoked keys included) or one of its roles (``AGENCY:analyst``);
the trail of other agencies' work is theirs. Verifying tells only whether the chain is
intact, how long it is and, when it is not, the first entry at fault. Reading the trail
goes on it too. Analysts and admins, as for the agency's other records.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from counterfraud.domain import ApiRole
from counterfraud.errors import InvalidInput
from counterfraud.services import access, audit
from counterfraud.services.audit import Action, AuditEntry
from counterfraud.services.store import Store
from counterfraud.web.pages import record_forms as forms
from counterfraud.web.pages.vocabulary import LABELS
from counterfraud.web.session import ConsoleUser, console_access, get_store, require_role
from counterfraud.web.templating import form_errors, render

router = APIRouter()
Analyst = Annotated[ConsoleUser, Depends(require_role(ApiRole.ANALYST))]

SHOWN = 200
PER_ACTOR = 5000  # read per actor (oldest first from ``since``), the newest SHOWN kept
DEFAULT_DAYS = 7
REFERENCES_SHOWN = 5


def actors_of(store: Store, agency: str) -> list[str]:
    """Every actor name the trail gives ``agency``'s work."""
    keys = access.list_keys(store, agency=agency, include_revoked=True)
    return sorted({agency, *(f"{agency}:{k.prefix}" for k in keys),
                   *(f"{agency}:{role.value}" for role in ApiRole)})


def agency_entries(store: Store, agency: str | None, *, since: datetime) -> list[AuditEntry]:
    """The newest :data:`SHOWN` entries of ``agency`` (every entry for the local operator)
    from ``since``, newest first."""
    actors: list[str | None] = [None] if agency is None else list(actors_of(store, agency))
    found: dict[int, AuditEntry] = {}
    for actor in actors:
        for entry in audit.entries(store, since=since, actor=actor, limit=PER_ACTOR):
            found[entry.id] = entry
    return sorted(found.values(), key=lambda e: e.id, reverse=True)[:SHOWN]


@router.get("/audit", response_class=HTMLResponse, name="audit")
def audit_page(request: Request, user: Analyst, since: str = "") -> Response:
    return _page(request, user, since=since, report=None)


@router.post("/audit/verify", response_class=HTMLResponse)
def verify(request: Request, user: Analyst) -> Response:
    return _page(request, user, since="", report=audit.verify(get_store(request)).as_dict())


def _page(request: Request, user: ConsoleUser, *, since: str,
          report: dict[str, Any] | None) -> HTMLResponse:
    store = get_store(request)
    errors: dict[str, str] = {}
    default = datetime.now(UTC).date() - timedelta(days=DEFAULT_DAYS)
    try:
        start = forms.optional_day(since, field="since") or datetime.combine(
            default, datetime.min.time(), UTC)
    except InvalidInput as e:
        errors = form_errors(e)
        start = datetime.combine(default, datetime.min.time(), UTC)
    found = agency_entries(store, user.agency, since=start)
    via = console_access(request, user)
    audit.record(store, actor=via.actor, action=Action.READ, path=via.path,
                 record_type="audit", records=[],
                 detail={"since": start.isoformat(), "entries": len(found),
                         "agency": user.agency})
    rows = [_row(e) for e in found]
    return render(request, user, "audit.html", {
        "rows": rows, "since": since or start.date().isoformat(), "errors": errors,
        "report": report, "labels": LABELS, "shown": SHOWN},
        status_code=422 if errors else 200)


def _row(entry: AuditEntry) -> dict[str, Any]:
    shown = entry.as_dict()
    records = shown["records"] if isinstance(shown["records"], list) else []
    return {"id": entry.id, "at": entry.at, "actor": entry.actor, "action": entry.action,
            "path": entry.path, "record_type": entry.record_type,
            "records": [str(r) for r in records[:REFERENCES_SHOWN]],
            "more": max(0, len(records) - REFERENCES_SHOWN)}
