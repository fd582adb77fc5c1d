"""Ground truth: the networks, groups, members and core an analyst should recover, and
the case world (banks, cases and everything done within them, their figures).

Members are canonical identifiers exactly as ``counterfraud.identifiers.normalize``
produces them, and only those the row stream actually emits: the row builder gives
every identifier of a group a guaranteed slot in one of the group's reports
(see :mod:`.rows`), so a group's pool *is* what the reports show. Noise (hotlines,
big platforms, the URL shortener, shared CDN addresses) is listed apart: it appears
across groups but belongs to none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from counterfraud.simulate.groups import BASES, Group, Ident
from counterfraud.simulate.sites import HOTLINES, NOISE_DOMAINS, NOISE_IPS

if TYPE_CHECKING:
    from counterfraud.simulate.world import World

__all__ = ["ground_truth", "network_ids", "noise_identifiers"]


def _member(ident: Ident) -> dict[str, str]:
    return {"kind": ident.kind, "value": ident.value}


def _sorted_members(idents: list[Ident]) -> list[dict[str, str]]:
    unique = {(x.kind, x.value) for x in idents}
    return [{"kind": k, "value": v} for k, v in sorted(unique)]


def noise_identifiers() -> list[dict[str, str]]:
    """Identifiers that appear in rows of many groups but belong to none."""
    return ([{"kind": "domain", "value": d} for d in NOISE_DOMAINS]
            + [{"kind": "ip", "value": ip} for ip in NOISE_IPS])


def network_ids(world: World) -> dict[str, str]:
    """Group id -> network id: groups joined by shared payment identifiers."""
    parent = {g.gid: g.gid for g in world.groups}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for entry in world.shared:
        for other in entry.groups[1:]:
            first, root = find(entry.groups[0]), find(other)
            if root != first:
                parent[max(root, first)] = min(root, first)
    roots: dict[str, str] = {}
    out: dict[str, str] = {}
    for g in world.groups:  # number networks in group order: deterministic ids
        root = find(g.gid)
        if root not in roots:
            roots[root] = f"N{len(roots) + 1:04d}"
        out[g.gid] = roots[root]
    return out


def _group(g: Group, network: str) -> dict[str, Any]:
    return {
        "id": g.gid,
        "type": g.type,
        "base": g.base.name,
        "base_country": g.base.country,
        "network": network,
        "targets": list(g.targets),
        "report_count": g.report_count,
        "members": _sorted_members(g.pool),
        "core_members": _sorted_members(g.core),
    }


def ground_truth(world: World) -> dict[str, Any]:
    """The JSON-serialisable answer key for ``world``."""
    networks = network_ids(world)
    by_network: dict[str, list[str]] = {}
    for g in world.groups:
        by_network.setdefault(networks[g.gid], []).append(g.gid)
    return {
        "seed": world.seed,
        "size": world.size,
        "report_count": world.report_count,
        "agencies": [{"code": a.code, "country": a.country, "name": a.name}
                     for a in world.agencies],
        "bases": [{"name": b.name, "country": b.country} for b in BASES],
        "groups": [_group(g, networks[g.gid]) for g in world.groups],
        "shared_payment": [{**_member(s.ident), "groups": list(s.groups)}
                           for s in world.shared],
        "networks": [{"id": nid, "groups": gids} for nid, gids in by_network.items()],
        "noise": noise_identifiers(),
        "hotlines": {country: list(numbers) for country, numbers in HOTLINES.items()},
        **world.cases().as_dict(),
    }
