"""``counterfraud freeze ...``: freeze and stop-payment requests. The police raise them
for a case; the bank or exchange addressed (an agency of kind ``bank``) reads its queue
and answers; ``feed`` gives a bank the suspected accounts it may see for its batch.

The command line is the local operator; ``--as AGENCY`` acts for one agency (a police
force raising a request, a bank answering one), ``--by`` names the officer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from counterfraud.cli.app import app
from counterfraud.cli.common import JsonOption, command_group, err, out, print_json, store_of, table
from counterfraud.cli.victims import DEFAULT_ACTOR, AsOption, ByOption, via_of, viewer_of
from counterfraud.domain import parse_time
from counterfraud.errors import InvalidInput
from counterfraud.services import freeze
from counterfraud.services.audit import Access
from counterfraud.services.feeds import FeedFormat
from counterfraud.services.freeze import FreezeView

freeze_app = command_group("Freeze and stop-payment requests, and the banks' queues.")
app.add_typer(freeze_app, name="freeze")

RequestArgument = Annotated[str, typer.Argument(help="The request's id (FRZ-...).")]
ForOption = Annotated[str, typer.Option("--for", help="The bank or exchange (its code).")]


def _via(by: str, command: str, acting: str | None) -> Access:
    return via_of(by, command, acting, group="freeze")


def _accounts(values: list[str] | None, region: str | None) -> list[tuple[str, str,
                                                                          str | None]]:
    found: list[tuple[str, str, str | None]] = []
    for text in values or []:
        kind, sep, value = text.partition(":")
        if not sep:
            raise InvalidInput(f"account {text!r} must be KIND:VALUE, like "
                               "bank_account:0123456789", field="accounts")
        found.append((kind, value, region))
    return found


def _line(view: FreezeView) -> str:
    r = view.request
    asked = f" {r.amount.amount} {r.amount.currency}" if r.amount else ""
    hours = view.as_dict()["hours_to_answer"]
    took = f" in {hours:.1f} h" if hours is not None else ""
    return (f"{r.id} case {r.case_id} to {r.addressee} [{r.status.value}{took}]{asked}: "
            + ", ".join(f"{a.kind.value}:{a.value}" for a in r.accounts))


def _done(view: FreezeView, as_json: bool) -> None:
    if as_json:
        print_json(view.as_dict())
    else:
        out.print(_line(view), highlight=False)


@freeze_app.command("request")
def request(ctx: typer.Context, case_id: Annotated[str, typer.Argument(help="The case.")],
            account: Annotated[list[str], typer.Option(
                help="An account or wallet as KIND:VALUE (bank_account:..., "
                     "crypto_wallet:...); repeat.")],
            institution: Annotated[str | None, typer.Option(
                help="The registered bank or exchange that answers.")] = None,
            addressee: Annotated[str | None, typer.Option(
                help="Or the name of one not registered here (sent by other means; "
                     "its answer recorded by the case's owner).")] = None,
            amount: Annotated[str | None, typer.Option(help="How much to hold.")] = None,
            currency: Annotated[str | None, typer.Option(help="ISO 4217.")] = None,
            deadline: Annotated[str | None, typer.Option(
                help="When the money would be gone (ISO 8601).")] = None,
            marking: Annotated[str | None, typer.Option(
                help="Default: the case's (never TLP:RED).")] = None,
            agency: Annotated[str | None, typer.Option(
                help="The requesting agency, for the local operator (default: the case's "
                     "owner).")] = None,
            region: Annotated[str | None, typer.Option(help="Country of national "
                                                            "formats.")] = None,
            acting: AsOption = None, by: ByOption = DEFAULT_ACTOR,
            as_json: JsonOption = False) -> None:
    """Ask a bank or exchange to freeze accounts and wallets of a case. Across a border
    only as the police of a victim's country and under an agreement."""
    ask = freeze.ask_of(_accounts(account, region), institution=institution,
                        addressee=addressee, amount=amount, currency=currency,
                        deadline=parse_time(deadline, field_name="deadline")
                        if deadline else None)
    with store_of(ctx) as store:
        _done(freeze.request_freeze(store, viewer_of(acting), case_id=case_id, ask=ask,
                                    marking=marking, requesting_agency=agency,
                                    via=_via(by, "request", acting)), as_json)


