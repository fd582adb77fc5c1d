"""``counterfraud takedown ...``: ask registrars, hosts and platforms to take a case's
sites, domains, handles, numbers, mailboxes and addresses down, and follow their answers.

The command line is the local operator: it sees every request and sends in the name of
the case's owner. ``--as AGENCY`` acts for one agency instead (what its keys may see and
do; the request goes in its name); ``--by`` names the officer, kept on the request's
timeline and the audit trail. Who may send what is ``services.takedowns``' rule.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer

from counterfraud.cases.requests import TakedownRequest
from counterfraud.cli.app import app
from counterfraud.cli.cases import AtOption, at_of
from counterfraud.cli.common import (
    LOCAL,
    JsonOption,
    command_group,
    out,
    print_json,
    store_of,
    table,
)
from counterfraud.domain import ApiRole, Viewer, parse_agency_code
from counterfraud.services import takedowns
from counterfraud.services.audit import Access
from counterfraud.services.takedowns import ReportFormat

takedown_app = command_group("Takedown requests to registrars, hosts and platforms, and "
                             "the abuse reports they carry.")
app.add_typer(takedown_app, name="takedown")

RequestArgument = Annotated[str, typer.Argument(
    help="The request's id (TD-...), as `takedown list` shows it.")]
AsOption = Annotated[str | None, typer.Option(
    "--as", help="Act for this agency (what its keys may see and do; requests go in its "
                 "name); default: the local operator, in the name of the case's owner.")]
ByOption = Annotated[str, typer.Option("--by", help="Who acts: kept on the timeline.")]
DEFAULT_ACTOR = f"console:{os.environ.get('USER', 'operator')}"


def _viewer(agency: str | None) -> Viewer:
    return Viewer(agency=parse_agency_code(agency), role=ApiRole.ADMIN) if agency else LOCAL


def _via(by: str, command: str, acting: str | None = None) -> Access:
    actor = f"{parse_agency_code(acting)}:{by}" if acting else by
    return Access(actor=actor, path=f"cli takedown {command}")


def _line(request: TakedownRequest) -> str:
    return (f"{request.id} [{request.status.value}] case {request.case_id}: "
            f"{request.target.kind.value} {request.target.value} -> {request.addressee}")


@takedown_app.command("request")
def request_command(
        ctx: typer.Context,
        case_id: Annotated[str, typer.Argument(help="The case's id.")],
        kind: Annotated[str, typer.Argument(help="url, domain, handle, phone, email or ip.")],
        value: Annotated[str, typer.Argument(help="As written; national phone formats "
                                                  "are read in --region.")],
        to: Annotated[str, typer.Option("--to", help="The registrar, host or platform.")],
        despite_pap: Annotated[str, typer.Option(
            "--despite-pap", help="Under PAP:AMBER or PAP:RED, the case owner's reason to "
                                  "act anyway (kept on the request).")] = "",
        region: Annotated[str | None, typer.Option(
            help="Country for national phone formats (default: the requester's).")] = None,
        acting: AsOption = None, at: AtOption = None, by: ByOption = DEFAULT_ACTOR,
        as_json: JsonOption = False) -> None:
    """Send a takedown request within a case; `takedown report` gives the abuse report
    to send with it."""
    with store_of(ctx) as store:
        sent = takedowns.request_takedown(
            store, _viewer(acting), case_id, kind, value, addressee=to, acting=acting,
            pap_override=despite_pap, region=region, at=at_of(at), via=_via(by, "request", acting))
    if as_json:
        print_json(takedowns.as_dict(sent))
        return
    out.print(f"{_line(sent)}; sent in the name of {sent.requesting_agency}", highlight=False)


@takedown_app.command("report")
def report_command(
        ctx: typer.Context, request_id: RequestArgument,
        fmt: Annotated[str, typer.Option("--format", help="text or json")] = "text",
        acting: AsOption = None) -> None:
    """The abuse report of a request: the target, the action asked, the reference, and
    what was seen that the requester may pass on; never victim data."""
    parsed = ReportFormat.parse(fmt)
    with store_of(ctx) as store:
        rendered = takedowns.abuse_report(store, _viewer(acting), request_id, fmt=parsed,
                                          via=_via(DEFAULT_ACTOR, "report", acting))
    body = rendered.body
    if isinstance(body, str):
        typer.echo(body, nl=False)
    else:
        print_json(body)


@takedown_app.command("move")
def move_command(
        ctx: typer.Context, request_id: RequestArgument,
        status: Annotated[str, typer.Argument(help="acknowledged, taken_down or refused.")],
        reason: Annotated[str, typer.Option(
            help="The refusal's grounds, the addressee's ticket: kept on the timeline.")] = "",
        acting: AsOption = None, at: AtOption = None, by: ByOption = DEFAULT_ACTOR,
        as_json: JsonOption = False) -> None:
    """Record the addressee's answer: sent -> acknowledged -> taken_down or refused."""
    with store_of(ctx) as store:
        moved = takedowns.move_takedown(store, _viewer(acting), request_id, status,
                                        reason=reason, at=at_of(at), via=_via(by, "move", acting))
    if as_json:
        print_json(takedowns.as_dict(moved))
        return
    hours = takedowns.as_dict(moved)["hours_to_takedown"]
    out.print(_line(moved) + (f"; taken down in {hours} h" if hours is not None else ""),
              highlight=False)


@takedown_app.command("list")
def list_command(
        ctx: typer.Context,
        case_id: Annotated[str | None, typer.Option("--case", help="Only this case's.")] = None,
        status: Annotated[list[str] | None, typer.Option(
            help="Only this status (repeat): sent, acknowledged, taken_down, refused.")
        ] = None,
        limit: Annotated[int, typer.Option(help="At most this many (1-1000).")] = 100,
        acting: AsOption = None, as_json: JsonOption = False) -> None:
    """Takedown requests, newest first."""
    with store_of(ctx) as store:
        total, found = takedowns.list_takedowns(
            store, _viewer(acting), case_id=case_id, status=status or [], limit=limit,
            via=_via(DEFAULT_ACTOR, "list", acting))
    if as_json:
        print_json({"total": total, "items": [takedowns.as_dict(r) for r in found]})
        return
    listed = table("id", "case", "status", "target", "addressee", "sent", "hours",
                   title=f"{total:,} takedown requests")
    for request in found:
        hours = takedowns.as_dict(request)["hours_to_takedown"]
        listed.add_row(request.id, request.case_id, request.status.value,
                       f"{request.target.kind.value} {request.target.value}",
                       request.addressee, f"{request.sent_at:%Y-%m-%d %H:%M}",
                       "" if hours is None else f"{hours}")
    out.print(listed)


@takedown_app.command("show")
def show_command(ctx: typer.Context, request_id: RequestArgument, acting: AsOption = None,
                 as_json: JsonOption = False) -> None:
    """One request with its timeline."""
    with store_of(ctx) as store:
        found = takedowns.get_takedown(store, _viewer(acting), request_id,
                                       via=_via(DEFAULT_ACTOR, "show", acting))
    shown = takedowns.as_dict(found)
    if as_json:
        print_json(shown)
        return
    out.print(_line(found) + f"\n  requested by {found.requesting_agency}", highlight=False)
    if found.pap_override:
        out.print(f"  despite the case's PAP: {found.pap_override}", highlight=False)
    for entry in shown["timeline"]:
        detail = f": {entry['detail']}" if entry["detail"] else ""
        out.print(f"  {entry['at'][:19]} {entry['actor']} {entry['action']}{detail}",
                  highlight=False)
