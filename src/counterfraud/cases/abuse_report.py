"""The abuse report a takedown request carries to a registrar, a host or a platform, and
whether a case's PAP lets a takedown request be sent at all.

An abuse desk needs to know what to act on and why: the target, the action asked, who
asks and the reference to quote back, and what was seen — how many victim reports name
the target, over which dates, in which role (the site victims were sent to, the number
that called them), for which scams, whether interception already blocks it, and a few
short examples in the victims' words. Nothing else goes out.

What never goes out, whatever the caller may read:

- victim data: no victim record, country, loss or contact; a report in which the target
  is only the victim's own (role ``victim``) is not counted; example narratives have
  every identifier other than the target and every run of six or more digits removed
  (:func:`redact`) and are cut to :data:`EXCERPT` characters. Names written in free text
  cannot be found reliably, so examples are only taken from reports whose marking
  already allows them to be published or passed on by the requester (below);
- the case's title, notes, tasks, other identifiers, suspects and markings, and which
  agencies' reports were counted;
- anything from a report marked ``TLP:AMBER+STRICT`` or ``TLP:RED``, not even a count:
  a count says such a report exists.

What the requesting agency may pass on to an outside party (:func:`countable`,
:func:`quotable`): reports marked ``TLP:CLEAR`` (public) and ``TLP:GREEN`` (its
community, which abuse desks working against fraud belong to) are counted; ``TLP:AMBER``
reports only when the requester owns them (a recipient shares AMBER within its own
organisation only; the owner decides for its own). Example narratives are quoted only
from ``TLP:CLEAR`` reports and the requester's own ``TLP:GREEN`` ones: another agency's
victims' words are that agency's to pass on. The services give only reports both the
requester and the reader of the report may see.

PAP (:func:`check_takedown_allowed`): a takedown is an action the suspects notice.
Under ``PAP:CLEAR`` or ``PAP:GREEN`` anyone who works within the case may request one.
Under ``PAP:AMBER`` (passive checks only) and ``PAP:RED`` (nothing the suspects could
notice) no participant may; only the case's owner, who set the marking, may decide to
act anyway — at the arrests, say — and must say why (``pap_override``), which the
request keeps on its record and its timeline.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from counterfraud.cases.model import Pap
from counterfraud.cases.requests import TakedownRequest
from counterfraud.domain import IdentifierRole, Marking, ScamType
from counterfraud.errors import InvalidInput, PermissionDenied
from counterfraud.identifiers import display_name, extract
from counterfraud.identifiers.types import Identifier, IdentifierKind

__all__ = [
    "EXAMPLES",
    "EXCERPT",
    "FORMAT",
    "AbuseReport",
    "BlocklistFact",
    "Evidence",
    "build_abuse_report",
    "check_takedown_allowed",
    "countable",
    "may_quote",
    "passable",
    "quotable",
    "redact",
]

FORMAT = "counterfraud.abuse-report/1"
EXCERPT = 400  # characters of one example narrative
EXAMPLES = 3  # example narratives at most
_SCANNED = 5_000  # characters of a narrative read for the excerpt
_COUNTED = frozenset({Marking.CLEAR, Marking.GREEN})
_DIGITS = re.compile(r"\d(?:[\s.\-/()]*\d){5,}")  # six or more digits, however written
_SPACES = re.compile(r"\s+")
_ACTIONS = {
    IdentifierKind.URL: "take the page down or disable it",
    IdentifierKind.DOMAIN: "suspend the domain (registry or registrar hold) or stop "
                           "hosting it",
    IdentifierKind.HANDLE: "suspend the account",
    IdentifierKind.PHONE: "suspend the number",
    IdentifierKind.EMAIL: "suspend the mailbox",
    IdentifierKind.IP: "stop serving the fraudulent content from this address",
}
_PRESERVE = ("Please preserve the registration, subscriber and access records of the "
             "target: a legal request for them may follow.")


@dataclass(frozen=True, slots=True)
class Evidence:
    """One victim report naming the target, as the store read it. ``reference``
    (``AGENCY/report id``) is for the requester's audit trail and is never rendered."""

    reference: str
    owner: str
    marking: Marking
    scam_type: ScamType
    reported_at: datetime | None
    roles: frozenset[IdentifierRole]
    narrative: str = ""


@dataclass(frozen=True, slots=True)
class BlocklistFact:
    """A blocklist entry for the target, as the reader may see it: ``owner`` None for
    the instance operator's own entries."""

    status: str  # active, delisted, expired
    since: datetime
    match: str = "exact"
    owner: str | None = None
    marking: Marking = Marking.GREEN


