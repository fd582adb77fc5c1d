"""Cases as a service: open one from its scam type's template, read and list them, and
every change an officer makes (status, markings, tasks, notes, identifiers, linked
reports and networks), each in one transaction with its audit entry.

Who may do what:

- Keys of the analyst and admin roles read and write cases; operator keys (the banks'
  and telecoms' screening keys) read nothing here (PermissionDenied).
- A case is read by whoever the one visibility rule lets see it (its owner, TLP:CLEAR,
  an agreement from the owner naming record type ``case`` and its marking, a joint-case
  agreement on it); anyone else gets NotFound, alike for a case that does not exist.
- Its owner's agency, the local operator and the grantees of an active joint-case
  agreement on it write within it (tasks, notes, identifiers, links); only the owner and
  the operator change its status and markings and invite agencies
  (``store.case_records.writable_case``). A reader who may not write gets
  PermissionDenied.
- A closed case takes notes only: other changes are Conflict until it is reopened; an
  impossible move is InvalidInput with the lifecycle's words.

Each change is the pure core's (``counterfraud.cases.model``), which appends the
timeline entry; the whole new record is saved over the version read (Conflict for the
loser of a race). Linked cases, invitations and participants are in ``case_links``.

Officers record events after the fact (a case opened from last month's paper file, a
status reached while offline): every write takes ``at``, when it happened (time
zone-aware; default now). It is the record's time, stored as the record says it (the
opening is ``cases.opened_at``, the last close ``closed_at``); InvalidInput naming
``at`` for one before 1990, more than a day ahead, or earlier than the case's last
timeline entry.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from counterfraud.cases import fields, model
from counterfraud.cases.model import Case, Pap, Task
from counterfraud.cases.states import CaseStatus
from counterfraud.cases.templates import case_from_template
from counterfraud.domain import (
    OPERATOR,
    ApiRole,
    Marking,
    RecordType,
    ScamType,
    Viewer,
    parse_agency_code,
)
from counterfraud.errors import InvalidInput, NotFound, PermissionDenied
from counterfraud.identifiers import display_name, normalize
from counterfraud.identifiers.types import Identifier, IdentifierKind
from counterfraud.services import access, audit
from counterfraud.services.audit import Access, Action
from counterfraud.services.store import Store
from counterfraud.store import cases as rows
from counterfraud.store.agencies import get_agency
from counterfraud.store.case_records import visible_case, writable_case

WRITER = ApiRole.ANALYST  # analysts and admins; never operator keys
RECORD = RecordType.CASE.value
_AGENCY_LIKE = re.compile(r"^[A-Z]{2}-[A-Z0-9]{2,16}$")


def case_ref(case_id: str) -> str:
    """How the audit trail names a case."""
    return f"case/{case_id}"


@dataclass(frozen=True, slots=True)
class CaseView:
    """A case as one reader gets it: ``reports`` names (``AGENCY/REPORT_ID``) the linked
    reports the reader may see; the others are only counted."""

    case: Case
    version: int
    reports: dict[int, str]

    @property
    def hidden_reports(self) -> int:
        return sum(1 for r in self.case.report_ids if r not in self.reports)

    def as_dict(self) -> dict[str, Any]:
        case = self.case
        return {
            **summary(case), "version": self.version,
            "identifiers": [identifier_json(i) for i in case.identifiers],
            "reports": [self.reports[r] for r in case.report_ids if r in self.reports],
            "reports_hidden": self.hidden_reports,
            "networks": list(case.network_ids),
            "tasks": [{"number": n, "title": t.title, "assignee": t.assignee,
                       "due": _iso(t.due), "done": t.done,
                       "log": [{"at": _iso(e.at), "author": e.author, "text": e.text}
                               for e in t.log]}
                      for n, t in enumerate(case.tasks, start=1)],
            "notes": [{"at": _iso(n.at), "author": n.author, "text": n.text}
                      for n in case.notes],
            "timeline": [{"at": _iso(e.at), "actor": e.actor, "action": e.action,
                          "detail": e.detail} for e in case.timeline],
        }


def summary(case: Case) -> dict[str, Any]:
    """A case as one line of a list."""
    return {"id": case.id, "owner": case.owner, "title": case.title,
            "scam_type": case.scam_type.value, "tlp": case.tlp.value, "pap": case.pap.value,
            "status": case.status.value, "opened_at": _iso(case.timeline[0].at),
            "closed_at": _iso(rows.closed_at(case)),
            "open_tasks": len(case.open_tasks), "task_count": len(case.tasks)}


def identifier_json(identifier: Identifier) -> dict[str, str]:
    return {"kind": identifier.kind.value, "value": identifier.value,
            "display": display_name(identifier)}


def _iso(at: datetime | None) -> str | None:
    return at.isoformat() if at is not None else None


def when(at: datetime | None) -> datetime:
    """When an event happened: ``at`` checked as the pure core checks it (time zone,
    1990 to a day ahead; InvalidInput naming ``at``) before anything derived from it
    (a task's due date) is, or now when not given."""
    return datetime.now(UTC) if at is None else fields.moment(at, "at")


def not_before_opening(case: Case, at: datetime, what: str) -> None:
    """InvalidInput naming ``at`` when a record of the case would be ``what`` (sent,
    identified) before the case was opened: its times follow the case's."""
    opened = case.timeline[0].at
    if at < opened:
        raise InvalidInput(f"at {at.isoformat()}: nothing is {what} within case {case.id} "
                           f"before it was opened ({opened.isoformat()})", field="at")


def after_last(at: datetime | None, last: datetime) -> datetime:
    """The time of a change to a record whose last entry is at ``last``: ``at`` as given
    (the core refuses it, naming ``at``, when earlier than ``last``), or now, but never
    before ``last`` (a clock behind never back-dates)."""
    return when(at) if at is not None else max(datetime.now(UTC), last)


@dataclass(frozen=True, slots=True)
class IdentifierText:
    """An identifier as typed, with the region its national phone format is read in."""

    kind: str
    value: str
    region: str | None = None


def parse_identifier(text: str, *, region: str | None = None,
                     field: str = "identifier") -> Identifier:
    """``KIND:VALUE`` (``phone:+66 81 234 5678``) as a canonical identifier; national
    phone formats are read in ``region``. InvalidInput naming ``field`` otherwise."""
    kind, sep, value = text.partition(":") if isinstance(text, str) else ("", "", "")
    if not sep or not kind.strip() or not value.strip():
        raise InvalidInput(f"{field} {text!r} must be KIND:VALUE, e.g. phone:+8613800138000",
                           field=field)
    return identifier_of(kind, value, region=region, field=field)


def identifier_of(kind: str, value: str, *, region: str | None = None,
                  field: str = "identifier") -> Identifier:
    """One identifier, canonical (the same normalisation as reports and the blocklist)."""
    try:
        return normalize(IdentifierKind.parse(kind), value, region=region)
    except InvalidInput as e:
        raise InvalidInput(f"{field}: {e}", field=field) from e


def parse_status(raw: str) -> CaseStatus:
    try:
        return CaseStatus(raw.strip().lower()) if isinstance(raw, str) else CaseStatus(raw)
    except ValueError:
        known = ", ".join(s.value for s in CaseStatus)
        raise InvalidInput(f"unknown case status {raw!r}; known: {known}",
                           field="status") from None


def open_case(store: Store, *, agency: str, scam_type: str, title: str,
              tlp: str | None = None, pap: str | None = None,
              identifiers: Sequence[str | IdentifierText] = (),
              assignee: str | None = None, at: datetime | None = None,
              viewer: Viewer = OPERATOR, via: Access | None = None) -> CaseView:
    """Open a case owned by ``agency`` from its scam type's template, opened ``at``
    (default now; its tasks are due from then; ``tlp`` and ``pap`` default to the
    template's), holding ``identifiers``
    (``KIND:VALUE`` or :class:`IdentifierText`; national phone formats read in their
    region, by default the agency's country) with a freeze
    or takedown task for each that can be frozen or taken down. An agency's key opens
    cases of its own agency only."""
    access.require_role(viewer, WRITER)
    owner = parse_agency_code(agency)
    if viewer.agency is not None and viewer.agency != owner:
        raise PermissionDenied(f"{viewer.agency} may open cases of its own agency only")
    kind = ScamType.parse(scam_type)
    opened = when(at)
    marking = Marking.parse(tlp) if tlp is not None else None
    actions = Pap.parse(pap) if pap is not None else None
    who = audit.access_of(via, viewer, path="cli cases open")
    with store.transaction() as session:
        _, found = get_agency(session, owner)
        parsed = [parse_identifier(given, region=found.country, field="identifiers")
                  if isinstance(given, str) else
                  identifier_of(given.kind, given.value, field="identifiers",
                                region=given.region or found.country)
                  for given in identifiers]
        case = case_from_template(
            kind, id=rows.next_case_id(session, owner), owner=owner, title=title,
            actor=who.actor, at=opened, tlp=marking, pap=actions,
            assignee=_assignee(session, assignee), identifiers=tuple(parsed))
        rows.insert_case(session, case)
        record(session, who, Action.WRITE, [case.id], {"change": "created",
                                                         "scam_type": kind.value})
        return _view(session, viewer, case, 1)


def list_cases(store: Store, viewer: Viewer, *, agency: str | None = None,
               status: Iterable[str] = (), limit: int = 100, offset: int = 0,
               via: Access | None = None) -> tuple[int, list[Case]]:
    """(how many, one page) of the cases ``viewer`` may see, newest first; the read goes
    on the audit trail."""
    access.require_role(viewer, WRITER)
    owner = parse_agency_code(agency) if agency else None
    statuses = [parse_status(s).value for s in status]
    if not 1 <= limit <= 1000 or offset < 0:
        raise InvalidInput("limit must be 1 to 1000 and offset not negative", field="limit")
    who = audit.access_of(via, viewer, path="cli cases list")
    with store.transaction() as session:
        total, found = rows.list_cases(session, viewer, agency=owner, status=statuses,
                                       limit=limit, offset=offset)
        cases = [rows.load_case(r) for r in found]
        if cases:
            record(session, who, Action.READ, [c.id for c in cases], {"total": total})
        return total, cases


def get_case(store: Store, viewer: Viewer, case_id: str, *,
             via: Access | None = None) -> CaseView:
    """One case with its tasks, notes and timeline, if ``viewer`` may see it (NotFound
    otherwise); the read goes on the audit trail."""
    access.require_role(viewer, WRITER)
    who = audit.access_of(via, viewer, path="cli cases show")
    with store.transaction() as session:
        row = visible_case(session, viewer, case_id)
        view = _view(session, viewer, rows.load_case(row), row.version)
        record(session, who, Action.READ, [case_id], {})
        return view


Change = Callable[[Session, Case, str, datetime], Case]


def change_case(store: Store, viewer: Viewer, case_id: str, change: Change, *,
                path: str, owner_only: bool = False, via: Access | None = None,
                detail: dict[str, Any] | None = None,
                at: datetime | None = None) -> CaseView:
    """Apply ``change(session, case, actor, at)`` to the case ``viewer`` may write
    within and save it, with its audit entry, in one transaction; ``at`` is when it
    happened (see the module), default now."""
    access.require_role(viewer, WRITER)
    given = None if at is None else when(at)
    who = audit.access_of(via, viewer, path=path)
    with store.transaction() as session:
        row = rows.fresh(session, writable_case(session, viewer, case_id,
                                                owner_only=owner_only))
        before = rows.load_case(row)
        after = change(session, before, who.actor, after_last(given, before.timeline[-1].at))
        version = rows.save_case(session, row, after)
        record(session, who, Action.WRITE, [case_id],
                {"change": after.timeline[-1].action, **(detail or {})})
        return _view(session, viewer, after, version)


def move_case(store: Store, viewer: Viewer, case_id: str, status: str, *, reason: str = "",
              at: datetime | None = None, via: Access | None = None) -> CaseView:
    """Move the case along its lifecycle (owner only); InvalidInput naming the allowed
    next states otherwise."""
    target = parse_status(status)
    return change_case(store, viewer, case_id, lambda _s, case, actor, at: model.move_case(
        case, target, actor=actor, at=at, reason=reason), path="cli cases move",
        owner_only=True, via=via, at=at)


def remark(store: Store, viewer: Viewer, case_id: str, *, tlp: str | None = None,
           pap: str | None = None, at: datetime | None = None,
           via: Access | None = None) -> CaseView:
    """New TLP and/or PAP markings (owner only). A partner whose agreements do not name
    the new marking no longer sees the case."""
    marking = Marking.parse(tlp) if tlp is not None else None
    actions = Pap.parse(pap) if pap is not None else None
    return change_case(store, viewer, case_id, lambda _s, case, actor, at: model.remark(
        case, tlp=marking, pap=actions, actor=actor, at=at), path="cli cases remark",
        owner_only=True, via=via, at=at)


def add_task(store: Store, viewer: Viewer, case_id: str, *, title: str,
             assignee: str | None = None, due: datetime | None = None,
             at: datetime | None = None, via: Access | None = None) -> CaseView:
    def change(session: Session, case: Case, actor: str, at: datetime) -> Case:
        task = Task(title, assignee=_assignee(session, assignee), due=due)
        return model.add_task(case, task, actor=actor, at=at)

    return change_case(store, viewer, case_id, change, path="cli cases task add", via=via, at=at)


def assign_task(store: Store, viewer: Viewer, case_id: str, number: int, assignee: str, *,
                at: datetime | None = None, via: Access | None = None) -> CaseView:
    """Give task ``number`` (from 1) to an officer or an agency (a registered code)."""
    def change(session: Session, case: Case, actor: str, at: datetime) -> Case:
        who = _assignee(session, assignee) or ""
        return model.assign_task(case, _index(case, number), who, actor=actor, at=at)

    return change_case(store, viewer, case_id, change, path="cli cases task assign", via=via, at=at)


def log_task(store: Store, viewer: Viewer, case_id: str, number: int, text: str, *,
             at: datetime | None = None, via: Access | None = None) -> CaseView:
    return change_case(store, viewer, case_id, lambda _s, case, actor, at: model.log_task(
        case, _index(case, number), text, actor=actor, at=at), path="cli cases task log",
        via=via, at=at)


def finish_task(store: Store, viewer: Viewer, case_id: str, number: int, *,
                at: datetime | None = None, via: Access | None = None) -> CaseView:
    return change_case(store, viewer, case_id, lambda _s, case, actor, at: model.finish_task(
        case, _index(case, number), actor=actor, at=at), path="cli cases task done", via=via, at=at)


def add_note(store: Store, viewer: Viewer, case_id: str, text: str, *,
             at: datetime | None = None, via: Access | None = None) -> CaseView:
    """A note; closed cases take notes too (what happened after closing matters)."""
    return change_case(store, viewer, case_id, lambda _s, case, actor, at: model.add_note(
        case, text, actor=actor, at=at), path="cli cases note", via=via, at=at)


def add_identifier(store: Store, viewer: Viewer, case_id: str, kind: str, value: str, *,
                   region: str | None = None, at: datetime | None = None,
                   via: Access | None = None) -> CaseView:
    """Add one identifier (national phone formats read in ``region``, by default the
    owner's country); Conflict if the case already holds it."""
    def change(session: Session, case: Case, actor: str, at: datetime) -> Case:
        country = region or get_agency(session, case.owner)[1].country
        identifier = identifier_of(kind, value, region=country, field="value")
        return model.add_identifier(case, identifier, actor=actor, at=at)

    return change_case(store, viewer, case_id, change, path="cli cases add-identifier",
                       via=via, detail={"kind": kind.strip().lower()}, at=at)


def link_report(store: Store, viewer: Viewer, case_id: str, agency: str, report_id: str, *,
                at: datetime | None = None, via: Access | None = None) -> CaseView:
    """Link report ``agency``/``report_id``: it must be one the case's owner may read (and
    the caller too); NotFound alike for one that does not exist."""
    code = parse_agency_code(agency)

    def change(session: Session, case: Case, actor: str, at: datetime) -> Case:
        row_id = rows.visible_report_id(session, Viewer(agency=case.owner), code, report_id)
        rows.visible_report_id(session, viewer, code, report_id)
        return model.link_report(case, row_id, actor=actor, at=at)

    return change_case(store, viewer, case_id, change, path="cli cases link-report", via=via, at=at)


def link_network(store: Store, viewer: Viewer, case_id: str, network_id: str, *,
                 at: datetime | None = None, via: Access | None = None) -> CaseView:
    """Link a network that both the case's owner and the caller see (each in its own view
    of the networks); NotFound alike for one that does not exist."""
    from counterfraud.services import networks  # the graph libraries, only when linking

    access.require_role(viewer, WRITER)
    with store.transaction() as session:  # the case first: a network is never probed
        owner = rows.load_case(writable_case(session, viewer, case_id, lock=False)).owner
    for agency in dict.fromkeys((owner, viewer.agency)):
        view_id = networks.agency_view(store, Viewer(agency=agency)) if agency else None
        with store.transaction() as session:
            if not rows.network_exists(session, network_id, view_id=view_id):
                raise NotFound(f"no network {network_id!r} visible to the case's owner"
                               if agency == owner and agency != viewer.agency
                               else f"no network {network_id!r} visible to you")
    return change_case(store, viewer, case_id, lambda _s, case, actor, at: model.link_network(
        case, network_id, actor=actor, at=at), path="cli cases link-network", via=via, at=at)


def _index(case: Case, number: int) -> int:
    """Task ``number`` as people count (from 1), as the index the core uses."""
    if isinstance(number, bool) or not isinstance(number, int) \
            or not 1 <= number <= len(case.tasks):
        raise NotFound(f"case {case.id} has no task {number} (it has {len(case.tasks)})")
    return number - 1


def _assignee(session: Session, assignee: str | None) -> str | None:
    """An officer's name as given, or an agency's code, which must be registered."""
    if assignee is None:
        return None
    text = assignee.strip()
    if _AGENCY_LIKE.match(text) and not rows.agency_exists(session, text):
        raise InvalidInput(f"assignee {text} looks like an agency code but no such agency "
                           "is registered", field="assignee")
    return text


def _view(session: Session, viewer: Viewer, case: Case, version: int) -> CaseView:
    return CaseView(case, version, rows.report_refs(session, viewer, case.report_ids))


def record(session: Session, who: Access, action: Action, case_ids: Sequence[str],
           detail: dict[str, Any]) -> None:
    """One audit entry for a read or a write of cases, in the caller's transaction."""
    audit.record(session, actor=who.actor, action=action, path=who.path, record_type=RECORD,
                 records=[case_ref(c) for c in case_ids], detail=detail,
                 read_only=action is Action.READ)
