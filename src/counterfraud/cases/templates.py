"""Case templates: the task list an officer starts from, per scam type.

Each template lists the work the scam type calls for, in the order it is usually
done, with how soon each task is due. :func:`case_from_template` builds a valid
open case from a template, adding one freeze task per named account or wallet and
one takedown task per named site, handle or number: the first hours decide
whether money can still be stopped.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from types import MappingProxyType

from counterfraud.cases.model import Case, Pap, Task, create_case
from counterfraud.cases.requests import FREEZABLE_KINDS, TAKEDOWN_KINDS
from counterfraud.domain import Marking, ScamType
from counterfraud.identifiers.types import Identifier

__all__ = ["TEMPLATES", "CaseTemplate", "TemplateTask", "case_from_template", "template_for"]

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class TemplateTask:
    title: str
    due_in: timedelta


@dataclass(frozen=True, slots=True)
class CaseTemplate:
    scam_type: ScamType
    tlp: Marking
    pap: Pap
    tasks: tuple[TemplateTask, ...]


def _tasks(*pairs: tuple[str, timedelta]) -> tuple[TemplateTask, ...]:
    return tuple(TemplateTask(title, due) for title, due in pairs)


_EVIDENCE = ("Preserve evidence: chat logs, call records, screenshots, transfer receipts",
             DAY)
_LINK = ("Check every identifier against the blocklist and the network graph", 2 * DAY)

_SPECIFIC = {
    ScamType.INVESTMENT: CaseTemplate(ScamType.INVESTMENT, Marking.AMBER, Pap.GREEN, _tasks(
        ("Record the victim's transfers: dates, amounts, receiving accounts and wallets", 4 * HOUR),
        _EVIDENCE,
        ("Ask the exchanges to trace the wallets the victim paid", 2 * DAY),
        ("Request takedown of the fake trading platform and its app", 2 * DAY),
        _LINK,
        ("Warn other investors named in the group chats", 7 * DAY),
    )),
    ScamType.ROMANCE: CaseTemplate(ScamType.ROMANCE, Marking.AMBER, Pap.GREEN, _tasks(
        ("Record the victim's transfers and the accounts that received them", 4 * HOUR),
        _EVIDENCE,
        ("Collect the profile photos and handles used; search them for reuse", 2 * DAY),
        ("Report the profiles to the dating and messaging platforms", 2 * DAY),
        _LINK,
        ("Refer the victim to support services", 3 * DAY),
    )),
    # Captors read the news and watch their accounts: nothing that alerts them.
    ScamType.KIDNAPPING_RANSOM: CaseTemplate(
        ScamType.KIDNAPPING_RANSOM, Marking.AMBER_STRICT, Pap.RED, _tasks(
            ("Contact the victim's family; advise them not to pay and to keep all messages",
             2 * HOUR),
            ("Record every ransom demand: amount, currency, payment accounts, deadline",
             4 * HOUR),
            ("Liaise with the embassy and the partner police of the country of captivity",
             6 * HOUR),
            ("Locate the victim: last contact, phone location, photos of the place", DAY),
            ("Identify the compound and the group that holds the victim", 2 * DAY),
            ("Plan the rescue with the partner police", 3 * DAY),
            _EVIDENCE,
        )),
    ScamType.JOB_LURE: CaseTemplate(
        ScamType.JOB_LURE, Marking.AMBER_STRICT, Pap.AMBER, _tasks(
            ("Contact the victim's family: last contact, travel route, job offer", 4 * HOUR),
            ("Preserve the job advertisement, the recruiter's handles and travel bookings",
             DAY),
            ("Liaise with the embassy and the partner police of the destination country",
             DAY),
            ("Identify the compound: name, location, operators", 3 * DAY),
            ("Arrange rescue and repatriation with the embassy", 7 * DAY),
            ("Screen the returned victim as a possible victim of trafficking", 14 * DAY),
            ("Identify the recruiters and the agents who moved the victim", 14 * DAY),
        )),
}

_GENERIC = _tasks(
    ("Record the victim's losses and the accounts that received them", DAY),
    _EVIDENCE,
    _LINK,
    ("Decide whether partner agencies must be asked for help", 7 * DAY),
)

TEMPLATES: MappingProxyType[ScamType, CaseTemplate] = MappingProxyType({
    scam: _SPECIFIC.get(scam, CaseTemplate(scam, Marking.AMBER, Pap.GREEN, _GENERIC))
    for scam in ScamType})


def template_for(scam_type: ScamType) -> CaseTemplate:
    return TEMPLATES[scam_type]


def _identifier_tasks(identifiers: tuple[Identifier, ...], due: datetime,
                      assignee: str | None) -> list[Task]:
    tasks = []
    for identifier in identifiers:
        name = f"{identifier.kind.value.replace('_', ' ')} {identifier.value}"
        if identifier.kind in FREEZABLE_KINDS:
            tasks.append(Task(f"Request freeze of {name}", assignee=assignee, due=due))
        elif identifier.kind in TAKEDOWN_KINDS:
            tasks.append(Task(f"Request takedown of {name}", assignee=assignee,
                              due=due + DAY))
    return tasks


def case_from_template(scam_type: ScamType, *, id: str, owner: str, title: str, actor: str,
                       at: datetime, tlp: Marking | None = None, pap: Pap | None = None,
                       assignee: str | None = None,
                       identifiers: tuple[Identifier, ...] = ()) -> Case:
    """An open case with the template's tasks due from ``at`` and assigned to
    ``assignee``, holding ``identifiers`` with a freeze or takedown task for each one
    that can be frozen or taken down (due within hours: money moves on). ``tlp`` and
    ``pap`` default to the template's."""
    template = template_for(scam_type)
    tasks = [Task(t.title, assignee=assignee, due=at + t.due_in) for t in template.tasks]
    unique = tuple(dict.fromkeys(identifiers))
    tasks[1:1] = _identifier_tasks(unique, at + 2 * HOUR, assignee)
    case = create_case(id=id, owner=owner, title=title, scam_type=scam_type,
                       tlp=template.tlp if tlp is None else tlp,
                       pap=template.pap if pap is None else pap, actor=actor, at=at,
                       tasks=tuple(tasks))
    # held from creation: the template's identifiers are part of what was reported
    return replace(case, identifiers=unique) if unique else case