def passable(marking: Marking, owner: str | None, requester: str) -> bool:
    """Whether ``requester`` may tell an outside party that a record of ``owner`` marked
    ``marking`` exists: CLEAR and GREEN records, and its own AMBER ones."""
    return marking in _COUNTED or (marking is Marking.AMBER and owner == requester)


def countable(evidence: Evidence, requester: str) -> bool:
    """Whether ``requester`` may pass on that this report exists (counts, dates, roles,
    scam type): see :func:`passable`; never a report in which the target is only the
    victim's."""
    if not evidence.roles - {IdentifierRole.VICTIM}:
        return False
    return passable(evidence.marking, evidence.owner, requester)


def may_quote(evidence: Evidence, requester: str) -> bool:
    """Whether ``requester`` may quote the report's narrative to an outside party, were
    there one: CLEAR reports, and its own GREEN ones."""
    return countable(evidence, requester) and (
        evidence.marking is Marking.CLEAR
        or (evidence.marking is Marking.GREEN and evidence.owner == requester))


def quotable(evidence: Evidence, requester: str) -> bool:
    """:func:`may_quote`, and the report has a narrative."""
    return may_quote(evidence, requester) and bool(evidence.narrative.strip())


def redact(narrative: str, target: Identifier, *, limit: int = EXCERPT) -> str:
    """``narrative`` with every identifier but ``target`` and every run of six or more
    digits (national phone numbers, accounts, identity documents) replaced by
    ``[removed]``, its spaces collapsed, cut to ``limit`` characters at a word."""
    text = narrative[:_SCANNED]
    found = extract(text)
    kept = [(f.start, f.end) for f in found if f.identifier == target]

    def inside_target(span: tuple[int, int]) -> bool:
        return any(start <= span[0] and span[1] <= end for start, end in kept)

    removed = [(f.start, f.end) for f in found
               if f.identifier != target and not inside_target((f.start, f.end))]
    removed += [m.span() for m in _DIGITS.finditer(text) if not inside_target(m.span())]
    parts: list[str] = []
    position = 0
    for start, end in sorted(removed):
        if end <= position:
            continue
        parts.append(text[position:max(start, position)])
        parts.append("[removed]")
        position = end
    parts.append(text[position:])
    shown = _SPACES.sub(" ", "".join(parts)).strip()
    if len(shown) <= limit and len(narrative) <= _SCANNED:
        return shown
    cut = shown[:limit].rsplit(" ", 1)[0] if " " in shown[:limit] else shown[:limit]
    return cut.rstrip() + " …"


def check_takedown_allowed(pap: Pap, *, case_id: str, by_owner: bool,
                           override: str = "", needed_elsewhere: bool = False) -> None:
    """Refuse a takedown request the case's PAP does not allow: PermissionDenied for a
    participant under PAP:AMBER or PAP:RED, InvalidInput (field ``pap_override``) for
    the owner who gives no reason to act anyway, or gives one nothing needs
    (``needed_elsewhere``: another guarded case of the requester names the target)."""
    if pap in (Pap.CLEAR, Pap.GREEN):
        if override.strip() and not needed_elsewhere:
            raise InvalidInput(f"case {case_id} is {pap.value}: a takedown needs no "
                               "override", field="pap_override")
        return
    if not by_owner:
        raise PermissionDenied(
            f"case {case_id} is {pap.value}: no takedown of its identifiers, which the "
            "suspects would notice; only the case's owner may decide to act")
    if not override.strip():
        raise InvalidInput(
            f"case {case_id} is {pap.value}: a takedown alerts the suspects; as the "
            "case's owner, give the reason to send it anyway", field="pap_override")


