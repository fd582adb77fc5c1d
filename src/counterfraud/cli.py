"""The ``counterfraud`` command. Thin: parses options, calls services, prints results."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn
from rich.table import Table
from typer import _click
from typer.core import TyperGroup

from counterfraud.domain import ApiRole, Viewer
from counterfraud.errors import CounterfraudError, InvalidInput, NotFound
from counterfraud.identifiers import extract as extract_identifiers
from counterfraud.identifiers import normalize as normalize_identifier
from counterfraud.services import access, demo, ingest, reports
from counterfraud.services.store import Store, open_store
from counterfraud.settings import Settings, get_settings


class _ErrorsToExitCodes(TyperGroup):
    """The one place that turns counterfraud's errors into a message and an exit code:
    2 for input that cannot be accepted or found, 1 for every other failure."""

    def invoke(self, ctx: _click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (InvalidInput, NotFound) as e:
            err.print(f"[red]error:[/red] {e}", highlight=False)
            raise typer.Exit(2) from e
        except CounterfraudError as e:
            err.print(f"[red]error:[/red] {e}", highlight=False)
            raise typer.Exit(1) from e


app = typer.Typer(cls=_ErrorsToExitCodes, no_args_is_help=True, add_completion=False,
                  help="counterfraud: intercept, dismantle, cooperate, help victims.")
agency_app = typer.Typer(cls=_ErrorsToExitCodes, no_args_is_help=True,
                         help="Agencies of this instance.")
key_app = typer.Typer(cls=_ErrorsToExitCodes, no_args_is_help=True, help="API keys.")
app.add_typer(agency_app, name="agency")
app.add_typer(key_app, name="key")

out = Console(soft_wrap=True)
err = Console(stderr=True)
LOCAL = Viewer(agency=None, role=ApiRole.ADMIN)  # the operator at this instance's console

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]
RegionOption = Annotated[str | None, typer.Option(
    "--region", help="Country (ISO alpha-2) for national phone formats.")]


@app.callback()
def configure(
    ctx: typer.Context,
    data_dir: Annotated[Path | None, typer.Option(
        help="Folder for the SQLite database and demo files "
             "[env COUNTERFRAUD_DATA_DIR].")] = None,
    database_url: Annotated[str | None, typer.Option(
        help="SQLAlchemy URL [env COUNTERFRAUD_DATABASE_URL].")] = None,
) -> None:
    overrides: dict[str, Any] = {}
    if data_dir is not None:
        overrides["data_dir"] = data_dir
    if database_url is not None:
        overrides["database_url"] = database_url
    ctx.obj = overrides


def _settings(ctx: typer.Context) -> Settings:
    try:
        return get_settings(**(ctx.obj or {}))
    except CounterfraudError as e:
        _fail(str(e))


@contextmanager
def _store(ctx: typer.Context) -> Iterator[Store]:
    store = open_store(_settings(ctx))
    try:
        yield store
    finally:
        store.close()


def _fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(code)


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


@app.command()
def normalize(kind: str, value: str, region: RegionOption = None,
              as_json: JsonOption = False) -> None:
    """Canonical form of one identifier; exit 2 with the reason when it is rejected."""
    identifier = normalize_identifier(kind, value, region=region)
    if as_json:
        _print_json(identifier.as_dict())
    else:
        flag = "" if identifier.valid else "  (not a valid allocation)"
        out.print(f"{identifier.kind.value}\t{identifier.value}{flag}", highlight=False)


@app.command()
def extract(text: str, region: RegionOption = None, as_json: JsonOption = False) -> None:
    """Every identifier in free text (an SMS, a report narrative), with its span."""
    found = extract_identifiers(text, region=region)
    if as_json:
        _print_json([hit.as_dict() for hit in found])
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
    with _store(ctx) as store:
        size = file.stat().st_size if file.is_file() else 0
        with Progress("[progress.description]{task.description}", BarColumn(),
                      DownloadColumn(), TimeRemainingColumn(), console=err,
                      disable=as_json or size < 1_000_000) as bar:
            task = bar.add_task(f"ingesting {file.name}", total=size)
            result = ingest.ingest_file(store, file, agency=agency,
                                        progress=lambda done: bar.update(task, completed=done))
    if as_json:
        _print_json({k: v for k, v in result.as_dict().items() if k != "file"})
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
    with _store(ctx) as store:
        found = reports.lookup(store, kind, value, LOCAL, region=region)
    if as_json:
        _print_json(found.as_dict())
        return
    ident = found.identifier
    if not found.known:
        out.print(f"{ident.kind.value} {ident.value}: not in any report", highlight=False)
        return
    out.print(f"[bold]{ident.kind.value} {ident.value}[/bold]: {found.reports} reports by "
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
    with _store(ctx) as store:
        figures = reports.statistics(store, LOCAL).as_dict()
    if as_json:
        _print_json(figures)
        return
    out.print(f"[bold]{figures['reports']}[/bold] reports")
    for key in ("by_scam_type", "by_agency", "by_victim_country", "loss_by_currency",
                "identifiers_by_kind"):
        out.print(f"{key.replace('_', ' ')}: " + ", ".join(
            f"{k} {v}" for k, v in figures[key].items()), highlight=False)


@agency_app.command("add")
def agency_add(ctx: typer.Context, code: str,
               country: Annotated[str, typer.Option(help="ISO 3166 alpha-2")],
               name: Annotated[str, typer.Option()]) -> None:
    """Register an agency (code like CN-MPS)."""
    with _store(ctx) as store:
        agency = access.add_agency(store, code=code, country=country, name=name)
    out.print(f"added {agency.code} ({agency.country}) {agency.name}", highlight=False)


@agency_app.command("list")
def agency_list(ctx: typer.Context, as_json: JsonOption = False) -> None:
    with _store(ctx) as store:
        agencies = access.list_agencies(store)
    if as_json:
        _print_json([{"code": a.code, "country": a.country, "name": a.name} for a in agencies])
        return
    for a in agencies:
        out.print(f"{a.code}\t{a.country}\t{a.name}", highlight=False)


@key_app.command("create")
def key_create(ctx: typer.Context, agency: Annotated[str, typer.Option()],
               role: Annotated[ApiRole, typer.Option()]) -> None:
    """Create an API key; the secret is printed once and only its hash is kept."""
    with _store(ctx) as store:
        key = access.create_key(store, agency=agency, role=role)
    err.print(f"API key for {key.agency} ({key.role.value}); store it now, it is not shown again:")
    sys.stdout.write(key.secret + "\n")


@key_app.command("revoke")
def key_revoke(ctx: typer.Context, prefix: str) -> None:
    """Revoke the keys starting with PREFIX (the first 11 characters shown at creation)."""
    with _store(ctx) as store:
        count = access.revoke_key(store, prefix)
    if not count:
        _fail(f"no active key starts with {prefix}", 1)
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
    settings = _settings(ctx)
    with _store(ctx) as store, Progress(console=err) as bar:
        task = bar.add_task(f"demo world seed={seed} size={size}", total=None)
        result = demo.run_demo(store, seed=seed, size=size, out_dir=settings.data_dir,
                               progress=lambda n: bar.update(task, completed=n))
    out.print(f"stored {result.reports} reports for "
              f"{', '.join(sorted(result.ingest))} in {settings.effective_database_url}",
              highlight=False)
    out.print(f"ground truth: {result.ground_truth}\nmessage corpus: {result.corpus}",
              highlight=False)
    rejected = sum(r.rejected for r in result.ingest.values())
    if rejected:
        err.print(f"[yellow]{rejected} demo rows were rejected[/yellow]")
    table = Table("agency", "role", "API key", title="demo API keys")
    for key in result.keys:
        table.add_row(key.agency, key.role.value, key.secret)
    out.print(table)
    if not no_serve:
        _serve(settings.model_copy(update={"port": port} if port else {}))


@app.command()
def serve(ctx: typer.Context,
          host: Annotated[str | None, typer.Option(help="Listen address.")] = None,
          port: Annotated[int | None, typer.Option(help="Listen port.")] = None) -> None:
    """Serve the HTTP API (OpenAPI docs at /docs)."""
    update: dict[str, Any] = {}
    if host:
        update["host"] = host
    if port:
        update["port"] = port
    _serve(_settings(ctx).model_copy(update=update))


def _serve(settings: Settings) -> None:
    import uvicorn

    from counterfraud.api import create_app

    out.print(f"API on http://{settings.host}:{settings.port}  (docs: /docs, Ctrl-C stops)")
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port,
                log_level="warning")


def main() -> None:
    app()
