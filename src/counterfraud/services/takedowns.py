"""Takedown requests as a service: send one to a registrar, host or platform for a case,
record its answers (sent -> acknowledged -> taken_down or refused), read them, and
generate the abuse report it carries. Each command is one transaction with its audit
entry; every read of requests goes on the trail, and an abuse report as an export.

Who may do what:

- Keys of the analyst and admin roles; operator keys (banks', telecoms' screening
  keys) nothing here (PermissionDenied).
- A request is read by whoever the one visibility rule lets see it: its case's owner,
  and others through an agreement (general or joint-case) from the owner naming
  ``takedown_request`` and the case's marking. NotFound otherwise, alike for an id that
  does not exist.
- Requests are sent and moved by whoever may write within the case
  (``case_records.writable_case``: its owner, the local operator, a joint-case
  participant) and may read takedown requests of it: a participant whose agreement does
  not name them gets PermissionDenied, and nothing is written. A partner that only reads
  the case writes nothing (PermissionDenied).
- The requesting agency is the caller's (an agency key, ``--as``); the local operator
  sends in the name of the case's owner.
- PAP (``cases.abuse_report.check_takedown_allowed``): under PAP:AMBER or PAP:RED only
  the case's owner may send one, giving its reason (``pap_override``); the same holds
  for any other case the sender may see that names the target under those markings.
  Cases the sender may not see are not consulted: saying that one exists would break
  the visibility rule.
- A closed case sends nothing new (Conflict); an open request for the same target to
  the same addressee in the case is Conflict; an impossible move is InvalidInput with
  the lifecycle's words.
- Answers are often recorded after the fact (a registrar's email read the next
  morning): sending and each move take ``at``, when it happened (time zone-aware,
  default now), kept as the request says it (``sent_at``, ``answered_at``: the time to
  takedown is theirs). InvalidInput naming ``at`` for a time before 1990, more than a
  day ahead, before the case was opened, or before the request's last change.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session

from counterfraud.cases.abuse_report import (
    AbuseReport,
    build_abuse_report,
    check_takedown_allowed,
    may_quote,
)
from counterfraud.cases.model import Case, Pap
from counterfraud.cases.requests import (
    TAKEDOWN_KINDS,
    TakedownRequest,
    advance_takedown,
    create_takedown_request,
    time_to_takedown,
)
from counterfraud.cases.states import TakedownStatus
from counterfraud.domain import (
    OPERATOR,
    ApiRole,
    RecordType,
    ScamType,
    Viewer,
    parse_agency_code,
    parse_country,
)
from counterfraud.errors import Conflict, InvalidInput, PermissionDenied
from counterfraud.identifiers import display_name
from counterfraud.identifiers.types import Identifier, IdentifierKind
from counterfraud.services import access, audit
from counterfraud.services.audit import Access, Action
from counterfraud.services.cases import after_last, identifier_of, not_before_opening, when
from counterfraud.services.store import Store
from counterfraud.store import cases as case_rows
from counterfraud.store import takedowns as rows
from counterfraud.store.agencies import get_agency
from counterfraud.store.case_records import writable_case

WRITER = ApiRole.ANALYST  # analysts and admins; never operator keys
RECORD = RecordType.TAKEDOWN_REQUEST.value
GUARDED = (Pap.AMBER, Pap.RED)
QUOTE_CANDIDATES = 20  # narratives read for the examples, newest first


class ReportFormat(StrEnum):
    TEXT = "text"
    JSON = "json"

    @classmethod
    def parse(cls, raw: str) -> ReportFormat:
        try:
            return cls(raw.strip().lower())
        except (ValueError, AttributeError):
            raise InvalidInput(f"unknown format {raw!r}; known: text, json",
                               field="format") from None


def takedown_ref(request_id: str) -> str:
    """How the audit trail names a takedown request."""
    return f"takedown/{request_id}"


def parse_status(raw: str) -> TakedownStatus:
    try:
        return TakedownStatus(raw.strip().lower())
    except (ValueError, AttributeError):
        known = ", ".join(s.value for s in TakedownStatus)
        raise InvalidInput(f"unknown takedown status {raw!r}; known: {known}",
                           field="status") from None


def as_dict(request: TakedownRequest) -> dict[str, Any]:
    """The documented JSON of one request (CLI ``--json`` and the API)."""
    hours = time_to_takedown(request)
    return {
        "id": request.id, "case_id": request.case_id,
        "requesting_agency": request.requesting_agency, "addressee": request.addressee,
        "target": {"kind": request.target.kind.value, "value": request.target.value,
                   "display": display_name(request.target)},
        "status": request.status.value, "sent_at": request.sent_at.isoformat(),
        "acknowledged_at": _iso(request.acknowledged_at),
        "answered_at": _iso(request.answered_at),
        "hours_to_takedown": None if hours is None else round(hours, 2),
        "pap_override": request.pap_override or None,
        "timeline": [{"at": e.at.isoformat(), "actor": e.actor, "action": e.action,
                      "detail": e.detail} for e in request.timeline],
    }


def _iso(at: datetime | None) -> str | None:
    return at.isoformat() if at is not None else None


def _new_id() -> str:
    return f"TD-{secrets.token_hex(5).upper()}"


def _requester(session: Session, viewer: Viewer, acting: str | None, case: Case) -> str:
    """The agency the request is sent in the name of: the caller's, else the case's
    owner (the local operator)."""
    if acting is not None and viewer.agency is not None \
            and parse_agency_code(acting) != viewer.agency:
        raise PermissionDenied(f"{viewer.agency} sends requests in its own name only")
    code = viewer.agency or (parse_agency_code(acting) if acting else case.owner)
    get_agency(session, code)  # NotFound for an agency not registered here
    return code


def _target(session: Session, kind: str, value: str, *, region: str | None,
            requester: str) -> Identifier:
    parsed_kind = IdentifierKind.parse(kind) if isinstance(kind, str) else None
    if parsed_kind not in TAKEDOWN_KINDS:
        known = ", ".join(sorted(k.value for k in TAKEDOWN_KINDS))
        raise InvalidInput(f"a takedown targets one of: {known}; not {kind!r}", field="kind")
    country = (parse_country(region, field_name="region") if region is not None
               else get_agency(session, requester)[1].country)
    return identifier_of(parsed_kind.value, value, region=country, field="value")


def request_takedown(store: Store, viewer: Viewer, case_id: str, kind: str, value: str, *,
                     addressee: str, acting: str | None = None, pap_override: str = "",
                     region: str | None = None, at: datetime | None = None,
                     via: Access | None = None) -> TakedownRequest:
    """Send a takedown request for ``kind``/``value`` (national phone formats read in
    ``region``, default the requester's country) to ``addressee``, within case
    ``case_id`` (see the module's rules), sent ``at`` (default now); returns it as
    stored."""
    access.require_role(viewer, WRITER)
    sent_at = when(at)
    who = audit.access_of(via, viewer, path="cli takedown request")
    override = pap_override.strip() if isinstance(pap_override, str) else ""
    with store.transaction() as session:
        row = writable_case(session, viewer, case_id)
        case = case_rows.load_case(row)
        if case.closed:
            raise Conflict(f"case {case_id} is {case.status.value}: reopen it to send "
                           "takedown requests")
        not_before_opening(case, sent_at, "sent")
        requester = _requester(session, viewer, acting, case)
        target = _target(session, kind, value, region=region, requester=requester)
        guarded = _other_guarded_cases(session, viewer, case, target, requester=requester)
        check_takedown_allowed(case.pap, case_id=case.id, by_owner=requester == case.owner,
                               override=override, needed_elsewhere=bool(guarded))
        if guarded and not override:
            other, pap = guarded[0]
            raise InvalidInput(f"your case {other} names this {target.kind.value} and is "
                               f"{pap.value}: give the reason to act anyway",
                               field="pap_override")
        request = create_takedown_request(
            id=_new_id(), case_id=case.id, requesting_agency=requester, addressee=addressee,
            target=target, actor=who.actor, at=sent_at, pap_override=override)
        duplicate = rows.open_duplicate(session, case.id, target, request.addressee)
        if duplicate is not None:
            raise Conflict(f"takedown request {duplicate} of case {case_id} already asks "
                           f"{request.addressee} for this {target.kind.value}; record its "
                           "answer first")
        rows.insert_request(session, request, case_row=row)
        _require_readable(session, viewer, request.id, case_id)
        _record(session, who, Action.WRITE, [request.id], {
            "change": "sent", "case": case_id, "kind": target.kind.value,
            "requesting_agency": requester, "pap_override": bool(override)})
        return request


def _other_guarded_cases(session: Session, viewer: Viewer, case: Case, target: Identifier,
                         *, requester: str) -> list[tuple[str, Pap]]:
    """The PAP of every other case the caller sees that names the target holds too: a
    guarded case of another agency refuses the request; the requester's own guarded
    cases (returned) need the reason to act anyway."""
    own: list[tuple[str, Pap]] = []
    for other, owner, pap in rows.cases_holding(session, viewer, target, paps=GUARDED):
        if other == case.id:
            continue
        if owner != requester:
            raise PermissionDenied(f"case {other} of {owner} names this {target.kind.value} "
                                   f"and is {pap.value}: only {owner} may decide to act "
                                   "on it; ask them")
        own.append((other, pap))
    return own


def _require_readable(session: Session, viewer: Viewer, request_id: str,
                      case_id: str) -> None:
    if not rows.readable(session, viewer, request_id):
        raise PermissionDenied(f"{viewer.agency} writes within case {case_id} but its "
                               "agreement does not let it read takedown requests of the "
                               "case's marking: the owner names them in the invitation")


def move_takedown(store: Store, viewer: Viewer, request_id: str, status: str, *,
                  reason: str = "", at: datetime | None = None,
                  via: Access | None = None) -> TakedownRequest:
    """Record the addressee's answer (``acknowledged``, ``taken_down``, ``refused``),
    given ``at`` (default now), with ``reason`` (a refusal's grounds, a ticket number)
    on the timeline."""
    access.require_role(viewer, WRITER)
    target = parse_status(status)
    given = None if at is None else when(at)
    who = audit.access_of(via, viewer, path="cli takedown move")
    with store.transaction() as session:
        row = rows.request_row(session, viewer, request_id)
        writable_case(session, viewer, row.case_id)
        before = rows.load_request(row)
        after = advance_takedown(before, target, actor=who.actor,
                                 at=after_last(given, before.timeline[-1].at),
                                 detail=reason.strip() if isinstance(reason, str) else "")
        rows.save_request(session, row, after)
        _record(session, who, Action.WRITE, [request_id], {
            "change": f"{before.status.value} -> {after.status.value}",
            "case": row.case_id})
        return after


def get_takedown(store: Store, viewer: Viewer, request_id: str, *,
                 via: Access | None = None) -> TakedownRequest:
    """One request with its timeline (NotFound unless ``viewer`` may read it)."""
    access.require_role(viewer, WRITER)
    who = audit.access_of(via, viewer, path="cli takedown show")
    with store.transaction() as session:
        request = rows.load_request(rows.request_row(session, viewer, request_id))
        _record(session, who, Action.READ, [request_id], {"case": request.case_id})
        return request


def list_takedowns(store: Store, viewer: Viewer, *, case_id: str | None = None,
                   status: Iterable[str] = (), limit: int = 100, offset: int = 0,
                   via: Access | None = None) -> tuple[int, list[TakedownRequest]]:
    """(how many, one page) of the requests ``viewer`` may read, newest first."""
    access.require_role(viewer, WRITER)
    statuses = [parse_status(s).value for s in status]
    if not 1 <= limit <= 1000 or offset < 0:
        raise InvalidInput("limit must be 1 to 1000 and offset not negative", field="limit")
    who = audit.access_of(via, viewer, path="cli takedown list")
    with store.transaction() as session:
        total, found = rows.list_requests(session, viewer, case_id=case_id, status=statuses,
                                          limit=limit, offset=offset)
        requests = [rows.load_request(r) for r in found]
        if requests:
            _record(session, who, Action.READ, [r.id for r in requests], {"total": total})
        return total, requests


@dataclass(frozen=True, slots=True)
class RenderedReport:
    report: AbuseReport
    format: ReportFormat

    @property
    def body(self) -> str | dict[str, Any]:
        return self.report.as_text() if self.format is ReportFormat.TEXT \
            else self.report.as_json()


def abuse_report(store: Store, viewer: Viewer, request_id: str, *,
                 fmt: ReportFormat = ReportFormat.TEXT,
                 via: Access | None = None) -> RenderedReport:
    """The abuse report of a request ``viewer`` may read (``cases.abuse_report`` says
    what goes in): from the reports and blocklist entries both the requesting agency and
    ``viewer`` may see. It goes on the audit trail as an export naming the request and
    every report counted in it. The case's scam type is said only to a reader who may
    read the case itself."""
    access.require_role(viewer, WRITER)
    who = audit.access_of(via, viewer, path="cli takedown report")
    with store.transaction() as session:
        row = rows.request_row(session, viewer, request_id)
        request = rows.load_request(row)
        case = rows.case_of(session, viewer, row.case_id)
        readers = [Viewer(agency=request.requesting_agency)]
        if viewer != OPERATOR and viewer.agency != request.requesting_agency:
            readers.append(viewer)
        evidence = rows.evidence(session, request.target, readers=readers)
        candidates = sorted((e for e in evidence if may_quote(e, request.requesting_agency)),
                            key=lambda e: (e.reported_at is not None, e.reported_at),
                            reverse=True)[:QUOTE_CANDIDATES]
        texts = rows.narratives(session, [e.reference for e in candidates], readers=readers)
        evidence = [replace(e, narrative=texts[e.reference]) if e.reference in texts else e
                    for e in evidence]
        report = build_abuse_report(
            request, case_scam_type=ScamType(case.scam_type) if case else None,
            evidence=evidence,
            blocklist=rows.blocklist_facts(session, request.target, readers=readers),
            requester_name=rows.agency_name(session, request.requesting_agency))
        refs, summary = audit.summarised([takedown_ref(request_id),
                                          *(f"report/{r}" for r in report.sources)])
        audit.record(session, actor=who.actor, action=Action.EXPORT, path=who.path,
                     record_type=RECORD, records=refs,
                     detail={"format": fmt.value, "reports": report.reports,
                             "examples": len(report.examples), **summary},
                     read_only=True)
        return RenderedReport(report, fmt)


def _record(session: Session, who: Access, action: Action, request_ids: list[str],
            detail: dict[str, Any]) -> None:
    audit.record(session, actor=who.actor, action=action, path=who.path, record_type=RECORD,
                 records=[takedown_ref(r) for r in request_ids], detail=detail,
                 read_only=action is Action.READ)
