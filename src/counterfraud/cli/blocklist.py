"""``counterfraud blocklist ...``: list, delist, appeal and feed what interception blocks."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer

from counterfraud.cli.app import app
from counterfraud.cli.common import (
    JsonOption,
    KindArgument,
    RegionOption,
    ValueArgument,
    command_group,
    err,
    out,
    print_json,
    store_of,
    table,
)
from counterfraud.domain import BlocklistEntry, Confidence, EntryStatus, IdentifierKind, Marking
from counterfraud.services import blocklist
from counterfraud.services.feeds import FeedFormat

blocklist_app = command_group("What interception blocks, and what it never blocks.")
app.add_typer(blocklist_app, name="blocklist")

ReasonOption = Annotated[str, typer.Option(help="Why: kept in the entry's history.")]
EntryArgument = Annotated[int, typer.Argument(
    help="The entry's id, as `blocklist list` shows it.")]
MatchOption = Annotated[str, typer.Option(
    help="exact, phone_prefix (+8617012), network (CIDR) or domain_tree")]
ByOption = Annotated[str, typer.Option(
    "--by", help="Who is making the change (kept in the history).")]
DEFAULT_ACTOR = f"console:{os.environ.get('USER', 'operator')}"


@blocklist_app.command("add")
def add(ctx: typer.Context, kind: KindArgument, value: ValueArgument, reason: ReasonOption,
        match: MatchOption = "exact",
        agency: Annotated[str | None, typer.Option(help="Owning agency code.")] = None,
        days: Annotated[int | None, typer.Option(help="Expire after this many days.")] = None,
        predicted: Annotated[bool, typer.Option(
            "--predicted", help="From a model, not confirmed (only warns).")] = False,
        marking: Annotated[str, typer.Option(
            help="TLP 2.0 marking: with the owner and agreements, decides who sees it.")
        ] = "TLP:GREEN",
        region: RegionOption = None, by: ByOption = DEFAULT_ACTOR,
        as_json: JsonOption = False) -> None:
    """Block one identifier, a phone prefix, a network or a domain with its subdomains."""
    target = blocklist.parse_target(kind, value, match, region=region)
    expires = datetime.now(UTC) + timedelta(days=days) if days else None
    with store_of(ctx) as store:
        entry = blocklist.add_entry(
            store, target, actor=by, reason=reason, agency=agency, expires_at=expires,
            confidence=Confidence.PREDICTED if predicted else Confidence.CONFIRMED,
            marking=Marking.parse(marking))
    _show_entry(entry, as_json)


@blocklist_app.command("list")
def list_entries(ctx: typer.Context,
                 status: Annotated[str, typer.Option(
                     help="active, delisted, expired or all")] = "active",
                 kind: Annotated[str | None, typer.Option(help="Only this kind.")] = None,
                 limit: Annotated[int, typer.Option(help="At most this many.")] = 100,
                 as_json: JsonOption = False) -> None:
    """Entries with their provenance."""
    wanted = None if status == "all" else EntryStatus(status)
    with store_of(ctx) as store:
        found = blocklist.entries(store, status=wanted, limit=limit,
                                  kind=IdentifierKind.parse(kind) if kind else None)
    if as_json:
        print_json([e.as_dict() for e in found])
        return
    listed = table("id", "kind", "value", "match", "confidence", "source", "reports",
                   "reason")
    for e in found:
        listed.add_row(str(e.id), e.kind.value, e.value, e.match.value, e.confidence.value,
                       e.source.value, f"{len(e.report_ids):,}", e.reason)
    out.print(listed)


@blocklist_app.command("show")
def show(ctx: typer.Context, entry_id: EntryArgument, as_json: JsonOption = False) -> None:
    """One entry with every change made to it (who, when, why)."""
    with store_of(ctx) as store:
        entry, changes = blocklist.entry(store, entry_id)
    if as_json:
        print_json({**entry.as_dict(), "history": [c.as_dict() for c in changes]})
        return
    _show_entry(entry, False)
    for c in changes:
        out.print(f"  v{c.version} {c.at:%Y-%m-%d %H:%M} {c.action} by {c.actor}: {c.reason}",
                  highlight=False)


@blocklist_app.command("delist")
def delist(ctx: typer.Context, entry_id: EntryArgument, reason: ReasonOption,
           by: ByOption = DEFAULT_ACTOR) -> None:
    """Stop blocking an entry (kept, with the reason)."""
    with store_of(ctx) as store:
        entry = blocklist.delist(store, entry_id, actor=by, reason=reason)
    _show_entry(entry, False)


@blocklist_app.command("promote")
def promote(ctx: typer.Context,
            min_reports: Annotated[int, typer.Option(
                help="Block identifiers named in at least this many reports.")] = 2,
            as_json: JsonOption = False) -> None:
    """Block every identifier that enough victims' reports name, with them as provenance."""
    with store_of(ctx) as store:
        result = blocklist.promote_from_reports(store, min_reports=min_reports)
    if as_json:
        print_json(result.as_dict())
        return
    out.print(f"added {result.added}, already listed {result.already_listed}, "
              f"kept off by the allowlist {len(result.allowlisted)}")


