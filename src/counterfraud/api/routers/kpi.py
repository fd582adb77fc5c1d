"""The figures a ministry publishes, for a period, as the caller's agency may read them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from counterfraud.api.deps import AccessDep, Analyst, StoreDep
from counterfraud.api.routers import error_responses
from counterfraud.services import kpi as figures

router = APIRouter(tags=["statistics"], responses=error_responses(401, 403, 503))


class PeriodOut(BaseModel):
    from_: str = Field(alias="from", description="First day, YYYY-MM-DD (UTC).")
    to: str = Field(description="Last day, included.")


class InterceptedOut(BaseModel):
    messages: int
    calls: int
    urls: int


class BlockedOut(BaseModel):
    domains: int
    urls: int
    ips: int = Field(description="IP addresses and networks.")
    phones: int = Field(description="Numbers and number prefixes.")
    accounts: int = Field(description="Bank accounts and crypto wallets.")


class CasesOut(BaseModel):
    opened: int
    solved: int


class FreezesOut(BaseModel):
    requested: int
    frozen: int = Field(description="Answered frozen or partly frozen in the period.")
    amount_frozen: dict[str, float] = Field(description="Per ISO 4217 currency.")
    median_hours_to_freeze: float | None


class TakedownsOut(BaseModel):
    requested: int
    taken_down: int
    median_hours_to_takedown: float | None


class VictimsOut(BaseModel):
    located: int
    rescued: int
    repatriated: int


class FiguresOut(BaseModel):
    intercepted: InterceptedOut | None = Field(description=(
        "The instance's own screening, the same for every caller; null in a split by "
        "agency or country."))
    blocked: BlockedOut
    cases: CasesOut
    arrests: int
    handovers: int
    freezes: FreezesOut
    takedowns: TakedownsOut
    victims: VictimsOut
    losses: dict[str, float] = Field(description="Reported losses per currency.")


class GroupOut(FiguresOut):
    agency: str | None = Field(default=None, description="With by=agency (null: the "
                               "instance's own blocklist entries).")
    country: str | None = Field(default=None, description="With by=country.")
    month: str | None = Field(default=None, description="With by=month, YYYY-MM.")


class KpiOut(FiguresOut):
    period: PeriodOut
    groups: list[GroupOut] | None = Field(default=None, description="With by.")


@router.get("/kpi", response_model=KpiOut)
def kpi(viewer: Analyst, store: StoreDep, via: AccessDep, *,
        first: Annotated[str | None, Query(alias="from", max_length=10, description=(
            "First day (2025-01-01) or month (2025-01); default: twelve months back."))
        ] = None,
        last: Annotated[str | None, Query(alias="to", max_length=10, description=(
            "Last day or month, included; default: today (UTC)."))] = None,
        by: Annotated[str | None, Query(max_length=10, description=(
            "Also split by agency, country or month."))] = None) -> JSONResponse:
    """Intercepted, blocked, cases opened and solved, arrests, handovers, freezes,
    takedowns, victims and losses, each counted by its own date, over the records the
    caller's agency may read: two agencies can see different totals (docs/kpi.md)."""
    period = figures.parse_period(first, last)
    found = figures.kpi(store, viewer, period=period, by=figures.parse_grouping(by), via=via)
    return JSONResponse(found.as_dict())
