"""Identifier lookups: what the records the caller may see say about one identifier."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from counterfraud.api.deps import CallerDep
from counterfraud.api.routers import error_responses
from counterfraud.api.schemas import IdentifierLookupOut
from counterfraud.domain import IdentifierKind
from counterfraud.services import reports

router = APIRouter(prefix="/identifiers", tags=["identifiers"],
                   responses=error_responses(401, 503))


@router.get("/{kind}/{value:path}", response_model=IdentifierLookupOut)
async def lookup_identifier(
    *,
    kind: IdentifierKind,
    value: Annotated[str, Path(description="The identifier in any usual form; URL-encode "
                                           "it (`https%3A%2F%2Fx.top%2Fpay`).")],
    caller: CallerDep,
    region: Annotated[str | None, Query(
        pattern=r"^[A-Za-z]{2}$",
        description="ISO country for phone numbers in national format (`081 234 5678`); "
                    "default: the caller's agency's country.",
    )] = None,
) -> IdentifierLookupOut:
    """Reports, agencies, first/last seen and linked identifiers; open to every role."""
    found = await reports.lookup_async(caller.store, kind.value, value, caller.viewer,
                                       region=region.upper() if region else None,
                                       via=caller.access)
    return IdentifierLookupOut.from_domain(found)
