"""``counterfraud networks ...``: criminal networks, their groups and core members."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from counterfraud.cli.app import app
from counterfraud.cli.common import (
    LOCAL,
    JsonOption,
    RegionOption,
    command_group,
    out,
    print_json,
    store_of,
)
from counterfraud.services import network_expansion, networks

networks_app = command_group("Criminal networks: build, list, show, expand, block.")
app.add_typer(networks_app, name="networks")


@networks_app.command("build")
def build(ctx: typer.Context,
          full: Annotated[bool, typer.Option(
              "--full", help="Rebuild everything, not only the networks new reports touch.")
          ] = False,
          views: Annotated[bool, typer.Option(
              "--views/--no-views",
              help="Also analyse each agency's own view now (agencies with analyst or "
                   "admin keys), so that its first read is fast.")] = True,
          as_json: JsonOption = False) -> None:
    """Link every identifier the reports mention into networks (ids kept across builds)."""
    with store_of(ctx) as store:
        summary = networks.build(store, full=full)
        agencies, seconds = networks.refresh_views(store) if views else (0, 0.0)
    if as_json:
        print_json({**summary.as_dict(), "views": agencies,
                    "views_seconds": round(seconds, 3)})
        return
    how = "incremental build" if summary.incremental else "build"
    out.print(f"{how} {summary.build_id}: {summary.networks} networks from "
              f"{summary.reports} reports and {summary.identifiers} identifiers in "
              f"{summary.seconds:.1f} s; {len(summary.hubs)} hubs kept out")
    if agencies:
        out.print(f"views of {agencies} agencies analysed in {seconds:.1f} s")


@networks_app.command("list")
def list_networks(ctx: typer.Context,
                  min_size: Annotated[int, typer.Option(help="Smallest network to list.")] = 2,
                  limit: Annotated[int, typer.Option(help="At most this many.")] = 100,
                  as_json: JsonOption = False) -> None:
    with store_of(ctx) as store:
        found = networks.networks(store, LOCAL, min_size=min_size, limit=limit)
    if as_json:
        print_json([networks.as_json(n) for n in found])
        return
    table = Table("id", "size", "reports", "groups", "top core member")
    for n in found:
        core = next((m for m in n.members if m.core_rank == 1), None)
        top = f"{core.identifier.kind.value} {core.identifier.value}" if core else ""
        table.add_row(n.id, str(n.size), str(n.reports), str(n.groups), top)
    out.print(table)


@networks_app.command("show")
def show(ctx: typer.Context, network_id: str, as_json: JsonOption = False,
         as_markdown: Annotated[bool, typer.Option("--markdown", help="Markdown report.")]
         = False) -> None:
    """One network: members by kind, core members, groups, victims, losses, timeline."""
    with store_of(ctx) as store:
        found = networks.network(store, network_id, LOCAL)
    if as_json and not as_markdown:
        print_json({**networks.as_json(found), "report": found.summary})
        return
    out.print(networks.markdown(found))


@networks_app.command("expand")
def expand(ctx: typer.Context, kind: str, value: str,
           hops: Annotated[int, typer.Option(help="How far to go.")] = 2,
           region: RegionOption = None, as_json: JsonOption = False) -> None:
    """Everything reachable from one identifier, each with its evidence path back (every
    report this instance holds: the operator's view)."""
    with store_of(ctx) as store:
        found = network_expansion.expand_from(store, kind, value, viewer=LOCAL,
                                     hops=hops, region=region)
    if as_json:
        print_json(found)
        return
    for node in found["nodes"]:
        ident = node["identifier"]
        via = " <- ".join(f"{s['identifier']['value']} ({s['via']}: "
                          f"{', '.join(s['evidence'][:3])})" for s in node["path"])
        out.print(f"{node['hops']} {ident['kind']} {ident['value']}  {via}")


@networks_app.command("block")
def block(ctx: typer.Context, network_id: str,
          by: Annotated[str, typer.Option("--by", help="Who decides.")] = "console",
          as_json: JsonOption = False) -> None:
    """Block every blockable identifier of a network (the allowlist still wins)."""
    with store_of(ctx) as store:
        result = networks.block(store, network_id, actor=by)
    if as_json:
        print_json({"network": network_id, **result.as_dict()})
        return
    out.print(f"network {network_id}: {result.added} added, {result.already_listed} already "
              f"listed, {len(result.allowlisted)} kept off by the allowlist")

