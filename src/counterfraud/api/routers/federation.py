"""Federation: partner instances pull signed pages of what their agency may see."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel

from counterfraud.api.deps import AccessDep, Analyst, StoreDep
from counterfraud.api.routers import error_responses
from counterfraud.services import federation

router = APIRouter(prefix="/federation", tags=["federation"])


class PublicKeyOut(BaseModel):
    public_key: str  # base64 of the raw Ed25519 public key
    fingerprint: str  # first 16 hex digits of its SHA-256


@router.get("/pull", responses={
    **error_responses(401, 403, 503),
    200: {"description": "A signed envelope (format counterfraud-sync/2) holding a STIX "
                         "2.1 bundle, the agreements it was cut by, and the next cursor, "
                         "bound to this request (key, cursor, nonce) for five minutes.",
          "content": {"application/json": {}}}})
def pull(*, viewer: Analyst, store: StoreDep, who: AccessDep,
         nonce: Annotated[str, Query(
             min_length=16, max_length=128, pattern=r"^[A-Za-z0-9_-]+$", description=(
                 "A value the caller chose at random for this request; the signed page "
                 "repeats it, so an old page replayed to the caller is refused."))],
         cursor: Annotated[str, Query(max_length=4096, description=(
             "Where the previous page stopped; empty for the start."))] = "",
         limit: Annotated[int, Query(ge=1, le=federation.MAX_PAGE, description=(
             "At most this many records."))] = federation.DEFAULT_PAGE) -> Response:
    """The next page of what this instance's agencies let the caller's agency see, signed
    by this instance (analyst and admin keys of a partner agency)."""
    return Response(federation.pull(store, viewer, nonce=nonce, cursor=cursor, limit=limit,
                                    via=who),
                    media_type="application/json")


@router.get("/public-key", response_model=PublicKeyOut, responses=error_responses(503))
def public_key(store: StoreDep) -> PublicKeyOut:
    """The key partners verify this instance's envelopes with; no API key needed."""
    return PublicKeyOut(**federation.instance_identity(store))
