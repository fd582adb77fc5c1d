"""Freeze and stop-payment requests: raised by the police for a case, answered by the
bank or exchange they are addressed to, and the feed of suspected accounts banks pull.

Raising and listing need an analyst or admin key; a bank's keys of any role read its
queue, the requests addressed to it and its feed, and answer. 404 for a request the
caller may not see (alike for one that does not exist), 403 for one it sees but may not
answer (only the addressee answers) and for a cross-border request the freeze rule
refuses (the message says why), 409 for a second answer (the first is final, whether
the second raced it or came later), 422 for any value refused, naming the field."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response, status
from pydantic import TypeAdapter

from counterfraud.api.deps import CALLER_SECURITY, AccessDep, AnyRole, CallerDep, StoreDep
from counterfraud.api.params import Offset, UtcDateTime
from counterfraud.api.routers import error_responses
from counterfraud.api.schemas import Message
from counterfraud.api.schemas_victims import AnswerIn, FreezeIn, FreezeOut
from counterfraud.domain import Viewer
from counterfraud.services import freeze
from counterfraud.services.feeds import FeedFormat

router = APIRouter(prefix="/freeze", tags=["freeze"], responses=error_responses(401, 403, 503))
RequestId = Annotated[str, Path(min_length=1, max_length=64,
                                description="The freeze request's id (FRZ-...).")]
_QUEUE = TypeAdapter(list[FreezeOut])
MEDIA = {FeedFormat.CSV: "text/csv", FeedFormat.JSON: "application/json"}
ANSWER: dict[int | str, dict[str, Any]] = {
    **error_responses(404),
    403: {"model": Message, "description": "Only the institution addressed answers."},
    409: {"model": Message, "description": "Already answered: the first answer is final."}}


def _actor(viewer: Viewer) -> str:
    return f"{viewer.agency}:{viewer.role.value}"


def _out(view: freeze.FreezeView) -> FreezeOut:
    return FreezeOut.model_validate(view.as_dict())


@router.post("", response_model=FreezeOut, status_code=status.HTTP_201_CREATED,
             responses={**error_responses(404), 403: {"model": Message, "description": (
                 "The key's role may not write, the case is not yours to write within, or "
                 "the cross-border rule refuses the request (the message says why).")}})
def request_freeze(*, body: FreezeIn, viewer: AnyRole, store: StoreDep, via: AccessDep,
                   request: Request, response: Response) -> FreezeOut:
    """Ask a bank or exchange to freeze accounts and wallets of a case, as your agency.
    Across a border only as the police of a victim's country and under an agreement
    naming freeze requests and the request's marking."""
    ask = freeze.ask_of([(a.kind, a.value, a.region.upper() if a.region else None)
                         for a in body.accounts], institution=body.institution,
                        addressee=body.addressee, amount=body.amount,
                        currency=body.currency, deadline=body.deadline)
    view = freeze.request_freeze(store, viewer, case_id=body.case_id, ask=ask,
                                 marking=body.marking, actor=_actor(viewer), via=via)
    response.headers["Location"] = str(request.url_for("get_request",
                                                       request_id=view.request.id))
    return _out(view)


@router.get("", response_model=list[FreezeOut])
def list_requests(*, viewer: AnyRole, store: StoreDep, via: AccessDep,
                  case_id: Annotated[str | None, Query(max_length=64)] = None,
                  request_status: Annotated[str | None, Query(alias="status",
                                                              max_length=32)] = None,
                  limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                  offset: Offset = 0) -> list[FreezeOut]:
    """The requests you may see, oldest first."""
    return [_out(v) for v in freeze.list_requests(store, viewer, case_id=case_id,
                                                  status=request_status, limit=limit,
                                                  offset=offset, via=via)]


@router.get("/queue", response_model=list[FreezeOut],
            openapi_extra={"security": CALLER_SECURITY})
async def queue(caller: CallerDep,
                limit: Annotated[int, Query(ge=1, le=freeze.QUEUE_LIMIT)] = 100,
                ) -> Response:
    """A bank's open requests, oldest first, with their accounts (banks' keys only)."""
    found = await freeze.queue_async(caller.store, caller.viewer, limit=limit,
                                     via=caller.access)
    # banks poll this all day: validated once and written straight to the body
    return Response(_QUEUE.dump_json(_QUEUE.validate_python([v.as_dict() for v in found])),
                    media_type="application/json")


@router.get("/feed", response_class=Response,
            responses={200: {"content": {m: {} for m in MEDIA.values()}}})
def feed(viewer: AnyRole, store: StoreDep, via: AccessDep,
         fmt: Annotated[FeedFormat, Query(alias="format",
                                          description="csv or json")] = FeedFormat.CSV,
         since: Annotated[UtcDateTime | None, Query(
             description="Only what was listed at or after this time.")] = None,
         ) -> Response:
    """The suspected accounts your bank may see, for the batch it runs every few hours:
    those of the open requests addressed to it and of the active blocklist entries it
    may see, one row per account with its sources and references."""
    return Response(freeze.feed(store, viewer, fmt, since=since, via=via),
                    media_type=MEDIA.get(fmt, "text/plain"))


@router.get("/{request_id}", response_model=FreezeOut, responses=error_responses(404))
def get_request(request_id: RequestId, viewer: AnyRole, store: StoreDep,
                via: AccessDep) -> FreezeOut:
    return _out(freeze.get_request(store, viewer, request_id, via=via))


@router.post("/{request_id}/answer", response_model=FreezeOut, responses=ANSWER)
def answer(request_id: RequestId, body: AnswerIn, viewer: AnyRole, store: StoreDep,
           via: AccessDep) -> FreezeOut:
    """The addressee's one answer: frozen (amount), partly_frozen (amount),
    already_withdrawn, not_found or refused (reason). The time to freeze is kept."""
    return _out(freeze.answer(store, viewer, request_id, body.answer, amount=body.amount,
                              currency=body.currency, reason=body.reason,
                              actor=_actor(viewer), via=via))
