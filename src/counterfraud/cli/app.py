"""The ``counterfraud`` command. Thin: parses options, calls services, prints results."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn
from rich.table import Table

from counterfraud.cli.common import (
    LOCAL,
    JsonOption,
    RegionOption,
    command_group,
    err,
    fail,
    out,
    print_json,
    settings_of,
    store_of,
)
from counterfraud.domain import ApiRole
from counterfraud.identifiers import extract as extract_identifiers
from counterfraud.identifiers import normalize as normalize_identifier
from counterfraud.services import access, demo, ingest, reports
from counterfraud.settings import Settings

app = command_group("counterfraud: intercept, dismantle, cooperate, help victims.")
agency_app = command_group("Agencies of this instance.")
key_app = command_group("API keys.")
app.add_typer(agency_app, name="agency")
app.add_typer(key_app, name="key")

@app.callback()
def configure(
    ctx: typer.Context,
    data_dir: Annotated[Path | None, typer.Option(
        help="Folder for the SQLite database and demo files "
             "[env COUNTERFRAUD_DATA_DIR].")] = None,
    database_url: Annotated[str | None, typer.Option(
        help="SQLAlchemy URL [env COUNTERFRAUD_DATABASE_URL].")] = None,
    debug: Annotated[bool, typer.Option(
        "--debug", help="Show the traceback of an unexpected error; it may quote records "
                        "[env COUNTERFRAUD_DEBUG].")] = False,
) -> None:
    overrides: dict[str, Any] = {}
    if debug:
        overrides["debug"] = True
    if data_dir is not None:
        overrides["data_dir"] = data_dir
    if database_url is not None:
        overrides["database_url"] = database_url
    ctx.obj = overrides


@app.command()
def normalize(kind: str, value: str, region: RegionOption = None,
              as_json: JsonOption = False) -> None:
    """Canonical form of one identifier; exit 2 with the reason when it is rejected."""
    identifier = normalize_identifier(kind, value, region=region)
    if as_json:
        print_json(identifier.as_dict())
    else:
        flag = "" if identifier.valid else "  (not a valid allocation)"
        out.print(f"{identifier.kind.value}\t{identifier.value}{flag}", highlight=False)


@app.command()
def extract(text: str, region: RegionOption = None, as_json: JsonOption = False) -> None:
    """Every identifier in free text (an SMS, a report narrative), with its span."""
    found = extract_identifiers(text, region=region)
    if as_json:
        print_json([hit.as_dict() for hit in found])
        return
    for hit in found:
        out.print(f"{hit.start}-{hit.end}\t{hit.identifier.kind.value}\t{hit.identifier.value}",
                  highlight=False)


@app.command("ingest")
def ingest_command(ctx: typer.Context, file: Path,
                   agency: Annotated[str, typer.Option(help="The reporting agency's code.")],
                   as_json: JsonOption = False) -> None:
    """Store victim reports from a CSV or JSON Lines file (docs/formats.md).

    Exit 0 when every row was accepted, 1 when some were rejected, 2 when the file
    cannot be read."""
    with store_of(ctx) as store:
        size = file.stat().st_size if file.is_file() else 0
        with Progress("[progress.description]{task.description}", BarColumn(),
                      DownloadColumn(), TimeRemainingColumn(), console=err,
                      disable=as_json or size < 1_000_000) as bar:
            task = bar.add_task(f"ingesting {file.name}", total=size)
            result = ingest.ingest_file(store, file, agency=agency,
                                        progress=lambda done: bar.update(task, completed=done))
    if as_json:
        print_json({k: v for k, v in result.as_dict().items() if k != "file"})
    else:
        out.print(f"{file}: {result.accepted} accepted ({result.new} new), "
                  f"{result.rejected} rejected", highlight=False)
        for e in result.errors[:50]:
            err.print(f"{file}:{e.line}: {e.field}: {e.message}", highlight=False)
        if len(result.errors) > 50:
            err.print(f"... and {len(result.errors) - 50} more errors (use --json for all)")
        if result.ignored_columns:
            err.print(f"ignored unknown columns: {', '.join(result.ignored_columns)}")
    raise typer.Exit(1 if result.rejected else 0)


@app.command()
def lookup(ctx: typer.Context, kind: str, value: str, region: RegionOption = None,
           as_json: JsonOption = False) -> None:
    """What the reports say about one identifier: where, when, what, linked to what."""
    with store_of(ctx) as store:
        found = reports.lookup(store, kind, value, LOCAL, region=region)
    if as_json:
        print_json(found.as_dict())
        return
    ident = found.identifier
    if not found.known:
        out.print(f"{ident.kind.value} {ident.value}: not in any report", highlight=False)
        return
    out.print(f"{ident.kind.value} {ident.value}: {found.reports} reports by "
              f"{', '.join(found.agencies)}, first {found.first_seen}, last {found.last_seen}")
    out.print("scam types: " + ", ".join(f"{k} {v}" for k, v in found.scam_types.items()))
    table = Table("kind", "value", "reports", "link")
    for li in found.linked[:20]:
        table.add_row(li.identifier.kind.value, li.identifier.value, str(li.reports),
                      ",".join(li.link_types))
    out.print(table)


@app.command()
def stats(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """The figures a ministry publishes: reports by type, agency, country, losses."""
    with store_of(ctx) as store:
        figures = reports.statistics(store, LOCAL).as_dict()
    if as_json:
        print_json(figures)
        return
    out.print(f"{figures['reports']} reports")
    for key in ("by_scam_type", "by_agency", "by_victim_country", "loss_by_currency",
                "identifiers_by_kind"):
        out.print(f"{key.replace('_', ' ')}: " + ", ".join(
            f"{k} {v}" for k, v in figures[key].items()), highlight=False)


@agency_app.command("add")
def agency_add(ctx: typer.Context, code: str,
               country: Annotated[str, typer.Option(help="ISO 3166 alpha-2")],
               name: Annotated[str, typer.Option()],
               partner: Annotated[bool, typer.Option(
                   "--partner", help="An agency of a partner instance (it may hold keys "
                                     "here to pull; its records arrive only by sync).")
               ] = False) -> None:
    """Register an agency (code like CN-MPS)."""
    with store_of(ctx) as store:
        agency = access.add_agency(store, code=code, country=country, name=name,
                                   home=not partner)
    out.print(f"added {agency.code} ({agency.country}) {agency.name}", highlight=False)


@agency_app.command("list")
def agency_list(ctx: typer.Context, as_json: JsonOption = False) -> None:
    with store_of(ctx) as store:
        agencies = access.list_agencies(store)
    if as_json:
        print_json([{"code": a.code, "country": a.country, "name": a.name} for a in agencies])
        return
    for a in agencies:
        out.print(f"{a.code}\t{a.country}\t{a.name}", highlight=False)


@key_app.command("create")
def key_create(ctx: typer.Context, agency: Annotated[str, typer.Option()],
               role: Annotated[ApiRole, typer.Option()]) -> None:
    """Create an API key; the secret is printed once and only its hash is kept."""
    with store_of(ctx) as store:
        key = access.create_key(store, agency=agency, role=role)
    err.print(f"API key for {key.agency} ({key.role.value}); store it now, it is not shown again:")
    sys.stdout.write(key.secret + "\n")


@key_app.command("revoke")
def key_revoke(ctx: typer.Context, prefix: str) -> None:
    """Revoke the keys starting with PREFIX (the first 11 characters shown at creation)."""
    with store_of(ctx) as store:
        count = access.revoke_key(store, prefix)
    if not count:
        fail(f"no active key starts with {prefix}", 1)
    out.print(f"revoked {count} key(s)")


@app.command("demo")
def demo_command(
    ctx: typer.Context,
    seed: Annotated[int, typer.Option(help="Same seed, same world.")] = 7,
    size: Annotated[str, typer.Option(
        help="small (~1k reports), medium (~50k), large (~1M)")] = "small",
    no_serve: Annotated[bool, typer.Option(
        "--no-serve", help="Build only; do not start the API.")] = False,
    port: Annotated[int | None, typer.Option(help="API port (default from settings).")] = None,
) -> None:
    """Build the demo world (four agencies, gangs, victims, reports), then serve the API."""
    settings = settings_of(ctx)
    with store_of(ctx) as store, Progress(console=err) as bar:
        task = bar.add_task(f"demo world seed={seed} size={size}", total=None)
        result = demo.run_demo(store, seed=seed, size=size, out_dir=settings.data_dir,
                               progress=lambda n: bar.update(task, completed=n))
    out.print(f"stored {result.reports} reports for "
              f"{', '.join(sorted(result.ingest))} in {settings.effective_database_url}",
              highlight=False)
    out.print(f"ground truth: {result.ground_truth}\nmessage corpus: {result.corpus}",
              highlight=False)
    if result.promoted is not None:
        out.print(f"blocklist: {result.promoted.added} identifiers named in 2+ reports "
                  f"(kept off by the allowlist: {len(result.promoted.allowlisted)})",
                  highlight=False)
    if result.networks is not None:
        out.print(f"networks: {result.networks.networks} found in {result.networks.seconds:.1f} s"
                  " (counterfraud networks list)")
    for verdict in result.samples:
        out.print(verdict.explain_text(), highlight=False)
    rejected = sum(r.rejected for r in result.ingest.values())
    if rejected:
        err.print(f"[yellow]{rejected} demo rows were rejected[/yellow]", markup=True)
    table = Table("agency", "role", "API key", title="demo API keys")
    for key in result.keys:
        table.add_row(key.agency, key.role.value, key.secret)
    out.print(table)
    if not no_serve:
        _serve(settings.model_copy(update={"port": port} if port else {}))


@app.command()
def serve(ctx: typer.Context,
          host: Annotated[str | None, typer.Option(help="Listen address.")] = None,
          port: Annotated[int | None, typer.Option(help="Listen port.")] = None,
          workers: Annotated[int, typer.Option(help="Processes sharing the port.")] = 1,
          ) -> None:
    """Serve the HTTP API (OpenAPI docs at /docs)."""
    update: dict[str, Any] = {}
    if host:
        update["host"] = host
    if port:
        update["port"] = port
    _serve(settings_of(ctx).model_copy(update=update), workers=workers)


def _serve(settings: Settings, *, workers: int = 1) -> None:
    from counterfraud.api.server import serve as serve_api

    out.print(f"API on http://{settings.host}:{settings.port}  (docs: /docs, Ctrl-C stops)")
    serve_api(settings, workers=workers)


def main() -> None:
    app()
