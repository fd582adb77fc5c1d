"""The network explorer: ``/console/networks`` (the networks the user's agency sees,
largest first) and ``/console/networks/{id}`` (one network drawn with Cytoscape.js,
its report, its timeline and its exports).

Every figure, member, link and report id comes from the user's own view of the networks
(``services.networks`` with the user's Viewer: analysed from only the reports its agency
may read), never from the operator's graph; the data the drawing reads
(``graph.json``, ``expand``) comes from the same view and the same sharing rule
(``services.network_graph``, ``services.network_expansion``). Analysts and admins only,
as for ``/v1/networks``; every read is on the audit trail as the console's.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from counterfraud.domain import ApiRole
from counterfraud.errors import InvalidInput
from counterfraud.identifiers import display_name
from counterfraud.services import network_expansion, network_graph, networks
from counterfraud.web.pages.case_words import IDENTIFIER_KINDS, LINK_TYPES, context
from counterfraud.web.session import ConsoleUser, console_access, get_store, require_role
from counterfraud.web.templating import PAGE_HEADERS, render, translate

router = APIRouter()
Analyst = Annotated[ConsoleUser, Depends(require_role(ApiRole.ANALYST))]
PAGE_SIZE = 50
MAX_OFFSET = 1_000_000
EXPORTS = ("json", "markdown", "node-link")
# group colours (colour-blind-safe first: Okabe-Ito, then Tableau's), grey for no group
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#4E79A7", "#B07AA1", "#76B7B2", "#EDC948", "#9C755F")
NO_GROUP = "#8C959F"


def _json(data: Any, *, status_code: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status_code, headers=dict(PAGE_HEADERS))


@router.get("/networks", response_class=HTMLResponse, name="console_networks")
def list_page(request: Request, user: Analyst,
              offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
              min_size: Annotated[int, Query(ge=1, le=1_000_000)] = 2) -> HTMLResponse:
    found = networks.networks(get_store(request), user.viewer, min_size=min_size,
                              limit=PAGE_SIZE + 1, offset=offset,
                              via=console_access(request, user))
    rows = [networks.list_row(n) for n in found[:PAGE_SIZE]]
    return render(request, user, "networks/list.html", context(
        rows=rows, offset=offset, min_size=min_size, page_size=PAGE_SIZE,
        more=len(found) > PAGE_SIZE))


@router.get("/networks/{network_id}", response_class=HTMLResponse,
            name="console_network")
def network_page(request: Request, user: Analyst, network_id: str) -> HTMLResponse:
    found = networks.network(get_store(request), network_id, user.viewer,
                             via=console_access(request, user))
    summary = found.summary or {}
    colours = group_colours(summary.get("groups", []))
    kinds = sorted({m.identifier.kind.value for m in found.members})
    members = sorted(found.members, key=lambda m: (m.core_rank is None, m.core_rank or 0,
                                                   m.identifier.kind.value,
                                                   m.identifier.value))
    labels = {g["id"]: g.get("label") for g in summary.get("groups", [])}
    return render(request, user, "networks/show.html", context(
        network=found, summary=summary, members=members, kinds=kinds, colours=colours,
        group_labels=labels, timeline=timeline(summary.get("timeline", {})),
        exports=EXPORTS, no_group=NO_GROUP, display=display_name,
        kind_labels_json=_labels(request, user, IDENTIFIER_KINDS),
        link_labels_json=_labels(request, user, LINK_TYPES)))


def _labels(request: Request, user: ConsoleUser, table: dict[str, str]) -> str:
    """``table``'s words in the page's language, as JSON for the drawing's script."""
    return json.dumps({key: translate(request, user, text) for key, text in table.items()},
                      ensure_ascii=False)


@router.get("/networks/{network_id}/graph.json", name="console_network_graph")
def graph_json(request: Request, user: Analyst, network_id: str) -> JSONResponse:
    """The nodes and edges to draw, each node with its group's colour."""
    found = network_graph.network_graph(get_store(request), network_id, user.viewer,
                                        via=console_access(request, user))
    colours = group_colours(found["groups"])
    for node in found["nodes"]:
        node["colour"] = colours.get(node["group"] or "", NO_GROUP)
    return _json(found)


@router.get("/networks/{network_id}/expand", name="console_network_expand")
def expand(request: Request, user: Analyst, network_id: str,
           node: Annotated[str, Query(min_length=3, max_length=2100)]) -> JSONResponse:
    """The neighbours of ``node`` (``kind:value``) one hop away over the reports the
    user's agency may read, each edge with the reports showing it."""
    kind, sep, value = node.partition(":")
    if not sep or not value:
        raise InvalidInput("node must be kind:value", field="node")
    found = network_expansion.expand_from(get_store(request), kind, value,
                                          viewer=user.viewer, hops=1,
                                          via=console_access(request, user))
    return _json(expansion_elements(found))


