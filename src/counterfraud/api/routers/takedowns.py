"""Takedown requests: ask a registrar, host or platform to take a case's site, domain,
handle, phone, email or IP down, record its answers, and read the abuse report to send.

Keys of the analyst and admin roles; operator keys get 403 on every route here. The
caller's agency is the viewer and the requesting agency: 404 for a request or case it
may not see (alike for one that does not exist), 403 for a case it reads but may not
write within, or whose PAP (AMBER, RED) only its owner may override, 409 for a closed
case or a request already open for the same target and addressee, 422 for a move the
lifecycle does not allow (naming the allowed next states) and any other value refused.
What the abuse report says, and never says, is ``cases.abuse_report``'s rule."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response, status
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import BaseModel, Field

from counterfraud.api.deps import AccessDep, Analyst, StoreDep
from counterfraud.api.params import Offset
from counterfraud.api.routers import error_responses
from counterfraud.api.schemas import Message
from counterfraud.api.schemas_cases import AtIn
from counterfraud.services import takedowns
from counterfraud.services.takedowns import ReportFormat

router = APIRouter(prefix="/takedowns", tags=["takedowns"],
                   responses=error_responses(401, 403, 503))
RequestId = Annotated[str, Path(min_length=1, max_length=64,
                                description="The request's id (TD-...).")]
WRITE: dict[int | str, dict[str, Any]] = {
    **error_responses(404),
    403: {"model": Message, "description": "The key's role may not do this; the caller "
          "reads the case but does not take part in it, may not read its takedown "
          "requests, or the case's PAP allows only its owner to act."},
    409: {"model": Message, "description": "The case is closed, a request for the same "
          "target to the same addressee is still open, or it changed meanwhile."}}


class TakedownIn(AtIn):
    case_id: str = Field(min_length=1, max_length=64)
    kind: str = Field(max_length=32, description="url, domain, handle, phone, email or ip.")
    value: str = Field(max_length=2048, description="As written; national phone formats "
                       "are read in `region`, by default your agency's country.")
    addressee: str = Field(max_length=200, description="The registrar, host or platform.")
    region: str | None = Field(None, max_length=2)
    pap_override: str = Field("", max_length=1000, description=(
        "Under PAP:AMBER or PAP:RED, the case's owner's reason to act anyway."))


class TakedownStatusIn(AtIn):
    status: str = Field(max_length=32, description="acknowledged, taken_down or refused.")
    reason: str = Field("", max_length=10_000, description="The refusal's grounds, the "
                        "addressee's ticket: kept on the timeline.")


class TargetOut(BaseModel):
    kind: str
    value: str
    display: str


class TimelineOut(BaseModel):
    at: str
    actor: str
    action: str
    detail: str


class TakedownOut(BaseModel):
    id: str
    case_id: str
    requesting_agency: str
    addressee: str
    target: TargetOut
    status: str
    sent_at: str
    acknowledged_at: str | None
    answered_at: str | None
    hours_to_takedown: float | None = Field(description="From sent to taken down.")
    pap_override: str | None
    timeline: list[TimelineOut]

    @classmethod
    def of(cls, request: Any) -> TakedownOut:
        return cls.model_validate(takedowns.as_dict(request))


class TakedownPage(BaseModel):
    total: int
    items: list[TakedownOut]


@router.post("", response_model=TakedownOut, status_code=status.HTTP_201_CREATED,
             responses=WRITE)
def request_takedown(*, body: TakedownIn, viewer: Analyst, store: StoreDep, via: AccessDep,
                     request: Request, response: Response) -> TakedownOut:
    """Send a takedown request within a case, in your agency's name."""
    sent = takedowns.request_takedown(
        store, viewer, body.case_id, body.kind, body.value, addressee=body.addressee,
        pap_override=body.pap_override, region=body.region, at=body.at, via=via)
    response.headers["Location"] = str(request.url_for("get_takedown", request_id=sent.id))
    return TakedownOut.of(sent)


@router.get("", response_model=TakedownPage)
def list_takedowns(*, viewer: Analyst, store: StoreDep, via: AccessDep,
                   case_id: Annotated[str | None, Query(max_length=64,
                                                        description="Only this case's.")] = None,
                   request_status: Annotated[list[str] | None, Query(
                       alias="status", description="Only these statuses (repeat).")] = None,
                   limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                   offset: Offset = 0) -> TakedownPage:
    """The takedown requests you may see, newest first."""
    total, found = takedowns.list_takedowns(store, viewer, case_id=case_id,
                                            status=request_status or [], limit=limit,
                                            offset=offset, via=via)
    return TakedownPage(total=total, items=[TakedownOut.of(r) for r in found])


@router.get("/{request_id}", response_model=TakedownOut, responses=error_responses(404))
def get_takedown(request_id: RequestId, viewer: Analyst, store: StoreDep,
                 via: AccessDep) -> TakedownOut:
    """One request with its timeline and times."""
    return TakedownOut.of(takedowns.get_takedown(store, viewer, request_id, via=via))


@router.get("/{request_id}/abuse-report", response_class=Response,
            responses={**error_responses(404),
                       200: {"content": {"text/plain": {}, "application/json": {}},
                             "description": "The abuse report, as text or JSON."}})
def abuse_report(request_id: RequestId, viewer: Analyst, store: StoreDep, via: AccessDep,
                 fmt: Annotated[ReportFormat, Query(alias="format")] = ReportFormat.TEXT,
                 ) -> Response:
    """The abuse report to send with the request: the target, the action asked, the
    reference, and what was seen that your agency may pass on; never victim data."""
    rendered = takedowns.abuse_report(store, viewer, request_id, fmt=fmt, via=via)
    body = rendered.body
    if isinstance(body, str):
        return PlainTextResponse(body)
    return JSONResponse(body)


@router.post("/{request_id}/status", response_model=TakedownOut, responses=WRITE)
def move_takedown(request_id: RequestId, body: TakedownStatusIn, viewer: Analyst,
                  store: StoreDep, via: AccessDep) -> TakedownOut:
    """Record the addressee's answer: acknowledged, taken_down or refused."""
    return TakedownOut.of(takedowns.move_takedown(store, viewer, request_id, body.status,
                                                  reason=body.reason, at=body.at, via=via))
