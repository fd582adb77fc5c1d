"""``counterfraud cases ...``: open, follow and close cases, alone or jointly with
partner agencies.

The command line is the local operator: it sees and may change every case of this
instance. ``--as AGENCY`` acts for one agency instead (what it may see and do through
its keys: its own cases, those shared with it, the joint cases it was invited into);
``--by`` names the officer, kept on the case's timeline and the audit trail.
"""

from __future__ import annotations

import os
from datetime import datetime
from typing import Annotated

import typer

from counterfraud.cli.app import app
from counterfraud.cli.common import (
    LOCAL,
    JsonOption,
    command_group,
    out,
    print_json,
    store_of,
    table,
)
from counterfraud.domain import ApiRole, Viewer, parse_agency_code, parse_time
from counterfraud.errors import InvalidInput
from counterfraud.services import agreements, case_links, cases
from counterfraud.services.audit import Access
from counterfraud.services.cases import CaseView

cases_app = command_group("Cases: the work of helping victims, alone or as a joint case.")
task_app = command_group("A case's tasks: add, assign, log work, finish.")
app.add_typer(cases_app, name="cases")
cases_app.add_typer(task_app, name="task")

CaseArgument = Annotated[str, typer.Argument(help="The case's id, as `cases list` shows it.")]
TaskArgument = Annotated[int, typer.Argument(help="The task's number (from 1), as "
                                                  "`cases show` lists them.")]
AsOption = Annotated[str | None, typer.Option(
    "--as", help="Act for this agency (what its keys may see and do); default: the "
                 "local operator, who may do everything.")]
ByOption = Annotated[str, typer.Option("--by", help="Who acts: kept on the case's timeline.")]
AtOption = Annotated[str | None, typer.Option(
    "--at", help="When it happened, if not now (ISO 8601; UTC when no zone is given): "
                 "for what is recorded after the fact.")]
DEFAULT_ACTOR = f"console:{os.environ.get('USER', 'operator')}"


def _viewer(agency: str | None) -> Viewer:
    return Viewer(agency=parse_agency_code(agency), role=ApiRole.ADMIN) if agency else LOCAL


def _via(by: str, command: str, acting: str | None = None) -> Access:
    """Who acts, for the timeline and the audit trail: the officer, and the agency it
    acts for when it is not the local operator."""
    actor = f"{parse_agency_code(acting)}:{by}" if acting else by
    return Access(actor=actor, path=f"cli cases {command}")


def at_of(raw: str | None) -> datetime | None:
    """``--at`` as the services take it (None: now); InvalidInput naming ``at``."""
    return parse_time(raw, field_name="at") if raw else None


def _split(values: list[str] | None) -> list[str]:
    """Repeated options, each of which may hold several values separated by commas."""
    return [part.strip() for value in values or [] for part in value.split(",")
            if part.strip()]


def _done(view: CaseView, as_json: bool) -> None:
    """What a write prints: the case as it now is (JSON), or its last timeline entry."""
    if as_json:
        print_json(view.as_dict())
        return
    last = view.case.timeline[-1]
    detail = f": {last.detail}" if last.detail else ""
    out.print(f"{view.case.id} [{view.case.status.value}] {last.action}{detail}",
              highlight=False)


@cases_app.command("open")
def open_command(
        ctx: typer.Context,
        agency: Annotated[str, typer.Option(help="The owning agency's code.")],
        scam_type: Annotated[str, typer.Option(help="Scam type: its template gives the "
                                                    "tasks (investment, romance, ...).")],
        title: Annotated[str, typer.Option(help="A short title.")],
        tlp: Annotated[str | None, typer.Option(help="TLP marking (default: the "
                                                     "template's).")] = None,
        pap: Annotated[str | None, typer.Option(help="PAP marking (default: the "
                                                     "template's).")] = None,
        identifier: Annotated[list[str] | None, typer.Option(
            help="KIND:VALUE the case names (repeat), e.g. phone:+8613800138000; national "
                 "phone formats are read in the agency's country.")] = None,
        assignee: Annotated[str | None, typer.Option(
            help="Who the template's tasks go to (an officer or an agency code).")] = None,
        at: AtOption = None, by: ByOption = DEFAULT_ACTOR, as_json: JsonOption = False) -> None:
    """Open a case from its scam type's template, with a freeze or takedown task for each
    account, wallet, site, handle or number named."""
    with store_of(ctx) as store:
        view = cases.open_case(store, agency=agency, scam_type=scam_type, title=title, tlp=tlp,
                               pap=pap, identifiers=identifier or [], assignee=assignee,
                               at=at_of(at), via=_via(by, "open"))
    if as_json:
        print_json(view.as_dict())
        return
    case = view.case
    out.print(f"{case.id} opened: {case.scam_type.value}, {case.tlp.value} {case.pap.value}, "
              f"{len(case.tasks)} tasks, {len(case.identifiers)} identifiers", highlight=False)


