"""``counterfraud partners ...``, ``sync`` and ``instance public-key``: federation between
instances (docs/sharing.md)."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from typing import Annotated

import typer

from counterfraud.cli.app import app
from counterfraud.cli.common import (
    JsonOption,
    command_group,
    err,
    fail,
    out,
    print_json,
    store_of,
    table,
)
from counterfraud.services import federation

partners_app = command_group("Partner instances this one pulls from.")
instance_app = command_group("This instance's identity.")
app.add_typer(partners_app, name="partners")
app.add_typer(instance_app, name="instance")


@partners_app.command("add")
def partners_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="A short name for the partner, like LA.")],
    url: Annotated[str, typer.Option(help="The partner instance's base URL.")],
    api_key: Annotated[str, typer.Option(help="The API key the partner issued to our agency.")],
    public_key: Annotated[str, typer.Option(
        help="The partner's public key (base64), from its `counterfraud instance public-key`.")],
    agency: Annotated[str, typer.Option(help="Our agency the partner shares with.")],
    speaks_for: Annotated[list[str] | None, typer.Option(
        help="An agency whose records the partner may send (repeat); default: those its "
             "first page declares.")] = None,
) -> None:
    """Subscribe to a partner instance; `counterfraud sync NAME` then pulls from it."""
    with store_of(ctx) as store:
        partner = federation.add_partner(store, name=name, url=url, api_key=api_key,
                                         public_key=public_key, agency=agency,
                                         speaks_for=speaks_for or ())
    out.print(f"added partner {partner.name} at {partner.url} for {partner.subscriber} "
              f"(key fingerprint {partner.fingerprint})", highlight=False)


@partners_app.command("list")
def partners_list(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Partners, with where their last sync stopped and how it failed (keys shortened)."""
    with store_of(ctx) as store:
        partners = federation.list_partners(store)
    if as_json:
        print_json([p.as_dict() for p in partners])
        return
    listed = table("name", "url", "for", "API key", "key fingerprint", "last success",
                   "failures", "next attempt", "last error")
    for p in partners:
        listed.add_row(p.name, p.url, p.subscriber, p.api_key_hint, p.fingerprint,
                       _when(p.last_success_at), str(p.failures), _when(p.next_attempt_at),
                       p.last_error)
    out.print(listed)


@partners_app.command("remove")
def partners_remove(ctx: typer.Context,
                    name: Annotated[str, typer.Argument(help="The partner's name.")]) -> None:
    """Stop pulling from a partner and drop the agreements mirrored from it."""
    with store_of(ctx) as store:
        federation.remove_partner(store, name)
    out.print(f"removed partner {name}", highlight=False)


@app.command("sync")
def sync(
    ctx: typer.Context,
    partner: Annotated[str | None, typer.Argument(help="The partner to pull from now.")] = None,
    all_partners: Annotated[bool, typer.Option(
        "--all", help="Every partner whose retry backoff has run out.")] = False,
    watch: Annotated[float | None, typer.Option(
        help="With --all: sync again every SECONDS until interrupted.", min=1)] = None,
    page_size: Annotated[int, typer.Option(
        help="Records per page.", min=1, max=federation.MAX_PAGE)] = federation.DEFAULT_PAGE,
    as_json: JsonOption = False,
) -> None:
    """Pull what partners share with us: `sync PARTNER` now (even during backoff), or
    `sync --all [--watch SECONDS]`. Exit 1 when a partner fails, with the reason."""
    if (partner is None) == (not all_partners):
        fail("name one PARTNER or give --all")
    if watch is not None and not all_partners:
        fail("--watch needs --all")
    _log_warnings_once()
    with store_of(ctx) as store:
        if partner is not None:
            _show(federation.sync_partner(store, partner, page_size=page_size), as_json)
            return
        try:
            while True:
                outcomes = federation.sync_due(store, page_size=page_size)
                for outcome in outcomes:
                    _show(outcome, as_json)
                if watch is None:
                    break
                time.sleep(watch)
        except KeyboardInterrupt:
            return
    if any(isinstance(o, federation.SyncFailed) for o in outcomes):
        raise typer.Exit(1)


@instance_app.command("public-key")
def instance_public_key(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """The key partners register to verify what this instance sends them."""
    with store_of(ctx) as store:
        identity = federation.instance_identity(store)
    if as_json:
        print_json(identity)
        return
    out.print(identity["public_key"], highlight=False)
    err.print(f"fingerprint {identity['fingerprint']}")


def _show(outcome: federation.SyncResult | federation.SyncFailed, as_json: bool) -> None:
    if isinstance(outcome, federation.SyncFailed):
        if as_json:
            print_json({"partner": outcome.partner, "error": str(outcome),
                        "kind": outcome.kind})
        else:
            err.print(f"error: {outcome}", highlight=False)
        return
    if as_json:
        print_json(outcome.as_dict())
        return
    note = "; agreements updated" if outcome.agreements_changed else ""
    out.print(f"{outcome.partner}: {outcome.pages} pages, {outcome.objects} objects "
              f"({len(outcome.skipped)} skipped) in {outcome.seconds:.1f} s{note}",
              highlight=False)


def _log_warnings_once() -> None:
    """Federation warnings (an agreement a partner may not grant) as warning lines;
    failures are left out of them, since each is printed as its error line."""
    log = federation.logger
    if any(getattr(h, "name", "") == "cli" for h in log.handlers):
        return
    handler = logging.StreamHandler()
    handler.set_name("cli")
    handler.setFormatter(logging.Formatter("warning: %(message)s"))
    handler.addFilter(lambda record: not getattr(record, federation.REPORTED, False))
    log.addHandler(handler)
    log.propagate = False


def _when(at: datetime | None) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S") if at else ""
