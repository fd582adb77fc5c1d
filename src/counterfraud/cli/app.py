"""The ``counterfraud`` command. Thin: parses options, calls services, prints results."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from counterfraud import __version__
from counterfraud.cli.common import (
    LOCAL,
    JsonOption,
    KindArgument,
    RegionOption,
    ValueArgument,
    command_group,
    err,
    fail,
    out,
    print_json,
    store_of,
    table,
)
from counterfraud.cli.progress import byte_bar
from counterfraud.domain import ApiRole
from counterfraud.identifiers import extract as extract_identifiers
from counterfraud.identifiers import normalize as normalize_identifier
from counterfraud.services import access, currency, demo_folder, ingest, reports

app = command_group("counterfraud: intercept, dismantle, cooperate, help victims.")
agency_app = command_group("Agencies of this instance.")
key_app = command_group("API keys.")
app.add_typer(agency_app, name="agency")
app.add_typer(key_app, name="key")


def _show_version(wanted: bool) -> None:
    if wanted:
        out.print(f"counterfraud {__version__}", highlight=False)
        raise typer.Exit()


@app.callback()
def configure(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option(
        "--version", help="Print the version and exit.", callback=_show_version,
        is_eager=True)] = False,
    data_dir: Annotated[Path | None, typer.Option(
        help="Folder for the SQLite database and demo files "
             "(or COUNTERFRAUD_DATA_DIR).")] = None,
    database_url: Annotated[str | None, typer.Option(
        help="SQLAlchemy URL (or COUNTERFRAUD_DATABASE_URL).")] = None,
    debug: Annotated[bool, typer.Option(
        "--debug", help="Show the traceback of an unexpected error; it may quote records "
                        "(or COUNTERFRAUD_DEBUG=1).")] = False,
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
def normalize(kind: KindArgument, value: ValueArgument, region: RegionOption = None,
              as_json: JsonOption = False) -> None:
    """Canonical form of one identifier; exit 2 with the reason when it is rejected."""
    identifier = normalize_identifier(kind, value, region=region)
    if as_json:
        print_json(identifier.as_dict())
    else:
        flag = "" if identifier.valid else "  (not a valid allocation)"
        out.print(f"{identifier.kind.value}\t{identifier.value}{flag}", highlight=False)


@app.command()
def extract(text: Annotated[str, typer.Argument(
                help="The text, in any language; obfuscations like hxxp and [.] are read.")],
            region: RegionOption = None, as_json: JsonOption = False) -> None:
    """Every identifier in free text (an SMS, a report narrative), with its span."""
    found = extract_identifiers(text, region=region)
    if as_json:
        print_json([hit.as_dict() for hit in found])
        return
    for hit in found:
        out.print(f"{hit.start}-{hit.end}\t{hit.identifier.kind.value}\t{hit.identifier.value}",
                  highlight=False)


@app.command("ingest")
def ingest_command(ctx: typer.Context,
                   file: Annotated[Path, typer.Argument(
                       help="A CSV or JSON Lines file of reports (docs/formats.md).")],
                   agency: Annotated[str, typer.Option(help="The reporting agency's code.")],
                   on_conflict: Annotated[ingest.OnConflict, typer.Option(
                       help="A report whose id the agency already stored: error (refuse "
                            "the row, keep the stored report), skip (keep it, count the "
                            "row skipped) or update (replace it).")
                   ] = ingest.OnConflict.ERROR,
                   ignore_unknown_columns: Annotated[bool, typer.Option(
                       "--ignore-unknown-columns",
                       help="Store the rows even when a column looks like a known one "
                            "misspelled (phone for phones); its values are not stored.")
                   ] = False,
                   as_json: JsonOption = False) -> None:
    """Store victim reports from a CSV or JSON Lines file (docs/formats.md).

    Exit 0 when every row was accepted (identifier values that cannot be read are
    warnings: their reports are stored with the value flagged), 1 when some rows were
    rejected or a column looks like a known one misspelled (then nothing is stored),
    2 when the file cannot be read."""
    with store_of(ctx) as store:
        size = file.stat().st_size if file.is_file() else 0
        with byte_bar(f"ingesting {file.name}", size,
                      disable=as_json or size < 1_000_000) as read:
            result = ingest.ingest_file(store, file, agency=agency, on_conflict=on_conflict,
                                        ignore_unknown_columns=ignore_unknown_columns,
                                        progress=read)
    if as_json:
        print_json({k: v for k, v in result.as_dict().items() if k != "file"})
    else:
        _show_ingest(file, result)
    raise typer.Exit(1 if result.rejected else 0)


def _show_ingest(file: Path, result: ingest.IngestResult) -> None:
    warned = len(result.warnings)
    out.print(f"{file}: {result.accepted} accepted ({result.new} new, {result.updated} "
              f"updated), {result.skipped} skipped, {result.rejected} rejected"
              + (f", {warned} warning{'s' if warned > 1 else ''}" if warned else ""),
              highlight=False)
    for e in result.errors[:50]:
        err.print(f"{file}:{e.line}: {e.field}: {e.message}", highlight=False)
    if len(result.errors) > 50:
        err.print(f"... and {len(result.errors) - 50} more errors (use --json for all)")
    for w in result.warnings[:50]:
        err.print(f"{file}:{w.line}: {w.field}: warning: {w.message}; the report is stored "
                  "with the value flagged", highlight=False)
    if warned > 50:
        err.print(f"... and {warned - 50} more warnings (use --json for all)")
    if result.ignored_columns:
        err.print(f"ignored unknown columns: {', '.join(result.ignored_columns)}")


@app.command()
def lookup(ctx: typer.Context, kind: KindArgument, value: ValueArgument,
           region: RegionOption = None,
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
    linked = table("kind", "value", "reports", "link")
    for li in found.linked[:20]:
        linked.add_row(li.identifier.kind.value, li.identifier.value, f"{li.reports:,}",
                       ",".join(li.link_types))
    out.print(linked)


@app.command()
def stats(ctx: typer.Context,
          in_currency: Annotated[str | None, typer.Option(
              "--currency", help="Also total the losses in this currency (e.g. USD) at the "
                                 "shipped, dated, approximate reference rates "
                                 "(docs/operations.md).")] = None,
          as_json: JsonOption = False) -> None:
    """The figures a ministry publishes: reports by type, agency, country, losses."""
    with store_of(ctx) as store:
        figures = reports.statistics(store, LOCAL).as_dict()
        unfinished = demo_folder.unfinished_build(store)
    if unfinished is not None:
        err.print(f"warning: {demo_folder.interrupted(unfinished, store.settings)}",
                  highlight=False)
    common = (currency.common_total(figures["loss_by_currency"], in_currency)
              if in_currency else None)
    if as_json:
        print_json({**figures, **({"loss_in_common_currency": common.as_dict()}
                                  if common else {}),
                    "unfinished_demo_build": unfinished.as_dict() if unfinished else None})
        return
    out.print(f"{figures['reports']:,} reports")
    for key in ("by_scam_type", "by_agency", "by_victim_country", "loss_by_currency",
                "identifiers_by_kind"):
        out.print(f"{key.replace('_', ' ')}: " + ", ".join(
            f"{k} {_thousands(v)}" for k, v in figures[key].items()), highlight=False)
    if common is not None:
        left_out = "".join(f"; not converted (no reference rate): {k} {_thousands(v)}"
                           for k, v in common.not_converted.items())
        out.print(f"loss in {common.currency}, approximate: {_thousands(common.amount)} at "
                  f"reference rates of {common.rates_as_of}{left_out}", highlight=False)


def _thousands(value: object) -> str:
    """1234567 -> 1,234,567; "16227374.44" -> 16,227,374.44 (amounts keep their cents)."""
    if isinstance(value, int):
        return f"{value:,}"
    whole, dot, cents = str(value).partition(".")
    try:
        return f"{int(whole):,}{dot}{cents}"
    except ValueError:
        return str(value)


@agency_app.command("add")
def agency_add(ctx: typer.Context,
               code: Annotated[str, typer.Argument(
                   help="COUNTRY-NAME in capitals, like CN-MPS or TH-CCIB.")],
               country: Annotated[str, typer.Option(
                   help="The agency's country: an ISO 3166-1 alpha-2 code (TH, CN ...).")],
               name: Annotated[str, typer.Option(help="The agency's full name.")],
               partner: Annotated[bool, typer.Option(
                   "--partner", help="An agency of a partner instance (it may hold keys "
                                     "here to pull; its records arrive only by sync).")
               ] = False,
               kind: Annotated[str, typer.Option(
                   help="agency (police, regulator, operator) or bank (a bank or exchange "
                        "that answers freeze requests addressed to it)")] = "agency",
               ) -> None:
    """Register an agency (code like CN-MPS), or with --kind bank a bank or exchange."""
    with store_of(ctx) as store:
        agency = access.add_agency(store, code=code, country=country, name=name,
                                   home=not partner, kind=kind)
    out.print(f"added {agency.code} ({agency.country}) {agency.name}"
              f"{' [bank]' if agency.kind.value == 'bank' else ''}", highlight=False)


@agency_app.command("list")
def agency_list(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Every agency: code, country and name."""
    with store_of(ctx) as store:
        agencies = access.list_agencies(store)
    if as_json:
        print_json([{"code": a.code, "country": a.country, "name": a.name} for a in agencies])
        return
    for a in agencies:
        out.print(f"{a.code}\t{a.country}\t{a.name}", highlight=False)