@cases_app.command("list")
def list_command(
        ctx: typer.Context,
        agency: Annotated[str | None, typer.Option(help="Only this agency's cases.")] = None,
        status: Annotated[list[str] | None, typer.Option(
            help="Only cases in this status (repeat): open, investigating, action, "
                 "closed_solved, closed_unsolved.")] = None,
        limit: Annotated[int, typer.Option(help="At most this many (1-1000).")] = 100,
        acting: AsOption = None, as_json: JsonOption = False) -> None:
    """Cases, newest first (an id starts with its owner's code)."""
    with store_of(ctx) as store:
        total, found = cases.list_cases(store, _viewer(acting), agency=agency,
                                        status=_split(status), limit=limit,
                                        via=_via(DEFAULT_ACTOR, "list", acting))
    if as_json:
        print_json({"total": total, "items": [cases.summary(c) for c in found]})
        return
    listed = table("id", "status", "scam type", "tlp", "open tasks", "title",
                   title=f"{total:,} cases")
    for case in found:
        listed.add_row(case.id, case.status.value, case.scam_type.value,
                       case.tlp.value.removeprefix("TLP:"), f"{len(case.open_tasks)}",
                       case.title)
    out.print(listed)


@cases_app.command("show")
def show(ctx: typer.Context, case_id: CaseArgument, acting: AsOption = None,
         as_json: JsonOption = False) -> None:
    """One case: identifiers, reports, networks, tasks, notes and its timeline."""
    with store_of(ctx) as store:
        view = cases.get_case(store, _viewer(acting), case_id,
                              via=_via(DEFAULT_ACTOR, "show", acting))
    shown = view.as_dict()
    if as_json:
        print_json(shown)
        return
    out.print(f"{shown['id']}  {shown['title']}\n  owner {shown['owner']}, "
              f"{shown['scam_type']}, {shown['status']}, {shown['tlp']} {shown['pap']}",
              highlight=False)
    for i in shown["identifiers"]:
        out.print(f"  identifier {i['kind']} {i['value']}", highlight=False)
    for ref in shown["reports"]:
        out.print(f"  report {ref}", highlight=False)
    if shown["reports_hidden"]:
        out.print(f"  ({shown['reports_hidden']} linked reports you may not read)")
    for network in shown["networks"]:
        out.print(f"  network {network}", highlight=False)
    for t in shown["tasks"]:
        mark = "x" if t["done"] else " "
        due = f" due {t['due'][:16]}" if t["due"] else ""
        who = f" -> {t['assignee']}" if t["assignee"] else ""
        out.print(f"  [{mark}] {t['number']}. {t['title']}{who}{due}", highlight=False)
        for entry in t["log"]:
            out.print(f"        {entry['at'][:16]} {entry['author']}: {entry['text']}",
                      highlight=False)
    for note in shown["notes"]:
        out.print(f"  note {note['at'][:16]} {note['author']}: {note['text']}",
                  highlight=False)
    for entry in shown["timeline"]:
        detail = f": {entry['detail']}" if entry["detail"] else ""
        out.print(f"  {entry['at'][:19]} {entry['actor']} {entry['action']}{detail}",
                  highlight=False)


@cases_app.command("move")
def move(ctx: typer.Context, case_id: CaseArgument,
         status: Annotated[str, typer.Argument(
             help="open, investigating, action, closed_solved or closed_unsolved.")],
         reason: Annotated[str, typer.Option(help="Why: kept on the timeline.")] = "",
         acting: AsOption = None, at: AtOption = None, by: ByOption = DEFAULT_ACTOR,
         as_json: JsonOption = False) -> None:
    """Move a case along its lifecycle (the owner only): open -> investigating -> action
    -> closed_solved or closed_unsolved; a closed case reopens to investigating."""
    with store_of(ctx) as store:
        _done(cases.move_case(store, _viewer(acting), case_id, status, reason=reason,
                              at=at_of(at), via=_via(by, "move", acting)), as_json)


@cases_app.command("remark")
def remark(ctx: typer.Context, case_id: CaseArgument,
           tlp: Annotated[str | None, typer.Option(help="New TLP marking.")] = None,
           pap: Annotated[str | None, typer.Option(help="New PAP marking.")] = None,
           acting: AsOption = None, at: AtOption = None, by: ByOption = DEFAULT_ACTOR,
           as_json: JsonOption = False) -> None:
    """Change a case's markings (the owner only)."""
    with store_of(ctx) as store:
        _done(cases.remark(store, _viewer(acting), case_id, tlp=tlp, pap=pap,
                           at=at_of(at), via=_via(by, "remark", acting)), as_json)


