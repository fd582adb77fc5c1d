"""The blocklist for analysts (add, delist, decide appeals), its feeds for the parties
that enforce blocks, and appeals from the owners of blocked numbers and sites.

Who may change what is the services' rule (only an entry's owning agency): 404 for an
entry or appeal the caller may not see, 403 for one it may see but does not own."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response

from counterfraud.api.deps import AccessDep, AnyRole, StoreDep, viewer_with_role
from counterfraud.api.params import MAX_INT, Offset, RecordId
from counterfraud.api.routers import error_responses
from counterfraud.api.schemas import Message
from counterfraud.api.schemas_screening import (
    AppealIn,
    AppealOut,
    DecisionIn,
    EntryIn,
    EntryList,
    EntryOut,
    EntryWithHistory,
    ReasonIn,
)
from counterfraud.domain import (
    ApiRole,
    Confidence,
    EntryStatus,
    IdentifierKind,
    Marking,
    Viewer,
)
from counterfraud.errors import InvalidInput
from counterfraud.services import blocklist
from counterfraud.services.feeds import FeedFormat

router = APIRouter(tags=["blocklist"], responses=error_responses(401, 403, 503))
Analyst = Annotated[Viewer, Depends(viewer_with_role(ApiRole.ANALYST))]
Enforcer = Annotated[Viewer, Depends(viewer_with_role(ApiRole.OPERATOR, ApiRole.ANALYST))]
# Changing an entry or deciding its appeal: the owning agency only.
OWNER_ONLY: dict[int | str, dict[str, Any]] = {
    **error_responses(404),
    403: {"model": Message, "description": "The key's role may not do this, or the entry "
          "belongs to another agency (the caller may read it, never change it)."},
    409: {"model": Message, "description": "Already delisted, or the appeal already decided."}}
MEDIA = {FeedFormat.CSV: "text/csv", FeedFormat.JSON: "application/json",
         FeedFormat.RPZ: "text/dns", FeedFormat.HOSTS: "text/plain"}


def _actor(viewer: Viewer) -> str:
    return f"{viewer.agency}:{viewer.role.value}"


@router.get("/blocklist/feed", response_class=Response,
            responses={200: {"content": {m: {} for m in MEDIA.values()}}})
def feed(viewer: Enforcer, store: StoreDep, via: AccessDep,
         fmt: Annotated[FeedFormat, Query(alias="format")] = FeedFormat.JSON,
         since: Annotated[int | None, Query(ge=0, le=MAX_INT, description=(
             "Only the changes after this blocklist version (JSON and CSV)."))] = None,
         ) -> Response:
    """The blocklist as CSV, JSON, a DNS Response Policy Zone or a hosts file; with
    ``since``, a delta that banks and telcos pull every few minutes."""
    return Response(blocklist.feed(store, fmt, since=since, viewer=viewer, via=via),
                    media_type=MEDIA[fmt])


@router.get("/blocklist", response_model=EntryList)
def list_entries(*, viewer: Analyst, store: StoreDep, via: AccessDep,
                 status: Annotated[EntryStatus | None, Query()] = EntryStatus.ACTIVE,
                 kind: Annotated[IdentifierKind | None, Query()] = None,
                 limit: Annotated[int, Query(ge=1, le=10_000)] = 100,
                 offset: Offset = 0) -> EntryList:
    found = blocklist.entries(store, status=status, kind=kind, limit=limit, offset=offset,
                              viewer=viewer, via=via)
    return EntryList(version=blocklist.version(store),
                     items=[EntryOut.model_validate(e.as_dict()) for e in found])


@router.get("/blocklist/{entry_id}", response_model=EntryWithHistory,
            responses=error_responses(404))
def get_entry(entry_id: RecordId, viewer: Analyst, store: StoreDep,
              via: AccessDep) -> EntryWithHistory:
    """One entry with its provenance and every change made to it."""
    entry, changes = blocklist.entry(store, entry_id, viewer=viewer, via=via)
    return EntryWithHistory.model_validate(
        {**entry.as_dict(), "history": [c.as_dict() for c in changes]})


@router.post("/blocklist", response_model=EntryOut, status_code=201,
             responses={403: OWNER_ONLY[403], 409: {"model": Message,
                 "description": "The allowlist protects this target, or an entry of another "
                 "agency that the caller may not see lists it."}})
def add_entry(body: EntryIn, viewer: Analyst, store: StoreDep, via: AccessDep) -> EntryOut:
    target = blocklist.parse_target(body.kind, body.value, body.match,
                                    region=body.region.upper() if body.region else None)
    entry = blocklist.add_entry(
        store, target, actor=_actor(viewer), reason=body.reason, agency=viewer.agency,
        confidence=Confidence.PREDICTED if body.predicted else Confidence.CONFIRMED,
        expires_at=datetime.now(UTC) + timedelta(days=body.days) if body.days else None,
        marking=Marking.parse(body.marking), viewer=viewer, via=via)
    return EntryOut.model_validate(entry.as_dict())


@router.post("/blocklist/{entry_id}/delist", response_model=EntryOut,
             responses=OWNER_ONLY)
def delist(entry_id: RecordId, body: ReasonIn, viewer: Analyst, store: StoreDep,
           via: AccessDep) -> EntryOut:
    """Stop blocking an entry of the caller's agency (kept, with the reason)."""
    entry = blocklist.delist(store, entry_id, actor=_actor(viewer), reason=body.reason,
                             viewer=viewer, via=via)
    return EntryOut.model_validate(entry.as_dict())


@router.post("/appeals", response_model=AppealOut, status_code=201,
             responses=error_responses(404))
def file_appeal(body: AppealIn, viewer: AnyRole, store: StoreDep,
                via: AccessDep) -> AppealOut:
    """The owner of a blocked number or site (through any key holder, e.g. their
    operator) asks for a delisting; name the entry or the blocked value. An entry the
    caller may not see is answered as no entry (404)."""
    target = None
    if body.entry_id is None:
        if not body.kind or not body.value:
            raise InvalidInput("give entry_id, or kind and value", field="entry_id")
        target = blocklist.parse_target(body.kind, body.value, body.match)
    filed = blocklist.appeal(store, contact=body.contact, statement=body.statement,
                             entry_id=body.entry_id, target=target, viewer=viewer, via=via)
    return AppealOut.model_validate(filed.as_dict())


@router.get("/appeals", response_model=list[AppealOut])
def list_appeals(viewer: Analyst, store: StoreDep, via: AccessDep,
                 status: Annotated[str | None, Query(pattern="^(open|upheld|rejected)$")]
                 = "open") -> list[AppealOut]:
    """Appeals against the caller's own agency's entries, with contacts and statements."""
    found = blocklist.appeals(store, status=status, viewer=viewer, via=via)
    return [AppealOut.model_validate(a.as_dict()) for a in found]


@router.post("/appeals/{appeal_id}/decision", response_model=AppealOut,
             responses=OWNER_ONLY)
def decide(appeal_id: RecordId, body: DecisionIn, viewer: Analyst, store: StoreDep,
           via: AccessDep) -> AppealOut:
    """Uphold (the entry is delisted) or reject; the reason is kept either way. Only
    the agency that owns the appealed entry decides."""
    decided = blocklist.decide_appeal(store, appeal_id, uphold=body.uphold,
                                      actor=_actor(viewer), reason=body.reason,
                                      viewer=viewer, via=via)
    return AppealOut.model_validate(decided.as_dict())
