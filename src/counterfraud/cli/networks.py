"""``counterfraud networks ...``: criminal networks, their groups and core members."""

from __future__ import annotations

from typing import Annotated

import typer
from rich import box
from rich.markdown import Markdown
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

EVIDENCE_SHOWN = 3  # report keys shown per row of an expansion; --json has them all


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


def _table(*columns: str, title: str | None = None, numeric: tuple[str, ...] = ()) -> Table:
    """A table whose cells wrap (a value longer than its column folds) rather than being
    cut; Rich measures each cell's width on screen, so Thai, Lao, Burmese and Chinese
    names stay aligned."""
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, show_edge=False,
                  collapse_padding=True, pad_edge=False)
    for name in columns:
        table.add_column(name, overflow="fold",
                         justify="right" if name in numeric else "left")
    return table


@networks_app.command("list")
def list_networks(ctx: typer.Context,
                  min_size: Annotated[int, typer.Option(help="Smallest network to list.")] = 2,
                  limit: Annotated[int, typer.Option(help="At most this many.")] = 100,
                  as_json: JsonOption = False) -> None:
    """Networks, largest first: size, reports, groups, losses, agencies, first and last
    seen, and the first of their core members."""
    with store_of(ctx) as store:
        found = networks.networks(store, LOCAL, min_size=min_size, limit=limit)
    if as_json:
        print_json([networks.as_json(n) for n in found])
        return
    table = _table("id", "size", "reports", "groups", "losses", "agencies",
                   "first seen\nlast seen", "top core member",
                   numeric=("size", "reports", "groups", "losses"))
    for n in found:
        row = networks.list_row(n)
        table.add_row(row["id"], row["size"], row["reports"], row["groups"],
                      "\n".join(row["losses"]) or "-", "\n".join(row["agencies"]),
                      f"{row['first_seen']}\n{row['last_seen']}", row["top"])
    out.print(table, soft_wrap=False)


NetworkId = Annotated[str, typer.Argument(help="A network id, e.g. N-000001 (networks list).")]


@networks_app.command("show")
def show(ctx: typer.Context, network_id: NetworkId, as_json: JsonOption = False,
         as_markdown: Annotated[bool, typer.Option(
             "--markdown", help="The report as Markdown text (what the API serves), not "
                                "rendered.")] = False) -> None:
    """One network's report: core members and why, groups, victims, losses, agencies,
    scam types, timeline (rendered in the terminal; --markdown for the text)."""
    with store_of(ctx) as store:
        found = networks.network(store, network_id, LOCAL)
    if as_json and not as_markdown:
        print_json({**networks.as_json(found), "report": found.summary})
        return
    text = networks.markdown(found)
    if as_markdown:
        typer.echo(text, nl=False)
        return
    out.print(Markdown(text), soft_wrap=False)


@networks_app.command("expand")
def expand(ctx: typer.Context,
           kind: Annotated[str, typer.Argument(
               help="The identifier's kind: phone, url, domain, ip, bank_account, "
                    "crypto_wallet, handle, email, person ...")],
           value: Annotated[str, typer.Argument(
               help="Its value, as written anywhere (normalised first).")],
           hops: Annotated[int, typer.Option(help="How far to go.")] = 2,
           region: RegionOption = None,
           as_json: JsonOption = False) -> None:
    """Everything reachable from one identifier, each with the link that reaches it and
    the reports that show it (every report this instance holds: the operator's view).
    --json gives node-link JSON (networkx's node_link_graph reads it)."""
    with store_of(ctx) as store:
        found = network_expansion.expand_from(store, kind, value, viewer=LOCAL,
                                              hops=hops, region=region)
    if as_json:
        print_json(found)
        return
    seed = found["seed"]
    table = _table("hop", "kind", "identifier", "via", "evidence", numeric=("hop",),
                   title=f"{len(found['nodes']) - 1:,} identifiers within {hops} hops of "
                         f"{seed['kind']} {seed['display']}")
    for row in network_expansion.table_rows(found, evidence_shown=EVIDENCE_SHOWN):
        table.add_row(row["hop"], row["kind"], row["identifier"], row["via"],
                      row["evidence"])
    out.print(table, soft_wrap=False)


@networks_app.command("block")
def block(ctx: typer.Context, network_id: NetworkId,
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

