"""The case page, assembled: the case and each of its sections read through the same
services as the API routes (``cases``, ``case_links``, ``victims``, ``freeze``,
``takedowns``, ``suspects``) with the user's Viewer, so each section holds exactly what
the API would give that key; every read goes on the audit trail as the console's.

The forms shown follow who the user is for this case: the owner's agency moves the case,
re-marks it and invites agencies; the owner and joint participants write within it;
a partner that only reads it gets no form (the services would refuse it anyway). A
section its reader may not read (PermissionDenied) says so instead of failing the page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from counterfraud.cases.requests import FREEZABLE_KINDS, TAKEDOWN_KINDS, TakedownRequest
from counterfraud.cases.states import CASE, SUSPECT, TAKEDOWN
from counterfraud.cases.suspects import Suspect
from counterfraud.domain import AgencyKind, Agreement, LegalBasis, RecordType
from counterfraud.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from counterfraud.services import access, case_links, cases, freeze, suspects, takedowns, victims
from counterfraud.web.pages.case_forms import errors_of
from counterfraud.web.pages.case_words import context
from counterfraud.web.session import ConsoleUser, console_access, get_store
from counterfraud.web.templating import redirect, render

T = TypeVar("T")
SECTION_LIMIT = 200  # rows of each section shown
INVITE_TYPES = ("case", "victim", "freeze_request", "takedown_request", "suspect")


def case_url(case_id: str) -> str:
    return f"/console/cases/{case_id}"


def _section(read: Callable[[], T], empty: T) -> tuple[T, bool]:
    """(what ``read`` gives, True), or (``empty``, False) when the reader may not."""
    try:
        return read(), True
    except PermissionDenied:
        return empty, False


def render_case(request: Request, user: ConsoleUser, case_id: str, *,
                errors: Mapping[str, str] | None = None,
                values: Mapping[str, Any] | None = None, status_code: int = 200,
                notice: str | None = None, result: Any = None) -> HTMLResponse:
    """The case page (NotFound and PermissionDenied of the case itself propagate: the
    404 and 403 pages); ``errors`` and ``values`` of the form that failed; ``notice``
    and ``result`` what the last action did."""
    store, via = get_store(request), console_access(request, user)
    viewer = user.viewer
    view = cases.get_case(store, viewer, case_id, via=via)
    case = view.case
    no_links: list[case_links.LinkedCase] = []
    no_agreements: list[Agreement] = []
    no_victims: list[victims.VictimView] = []
    no_requests: list[freeze.FreezeView] = []
    no_takedowns: tuple[int, list[TakedownRequest]] = (0, [])
    no_suspects: tuple[int, list[Suspect]] = (0, [])
    linked, _ = _section(lambda: case_links.linked_cases(store, viewer, case_id, via=via),
                         no_links)
    joint, _ = _section(lambda: case_links.participants(store, viewer, case_id, via=via),
                        no_agreements)
    found_victims, victims_ok = _section(lambda: victims.list_victims(
        store, viewer, case_id=case_id, limit=SECTION_LIMIT, via=via), no_victims)
    requests, freeze_ok = _section(lambda: freeze.list_requests(
        store, viewer, case_id=case_id, limit=SECTION_LIMIT, via=via), no_requests)
    (_, found_takedowns), takedowns_ok = _section(lambda: takedowns.list_takedowns(
        store, viewer, case_id=case_id, limit=SECTION_LIMIT, via=via), no_takedowns)
    (_, found_suspects), suspects_ok = _section(lambda: suspects.list_suspects(
        store, viewer, case_id=case_id, limit=SECTION_LIMIT, via=via), no_suspects)
    now = datetime.now(UTC)
    owner = viewer.agency is None or viewer.agency == case.owner
    participant = any(a.grantee == viewer.agency and a.active_at(now) for a in joint)
    writer = owner or participant
    proposals: list[suspects.Proposal] = []
    if writer and not case.closed:
        proposals, _ = _section(lambda: suspects.proposals(store, viewer, case_id, via=via),
                                proposals)
    banks = [a for a in access.list_agencies(store) if a.kind is AgencyKind.BANK]
    return render(request, user, "cases/show.html", context(
        view=view, case=case, linked=linked, joint=joint, now=now,
        victims=found_victims, victims_ok=victims_ok,
        requests=requests, freeze_ok=freeze_ok,
        takedowns=found_takedowns, takedowns_ok=takedowns_ok,
        suspects=found_suspects, suspects_ok=suspects_ok, proposals=proposals,
        owner=owner, writer=writer, banks=banks,
        next_states=[s.value for s in CASE.allowed(case.status)],
        suspect_moves={s.id: [t.value for t in SUSPECT.allowed(s.status)]
                       for s in found_suspects},
        takedown_moves={t.id: [x.value for x in TAKEDOWN.allowed(t.status)]
                        for t in found_takedowns},
        takedown_kinds=sorted(k.value for k in TAKEDOWN_KINDS),
        freeze_kinds=sorted(k.value for k in FREEZABLE_KINDS),
        legal_bases=[b.value for b in LegalBasis], invite_types=INVITE_TYPES,
        record_types=[r.value for r in RecordType],
        errors=dict(errors or {}), values=dict(values or {}),
        opened=lambda prefix: any(k.startswith(prefix) for k in errors or {}),
        notice=notice, result=result, case_url=case_url(case.id)),
        status_code=status_code)


def act(request: Request, user: ConsoleUser, case_id: str, run: Callable[[], Any], *,
        prefix: str, fields: tuple[str, ...], values: Mapping[str, Any], anchor: str,
        done: Callable[[Any], Response] | None = None,
        renames: Mapping[str, str] | None = None) -> Response:
    """Run one form's service call: on success back to the case page at ``anchor``
    (303, or what ``done`` makes of the result); a refused value (422), a change that
    lost a race or that the case does not take (409) or something not found (404) shows
    the case page again with the message next to the form's field. A refusal of the
    user's role or agency is the 403 page, as the API's 403. ``renames`` maps the
    pure core's field names (``task.due``) to the form's (``due``)."""
    try:
        result = run()
    except (InvalidInput, Conflict, NotFound) as e:
        status = 422 if isinstance(e, InvalidInput) else 409 if isinstance(e, Conflict) \
            else 404
        return render_case(request, user, case_id,
                           errors=errors_of(e, prefix, fields, renames=renames),
                           values={f"{prefix}{k}": v for k, v in values.items()},
                           status_code=status)
    if done is not None:
        return done(result)
    return redirect(f"{case_url(case_id)}#{anchor}")
