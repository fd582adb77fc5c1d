"""Dependencies: the opened store, and the caller (a Viewer) read from the API key.

The key comes as ``X-API-Key: KEY`` or ``Authorization: Bearer KEY``; checking it and
the role is ``services.access``'s job, these functions only carry the request to it.

:data:`CallerDep` gives the store, the viewer and the audit trail's access in one
dependency, for the routes called most: FastAPI spends more time solving each
dependency of a route than most dependencies take to run (a lookup's five separate
ones cost ~0.3 ms a request, this one under a tenth of that).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.routing import APIRoute
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from counterfraud.domain import ApiRole, Viewer
from counterfraud.errors import PermissionDenied, StoreUnavailable
from counterfraud.services import access
from counterfraud.services.audit import Access
from counterfraud.services.store import Store

_api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False,
                               description="An API key created with `counterfraud key create`.")
_bearer = HTTPBearer(auto_error=False, description="The same API key, as a bearer token.")


@dataclass(frozen=True, slots=True)
class Caller:
    """Who calls, with the store it calls: what a route needs to call a service."""

    store: Store
    viewer: Viewer
    access: Access


async def get_store(request: Request) -> Store:
    return _store(request)


def _store(request: Request) -> Store:
    store = getattr(request.app.state, "store", None)
    if not isinstance(store, Store):
        raise StoreUnavailable("the store is not open (the app's lifespan has not run)")
    return store


StoreDep = Annotated[Store, Depends(get_store)]


async def get_viewer(
    store: StoreDep,
    api_key: Annotated[str | None, Security(_api_key_header)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
) -> Viewer:
    """The caller; raises AuthenticationFailed (401) without a valid, unrevoked key.

    Runs on the event loop, not in a worker thread: a known key is a dictionary hit
    (services.access caches it), and the rare database check is a point lookup."""
    secret = api_key or (bearer.credentials if bearer else None)
    return access.authenticate(store, secret)


CALLER_SECURITY: list[dict[str, list[str]]] = [{_api_key_header.scheme_name: []},
                                               {_bearer.scheme_name: []}]
"""The OpenAPI ``security`` of a route that takes :data:`CallerDep`: give it as
``openapi_extra={"security": CALLER_SECURITY}`` (the schemes themselves are declared
by the routes that take them as sub-dependencies, :func:`get_viewer`'s)."""


async def get_caller(request: Request) -> Caller:
    """:func:`get_viewer` and :func:`get_access` in one dependency; any role.

    The key is read by the same security schemes, called here rather than declared as
    sub-dependencies: FastAPI would solve each of them as one more dependency."""
    store = _store(request)
    bearer = await _bearer(request)
    secret = await _api_key_header(request) or (bearer.credentials if bearer else None)
    viewer = access.authenticate(store, secret)
    return Caller(store=store, viewer=viewer, access=_access(request, viewer, secret or ""))


def viewer_with_role(*roles: ApiRole) -> Callable[[Viewer], Awaitable[Viewer]]:
    """A dependency giving the caller if its role is one of ``roles`` (admins always)."""

    async def dependency(viewer: Annotated[Viewer, Depends(get_viewer)]) -> Viewer:
        access.require_role(viewer, *roles)
        return viewer

    return dependency


async def get_access(
    request: Request,
    viewer: Annotated[Viewer, Depends(get_viewer)],
    api_key: Annotated[str | None, Security(_api_key_header)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
) -> Access:
    """Who calls (agency and the key's public prefix, never the secret) and through which
    route, for the audit trail."""
    return _access(request, viewer, api_key or (bearer.credentials if bearer else ""))


def _access(request: Request, viewer: Viewer, secret: str) -> Access:
    return Access(actor=f"{viewer.agency or 'operator'}:{secret[:access.PREFIX_LENGTH]}",
                  path=f"api {request.method} {_route_template(request)}")


def _route_template(request: Request) -> str:
    """The route as declared (``/v1/reports/{agency}/{report_id}``), not the URL called:
    the trail names the path taken, and identifiers stay in the records it lists. A route
    knows its template without the prefixes of the routers it was included in, so the
    prefix is the part of the URL before where the template starts to match."""
    route = request.scope.get("route")
    path: str = request.scope.get("path", "")
    if not isinstance(route, APIRoute):
        return path
    for start in (i for i, c in enumerate(path) if c == "/"):
        if route.path_regex.match(path[start:]):
            return path[:start] + route.path_format
    return path


AccessDep = Annotated[Access, Depends(get_access)]
CallerDep = Annotated[Caller, Depends(get_caller)]
AnyRole = Annotated[Viewer, Depends(get_viewer)]
Analyst = Annotated[Viewer, Depends(viewer_with_role(ApiRole.ANALYST))]


def own_agency(viewer: Viewer) -> str:
    """The agency a caller writes as; API keys always belong to one."""
    if viewer.agency is None:
        raise PermissionDenied("writing through the API needs an agency's key")
    return viewer.agency