@cases_app.command("note")
def note(ctx: typer.Context, case_id: CaseArgument,
         text: Annotated[str, typer.Argument(help="The note.")],
         acting: AsOption = None, at: AtOption = None, by: ByOption = DEFAULT_ACTOR,
         as_json: JsonOption = False) -> None:
    """Add a note (closed cases take notes too)."""
    with store_of(ctx) as store:
        _done(cases.add_note(store, _viewer(acting), case_id, text,
                             at=at_of(at), via=_via(by, "note", acting)), as_json)


@cases_app.command("add-identifier")
def add_identifier(ctx: typer.Context, case_id: CaseArgument,
                   kind: Annotated[str, typer.Argument(help="phone, url, bank_account, ...")],
                   value: Annotated[str, typer.Argument(help="The identifier as written.")],
                   region: Annotated[str | None, typer.Option(
                       help="Country for national phone formats (default: the owner's).")
                   ] = None,
                   acting: AsOption = None, at: AtOption = None, by: ByOption = DEFAULT_ACTOR,
                   as_json: JsonOption = False) -> None:
    """Add an identifier the case names."""
    with store_of(ctx) as store:
        _done(cases.add_identifier(store, _viewer(acting), case_id, kind, value, region=region,
                                   at=at_of(at), via=_via(by, "add-identifier", acting)), as_json)


@cases_app.command("link-report")
def link_report(ctx: typer.Context, case_id: CaseArgument,
                report: Annotated[str, typer.Argument(help="AGENCY/REPORT_ID.")],
                acting: AsOption = None, at: AtOption = None, by: ByOption = DEFAULT_ACTOR,
                as_json: JsonOption = False) -> None:
    """Link a report the case's owner may read."""
    agency, sep, report_id = report.partition("/")
    if not sep or not report_id:
        raise InvalidInput(f"report {report!r} must be AGENCY/REPORT_ID", field="report")
    with store_of(ctx) as store:
        _done(cases.link_report(store, _viewer(acting), case_id, agency, report_id,
                                at=at_of(at), via=_via(by, "link-report", acting)), as_json)


@cases_app.command("link-network")
def link_network(ctx: typer.Context, case_id: CaseArgument,
                 network_id: Annotated[str, typer.Argument(help="The network's id.")],
                 acting: AsOption = None, at: AtOption = None, by: ByOption = DEFAULT_ACTOR,
                 as_json: JsonOption = False) -> None:
    """Link a network the case's owner sees."""
    with store_of(ctx) as store:
        _done(cases.link_network(store, _viewer(acting), case_id, network_id,
                                 at=at_of(at), via=_via(by, "link-network", acting)), as_json)


@cases_app.command("linked")
def linked(ctx: typer.Context, case_id: CaseArgument, acting: AsOption = None,
           as_json: JsonOption = False) -> None:
    """Other cases that share identifiers or networks with this one, with what they share."""
    with store_of(ctx) as store:
        found = case_links.linked_cases(store, _viewer(acting), case_id,
                                        via=_via(DEFAULT_ACTOR, "linked", acting))
    if as_json:
        print_json([x.as_dict() for x in found])
        return
    listed = table("case", "owner", "status", "shares", "title")
    for x in found:
        shares = [f"{i.kind.value} {i.value}" for i in x.identifiers]
        shares += [f"network {n}" for n in x.networks]
        shares += [f"{n.identifier.kind.value} {n.identifier.value} in network {n.network_id}"
                   for n in x.through_networks]
        listed.add_row(x.case.id, x.case.owner, x.case.status.value, "; ".join(shares),
                       x.case.title)
    out.print(listed)


@cases_app.command("invite")
def invite(ctx: typer.Context, case_id: CaseArgument,
           agency: Annotated[str, typer.Argument(help="The agency to invite.")],
           purpose: Annotated[str, typer.Option(help="What the joint work is for.")],
           legal_basis: Annotated[str, typer.Option(
               help="bilateral_mou, mlat, interpol or joint_operation.")] = "joint_operation",
           record_types: Annotated[list[str] | None, typer.Option(
               help="What it may read and write (repeat or comma-separate): case, victim, "
                    "freeze_request, takedown_request, suspect. Default: case.")] = None,
           markings: Annotated[list[str] | None, typer.Option(
               help="Markings it covers (default: the case's own).")] = None,
           reference: Annotated[str, typer.Option(
               help="The joint operation's reference (default: the case id).")] = "",
           valid_to: Annotated[str | None, typer.Option(help="ISO 8601; default open.")] = None,
           acting: AsOption = None, at: AtOption = None, by: ByOption = DEFAULT_ACTOR,
           as_json: JsonOption = False) -> None:
    """Invite an agency into the case (the owner only): a joint-case agreement that lets
    it read the case and work within it, and nothing else of the owner's."""
    ends = parse_time(valid_to, field_name="valid_to") if valid_to else None
    with store_of(ctx) as store:
        made = case_links.invite(
            store, _viewer(acting), case_id, agency=agency, purpose=purpose,
            legal_basis=legal_basis, record_types=_split(record_types) or ["case"],
            markings=_split(markings) or None, reference=reference, valid_to=ends,
            at=at_of(at), via=_via(by, "invite", acting))
    if as_json:
        print_json(made.as_dict())
        return
    out.print(f"agreement {made.id}: {made.grantee} joins case {case_id}", highlight=False)