def expansion_elements(found: dict[str, Any]) -> dict[str, Any]:
    """``expand_from``'s node-link answer as nodes and edges to add to the drawing: each
    neighbour's edge to the seed with the reports that show it (the evidence of its
    path), and the links between neighbours as they are."""
    seed = found["graph"]["seed"]
    nodes, edges = [], []
    for node in found["nodes"]:
        ident = node["identifier"]
        nodes.append({"id": node["id"], "kind": ident["kind"], "value": ident["value"],
                      "display": ident["display"], "hops": node["hops"]})
        if node["path"]:
            step = node["path"][0]
            evidence = step["evidence"]
            edges.append({"source": seed, "target": node["id"],
                          "types": [t for t in str(step["via"]).split(",") if t],
                          "reports": len(evidence),
                          "evidence": evidence[:network_graph.EVIDENCE_SHOWN]})
    near = {(e["source"], e["target"]) for e in edges}
    for edge in found["edges"]:
        pair = (edge["source"], edge["target"])
        if pair in near or pair[::-1] in near:
            continue
        edges.append({"source": edge["source"], "target": edge["target"],
                      "types": edge["types"], "reports": None, "evidence": []})
    return {"seed": seed, "nodes": nodes, "edges": edges}


@router.get("/networks/{network_id}/export", name="console_network_export")
def export(request: Request, user: Analyst, network_id: str,
           fmt: Annotated[str, Query(alias="format", pattern="^(json|markdown|node-link)$")]
           = "json") -> Response:
    """The network as the command line exports it: JSON (``networks show --json``),
    the Markdown report (``--markdown``), or the drawing's graph as node-link JSON
    (networkx's ``node_link_graph`` reads it, as ``networks expand --json``)."""
    store, via = get_store(request), console_access(request, user)
    name = f"network-{_safe(network_id)}"
    if fmt == "node-link":
        found = network_graph.network_graph(store, network_id, user.viewer, via=via)
        body: Any = {"directed": False, "multigraph": False,
                     "graph": {"network": found["network"]},
                     "nodes": found["nodes"], "links": found["edges"]}
        return _download(JSONResponse(body), f"{name}.node-link.json")
    shown = networks.network(store, network_id, user.viewer, via=via)
    if fmt == "markdown":
        return _download(Response(networks.markdown(shown), media_type="text/markdown"),
                         f"{name}.md")
    return _download(JSONResponse({**networks.as_json(shown), "report": shown.summary}),
                     f"{name}.json")


def _download(response: Response, filename: str) -> Response:
    response.headers.update(PAGE_HEADERS)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _safe(text: str) -> str:
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_"
                   for c in text)[:64]


def group_colours(groups: list[dict[str, Any]]) -> dict[str, str]:
    """Each group's colour, in the order the report lists the groups (largest first)."""
    return {g["id"]: PALETTE[i % len(PALETTE)] for i, g in enumerate(groups)
            if isinstance(g, dict) and "id" in g}


def timeline(months: dict[str, int], *, width: int = 640, height: int = 160) -> dict[
        str, Any]:
    """The bars of the reports-per-month chart (every month from the first to the last,
    those with none too), scaled into ``width`` x ``height``, for an inline SVG."""
    keys = sorted(k for k in months if _month(k) is not None)
    if not keys:
        return {"bars": [], "width": width, "height": height, "top": 0}
    first, last = _month(keys[0]), _month(keys[-1])
    assert first is not None and last is not None
    names: list[str] = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month) and len(names) < 600:
        names.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    top = max(int(months.get(n, 0)) for n in names) or 1
    plot = height - 30
    step = width / len(names)
    bars = []
    for i, name in enumerate(names):
        count = int(months.get(name, 0))
        h = round(plot * count / top, 1)
        bars.append({"month": name, "count": count, "x": round(i * step + step * 0.1, 1),
                     "y": round(plot - h + 5, 1), "width": round(step * 0.8, 1),
                     "height": h, "label": i == 0 or name.endswith("-01")
                     or len(names) <= 12})
    return {"bars": bars, "width": width, "height": height, "top": top}


def _month(text: str) -> date | None:
    try:
        return date.fromisoformat(f"{text}-01")
    except (TypeError, ValueError):
        return None