@freeze_app.command("list")
def list_command(ctx: typer.Context,
                 case_id: Annotated[str | None, typer.Option("--case", help="Only this "
                                                             "case's.")] = None,
                 status: Annotated[str | None, typer.Option(
                     help="requested, frozen, partly_frozen, already_withdrawn, not_found "
                          "or refused")] = None,
                 limit: Annotated[int, typer.Option(help="At most this many.")] = 100,
                 acting: AsOption = None, by: ByOption = DEFAULT_ACTOR,
                 as_json: JsonOption = False) -> None:
    """The requests you may see, oldest first."""
    with store_of(ctx) as store:
        found = freeze.list_requests(store, viewer_of(acting), case_id=case_id,
                                     status=status, limit=limit,
                                     via=_via(by, "list", acting))
    if as_json:
        print_json([v.as_dict() for v in found])
        return
    listed = table("id", "case", "to", "status", "asked", "requested", "hours", "frozen")
    for v in found:
        shown = v.as_dict()
        listed.add_row(v.request.id, v.request.case_id, v.request.addressee,
                       v.request.status.value,
                       " ".join(shown["amount"].values()) if shown["amount"] else "-",
                       shown["requested_at"][:16],
                       f"{shown['hours_to_answer']:.1f}"
                       if shown["hours_to_answer"] is not None else "-",
                       " ".join(shown["amount_frozen"].values())
                       if shown["amount_frozen"] else "-")
    out.print(listed)


@freeze_app.command("show")
def show(ctx: typer.Context, request_id: RequestArgument, acting: AsOption = None,
         by: ByOption = DEFAULT_ACTOR, as_json: JsonOption = False) -> None:
    """One request with its answer and timeline."""
    with store_of(ctx) as store:
        view = freeze.get_request(store, viewer_of(acting), request_id,
                                  via=_via(by, "show", acting))
    if as_json:
        print_json(view.as_dict())
        return
    out.print(_line(view), highlight=False)
    for e in view.request.timeline:
        out.print(f"  {e.at.isoformat()} {e.action} by {e.actor}"
                  f"{': ' + e.detail if e.detail else ''}", highlight=False)


@freeze_app.command("answer")
def answer(ctx: typer.Context, request_id: RequestArgument,
           reply: Annotated[str, typer.Argument(
               metavar="ANSWER", help="frozen, partly_frozen, already_withdrawn, not_found "
                                      "or refused")],
           amount: Annotated[str | None, typer.Option(
               help="Amount frozen (frozen: default the amount asked; partly_frozen: "
                    "required).")] = None,
           currency: Annotated[str | None, typer.Option(
               help="Its currency (default: the request's).")] = None,
           reason: Annotated[str, typer.Option(help="Why refused.")] = "",
           acting: AsOption = None, by: ByOption = DEFAULT_ACTOR,
           as_json: JsonOption = False) -> None:
    """The addressee's one answer (the first is final)."""
    with store_of(ctx) as store:
        _done(freeze.answer(store, viewer_of(acting), request_id, reply, amount=amount,
                            currency=currency, reason=reason,
                            via=_via(by, "answer", acting)), as_json)


@freeze_app.command("queue")
def queue(ctx: typer.Context, bank: ForOption,
          limit: Annotated[int, typer.Option(help="At most this many.")] = 100,
          by: ByOption = DEFAULT_ACTOR, as_json: JsonOption = False) -> None:
    """A bank's open requests, oldest first, with their accounts."""
    with store_of(ctx) as store:
        found = freeze.queue(store, viewer_of(None), institution=bank, limit=limit,
                             via=_via(by, "queue", None))
    if as_json:
        print_json([v.as_dict() for v in found])
        return
    for v in found:
        deadline = v.request.deadline
        out.print(_line(v) + (f" (deadline {deadline.isoformat()})" if deadline else ""),
                  highlight=False)


@freeze_app.command("feed")
def feed(ctx: typer.Context, bank: ForOption,
         since: Annotated[str | None, typer.Option(
             help="Only what was listed at or after this time (ISO 8601).")] = None,
         fmt: Annotated[str, typer.Option("--format", help="csv or json")] = "csv",
         out_file: Annotated[Path | None, typer.Option("--out", help="Write here.")] = None,
         by: ByOption = DEFAULT_ACTOR) -> None:
    """The suspected accounts a bank may see, for the batch it runs every few hours: those
    of the open requests addressed to it and of the active blocklist entries it may see."""
    chosen = FeedFormat.parse(fmt)
    moment = parse_time(since, field_name="since") if since else None
    with store_of(ctx) as store:
        text = freeze.feed(store, viewer_of(None), chosen, institution=bank, since=moment,
                           via=_via(by, "feed", None))
    if out_file is None:
        typer.echo(text, nl=False)
    else:
        out_file.write_text(text, encoding="utf-8")
        err.print(f"wrote {out_file}")