@cases_app.command("remove")
def remove(ctx: typer.Context, case_id: CaseArgument,
           agency: Annotated[str, typer.Argument(help="The participating agency.")],
           acting: AsOption = None, by: ByOption = DEFAULT_ACTOR,
           as_json: JsonOption = False) -> None:
    """End an agency's participation (the owner only): its joint-case agreements on the
    case are revoked from now on."""
    with store_of(ctx) as store:
        revoked = case_links.remove(store, _viewer(acting), case_id, agency,
                                    via=_via(by, "remove", acting))
    if as_json:
        print_json([a.as_dict() for a in revoked])
        return
    out.print(f"{agency} removed from case {case_id} (agreements "
              f"{', '.join(str(a.id) for a in revoked)} revoked)", highlight=False)


@cases_app.command("participants")
def participants(ctx: typer.Context, case_id: CaseArgument, acting: AsOption = None,
                 as_json: JsonOption = False) -> None:
    """The agencies invited into the case, with their agreements."""
    with store_of(ctx) as store:
        found = case_links.participants(store, _viewer(acting), case_id,
                                        via=_via(DEFAULT_ACTOR, "participants", acting))
    if as_json:
        print_json([a.as_dict() for a in found])
        return
    listed = table("agreement", "agency", "record types", "markings", "legal basis", "state")
    for a in found:
        shown = a.as_dict()
        state = "revoked" if a.revoked_at else ("in force" if agreements.in_force(a)
                                                 else "not in force")
        listed.add_row(str(a.id), a.grantee, ", ".join(shown["record_types"]),
                       ", ".join(shown["markings"]), a.legal_basis.value, state)
    out.print(listed)


@task_app.command("add")
def task_add(ctx: typer.Context, case_id: CaseArgument,
             title: Annotated[str, typer.Argument(help="What must be done.")],
             assignee: Annotated[str | None, typer.Option(
                 help="An officer, or an agency's code.")] = None,
             due: Annotated[str | None, typer.Option(help="ISO 8601 date or time.")] = None,
             acting: AsOption = None, at: AtOption = None, by: ByOption = DEFAULT_ACTOR,
             as_json: JsonOption = False) -> None:
    """Add a task."""
    when = parse_time(due, field_name="due") if due else None
    with store_of(ctx) as store:
        _done(cases.add_task(store, _viewer(acting), case_id, title=title, assignee=assignee,
                             due=when, at=at_of(at), via=_via(by, "task add", acting)), as_json)


@task_app.command("assign")
def task_assign(ctx: typer.Context, case_id: CaseArgument, number: TaskArgument,
                assignee: Annotated[str, typer.Argument(help="An officer or an agency code.")],
                acting: AsOption = None, at: AtOption = None, by: ByOption = DEFAULT_ACTOR,
                as_json: JsonOption = False) -> None:
    """Give a task to an officer or an agency."""
    with store_of(ctx) as store:
        _done(cases.assign_task(store, _viewer(acting), case_id, number, assignee,
                                at=at_of(at), via=_via(by, "task assign", acting)), as_json)


@task_app.command("log")
def task_log(ctx: typer.Context, case_id: CaseArgument, number: TaskArgument,
             text: Annotated[str, typer.Argument(help="What was done.")],
             acting: AsOption = None, at: AtOption = None, by: ByOption = DEFAULT_ACTOR,
             as_json: JsonOption = False) -> None:
    """Log work on a task."""
    with store_of(ctx) as store:
        _done(cases.log_task(store, _viewer(acting), case_id, number, text,
                             at=at_of(at), via=_via(by, "task log", acting)), as_json)


@task_app.command("done")
def task_done(ctx: typer.Context, case_id: CaseArgument, number: TaskArgument,
              acting: AsOption = None, at: AtOption = None, by: ByOption = DEFAULT_ACTOR,
              as_json: JsonOption = False) -> None:
    """Mark a task done."""
    with store_of(ctx) as store:
        _done(cases.finish_task(store, _viewer(acting), case_id, number,
                                at=at_of(at), via=_via(by, "task done", acting)), as_json)
