"""``counterfraud agreements ...``: what each agency shares with which partner."""

from __future__ import annotations

from typing import Annotated

import typer

from counterfraud.cli.app import app
from counterfraud.cli.common import (
    JsonOption,
    command_group,
    err,
    out,
    print_json,
    store_of,
    table,
)
from counterfraud.domain import parse_time
from counterfraud.services import agreements

agreements_app = command_group(
    "Agreements between agencies: one direction each, with markings, record types, "
    "purpose, legal basis and validity.")
app.add_typer(agreements_app, name="agreements")


@agreements_app.command("add")
def add(ctx: typer.Context,
        grantor: Annotated[str, typer.Option("--from", help="The agency whose records flow.")],
        grantee: Annotated[str, typer.Option("--to", help="The agency that will see them.")],
        purpose: Annotated[str, typer.Option(help="What the sharing is for.")],
        legal_basis: Annotated[str, typer.Option(
            help="bilateral_mou, mlat, interpol or joint_operation.")],
        marking: Annotated[list[str], typer.Option(
            help="A marking that flows (repeat): clear, green, amber, amber+strict.")],
        record_type: Annotated[list[str], typer.Option(
            help="A record type that flows (repeat): report, sighting, link, "
                 "blocklist_entry, network, or all.")] = ["all"],  # noqa: B006
        reference: Annotated[str, typer.Option(help="MoU, treaty or case reference.")] = "",
        valid_from: Annotated[str | None, typer.Option(help="ISO 8601; default now.")] = None,
        valid_to: Annotated[str | None, typer.Option(help="ISO 8601; default open.")] = None,
        by: Annotated[str, typer.Option("--by", help="Who records it.")] = "console",
        as_json: JsonOption = False) -> None:
    """Let one agency's records of the given markings and types be seen by another.

    Refused (exit 1) when an agreement with the same markings, record types, legal basis
    and reference overlaps it in time; a warning names one that grants the same under
    another legal basis or reference."""
    starts = parse_time(valid_from, field_name="valid_from") if valid_from else None
    ends = parse_time(valid_to, field_name="valid_to") if valid_to else None
    with store_of(ctx) as store:
        made = agreements.add_agreement(
            store, grantor=grantor, grantee=grantee, markings=marking,
            record_types=record_type, purpose=purpose, legal_basis=legal_basis,
            reference=reference, valid_from=starts, valid_to=ends, created_by=by)
        also = agreements.same_grant(store, made)
    for other in also:
        err.print(f"warning: agreement {other.id} ({other.legal_basis.value}"
                  f"{', ' + other.reference if other.reference else ''}) already grants "
                  f"{made.grantee} the same markings and record types of {made.grantor} "
                  f"over an overlapping period", highlight=False)
    if as_json:
        print_json(made.as_dict())
        return
    out.print(f"agreement {made.id}: {made.grantor} -> {made.grantee}")


@agreements_app.command("list")
def list_command(ctx: typer.Context,
                 agency: Annotated[str | None, typer.Option(
                     help="Only agreements this agency grants or receives.")] = None,
                 as_json: JsonOption = False) -> None:
    """Every agreement, oldest first, with whether it is in force now."""
    with store_of(ctx) as store:
        found = agreements.list_agreements(store, agency=agency)
    if as_json:
        print_json([a.as_dict() for a in found])
        return
    listed = table("id", "from", "to", "markings", "record types", "legal basis",
                   "valid", "state")
    for a in found:
        shown = a.as_dict()
        state = "revoked" if a.revoked_at else ("in force" if agreements.in_force(a)
                                                 else "not in force")
        listed.add_row(str(a.id), a.grantor, a.grantee, ", ".join(shown["markings"]),
                       ", ".join(shown["record_types"]), a.legal_basis.value,
                       f"{shown['valid_from'][:10]} .. {(shown['valid_to'] or '')[:10]}",
                       state)
    out.print(listed)


@agreements_app.command("revoke")
def revoke(ctx: typer.Context,
           agreement_id: Annotated[int, typer.Argument(
               help="The agreement's id, as `agreements list` shows it.")],
           as_json: JsonOption = False) -> None:
    """Stop an agreement from now on (it stays listed, with when it was revoked)."""
    with store_of(ctx) as store:
        done = agreements.revoke_agreement(store, agreement_id)
    if as_json:
        print_json(done.as_dict())
        return
    out.print(f"agreement {done.id} revoked at {done.revoked_at}")
