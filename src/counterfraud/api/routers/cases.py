"""Cases: open, read, follow and close them, alone or jointly with partner agencies.

Keys of the analyst and admin roles read and write; operator keys (screening and feeds
for telecoms and banks) get 403 on every route here. The caller's agency is the viewer:
404 for a case it may not see (alike for one that does not exist), 403 for one it reads
but may not change that way (status, markings and invitations are the owner's; other
writes the owner's and the joint participants'), 409 for a change a closed case does not
take or a write that lost a race, 422 for a move the lifecycle does not allow (the
message names the allowed next states) and any other value refused."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response, status

from counterfraud.api.deps import AccessDep, Analyst, StoreDep, own_agency
from counterfraud.api.params import MAX_INT, Offset
from counterfraud.api.routers import error_responses
from counterfraud.api.schemas import Message
from counterfraud.api.schemas_cases import (
    AssignIn,
    AtIn,
    CaseIn,
    CaseOut,
    CasePage,
    CaseSummary,
    InviteIn,
    LinkedCaseOut,
    MarkingsIn,
    NetworkLinkIn,
    NewIdentifierIn,
    ParticipantOut,
    ReportLinkIn,
    StatusIn,
    TaskIn,
    TextIn,
)
from counterfraud.services import case_links, cases

router = APIRouter(prefix="/cases", tags=["cases"], responses=error_responses(401, 403, 503))
CaseId = Annotated[str, Path(min_length=1, max_length=64, description="The case's id.")]
TaskNumber = Annotated[int, Path(ge=1, le=MAX_INT, description="The task's number, from 1.")]
WRITE: dict[int | str, dict[str, Any]] = {
    **error_responses(404),
    409: {"model": Message, "description": "The case is closed (it takes notes only until "
          "reopened), already holds this, or changed meanwhile: read it again."}}


@router.post("", response_model=CaseOut, status_code=status.HTTP_201_CREATED,
             responses=error_responses(404))
def open_case(*, body: CaseIn, viewer: Analyst, store: StoreDep, via: AccessDep,
              request: Request, response: Response) -> CaseOut:
    """Open a case of your agency from its scam type's template, holding the identifiers
    given, with a freeze or takedown task for each that can be frozen or taken down."""
    view = cases.open_case(
        store, agency=own_agency(viewer), scam_type=body.scam_type, title=body.title,
        tlp=body.tlp, pap=body.pap, assignee=body.assignee, at=body.at, viewer=viewer,
        via=via,
        identifiers=[cases.IdentifierText(i.kind, i.value, i.region)
                     for i in body.identifiers])
    response.headers["Location"] = str(request.url_for("get_case", case_id=view.case.id))
    return CaseOut.of(view)


@router.get("", response_model=CasePage)
def list_cases(*, viewer: Analyst, store: StoreDep, via: AccessDep,
               agency: Annotated[str | None, Query(max_length=32,
                                                   description="Only this owner's.")] = None,
               case_status: Annotated[list[str] | None, Query(
                   alias="status", description="Only these statuses (repeat).")] = None,
               limit: Annotated[int, Query(ge=1, le=1000)] = 100,
               offset: Offset = 0) -> CasePage:
    """The cases you may see, newest first."""
    total, found = cases.list_cases(store, viewer, agency=agency, status=case_status or [],
                                    limit=limit, offset=offset, via=via)
    return CasePage(total=total, items=[CaseSummary.model_validate(cases.summary(c))
                                        for c in found])


@router.get("/{case_id}", response_model=CaseOut, responses=error_responses(404))
def get_case(case_id: CaseId, viewer: Analyst, store: StoreDep, via: AccessDep) -> CaseOut:
    """One case with its identifiers, reports, networks, tasks, notes and timeline."""
    return CaseOut.of(cases.get_case(store, viewer, case_id, via=via))


@router.post("/{case_id}/status", response_model=CaseOut, responses=WRITE)
def move_case(case_id: CaseId, body: StatusIn, viewer: Analyst, store: StoreDep,
              via: AccessDep) -> CaseOut:
    """Move the case along its lifecycle (owner only)."""
    return CaseOut.of(cases.move_case(store, viewer, case_id, body.status,
                                      reason=body.reason, at=body.at, via=via))


@router.post("/{case_id}/markings", response_model=CaseOut, responses=WRITE)
def remark(case_id: CaseId, body: MarkingsIn, viewer: Analyst, store: StoreDep,
           via: AccessDep) -> CaseOut:
    """New TLP and/or PAP markings (owner only)."""
    return CaseOut.of(cases.remark(store, viewer, case_id, tlp=body.tlp, pap=body.pap,
                                   at=body.at, via=via))


@router.post("/{case_id}/tasks", response_model=CaseOut, responses=WRITE)
def add_task(case_id: CaseId, body: TaskIn, viewer: Analyst, store: StoreDep,
             via: AccessDep) -> CaseOut:
    return CaseOut.of(cases.add_task(store, viewer, case_id, title=body.title,
                                     assignee=body.assignee, due=body.due, at=body.at,
                                     via=via))


@router.post("/{case_id}/tasks/{number}/log", response_model=CaseOut, responses=WRITE)
def log_task(*, case_id: CaseId, number: TaskNumber, body: TextIn, viewer: Analyst,
             store: StoreDep, via: AccessDep) -> CaseOut:
    return CaseOut.of(cases.log_task(store, viewer, case_id, number, body.text, at=body.at,
                                     via=via))


@router.post("/{case_id}/tasks/{number}/assign", response_model=CaseOut, responses=WRITE)
def assign_task(*, case_id: CaseId, number: TaskNumber, body: AssignIn, viewer: Analyst,
                store: StoreDep, via: AccessDep) -> CaseOut:
    return CaseOut.of(cases.assign_task(store, viewer, case_id, number, body.assignee,
                                        at=body.at, via=via))


@router.post("/{case_id}/tasks/{number}/done", response_model=CaseOut, responses=WRITE)
def finish_task(*, case_id: CaseId, number: TaskNumber, viewer: Analyst, store: StoreDep,
                via: AccessDep, body: AtIn | None = None) -> CaseOut:
    """Mark the task done (a body may say when: ``{"at": ...}``)."""
    return CaseOut.of(cases.finish_task(store, viewer, case_id, number,
                                        at=body.at if body else None, via=via))


@router.post("/{case_id}/notes", response_model=CaseOut, responses=WRITE)
def add_note(case_id: CaseId, body: TextIn, viewer: Analyst, store: StoreDep,
             via: AccessDep) -> CaseOut:
    """A note; closed cases take notes too."""
    return CaseOut.of(cases.add_note(store, viewer, case_id, body.text, at=body.at,
                                     via=via))


@router.post("/{case_id}/identifiers", response_model=CaseOut, responses=WRITE)
def add_identifier(case_id: CaseId, body: NewIdentifierIn, viewer: Analyst, store: StoreDep,
                   via: AccessDep) -> CaseOut:
    """Add an identifier (national phone formats read in `region`, by default the
    owner's country)."""
    return CaseOut.of(cases.add_identifier(store, viewer, case_id, body.kind, body.value,
                                           region=body.region, at=body.at, via=via))


@router.post("/{case_id}/reports", response_model=CaseOut, responses=WRITE)
def link_report(case_id: CaseId, body: ReportLinkIn, viewer: Analyst, store: StoreDep,
                via: AccessDep) -> CaseOut:
    """Link a report the case's owner (and you) may read."""
    return CaseOut.of(cases.link_report(store, viewer, case_id, body.agency, body.report_id,
                                        at=body.at, via=via))


@router.post("/{case_id}/networks", response_model=CaseOut, responses=WRITE)
def link_network(case_id: CaseId, body: NetworkLinkIn, viewer: Analyst, store: StoreDep,
                 via: AccessDep) -> CaseOut:
    """Link a network the case's owner (and you) see."""
    return CaseOut.of(cases.link_network(store, viewer, case_id, body.network_id,
                                         at=body.at, via=via))


@router.get("/{case_id}/linked", response_model=list[LinkedCaseOut],
            responses=error_responses(404))
def linked_cases(case_id: CaseId, viewer: Analyst, store: StoreDep,
                 via: AccessDep) -> list[LinkedCaseOut]:
    """Other cases you may see that share identifiers or networks with this one."""
    return [LinkedCaseOut.model_validate(x.as_dict())
            for x in case_links.linked_cases(store, viewer, case_id, via=via)]


@router.post("/{case_id}/participants", response_model=ParticipantOut,
             status_code=status.HTTP_201_CREATED, responses=WRITE)
def invite(case_id: CaseId, body: InviteIn, viewer: Analyst, store: StoreDep,
           via: AccessDep) -> ParticipantOut:
    """Invite an agency into the case (owner only): a joint-case agreement lets it read
    the case and work within it, and nothing else of yours."""
    return ParticipantOut.of(case_links.invite(
        store, viewer, case_id, agency=body.agency, purpose=body.purpose,
        legal_basis=body.legal_basis, record_types=body.record_types,
        markings=body.markings, reference=body.reference, valid_to=body.valid_to,
        at=body.at, via=via))


@router.get("/{case_id}/participants", response_model=list[ParticipantOut],
            responses=error_responses(404))
def participants(case_id: CaseId, viewer: Analyst, store: StoreDep,
                 via: AccessDep) -> list[ParticipantOut]:
    """The agencies invited into the case, with their agreements (revoked ones too)."""
    return [ParticipantOut.of(a) for a in case_links.participants(store, viewer, case_id,
                                                                  via=via)]


@router.delete("/{case_id}/participants/{agency}", response_model=list[ParticipantOut],
               responses=error_responses(404))
def remove(case_id: CaseId, agency: Annotated[str, Path(max_length=32)], viewer: Analyst,
           store: StoreDep, via: AccessDep) -> list[ParticipantOut]:
    """End an agency's participation (owner only): its agreements on the case revoked."""
    return [ParticipantOut.of(a) for a in case_links.remove(store, viewer, case_id, agency,
                                                            via=via)]
