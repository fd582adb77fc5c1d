"""Identifier lookups: what the records the caller may see say about one identifier.

The most frequent request agencies make, so the route answers with its JSON built once
per answer: the service gives back the very same answer object while nothing it was read
from has changed (services.lookup_cache), and :class:`RenderedLookups` keeps that
object's JSON body, so a repeated lookup is neither validated nor serialised again.
"""

from __future__ import annotations

import threading
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import TypeAdapter

from counterfraud.api.deps import CALLER_SECURITY, CallerDep
from counterfraud.api.routers import error_responses
from counterfraud.api.schemas import IdentifierLookupOut
from counterfraud.domain import IdentifierKind, IdentifierLookup
from counterfraud.services import reports
from counterfraud.services.lookup_cache import SIZE

router = APIRouter(prefix="/identifiers", tags=["identifiers"],
                   responses=error_responses(401, 503))

_SCHEMA = TypeAdapter(IdentifierLookupOut)


class RenderedLookups:
    """JSON bodies of the last ``size`` answers, by the answer object itself (its
    identity: an answer is never changed once made; a new answer is a new object)."""

    def __init__(self, size: int = SIZE) -> None:
        self._size = size
        self._bodies: dict[int, tuple[IdentifierLookup, bytes]] = {}
        self._lock = threading.Lock()

    def body(self, found: IdentifierLookup) -> bytes:
        kept = self._bodies.get(id(found))
        if kept is not None and kept[0] is found:
            return kept[1]
        body = _SCHEMA.dump_json(IdentifierLookupOut.from_domain(found))
        with self._lock:
            if len(self._bodies) >= self._size:
                del self._bodies[next(iter(self._bodies))]
            self._bodies[id(found)] = (found, body)  # holding it keeps its id unique
        return body


@router.get("/{kind}/{value:path}", response_model=IdentifierLookupOut,
            openapi_extra={"security": CALLER_SECURITY})
async def lookup_identifier(
    *,
    request: Request,
    kind: IdentifierKind,
    value: Annotated[str, Path(description="The identifier in any usual form; URL-encode "
                                           "it (`https%3A%2F%2Fx.top%2Fpay`).")],
    caller: CallerDep,
    region: Annotated[str | None, Query(
        pattern=r"^[A-Za-z]{2}$",
        description="ISO country for phone numbers in national format (`081 234 5678`); "
                    "default: the caller's agency's country.",
    )] = None,
) -> Response:
    """Reports, agencies, first/last seen and linked identifiers; open to every role."""
    found = await reports.lookup_async(caller.store, kind.value, value, caller.viewer,
                                       region=region.upper() if region else None,
                                       via=caller.access)
    rendered: RenderedLookups = request.app.state.rendered_lookups
    return Response(rendered.body(found), media_type="application/json")
