"""``counterfraud suspects ...``: the people behind a case, proposed from the networks'
core members, confirmed or added by hand, followed to conviction with their arrests and
handovers.

The command line is the local operator: it sees every suspect and every network of the
latest build. ``--as AGENCY`` acts for one agency instead (its suspects, and the
networks as that agency sees them); ``--by`` names the officer, kept on the timeline.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer

from counterfraud.cases.suspects import Suspect
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
from counterfraud.services import suspects
from counterfraud.services.audit import Access

suspects_app = command_group("Suspects of cases: proposed from networks, confirmed, "
                             "arrested, handed over, charged, convicted.")
app.add_typer(suspects_app, name="suspects")

CaseArgument = Annotated[str, typer.Argument(help="The case's id.")]
SuspectArgument = Annotated[str, typer.Argument(
    help="The suspect's id (SU-...), as `suspects list` shows it.")]
AsOption = Annotated[str | None, typer.Option(
    "--as", help="Act for this agency (what its keys may see and do); default: the local "
                 "operator.")]
ByOption = Annotated[str, typer.Option("--by", help="Who acts: kept on the timeline.")]
NameOption = Annotated[str | None, typer.Option(help="The name the case knows.")]
NationalityOption = Annotated[str | None, typer.Option(help="ISO country code.")]
DEFAULT_ACTOR = f"console:{os.environ.get('USER', 'operator')}"


def _viewer(agency: str | None) -> Viewer:
    return Viewer(agency=parse_agency_code(agency), role=ApiRole.ADMIN) if agency else LOCAL


def _via(by: str, command: str, acting: str | None = None) -> Access:
    actor = f"{parse_agency_code(acting)}:{by}" if acting else by
    return Access(actor=actor, path=f"cli suspects {command}")


def _done(suspect: Suspect, as_json: bool) -> None:
    if as_json:
        print_json(suspects.as_dict(suspect))
        return
    last = suspect.timeline[-1]
    detail = f": {last.detail}" if last.detail else ""
    out.print(f"{suspect.id} {suspect.name} [{suspect.status.value}] case {suspect.case_id}"
              f" {last.action}{detail}", highlight=False)


@suspects_app.command("propose")
def propose(ctx: typer.Context, case_id: CaseArgument,
            top: Annotated[int, typer.Option(help="Core members per network (1-50).")] = 5,
            acting: AsOption = None, as_json: JsonOption = False) -> None:
    """The core members of the networks the case links or that hold its identifiers, as
    you see the networks, with why: confirm one with `suspects confirm`."""
    with store_of(ctx) as store:
        found = suspects.proposals(store, _viewer(acting), case_id, top=top,
                                   via=_via(DEFAULT_ACTOR, "propose", acting))
    if as_json:
        print_json([p.as_dict() for p in found])
        return
    listed = table("network", "rank", "member", "why", "suspect",
                   title=f"{len(found)} proposals")
    for p in found:
        identifier = p.member.identifier
        listed.add_row(p.network_id, str(p.member.core_rank or ""),
                       f"{identifier.kind.value}:{identifier.value}", p.member.why or "",
                       p.suspect or "")
    out.print(listed)


@suspects_app.command("confirm")
def confirm(ctx: typer.Context, case_id: CaseArgument,
            from_network: Annotated[str, typer.Option(
                "--from-network", help="The network, as `suspects propose` shows it.")],
            member: Annotated[str, typer.Option(
                help="The member as KIND:VALUE, e.g. person:zhao lei|n:CN.")],
            name: NameOption = None, nationality: NationalityOption = None,
            acting: AsOption = None, at: AtOption = None, by: ByOption = DEFAULT_ACTOR,
            as_json: JsonOption = False) -> None:
    """Make a network member a suspect of the case (a person's name and nationality come
    from the member unless given)."""
    with store_of(ctx) as store:
        _done(suspects.confirm(store, _viewer(acting), case_id, from_network, member,
                               name=name, nationality=nationality,
                               at=at_of(at), via=_via(by, "confirm", acting)), as_json)


@suspects_app.command("add")
def add(ctx: typer.Context, case_id: CaseArgument,
        name: Annotated[str, typer.Option(help="The name the case knows: a legal name, an "
                                               "alias, a nickname.")],
        nationality: NationalityOption = None,
        identifier: Annotated[list[str] | None, typer.Option(
            help="KIND:VALUE the suspect uses (repeat), e.g. handle:telegram:@boss_li.")
        ] = None,
        acting: AsOption = None, at: AtOption = None, by: ByOption = DEFAULT_ACTOR,
        as_json: JsonOption = False) -> None:
    """Add a suspect to a case by hand."""
    with store_of(ctx) as store:
        _done(suspects.add_suspect(store, _viewer(acting), case_id, name=name,
                                   nationality=nationality, identifiers=identifier or [],
                                   at=at_of(at), via=_via(by, "add", acting)), as_json)


@suspects_app.command("move")
def move(ctx: typer.Context, suspect_id: SuspectArgument,
         status: Annotated[str, typer.Argument(
             help="wanted, arrested, handed_over, charged or convicted.")],
         agency: Annotated[str, typer.Option(
             help="Who acted: issued the warrant, arrested, charged.")] = "",
         reference: Annotated[str, typer.Option(
             help="The warrant, notice or court case; for a handover, its treaty request "
                  "or decision.")] = "",
         handover_from: Annotated[str | None, typer.Option(
             help="Handover: the country handing over.")] = None,
         handover_to: Annotated[str | None, typer.Option(
             help="Handover: the country receiving.")] = None,
         basis: Annotated[str | None, typer.Option(
             help="Handover: extradition_treaty, mlat or deportation.")] = None,
         acting: AsOption = None, at: AtOption = None, by: ByOption = DEFAULT_ACTOR,
         as_json: JsonOption = False) -> None:
    """Move a suspect: identified -> wanted -> arrested -> handed_over -> charged ->
    convicted (arrested -> charged without a handover)."""
    with store_of(ctx) as store:
        _done(suspects.move(store, _viewer(acting), suspect_id, status, agency=agency,
                            reference=reference, handover_from=handover_from,
                            handover_to=handover_to, basis=basis,
                            at=at_of(at), via=_via(by, "move", acting)), as_json)


@suspects_app.command("list")
def list_command(
        ctx: typer.Context,
        case_id: Annotated[str | None, typer.Option("--case", help="Only this case's.")] = None,
        status: Annotated[list[str] | None, typer.Option(
            help="Only this status (repeat).")] = None,
        limit: Annotated[int, typer.Option(help="At most this many (1-1000).")] = 100,
        acting: AsOption = None, as_json: JsonOption = False) -> None:
    """Suspects, newest first."""
    with store_of(ctx) as store:
        total, found = suspects.list_suspects(store, _viewer(acting), case_id=case_id,
                                              status=status or [], limit=limit,
                                              via=_via(DEFAULT_ACTOR, "list", acting))
    if as_json:
        print_json({"total": total, "items": [suspects.as_dict(s) for s in found]})
        return
    listed = table("id", "case", "status", "name", "nationality", "since",
                   title=f"{total:,} suspects")
    for s in found:
        listed.add_row(s.id, s.case_id, s.status.value, s.name, s.nationality or "",
                       f"{s.history[-1].at:%Y-%m-%d}")
    out.print(listed)


@suspects_app.command("show")
def show(ctx: typer.Context, suspect_id: SuspectArgument, acting: AsOption = None,
         as_json: JsonOption = False) -> None:
    """One suspect: identifiers, each step with its date, agency and reference, the
    handover."""
    with store_of(ctx) as store:
        found = suspects.get_suspect(store, _viewer(acting), suspect_id,
                                     via=_via(DEFAULT_ACTOR, "show", acting))
    shown = suspects.as_dict(found)
    if as_json:
        print_json(shown)
        return
    out.print(f"{found.id} {found.name} ({found.nationality or '?'}) [{found.status.value}] "
              f"case {found.case_id}", highlight=False)
    if found.source:
        out.print(f"  from {found.source}", highlight=False)
    for i in shown["identifiers"]:
        out.print(f"  identifier {i['kind']} {i['value']}", highlight=False)
    for step in shown["history"]:
        extra = ", ".join(x for x in (step["agency"], step["reference"]) if x)
        out.print(f"  {step['at'][:10]} {step['status']}" + (f" ({extra})" if extra else ""),
                  highlight=False)
    if found.handover is not None:
        h = found.handover
        out.print(f"  handed over {h.from_country} -> {h.to_country} under "
                  f"{h.basis.value}, {h.reference}", highlight=False)
