"""The agencies this instance knows."""

from __future__ import annotations

from fastapi import APIRouter

from counterfraud.api.deps import AnyRole, StoreDep
from counterfraud.api.routers import error_responses
from counterfraud.api.schemas import AgencyList, AgencyOut
from counterfraud.services import access

router = APIRouter(prefix="/agencies", tags=["agencies"], responses=error_responses(401, 503))


@router.get("", response_model=AgencyList)
def list_agencies(viewer: AnyRole, store: StoreDep) -> AgencyList:
    """Every agency, by code; open to every role."""
    return AgencyList(items=[AgencyOut.from_domain(a) for a in access.list_agencies(store)])