@dataclass(frozen=True, slots=True)
class AbuseReport:
    """The report as the addressee reads it (:meth:`as_text`, :meth:`as_json`);
    ``sources`` are the references of the reports counted, for the audit trail only."""

    request_id: str
    case_id: str
    requester: str
    requester_name: str
    addressee: str
    sent_at: datetime
    status: str
    target: Identifier
    case_scam_type: ScamType | None
    reports: int
    first_seen: date | None
    last_seen: date | None
    roles: dict[str, int]
    scam_types: dict[str, int]
    blocklist: BlocklistFact | None
    examples: tuple[tuple[date | None, str, str], ...]  # (day, scam type, excerpt)
    sources: tuple[str, ...] = field(default=(), repr=False)

    @property
    def action(self) -> str:
        return _ACTIONS.get(self.target.kind, "stop the fraudulent use")

    def as_json(self) -> dict[str, Any]:
        listed = self.blocklist
        return {
            "format": FORMAT,
            "request": {"id": self.request_id, "sent_at": self.sent_at.isoformat(),
                        "status": self.status, "addressee": self.addressee},
            "from": {"agency": self.requester, "name": self.requester_name},
            "case": {"reference": self.case_id,
                     "scam_type": self.case_scam_type.value if self.case_scam_type else None},
            "target": {"kind": self.target.kind.value, "value": self.target.value,
                       "display": display_name(self.target)},
            "requested_action": self.action,
            "evidence": {
                "reports": self.reports,
                "first_seen": _day(self.first_seen), "last_seen": _day(self.last_seen),
                "roles": dict(self.roles), "scam_types": dict(self.scam_types),
                "blocklist": None if listed is None else {
                    "status": listed.status, "since": listed.since.date().isoformat(),
                    "match": listed.match},
                "examples": [{"reported_on": _day(day), "scam_type": scam, "excerpt": text}
                             for day, scam, text in self.examples]},
            "preservation": _PRESERVE,
        }

    def as_text(self) -> str:
        what = self.target.kind.value
        lines = [
            f"Abuse report: fraudulent use of a {what}",
            f"Reference: takedown request {self.request_id}, case {self.case_id}",
            f"From: {self.requester}" + (f" ({self.requester_name})"
                                        if self.requester_name else ""),
            f"To: {self.addressee}",
            f"Sent: {self.sent_at.date().isoformat()}",
            "",
            f"Target: {what} {display_name(self.target)}",
            f"Requested action: {self.action}.",
            *([f"Scam type: {self.case_scam_type.value}"] if self.case_scam_type else []),
            "",
            "What was seen",
        ]
        if self.reports:
            lines.append(f"- {self.reports:,} victim report{'s' if self.reports != 1 else ''}"
                         f" name it, from {_day(self.first_seen)} to {_day(self.last_seen)}.")
            lines.append("- As: " + _counts(self.roles))
            lines.append("- Scam types: " + _counts(self.scam_types))
        else:
            lines.append("- No victim report that can be passed on names it.")
        lines.append("- Blocklist: " + _listed(self.blocklist))
        if self.examples:
            lines += ["", "Examples (excerpts; personal data removed)"]
            lines += [f"{n}. {_day(day)}, {scam}: \"{text}\""
                      for n, (day, scam, text) in enumerate(self.examples, start=1)]
        lines += ["", _PRESERVE, f"Please reply quoting {self.request_id}."]
        return "\n".join(lines) + "\n"


def build_abuse_report(request: TakedownRequest, *, case_scam_type: ScamType | None,
                       evidence: Iterable[Evidence], blocklist: Iterable[BlocklistFact] = (),
                       requester_name: str = "", examples: int = EXAMPLES) -> AbuseReport:
    """The abuse report of ``request`` from the reports naming its target (``evidence``)
    and its blocklist entries (``blocklist``), both already limited to what the requester
    and the reader may both see: only what :func:`countable`, :func:`quotable` and
    :func:`passable` let the requesting agency pass on (an active entry first)."""
    requester = request.requesting_agency
    entries = sorted((b for b in blocklist if passable(b.marking, b.owner, requester)),
                     key=lambda b: (b.status != "active", b.since))
    counted = [e for e in evidence if countable(e, requester)]
    days = sorted(e.reported_at.date() for e in counted if e.reported_at is not None)
    roles = Counter(r.value for e in counted for r in e.roles if r is not IdentifierRole.VICTIM)
    scams = Counter(e.scam_type.value for e in counted)
    quoted = sorted((e for e in counted if quotable(e, requester)),
                    key=lambda e: (e.reported_at is not None, e.reported_at, e.reference),
                    reverse=True)[:max(0, examples)]
    return AbuseReport(
        request_id=request.id, case_id=request.case_id, requester=requester,
        requester_name=requester_name, addressee=request.addressee, sent_at=request.sent_at,
        status=request.status.value, target=request.target, case_scam_type=case_scam_type,
        reports=len(counted), first_seen=days[0] if days else None,
        last_seen=days[-1] if days else None, roles=_sorted(roles), scam_types=_sorted(scams),
        blocklist=entries[0] if entries else None,
        examples=tuple((e.reported_at.date() if e.reported_at else None, e.scam_type.value,
                        redact(e.narrative, request.target)) for e in quoted),
        sources=tuple(sorted(e.reference for e in counted)))


def _sorted(counts: Counter[str]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} {n:,}" for name, n in counts.items()) or "-"


def _day(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _listed(fact: BlocklistFact | None) -> str:
    if fact is None:
        return "not listed"
    if fact.status == "active":
        return f"blocked since {fact.since.date().isoformat()} ({fact.match})"
    return f"{fact.status} (listed {fact.since.date().isoformat()})"
