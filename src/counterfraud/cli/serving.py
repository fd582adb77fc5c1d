"""``counterfraud demo`` and ``counterfraud serve``: build the demo world, serve the API.

Both take the port before any other work: a port in use is one line naming it and how
to choose another (exit 1), not a traceback after minutes of building.
"""

from __future__ import annotations

import re
import shlex
import socket
from pathlib import Path
from typing import Annotated, Any

import typer

from counterfraud.api import server
from counterfraud.cli.app import app
from counterfraud.cli.common import err, fail, out, settings_of, store_of, table
from counterfraud.cli.progress import stage_bars
from counterfraud.domain import ApiRole
from counterfraud.services import demo, demo_folder
from counterfraud.services.access import CreatedKey
from counterfraud.settings import Settings

PortOption = Annotated[int | None, typer.Option(
    help="Port to listen on (default 8000, or COUNTERFRAUD_PORT); 0 picks a free one.",
    min=0, max=65535)]
HostOption = Annotated[str | None, typer.Option(
    help="Address to listen on (default 127.0.0.1, or COUNTERFRAUD_HOST).")]


@app.command("demo")
def demo_command(
    ctx: typer.Context,
    seed: Annotated[int | None, typer.Option(
        help="Same seed, same world (default 7).")] = None,
    size: Annotated[str | None, typer.Option(
        help="small (~1k reports, the default), medium (~50k), large (~1M)")] = None,
    no_serve: Annotated[bool, typer.Option(
        "--no-serve", help="Build only; do not start the API.")] = False,
    reset: Annotated[bool, typer.Option(
        "--reset", help=f"Start over: first remove what the demo writes in the data "
                        f"folder — {demo_folder.WRITES} — and nothing else.")] = False,
    resume: Annotated[bool, typer.Option(
        "--resume", help="Finish the build that was interrupted (its own seed and size); "
                         "the reports it stored are written again, not twice.")] = False,
    host: HostOption = None,
    port: PortOption = None,
) -> None:
    """Build the demo world (four agencies, gangs, victims, reports), then serve the API.

    A data folder that already holds a store or a world is refused (exit 1): start over
    with --reset, or name another folder with --data-dir."""
    if reset and resume:
        fail("--reset and --resume exclude each other: --reset starts over, --resume "
             "finishes the interrupted build")
    settings = _with_address(settings_of(ctx), host, port)
    sock = None if no_serve else server.bind(settings.host, settings.port)
    try:
        result = _build(ctx, settings, seed=7 if seed is None else seed,
                        size=size or "small", reset=reset, resume=resume)
        _show_demo(result, settings)
        _show_figures(ctx, result)
        if sock is not None:
            settings = settings.model_copy(update={"port": server.bound_port(sock)})
        _next_steps(ctx, settings, result.keys, serving=sock is not None)
        if sock is not None:
            _serve(settings, sock)
    finally:
        if sock is not None:
            sock.close()


@app.command()
def serve(ctx: typer.Context,
          host: HostOption = None,
          port: PortOption = None,
          workers: Annotated[int, typer.Option(
              help="Processes sharing the port.", min=1)] = 1,
          access_log: Annotated[bool, typer.Option(
              "--access-log/--no-access-log",
              help="One line per request on stderr: method, path (identifiers redacted, "
                   "no query string), status, duration, API key prefix.")] = True,
          ) -> None:
    """Serve the HTTP API (OpenAPI docs at /docs)."""
    settings = _with_address(settings_of(ctx), host, port)
    sock = server.bind(settings.host, settings.port)
    try:
        with store_of(ctx) as store:
            unfinished = demo_folder.unfinished_build(store)
        if unfinished is not None:
            err.print(f"warning: {demo_folder.interrupted(unfinished, settings)}",
                      highlight=False)
        _serve(settings.model_copy(update={"port": server.bound_port(sock)}), sock,
               workers=workers, access_log=access_log)
    finally:
        sock.close()


def _build(ctx: typer.Context, settings: Settings, *, seed: int, size: str, reset: bool,
           resume: bool) -> demo.DemoResult:
    """The demo world, built into a data folder that holds none (or started over, or the
    interrupted build finished); a Ctrl-C says what the store holds and what next."""
    if reset:
        removed = demo_folder.reset(settings)
        out.print("started over: removed " + (", ".join(
            p.name for p in removed) or "nothing (no demo files were there)"),
            highlight=False)
    try:
        with store_of(ctx) as store, stage_bars() as on_step:
            held = None if resume else demo_folder.holdings(store)
            if held is not None:
                fail(held.describe(), 1)
            return demo.run_demo(store, seed=seed, size=size, out_dir=settings.data_dir,
                                 on_step=on_step, resume=resume)
    except KeyboardInterrupt:
        fail("interrupted: the store holds part of the world; "
             f"`{demo_folder.command(settings, 'demo --resume')}` finishes it, "
             f"`{demo_folder.command(settings, 'demo --reset')}` starts over", 130)


def _with_address(settings: Settings, host: str | None, port: int | None) -> Settings:
    update: dict[str, Any] = {}
    if host:
        update["host"] = host
    if port is not None:
        update["port"] = port
    return settings.model_copy(update=update)


