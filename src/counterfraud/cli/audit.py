"""``counterfraud audit ...`` and ``counterfraud evidence ...``: check the tamper-evident
trail, read it, and pack or check signed evidence packages.

``evidence verify`` with the sending instance's public key opens no database and reads
no settings: it runs on a court's machine with only the package and that key. Without a
key it trusts only what this machine's instance vouches for, creating nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from counterfraud.cli.app import app
from counterfraud.cli.common import (
    LOCAL,
    JsonOption,
    command_group,
    err,
    fail,
    out,
    print_json,
    store_of,
)
from counterfraud.domain import ApiRole, Viewer, parse_agency_code
from counterfraud.errors import CounterfraudError
from counterfraud.services import audit, evidence
from counterfraud.services.audit import Access
from counterfraud.settings import Settings, get_settings

audit_app = command_group("The tamper-evident audit trail of every write and every read.")
evidence_app = command_group("Signed evidence packages that a court can check offline.")
app.add_typer(audit_app, name="audit")
app.add_typer(evidence_app, name="evidence")


@audit_app.command("verify")
def verify(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Check the whole chain: exit 0 when intact, 1 naming the first entry at fault."""
    with store_of(ctx) as store:
        report = audit.verify(store)
    if as_json:
        print_json(report.as_dict())
    elif report.problem is None:
        head = report.head.last_hash if report.head else "(empty)"
        out.print(f"audit trail intact: {report.entries} entries, head {head}",
                  highlight=False)
    else:
        err.print(str(report.problem), highlight=False)
    raise typer.Exit(0 if report.intact else 1)


@audit_app.command("list")
def list_entries(
    ctx: typer.Context,
    since: Annotated[datetime | None, typer.Option(
        help="Entries at or after this time (ISO 8601; UTC when no zone).")] = None,
    actor: Annotated[str | None, typer.Option(
        help="Only this actor (an agency and key prefix, or operator).")] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many, oldest first.")] = 1000,
    as_json: JsonOption = False,
) -> None:
    """Entries oldest first: when, who, what, through which path."""
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    with store_of(ctx) as store:
        found = audit.entries(store, since=since, actor=actor, limit=limit)
    if as_json:
        print_json([e.as_dict() for e in found])
        return
    for e in found:
        records = e.as_dict()["records"]
        shown = ", ".join(records[:5]) + (f" (+{len(records) - 5})" if len(records) > 5
                                          else "")
        out.print(f"{e.id}\t{e.at.isoformat()}\t{e.actor}\t{e.action}\t{e.path}\t"
                  f"{e.record_type}\t{shown}", highlight=False)


@evidence_app.command("export")
def export(
    ctx: typer.Context,
    target: Annotated[str, typer.Argument(
        help="A network id (N-000001) or a report (AGENCY/REPORT_ID).")],
    out_file: Annotated[Path, typer.Argument(metavar="OUT.zip",
                                             help="The package to write (a zip).")],
    for_agency: Annotated[str | None, typer.Option(
        "--for", help="Pack only what this agency may see (default: everything).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Pack reports, identifiers, links and provenance into a signed zip."""
    viewer = (Viewer(agency=parse_agency_code(for_agency), role=ApiRole.ADMIN)
              if for_agency else LOCAL)
    with store_of(ctx) as store:
        package = evidence.export_evidence(store, target, out_file, viewer=viewer,
                                           via=Access(path="cli evidence export"))
    if as_json:
        print_json(package.as_dict())
        return
    out.print(f"{out_file}: {package.reports} reports, {package.identifiers} identifiers, "
              f"{package.links} links in {package.files} files; signed by {package.signer} "
              f"(audit entry {package.audit_entry})", highlight=False)


@evidence_app.command("verify")
def verify_package(
    ctx: typer.Context,
    package: Annotated[Path, typer.Argument(metavar="OUT.zip",
                                            help="The package to check.")],
    public_key: Annotated[str | None, typer.Option(
        help="The sending instance's public key (base64), as it gave it to you.")] = None,
    public_key_file: Annotated[Path | None, typer.Option(
        help="A file holding that public key.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Check a package offline: exit 0 when it is signed by a trusted key and every file
    matches its signed manifest, 1 naming the first fault. Trusted: the key given, else
    this instance's own key and its partners' registered keys."""
    if public_key is not None and public_key_file is not None:
        fail("give --public-key or --public-key-file, not both")
    if public_key_file is not None:
        try:
            public_key = public_key_file.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as e:
            fail(f"{public_key_file}: cannot read the public key ({e})")
    report = evidence.verify_evidence(package, public_key,
                                      settings=None if public_key is not None
                                      else _local_settings(ctx))
    if as_json:
        print_json(report.as_dict())
    elif report.valid:
        out.print(f"{package}: intact, {report.files} files match the signed manifest; "
                  f"signed by {report.signer} (trusted as {report.trusted_as})",
                  highlight=False)
    else:
        err.print(f"{package}: {report.fault}: {report.message}", highlight=False)
        if report.untrusted_signer and public_key is None:
            err.print("give the sending instance's public key, obtained through another "
                      "channel, with --public-key or --public-key-file", highlight=False)
    raise typer.Exit(0 if report.valid else 1)


def _local_settings(ctx: typer.Context) -> Settings | None:
    """This machine's instance, if its settings load; a court's machine has none."""
    try:
        return get_settings(**(ctx.obj or {}))
    except CounterfraudError:
        return None