@blocklist_app.command("feed")
def feed(ctx: typer.Context,
         fmt: Annotated[str, typer.Option("--format", help="csv, json, rpz or hosts")] = "csv",
         since: Annotated[int | None, typer.Option(
             help="Only changes after this blocklist version.")] = None,
         out_file: Annotated[Path | None, typer.Option("--out", help="Write here.")] = None,
         ) -> None:
    """The blocklist for the parties that enforce it (resolvers, telcos, banks)."""
    with store_of(ctx) as store:
        text = blocklist.feed(store, FeedFormat.parse(fmt), since=since)
    if out_file is None:
        typer.echo(text, nl=False)
    else:
        out_file.write_text(text, encoding="utf-8")
        err.print(f"wrote {out_file}")


@blocklist_app.command("appeal")
def appeal(ctx: typer.Context, kind: KindArgument, value: ValueArgument,
           contact: Annotated[str, typer.Option(help="How to reach the appellant.")],
           statement: Annotated[str, typer.Option(help="Why the block is wrong.")],
           match: MatchOption = "exact", region: RegionOption = None) -> None:
    """File the owner's appeal against a block."""
    target = blocklist.parse_target(kind, value, match, region=region)
    with store_of(ctx) as store:
        filed = blocklist.appeal(store, contact=contact, statement=statement, target=target)
    out.print(f"appeal {filed.id} filed against entry {filed.entry_id}")


@blocklist_app.command("appeals")
def appeals(ctx: typer.Context,
            status: Annotated[str | None, typer.Option(help="open, upheld or rejected")] = "open",
            as_json: JsonOption = False) -> None:
    """Appeals against blocks, oldest first: id, entry, status, contact, statement."""
    with store_of(ctx) as store:
        found = blocklist.appeals(store, status=status)
    if as_json:
        print_json([a.as_dict() for a in found])
        return
    for a in found:
        out.print(f"{a.id}\tentry {a.entry_id}\t{a.status}\t{a.contact}\t{a.statement}",
                  highlight=False)


@blocklist_app.command("decide")
def decide(ctx: typer.Context,
           appeal_id: Annotated[int, typer.Argument(
               help="The appeal's id, as `blocklist appeals` shows it.")],
           reason: ReasonOption,
           uphold: Annotated[bool, typer.Option(
               "--uphold/--reject", help="Uphold delists the entry.")] = False,
           by: ByOption = DEFAULT_ACTOR) -> None:
    """Decide an appeal."""
    with store_of(ctx) as store:
        decided = blocklist.decide_appeal(store, appeal_id, uphold=uphold, actor=by,
                                          reason=reason)
    out.print(f"appeal {decided.id}: {decided.status}")


@blocklist_app.command("allowlist")
def allowlist(ctx: typer.Context,
              install_defaults: Annotated[bool, typer.Option(
                  "--install-defaults", help="Add the shipped hotlines, banks, "
                  "government domains and shorteners.")] = False,
              as_json: JsonOption = False) -> None:
    """What must never be blocked."""
    with store_of(ctx) as store:
        if install_defaults:
            added = blocklist.install_allowlist(store, blocklist.default_allowlist(),
                                                actor=DEFAULT_ACTOR)
            err.print(f"added {added} allowlist entries")
        listed = blocklist.allowlist(store)
    if as_json:
        print_json([{"kind": a.kind.value, "value": a.value, "match": a.match.value,
                     "reason": a.reason} for a in listed])
        return
    for a in listed:
        out.print(f"{a.kind.value}\t{a.value}\t{a.match.value}\t{a.reason}", highlight=False)


def _show_entry(entry: BlocklistEntry, as_json: bool) -> None:
    if as_json:
        print_json(entry.as_dict())
        return
    status = "" if entry.status is EntryStatus.ACTIVE else f" [{entry.status.value}]"
    out.print(f"{entry.id}\t{entry.kind.value}\t{entry.value}\t{entry.match.value}\t"
              f"{entry.confidence.value}{status}\t{entry.reason}", highlight=False)
