"""Victims of a case: record them, follow them from missing to repatriated, where they
were last known to be, their losses, and the ransom demands of their captors.

Keys of the analyst and admin roles read and write; operator keys get 403. A victim is
personal data, TLP:RED unless the case's owner re-marks it: 404 for a victim the caller
may not see (alike for one that does not exist; seeing the case is not enough), 403
for one it reads but may not change that way (markings are the owner's), 409 for a
pseudonym taken or a write that lost a race, 422 for a move the lifecycle does not
allow (the message names the allowed next states) and any other value refused."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response, status

from counterfraud.api.deps import AccessDep, AnyRole, StoreDep
from counterfraud.api.params import Offset
from counterfraud.api.routers import error_responses
from counterfraud.api.schemas import Message
from counterfraud.api.schemas_victims import (
    LocateIn,
    LocationIn,
    MarkingIn,
    MoneyIn,
    MoveIn,
    RansomIn,
    RansomOut,
    VictimIn,
    VictimOut,
)
from counterfraud.cases.victims import Location
from counterfraud.domain import Viewer
from counterfraud.services import victims

router = APIRouter(prefix="/victims", tags=["victims"],
                   responses=error_responses(401, 403, 503))
VictimId = Annotated[str, Path(min_length=1, max_length=64,
                               description="The victim's pseudonymous id.")]
WRITE: dict[int | str, dict[str, Any]] = {
    **error_responses(404),
    409: {"model": Message, "description": "The victim changed meanwhile: read it again."}}


def _actor(viewer: Viewer) -> str:
    return f"{viewer.agency}:{viewer.role.value}"


def _location(body: LocationIn | None) -> Location | None:
    if body is None:
        return None
    return victims.parse_location(body.country, place=body.place, latitude=body.latitude,
                                  longitude=body.longitude)


def _out(view: victims.VictimView) -> VictimOut:
    return VictimOut.model_validate(view.as_dict())


@router.post("", response_model=VictimOut, status_code=status.HTTP_201_CREATED,
             responses={**error_responses(404),
                        409: {"model": Message, "description": "The pseudonym is taken."}})
def add_victim(*, body: VictimIn, viewer: AnyRole, store: StoreDep, via: AccessDep,
               request: Request, response: Response) -> VictimOut:
    """Record a victim on a case you may write within, reached through its officer."""
    view = victims.add_victim(
        store, viewer, case_id=body.case_id, victim_id=body.id, kind=body.kind,
        nationality=body.nationality, officer=body.officer.name,
        officer_agency=body.officer.agency, family_contact=body.family_contact,
        status=body.status, location=_location(body.location), agencies=body.agencies,
        losses=[victims.money_of(m.amount, m.currency, field="losses") for m in body.losses],
        marking=body.marking, actor=_actor(viewer), via=via)
    response.headers["Location"] = str(request.url_for("get_victim",
                                                       victim_id=view.victim.id))
    return _out(view)


@router.get("", response_model=list[VictimOut])
def list_victims(*, viewer: AnyRole, store: StoreDep, via: AccessDep,
                 case_id: Annotated[str | None, Query(max_length=64)] = None,
                 victim_status: Annotated[str | None, Query(alias="status",
                                                            max_length=32)] = None,
                 limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                 offset: Offset = 0) -> list[VictimOut]:
    """The victims you may see, oldest first."""
    return [_out(v) for v in victims.list_victims(store, viewer, case_id=case_id,
                                                  status=victim_status, limit=limit,
                                                  offset=offset, via=via)]


@router.get("/{victim_id}", response_model=VictimOut, responses=error_responses(404))
def get_victim(victim_id: VictimId, viewer: AnyRole, store: StoreDep,
               via: AccessDep) -> VictimOut:
    return _out(victims.get_victim(store, viewer, victim_id, via=via))


@router.post("/{victim_id}/move", response_model=VictimOut, responses=WRITE)
def move_victim(victim_id: VictimId, body: MoveIn, viewer: AnyRole, store: StoreDep,
                via: AccessDep) -> VictimOut:
    """located, rescued, repatriated: with the agencies involved and when."""
    return _out(victims.move_victim(store, viewer, victim_id, body.status,
                                    agencies=body.agencies, location=_location(body.location),
                                    actor=_actor(viewer), at=body.at, via=via))


@router.post("/{victim_id}/location", response_model=VictimOut, responses=WRITE)
def locate(victim_id: VictimId, body: LocateIn, viewer: AnyRole, store: StoreDep,
           via: AccessDep) -> VictimOut:
    """Where the victim was last known to be: a compound or site, its country."""
    location = _location(body.location)
    assert location is not None  # a LocationIn always gives one
    return _out(victims.locate(store, viewer, victim_id, location, actor=_actor(viewer),
                               at=body.at, via=via))


@router.post("/{victim_id}/losses", response_model=VictimOut, responses=WRITE)
def add_loss(victim_id: VictimId, body: MoneyIn, viewer: AnyRole, store: StoreDep,
             via: AccessDep) -> VictimOut:
    return _out(victims.add_loss(store, viewer, victim_id,
                                 victims.money_of(body.amount, body.currency),
                                 actor=_actor(viewer), via=via))


@router.post("/{victim_id}/marking", response_model=VictimOut, responses=WRITE)
def remark(victim_id: VictimId, body: MarkingIn, viewer: AnyRole, store: StoreDep,
           via: AccessDep) -> VictimOut:
    """Re-mark (the case's owner only): a victim leaves the agency only once re-marked
    from TLP:RED and where an agreement names record type `victim`."""
    return _out(victims.remark(store, viewer, victim_id, body.marking, actor=_actor(viewer),
                               via=via))


@router.post("/{victim_id}/ransom", response_model=RansomOut,
             status_code=status.HTTP_201_CREATED, responses=WRITE)
def record_ransom(victim_id: VictimId, body: RansomIn, viewer: AnyRole, store: StoreDep,
                  via: AccessDep) -> RansomOut:
    """A ransom demand: its payment identifiers are blocked at once when the case's PAP
    allows it (`blocking` says when not), and freeze requests raised for its accounts
    and wallets, in one transaction."""
    payments = [victims.payment_of(p.kind, p.value, region=p.region.upper()
                                   if p.region else None, institution=p.institution)
                for p in body.payment_identifiers]
    result = victims.record_ransom(
        store, viewer, victim_id, victims.money_of(body.amount, body.currency), payments,
        institution=body.institution, actor=_actor(viewer), at=body.at, via=via)
    return RansomOut.of(result)
