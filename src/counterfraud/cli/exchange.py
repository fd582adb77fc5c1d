"""``counterfraud export stix`` and ``counterfraud import stix``: STIX 2.1 bundles out to
partners, MISP and OpenCTI, and in from them (docs/sharing.md)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from counterfraud.cli.app import app
from counterfraud.cli.common import JsonOption, command_group, err, out, print_json, store_of
from counterfraud.services import stix
from counterfraud.sharing.stix import Dialect

export_app = command_group("Export records in open formats.")
import_app = command_group("Import records from open formats.")
app.add_typer(export_app, name="export")
app.add_typer(import_app, name="import")


@export_app.command("stix")
def export_stix(
    ctx: typer.Context,
    out_file: Annotated[str, typer.Argument(metavar="OUT", help="File to write, - for stdout.")],
    for_agency: Annotated[str | None, typer.Option(
        "--for", help="Only what this agency may see (default: everything here).")] = None,
    since: Annotated[str | None, typer.Option(
        help="Only records changed after this ISO 8601 time (UTC without a zone).")] = None,
    dialect: Annotated[Dialect, typer.Option(
        help="opencti: phone numbers, accounts and wallets as OpenCTI observables; "
             "misp: as MISP attributes, for MISP's converter.")] = Dialect.OPENCTI,
) -> None:
    """Write a STIX 2.1 bundle of reports, identifiers, links and blocklist indicators."""
    moment = stix.parse_since(since) if since else None
    with store_of(ctx) as store:
        bundle = stix.export_bundle(store, for_agency=for_agency, since=moment,
                                    dialect=dialect)
    if out_file == "-":
        stix.write_bundle(bundle, sys.stdout)
        return
    with Path(out_file).open("w", encoding="utf-8") as f:
        stix.write_bundle(bundle, f)
    err.print(f"{out_file}: {len(bundle['objects'])} STIX objects", highlight=False)


@import_app.command("stix")
def import_stix(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A STIX 2.1 bundle (JSON).")],
    agency: Annotated[str | None, typer.Option(
        help="Owner of what the bundle does not name an owner for (MISP, OpenCTI).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Store a bundle's reports, identifiers, links and blocklist candidates.

    Exit 0 when every object was read, 1 when some were skipped (listed), 2 when the
    file is not a STIX bundle."""
    bundle = stix.read_bundle_file(file)
    with store_of(ctx) as store:
        result = stix.import_bundle(store, bundle, source=str(file), default_agency=agency)
    if as_json:
        print_json(result.as_dict())
    else:
        for label, counts in (("created", result.created), ("updated", result.updated),
                              ("unchanged", result.unchanged)):
            if counts:
                out.print(f"{label}: " + ", ".join(f"{k} {v}" for k, v in counts.items()),
                          highlight=False)
        out.print(f"{file}: {len(result.skipped)} objects skipped", highlight=False)
        for reason in result.skipped[:50]:
            err.print(f"{file}: {reason}", highlight=False)
        if len(result.skipped) > 50:
            err.print(f"... and {len(result.skipped) - 50} more (use --json for all)")
    raise typer.Exit(1 if result.skipped else 0)