def _serve(settings: Settings, sock: socket.socket, *, workers: int = 1,
           access_log: bool = True) -> None:
    out.print(f"API on {_url(settings)}  (docs: /docs, Ctrl-C stops)", highlight=False)
    server.serve(settings, sock, workers=workers, access_log=access_log)


def _url(settings: Settings) -> str:
    host = {"0.0.0.0": "127.0.0.1", "::": "[::1]"}.get(settings.host, settings.host)
    return f"http://{f'[{host}]' if ':' in host and '[' not in host else host}:{settings.port}"


def _show_demo(result: demo.DemoResult, settings: Settings) -> None:
    out.print(f"stored {result.reports:,} reports for {', '.join(sorted(result.ingest))} in "
              f"{_shown_url(settings.effective_database_url)}", highlight=False)
    out.print(f"ground truth: {result.ground_truth}\nmessage corpus: {result.corpus}",
              highlight=False)
    if result.promoted is not None:
        out.print(f"blocklist: {result.promoted.added:,} identifiers named in 2+ reports "
                  f"(kept off by the allowlist: {len(result.promoted.allowlisted):,})",
                  highlight=False)
    if result.networks is not None:
        out.print(f"networks: {result.networks.networks:,} found in "
                  f"{result.networks.seconds:.1f} s (counterfraud networks list)")
    for verdict in result.samples:
        out.print(verdict.explain_text(), highlight=False)
    rejected = sum(r.rejected for r in result.ingest.values())
    if rejected:
        err.print(f"[yellow]{rejected:,} demo rows were rejected[/yellow]", markup=True)
    keys = table("agency", "role", "API key", title="demo API keys")
    for key in result.keys:
        keys.add_row(key.agency, key.role.value, key.secret)
    out.print(keys)


def _show_figures(ctx: typer.Context, result: demo.DemoResult) -> None:
    """The ministry's figures of the demo world (services.kpi), a few lines of them."""
    found = result.figures
    if found is None:
        return
    f = found.totals.as_dict()
    cases, freezes, downs, victims = f["cases"], f["freezes"], f["takedowns"], f["victims"]

    def hours(value: float | None) -> str:
        return "" if value is None else f", median {value:g} h"

    def money(amounts: dict[str, float]) -> str:
        return ", ".join(f"{c} {a:,.2f}" for c, a in amounts.items()) or "nothing"

    period = found.period
    lines = [
        "", f"figures from {period.first} to {period.last} "
        f"(`{_command_prefix(ctx)} kpi --from {period.first}` tells them all):",
        f"  cases: {cases['opened']:,} opened, {cases['solved']:,} solved; "
        f"arrests {f['arrests']:,}, handovers {f['handovers']:,}",
        f"  freeze requests: {freezes['requested']:,}, {freezes['frozen']:,} frozen in "
        f"full or in part{hours(freezes['median_hours_to_freeze'])}; amounts frozen: "
        f"{money(freezes['amount_frozen'])}",
        f"  takedown requests: {downs['requested']:,}, {downs['taken_down']:,} taken down",
        f"  victims: {victims['located']:,} located, {victims['rescued']:,} rescued, "
        f"{victims['repatriated']:,} repatriated",
        "  blocked: " + ", ".join(f"{n:,} {kind}" for kind, n in f["blocked"].items())]
    out.print("\n".join(lines), highlight=False)


def _next_steps(ctx: typer.Context, settings: Settings, keys: list[CreatedKey], *,
                serving: bool) -> None:
    """What to do now: a request to paste, the command that serves, where the data is."""
    command = _command_prefix(ctx)
    analyst = next((k for k in keys if k.role is ApiRole.ANALYST), None)
    lines = ["", "next steps:",
             f"  open the console{'' if serving else ' (once served)'} and sign in with a "
             "key above:", f"    {_url(settings)}/console/"]
    if analyst is not None:
        lines += [f"  ask the API as {analyst.agency}'s analyst"
                  f"{'' if serving else ' (once served)'}:",
                  f"    curl -H 'X-API-Key: {analyst.secret}' {_url(settings)}/v1/stats"]
    serve_line = f"{command} serve --port {settings.port}"
    lines += [f"  {'serve it again later' if serving else 'serve the API'}:",
              f"    {serve_line}",
              "  list the API keys (prefix, agency, role; the secrets above are shown once):",
              f"    {command} key list",
              "  the data (database, ground truth, message corpus):",
              f"    {Path(settings.data_dir).resolve()}"]
    if settings.database_url:
        lines.append(f"    database {_shown_url(settings.effective_database_url)}")
    out.print("\n".join(lines), highlight=False)


def _command_prefix(ctx: typer.Context) -> str:
    """``counterfraud`` with the global options this run was given (not the environment's:
    the same shell still has those)."""
    given = ctx.obj or {}
    words = ["counterfraud"]
    if "data_dir" in given:
        words += ["--data-dir", shlex.quote(str(given["data_dir"]))]
    if "database_url" in given:
        words += ["--database-url", shlex.quote(_shown_url(str(given["database_url"])))]
    return " ".join(words)


def _shown_url(url: str) -> str:
    """A database URL with its password, if any, replaced by ***."""
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)
