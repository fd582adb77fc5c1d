"""Suspects of cases: proposed from the core members of the networks a case touches (as
the caller sees the networks), confirmed or added by hand, moved from identified to
convicted with their arrests and handovers.

Keys of the analyst and admin roles; operator keys get 403 on every route here. 404 for
a suspect, case or network member the caller may not see (alike for one that does not
exist), 403 for a case it reads but may not write within or whose suspects it may not
read, 409 for a closed case or a suspect already holding the identifier, 422 for a move
the lifecycle does not allow (naming the allowed next states), a handover given with
any move but ``handed_over`` or missing from it, and any other value refused."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response, status
from pydantic import BaseModel, Field

from counterfraud.api.deps import AccessDep, Analyst, StoreDep
from counterfraud.api.params import Offset
from counterfraud.api.routers import error_responses
from counterfraud.api.schemas import Message
from counterfraud.api.schemas_cases import AtIn
from counterfraud.services import suspects

router = APIRouter(tags=["suspects"], responses=error_responses(401, 403, 503))
SuspectId = Annotated[str, Path(min_length=1, max_length=64,
                                description="The suspect's id (SU-...).")]
CaseId = Annotated[str, Path(min_length=1, max_length=64, description="The case's id.")]
WRITE: dict[int | str, dict[str, Any]] = {
    **error_responses(404),
    403: {"model": Message, "description": "The key's role may not do this, or the caller "
          "reads the case but does not take part in it or may not read its suspects."},
    409: {"model": Message, "description": "The case is closed, a suspect of it already "
          "holds this identifier, or it changed meanwhile."}}
_SPEC = "`kind:value`, like `handle:telegram:@boss_li` or `person:zhao lei|n:CN`."


class SuspectIn(AtIn):
    case_id: str = Field(min_length=1, max_length=64)
    name: str = Field(max_length=200, description="As the case knows the suspect.")
    nationality: str | None = Field(None, max_length=2)
    identifiers: list[str] = Field(default_factory=list, max_length=100,
                                   description=f"Each {_SPEC}")


class ConfirmIn(AtIn):
    case_id: str = Field(min_length=1, max_length=64)
    network_id: str = Field(min_length=1, max_length=64)
    member: str = Field(max_length=2100, description=f"The member, {_SPEC}")
    name: str | None = Field(None, max_length=200, description="Default: the person's "
                             "name, or the identifier as shown.")
    nationality: str | None = Field(None, max_length=2)


class SuspectStatusIn(AtIn):
    status: str = Field(max_length=32, description="wanted, arrested, handed_over, "
                        "charged or convicted.")
    agency: str = Field("", max_length=200, description="Who acted: issued the warrant, "
                        "arrested, charged.")
    reference: str = Field("", max_length=200, description="The warrant, notice or court "
                           "case; for a handover, its treaty request or decision.")
    handover_from: str | None = Field(None, max_length=2)
    handover_to: str | None = Field(None, max_length=2)
    basis: str | None = Field(None, max_length=32, description="extradition_treaty, mlat "
                              "or deportation.")


class IdentifierOut(BaseModel):
    kind: str
    value: str
    display: str


class StepOut(BaseModel):
    status: str
    at: str
    actor: str
    agency: str | None
    reference: str | None


class HandoverOut(BaseModel):
    from_country: str
    to_country: str
    basis: str
    reference: str
    at: str


class TimelineOut(BaseModel):
    at: str
    actor: str
    action: str
    detail: str


class SuspectOut(BaseModel):
    id: str
    case_id: str
    name: str
    nationality: str | None
    status: str
    identifiers: list[IdentifierOut]
    source: str | None
    history: list[StepOut]
    handover: HandoverOut | None
    timeline: list[TimelineOut]

    @classmethod
    def of(cls, suspect: Any) -> SuspectOut:
        return cls.model_validate(suspects.as_dict(suspect))


class SuspectPage(BaseModel):
    total: int
    items: list[SuspectOut]


class ProposalOut(BaseModel):
    network: str
    member: IdentifierOut
    rank: int | None
    score: float | None
    why: str | None
    linked: bool = Field(description="The case links this network.")
    through: list[IdentifierOut] = Field(description="The case's identifiers in it.")
    suspect: str | None = Field(description="The suspect of the case holding it already.")


def _created(request: Request, response: Response, made: Any) -> SuspectOut:
    response.headers["Location"] = str(request.url_for("get_suspect", suspect_id=made.id))
    return SuspectOut.of(made)


@router.post("/suspects", response_model=SuspectOut, status_code=status.HTTP_201_CREATED,
             responses=WRITE)
def add_suspect(*, body: SuspectIn, viewer: Analyst, store: StoreDep, via: AccessDep,
                request: Request, response: Response) -> SuspectOut:
    """Add a suspect to a case by hand."""
    made = suspects.add_suspect(store, viewer, body.case_id, name=body.name,
                                nationality=body.nationality, identifiers=body.identifiers,
                                at=body.at, via=via)
    return _created(request, response, made)


@router.post("/suspects/confirm", response_model=SuspectOut,
             status_code=status.HTTP_201_CREATED, responses=WRITE)
def confirm(*, body: ConfirmIn, viewer: Analyst, store: StoreDep, via: AccessDep,
            request: Request, response: Response) -> SuspectOut:
    """Make a member of a network you see a suspect of the case (see the proposals)."""
    made = suspects.confirm(store, viewer, body.case_id, body.network_id, body.member,
                            name=body.name, nationality=body.nationality, at=body.at,
                            via=via)
    return _created(request, response, made)


@router.get("/suspects", response_model=SuspectPage)
def list_suspects(*, viewer: Analyst, store: StoreDep, via: AccessDep,
                  case_id: Annotated[str | None, Query(max_length=64,
                                                       description="Only this case's.")] = None,
                  suspect_status: Annotated[list[str] | None, Query(
                      alias="status", description="Only these statuses (repeat).")] = None,
                  limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                  offset: Offset = 0) -> SuspectPage:
    """The suspects you may see, newest first."""
    total, found = suspects.list_suspects(store, viewer, case_id=case_id,
                                          status=suspect_status or [], limit=limit,
                                          offset=offset, via=via)
    return SuspectPage(total=total, items=[SuspectOut.of(s) for s in found])


@router.get("/suspects/{suspect_id}", response_model=SuspectOut,
            responses=error_responses(404))
def get_suspect(suspect_id: SuspectId, viewer: Analyst, store: StoreDep,
                via: AccessDep) -> SuspectOut:
    """One suspect with its history and handover."""
    return SuspectOut.of(suspects.get_suspect(store, viewer, suspect_id, via=via))


@router.post("/suspects/{suspect_id}/status", response_model=SuspectOut, responses=WRITE)
def move_suspect(suspect_id: SuspectId, body: SuspectStatusIn, viewer: Analyst,
                 store: StoreDep, via: AccessDep) -> SuspectOut:
    """Move the suspect along identified, wanted, arrested, handed_over, charged,
    convicted; the move to handed_over carries the handover."""
    return SuspectOut.of(suspects.move(
        store, viewer, suspect_id, body.status, agency=body.agency, reference=body.reference,
        handover_from=body.handover_from, handover_to=body.handover_to, basis=body.basis,
        at=body.at, via=via))


@router.get("/cases/{case_id}/suspect-proposals", response_model=list[ProposalOut],
            responses=error_responses(404))
def proposals(case_id: CaseId, viewer: Analyst, store: StoreDep, via: AccessDep,
              top: Annotated[int, Query(ge=1, le=50, description=(
                  "Core members per network."))] = suspects.TOP) -> list[ProposalOut]:
    """The core members of the networks the case links or that hold its identifiers, as
    you see those networks, best first, with why: candidates for its suspects."""
    return [ProposalOut.model_validate(p.as_dict())
            for p in suspects.proposals(store, viewer, case_id, top=top, via=via)]
