"""The figures a ministry publishes, over the records the caller may see."""

from __future__ import annotations

from fastapi import APIRouter

from counterfraud.api.deps import AccessDep, Analyst, StoreDep
from counterfraud.api.routers import error_responses
from counterfraud.api.schemas import StatisticsOut
from counterfraud.services import reports

router = APIRouter(tags=["statistics"], responses=error_responses(401, 403, 503))


@router.get("/stats", response_model=StatisticsOut)
def statistics(viewer: Analyst, store: StoreDep, via: AccessDep) -> StatisticsOut:
    """Reports by scam type, agency and victim country; losses; identifiers by kind."""
    return StatisticsOut.from_domain(reports.statistics(store, viewer, via=via))
