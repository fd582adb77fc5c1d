"""Criminal networks for analysts: list, show, expand from one identifier, block; each
computed from only the reports the caller's agency may read."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response

from counterfraud.api.deps import AccessDep, StoreDep, viewer_with_role
from counterfraud.api.params import MAX_INT, Offset
from counterfraud.api.routers import error_responses
from counterfraud.domain import ApiRole, IdentifierKind, Viewer
from counterfraud.services import network_expansion, networks

router = APIRouter(prefix="/networks", tags=["networks"],
                   responses=error_responses(401, 403, 503))
Analyst = Annotated[Viewer, Depends(viewer_with_role(ApiRole.ANALYST))]


@router.get("")
def list_networks(*, viewer: Analyst, store: StoreDep, via: AccessDep,
                  min_size: Annotated[int, Query(ge=1, le=MAX_INT)] = 2,
                  limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                  offset: Offset = 0) -> list[dict[str, Any]]:
    """Networks as the caller's agency sees them, largest first: analysed from only the
    reports it may read (members, groups, core members best first, their reasons)."""
    found = networks.networks(store, viewer, min_size=min_size, limit=limit, offset=offset,
                              via=via)
    return [networks.as_json(n) for n in found]


@router.get("/expand/{kind}/{value:path}", responses=error_responses(404))
def expand(kind: IdentifierKind, value: str, *, viewer: Analyst, store: StoreDep,
           via: AccessDep,
           hops: Annotated[int, Query(ge=1, le=4)] = 2,
           region: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$")] = None,
           ) -> dict[str, Any]:
    """Everything reachable from one identifier within ``hops``, each node with its
    shortest evidence path back to the seed, over the reports the caller's agency may
    read (its own, CLEAR ones, and what partners share with it for networks): nothing
    else is reached or cited. 404 when no such report names the identifier."""
    return network_expansion.expand_from(store, kind.value, value, viewer=viewer, hops=hops,
                                region=region.upper() if region else None, via=via)


@router.get("/{network_id}", responses=error_responses(404))
def show(network_id: str, viewer: Analyst, store: StoreDep, via: AccessDep,
         fmt: Annotated[str, Query(alias="format", pattern="^(json|markdown)$")] = "json",
         ) -> Any:
    """One network; ``format=markdown`` gives the readable report."""
    found = networks.network(store, network_id, viewer, via=via)
    if fmt == "markdown":
        return Response(networks.markdown(found), media_type="text/markdown")
    return {**networks.as_json(found), "report": found.summary}


@router.post("/{network_id}/block", responses=error_responses(404))
def block(network_id: str, viewer: Analyst, store: StoreDep, via: AccessDep) -> dict[str, Any]:
    """Put every blockable member on the blocklist with the network as provenance."""
    result = networks.block(store, network_id, actor=f"{viewer.agency}:{viewer.role.value}",
                            viewer=viewer, via=via)
    return {"network": network_id, **result.as_dict()}