@key_app.command("create")
def key_create(ctx: typer.Context,
               agency: Annotated[str, typer.Option(help="The agency the key acts for.")],
               role: Annotated[ApiRole, typer.Option(
                   help="admin (everything), analyst (reports, lookups, statistics, the "
                        "blocklist) or operator (lookups, screening, feeds).")]) -> None:
    """Create an API key; the secret is printed once and only its hash is kept."""
    with store_of(ctx) as store:
        key = access.create_key(store, agency=agency, role=role)
    err.print(f"API key for {key.agency} ({key.role.value}); store it now, it is not shown again:")
    sys.stdout.write(key.secret + "\n")


@key_app.command("revoke")
def key_revoke(ctx: typer.Context,
               prefix: Annotated[str, typer.Argument(
                   help="The key's prefix, as `key list` shows it.")]) -> None:
    """Revoke the keys starting with PREFIX (the first 11 characters shown at creation)."""
    with store_of(ctx) as store:
        count = access.revoke_key(store, prefix)
    if not count:
        fail(f"no active key starts with {prefix}", 1)
    out.print(f"revoked {count} key(s)")


@key_app.command("list")
def key_list(ctx: typer.Context,
             agency: Annotated[str | None, typer.Option(help="Only this agency's keys.")
                               ] = None,
             revoked: Annotated[bool, typer.Option(
                 "--revoked", help="Also list revoked keys.")] = False,
             as_json: JsonOption = False) -> None:
    """API keys: prefix, agency, role, when created and last used (to the minute);
    never the secret, which is shown once, at creation."""
    with store_of(ctx) as store:
        found = access.list_keys(store, agency=agency, include_revoked=revoked)
    if as_json:
        print_json([k.as_dict() for k in found])
        return
    listed = table("prefix", "agency", "role", "created", "last used",
                   *(["revoked"] if revoked else []))
    for k in found:
        listed.add_row(k.prefix, k.agency, k.role.value, _minute(k.created_at),
                       _minute(k.last_used_at) or "never",
                       *([_minute(k.revoked_at)] if revoked else []))
    out.print(listed)


def _minute(at: datetime | None) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if at else ""


def main() -> None:
    app()
