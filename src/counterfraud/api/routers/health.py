"""Liveness, without authentication (for load balancers and process managers)."""

from __future__ import annotations

from fastapi import APIRouter

from counterfraud import __version__
from counterfraud.api.schemas import HealthOut

router = APIRouter(tags=["meta"])


@router.get("/health", response_model=HealthOut)
async def health() -> HealthOut:
    return HealthOut(status="ok", version=__version__)
