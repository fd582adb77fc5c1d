"""Blocklist and allowlist use cases: add, promote from reports, delist, appeal, expire,
and the feeds. The allowlist always wins: an allowlisted identifier is never listed.
Every change, and every read of entries through a listing or a feed, goes on the audit
trail in the same transaction."""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from importlib import resources
from typing import Any

from counterfraud.domain import (
    OPERATOR,
    AllowlistEntry,
    ApiRole,
    BlocklistEntry,
    Confidence,
    EntrySource,
    EntryStatus,
    Identifier,
    IdentifierKind,
    IdentifierRole,
    Marking,
    MatchType,
    RecordType,
    Viewer,
)
from counterfraud.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from counterfraud.identifiers import canonical_host, normalize
from counterfraud.screening import BlocklistIndex
from counterfraud.services import access, audit
from counterfraud.services.audit import Access, Action
from counterfraud.services.feeds import FeedFormat, render
from counterfraud.services.store import Store
from counterfraud.sharing.policy import can_change
from counterfraud.store import agencies
from counterfraud.store import blocklist as rows

# What a telecom, a bank or a resolver can act on. Persons are not blocked by machines.
BLOCKABLE = frozenset({IdentifierKind.PHONE, IdentifierKind.URL, IdentifierKind.DOMAIN,
                       IdentifierKind.IP, IdentifierKind.CIDR, IdentifierKind.EMAIL,
                       IdentifierKind.BANK_ACCOUNT, IdentifierKind.CRYPTO_WALLET,
                       IdentifierKind.HANDLE})
# A narrative merely mentioning a number is weaker evidence than the victim's own columns.
EVIDENCE_ROLES = tuple(r.value for r in IdentifierRole if r is not IdentifierRole.MENTIONED)
# An appeal against nothing and one against an entry the caller may not see: same words.
NO_APPEALABLE_ENTRY = "nothing on the blocklist matches this appeal"
APPELLANT = "appellant"  # who filed, in an entry's history: the contact stays with the appeal


@dataclass(frozen=True, slots=True)
class Target:
    """What an entry blocks: a canonical value for its kind and match type."""

    kind: IdentifierKind
    value: str
    match: MatchType


def parse_target(kind: str, value: str, match: str = "exact", *,
                 region: str | None = None) -> Target:
    """Canonicalise what a person typed into a blocklist target, or raise InvalidInput."""
    try:
        match_type = MatchType(match.strip().lower())
    except ValueError:
        known = ", ".join(m.value for m in MatchType)
        raise InvalidInput(f"unknown match {match!r}; known: {known}", field="match") from None
    if match_type is MatchType.PHONE_PREFIX:
        digits = value.strip().replace(" ", "").replace("-", "")
        if not (digits.startswith("+") and digits[1:].isdigit() and 2 <= len(digits) <= 15):
            raise InvalidInput(f"phone prefix {value!r} must be + and 1-14 digits, "
                               "like +8617012", field="value")
        return Target(IdentifierKind.PHONE, digits, match_type)
    if match_type is MatchType.NETWORK:
        return Target(IdentifierKind.CIDR, normalize(IdentifierKind.CIDR, value).value,
                      match_type)
    if match_type is MatchType.DOMAIN_TREE:
        host = canonical_host(value)  # refuses hosts under no known public suffix
        return Target(IdentifierKind.DOMAIN, host, match_type)
    identifier = normalize(kind, value, region=region)
    return Target(identifier.kind, identifier.value, match_type)


@dataclass
class PromoteResult:
    added: int = 0
    already_listed: int = 0
    allowlisted: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"added": self.added, "already_listed": self.already_listed,
                "allowlisted": self.allowlisted}


def add_entry(store: Store, target: Target, *, actor: str, reason: str,
              agency: str | None = None, source: EntrySource = EntrySource.MANUAL,
              confidence: Confidence = Confidence.CONFIRMED,
              expires_at: datetime | None = None,
              network_id: str | None = None,
              marking: Marking = Marking.GREEN, viewer: Viewer = OPERATOR,
              via: Access | None = None) -> BlocklistEntry:
    """List ``target``, owned by ``agency`` (None: this instance's operator) and marked
    ``marking``, on behalf of ``viewer``.

    There is one entry per target. An entry already there is returned as it is when
    active, and relisted when delisted or expired if ``viewer`` may change it
    (PermissionDenied otherwise). One ``viewer`` may not see is neither changed nor shown:
    Conflict, in the same words whatever its marking or status.

    Raises Conflict when the allowlist protects the target."""
    if not reason.strip():
        raise InvalidInput("a reason is required for every blocklist change", field="reason")
    with store.transaction() as session:
        why = Allowlist(rows.load_allowlist(session)).protecting(target)
        if why is not None:
            raise Conflict(f"{target.kind.value} {target.value} is on the allowlist "
                           f"({why.reason}); it cannot be blocked")
        existing = rows.find_entry_id(session, target.kind, target.value, target.match)
        if existing is not None:
            return _add_again(session, existing, target, actor=actor, reason=reason,
                              viewer=viewer, via=via)
        agency_id = agencies.get_agency(session, agency)[0] if agency else None
        entry = BlocklistEntry(id=0, kind=target.kind, value=target.value,
                               match=target.match, source=source, confidence=confidence,
                               reason=reason, added_by=actor, network_id=network_id,
                               expires_at=expires_at, marking=marking)
        [entry_id] = rows.add_entries(session, [entry], agency_id=agency_id)
        _audit(session, via, [entry_id], actor=actor, path="cli blocklist add",
               detail={"kind": target.kind.value, "match": target.match.value,
                       "marking": marking.value, "reason": reason})
        return rows.get_entry(session, entry_id)


def _add_again(session: Any, entry_id: int, target: Target, *, actor: str, reason: str,
               viewer: Viewer, via: Access | None) -> BlocklistEntry:
    entry = _visible_entry(session, entry_id, viewer)
    if entry is None:
        raise Conflict(f"{target.kind.value} {target.value} is already on the blocklist, "
                       "in another agency's entry")
    if entry.status is EntryStatus.ACTIVE:
        return entry
    _require_change(viewer, entry)
    rows.set_status(session, [entry_id], EntryStatus.ACTIVE, actor=actor,
                    reason=reason, action="relisted")
    _audit(session, via, [entry_id], actor=actor, path="cli blocklist add",
           detail={"relisted": True, "reason": reason})
    return rows.get_entry(session, entry_id, viewer)


def _visible_entry(session: Any, entry_id: int | None, viewer: Viewer) -> BlocklistEntry | None:
    """The entry if ``viewer`` may see it; None for one it may not see and for none at
    all, so that callers answer both alike."""
    if entry_id is None:
        return None
    found = rows.load_entries(session, ids=[entry_id], viewer=viewer)
    return found[0] if found else None


def _require_change(viewer: Viewer, entry: BlocklistEntry, *, what: str = "") -> None:
    """PermissionDenied unless ``viewer`` may change ``entry`` (it already sees it): a
    writing role, and the owning agency or the local operator (``policy.can_change``)."""
    access.require_role(viewer, ApiRole.ANALYST)
    if not can_change(viewer, owner=entry.agency):
        owner = entry.agency or "this instance's operator"
        raise PermissionDenied(f"{what or f'entry {entry.id}'} belongs to {owner}: only its "
                               "owner may change it")


def promote_from_reports(store: Store, *, min_reports: int = 2,
                         actor: str = "counterfraud",
                         via: Access | None = None) -> PromoteResult:
    """List every blockable identifier that at least ``min_reports`` reports name (in
    their identifier fields, not only in passing), with those reports as provenance.

    Each entry is marked with the strictest marking of its reports, so a feed never tells
    an agency more than the reports behind it would. Delisted entries stay delisted: an
    upheld appeal is not undone by new reports."""
    if min_reports < 1:
        raise InvalidInput("min_reports must be at least 1", field="min_reports")
    with store.transaction() as session:
        candidates = rows.reported_identifiers(
            session, min_reports=min_reports, kinds=[k.value for k in BLOCKABLE],
            roles=EVIDENCE_ROLES)
        return _add_many(session, [(i, reports, f"named in {len(reports)} victim reports",
                                    marking) for i, reports, marking in candidates],
                         actor=actor, source=EntrySource.REPORTS,
                         who=_who(via, actor, "cli blocklist promote"))


def list_identifiers(store: Store, identifiers: Sequence[Identifier], *, actor: str,
                     reason: str, source: EntrySource, network_id: str | None = None,
                     marking: Marking = Marking.AMBER, agency: str | None = None,
                     via: Access | None = None) -> PromoteResult:
    """List many identifiers at once (a dismantled network's members, a feed) with one
    reason, owned by ``agency`` (the one that asked; None: the operator); existing entries
    and allowlisted identifiers are counted, not changed.

    AMBER by default: a network's membership is analysis of many agencies' reports, kept
    off partners' feeds until someone marks it for wider sharing."""
    blockable = [i for i in identifiers if i.kind in BLOCKABLE]
    with store.transaction() as session:
        agency_id = agencies.get_agency(session, agency)[0] if agency else None
        return _add_many(session, [(i, [], reason, marking) for i in blockable], actor=actor,
                         source=source, network_id=network_id, agency_id=agency_id,
                         who=_who(via, actor, "cli networks block"))


def _add_many(session: Any,
              candidates: Sequence[tuple[Identifier, list[int], str, Marking]], *,
              actor: str, source: EntrySource, who: Access,
              network_id: str | None = None, agency_id: int | None = None) -> PromoteResult:
    result = PromoteResult()
    allow = Allowlist(rows.load_allowlist(session))
    new: list[BlocklistEntry] = []
    evidence: dict[int, list[int]] = {}
    more_evidence: list[int] = []
    for identifier, report_ids, reason, marking in candidates:
        target = Target(identifier.kind, identifier.value, MatchType.EXACT)
        if allow.protecting(target) is not None:
            result.allowlisted.append(f"{identifier.kind.value}:{identifier.value}")
            continue
        existing = rows.find_entry_id(session, target.kind, target.value, target.match)
        if existing is not None:
            rows.add_evidence(session, {existing: report_ids})
            result.already_listed += 1
            if report_ids:
                more_evidence.append(existing)
            continue
        evidence[len(new)] = report_ids
        new.append(BlocklistEntry(
            id=0, kind=identifier.kind, value=identifier.value, source=source,
            confidence=Confidence.CONFIRMED, reason=reason, added_by=actor,
            network_id=network_id, marking=marking))
    added = rows.add_entries(session, new, agency_id=agency_id, evidence=evidence)
    result.added = len(new)
    if added or more_evidence:
        _audit(session, who, [*added, *more_evidence], actor=actor, path=who.path,
               detail={"source": source.value, "network": network_id, "new": len(added),
                       "evidence_for_existing": len(more_evidence)})
    return result


class Allowlist:
    """The allowlist compiled once (as a screening index with no blocklist entries)."""

    def __init__(self, allow: Sequence[AllowlistEntry]) -> None:
        self.entries = allow
        self.index = BlocklistIndex.build([], allow, version=0, now=datetime.now(UTC))

    def protecting(self, target: Target) -> AllowlistEntry | None:
        """The entry that protects ``target``, if any: the exact value, a domain tree above
        a domain or a URL's host, or a network holding an IP or overlapping a CIDR."""
        if target.match is MatchType.EXACT:
            return self.index.lookup(Identifier(target.kind, target.value)).allowlisted
        if target.match is MatchType.DOMAIN_TREE:
            return self.index.lookup(Identifier(IdentifierKind.DOMAIN, target.value)).allowlisted
        if target.match is MatchType.NETWORK:
            protected = [a for a in self.entries
                         if a.kind in (IdentifierKind.IP, IdentifierKind.CIDR)]
            return _network_overlap(protected, target.value)
        return None


def _network_overlap(allow: Sequence[AllowlistEntry], cidr: str) -> AllowlistEntry | None:
    network = ipaddress.ip_network(cidr)
    for entry in allow:
        other = ipaddress.ip_network(entry.value, strict=False)
        if other.version == network.version and network.overlaps(other):
            return entry
    return None


def delist(store: Store, entry_id: int, *, actor: str, reason: str,
           viewer: Viewer = OPERATOR, via: Access | None = None) -> BlocklistEntry:
    """Delist an entry ``viewer`` owns: NotFound for one it may not see, PermissionDenied
    for one it may see but does not own (or with a role that does not write)."""
    if not reason.strip():
        raise InvalidInput("a reason is required to delist", field="reason")
    access.require_role(viewer, ApiRole.ANALYST)
    with store.transaction() as session:
        entry = rows.get_entry(session, entry_id, viewer)
        _require_change(viewer, entry)
        if entry.status is EntryStatus.DELISTED:
            raise Conflict(f"entry {entry_id} is already delisted")
        rows.set_status(session, [entry_id], EntryStatus.DELISTED, actor=actor,
                        reason=reason, action="delisted")
        _audit(session, via, [entry_id], actor=actor, path="cli blocklist delist",
               detail={"reason": reason}, action=Action.DELETE)
        return rows.get_entry(session, entry_id)


def appeal(store: Store, *, contact: str, statement: str, entry_id: int | None = None,
           target: Target | None = None, viewer: Viewer = OPERATOR,
           via: Access | None = None) -> rows.Appeal:
    """The owner of a blocked number or site asks to be delisted, through ``viewer``.

    An entry ``viewer`` may not see is answered exactly as no entry (NotFound, the same
    words): filing is not a way to learn what another agency lists. The entry's history
    records that an appeal was filed; the contact and statement stay with the appeal."""
    if not contact.strip() or not statement.strip():
        raise InvalidInput("an appeal needs a contact and a statement", field="statement")
    with store.transaction() as session:
        if entry_id is None and target is not None:
            entry_id = rows.find_entry_id(session, target.kind, target.value, target.match)
        entry = _visible_entry(session, entry_id, viewer)
        if entry is None:
            raise NotFound(NO_APPEALABLE_ENTRY)
        if entry.status is not EntryStatus.ACTIVE:
            raise Conflict(f"entry {entry.id} is not blocked ({entry.status.value})")
        filed = rows.add_appeal(session, entry.id, contact=contact.strip(),
                                statement=statement.strip())
        rows.log_change(session, [(entry.id, APPELLANT, f"appeal {filed.id} filed")],
                        version=rows.current_version(session), action="appealed",
                        now=filed.created_at)
        who = audit.access_of(via, viewer, path="cli blocklist appeal")
        _audit(session, who, [entry.id], actor=who.actor, path=who.path,
               detail={"appeal": filed.id})
        return filed


def decide_appeal(store: Store, appeal_id: int, *, uphold: bool, actor: str,
                  reason: str, viewer: Viewer = OPERATOR,
                  via: Access | None = None) -> rows.Appeal:
    """The owning agency decides: upholding delists the entry; either way the reason is
    kept. NotFound (as for no appeal) when ``viewer`` may not see the entry,
    PermissionDenied when it may see but does not own it; then Conflict if decided."""
    if not reason.strip():
        raise InvalidInput("a reason is required to decide an appeal", field="reason")
    access.require_role(viewer, ApiRole.ANALYST)
    with store.transaction() as session:
        row = rows.get_appeal(session, appeal_id)
        entry = _visible_entry(session, row.entry_id, viewer)
        if entry is None:
            raise NotFound(f"no appeal {appeal_id}")
        _require_change(viewer, entry, what=f"appeal {appeal_id}")
        if row.status != "open":
            raise Conflict(f"appeal {appeal_id} was already decided ({row.status})")
        if uphold:
            rows.set_status(session, [row.entry_id], EntryStatus.DELISTED, actor=actor,
                            reason=f"appeal {appeal_id} upheld: {reason}", action="delisted")
        else:
            rows.log_change(session,
                            [(row.entry_id, actor, f"appeal {appeal_id} rejected: {reason}")],
                            version=rows.current_version(session), action="appeal_rejected",
                            now=datetime.now(UTC))
        decided = rows.decide_appeal(session, row, status="upheld" if uphold else "rejected",
                                     actor=actor, reason=reason)
        _audit(session, via, [row.entry_id], actor=actor, path="cli blocklist decide",
               detail={"appeal": appeal_id, "upheld": uphold, "reason": reason},
               action=Action.DELETE if uphold else Action.WRITE)
        return decided


def expire_due(store: Store, *, now: datetime | None = None) -> int:
    with store.transaction() as session:
        due = rows.due_for_expiry(session, now or datetime.now(UTC))
        rows.set_status(session, due, EntryStatus.EXPIRED, actor="counterfraud",
                        reason="expiry reached", action="expired")
        if due:
            _audit(session, None, due, actor="counterfraud", path="expiry",
                   action=Action.DELETE)
        return len(due)


def entries(store: Store, *, status: EntryStatus | None = EntryStatus.ACTIVE,
            kind: IdentifierKind | None = None, limit: int | None = None,
            offset: int = 0, viewer: Viewer = OPERATOR,
            via: Access | None = None) -> list[BlocklistEntry]:
    """The entries ``viewer`` may see (owner, marking and agreements decide)."""
    with store.transaction() as session:
        found = rows.load_entries(session, status=status, kind=kind, limit=limit,
                                  offset=offset, viewer=viewer)
        if found:
            _read(session, via, [e.id for e in found], viewer=viewer,
                  path="cli blocklist list")
        return found


def entry(store: Store, entry_id: int, *, viewer: Viewer = OPERATOR,
          via: Access | None = None) -> tuple[BlocklistEntry, list[rows.Change]]:
    """One entry ``viewer`` may see and its history. An appeal shows as filed, never by
    whom nor why (histories written before appeals kept those apart are cut to that)."""
    with store.transaction() as session:
        found = rows.get_entry(session, entry_id, viewer)
        changes = [replace(c, actor=APPELLANT, reason="appeal filed")
                   if c.action == "appealed" and c.actor != APPELLANT else c
                   for c in rows.history(session, entry_id)]
        _read(session, via, [entry_id], viewer=viewer, path="cli blocklist show")
        return found, changes


def appeals(store: Store, *, status: str | None = None, viewer: Viewer = OPERATOR,
            via: Access | None = None) -> list[rows.Appeal]:
    """Appeals, with contacts and statements, against the entries ``viewer`` owns (all
    of them for the local operator); reading them goes on the audit trail."""
    access.require_role(viewer, ApiRole.ANALYST)
    with store.transaction() as session:
        found = rows.list_appeals(session, status=status, viewer=viewer)
        if found:
            _read(session, via, sorted({a.entry_id for a in found}), viewer=viewer,
                  path="cli blocklist appeals", detail={"appeals": [a.id for a in found]})
        return found


def version(store: Store) -> int:
    with store.transaction() as session:
        return rows.current_version(session)


def feed(store: Store, fmt: FeedFormat, *, since: int | None = None,
         viewer: Viewer = OPERATOR, via: Access | None = None) -> str:
    """The feed in ``fmt`` of the entries ``viewer`` may see; with ``since``, only what
    changed after that version."""
    expire_due(store)
    with store.transaction() as session:
        current = rows.current_version(session)
        status = None if since is not None else EntryStatus.ACTIVE
        listed = rows.load_entries(session, status=status, since_version=since,
                                   viewer=viewer)
        _read(session, via, [e.id for e in listed], viewer=viewer, path="cli blocklist feed",
              detail={"format": fmt.value, "version": current, "since": since})
    return render(listed, fmt, version=current, since=since)


def _who(via: Access | None, actor: str, path: str) -> Access:
    return via if via is not None else Access(actor=actor, path=path)


def _audit(session: Any, via: Access | None, ids: Sequence[int], *, actor: str, path: str,
           detail: dict[str, Any] | None = None, action: Action = Action.WRITE) -> None:
    """A change to entries ``ids``; ``actor`` is the service's own (the history's) when
    the interface did not say who."""
    who = _who(via, actor, path)
    refs, summary = audit.summarised([f"blocklist/{i}" for i in ids])
    audit.record(session, actor=who.actor, action=action, path=who.path,
                 record_type=RecordType.BLOCKLIST_ENTRY.value, records=refs,
                 detail={**(detail or {}), **summary})


def _read(session: Any, via: Access | None, ids: Sequence[int], *, viewer: Viewer, path: str,
          detail: dict[str, Any] | None = None) -> None:
    who = audit.access_of(via, viewer, path=path)
    refs, summary = audit.summarised([f"blocklist/{i}" for i in ids])
    audit.record(session, actor=who.actor, action=Action.READ, path=who.path,
                 record_type=RecordType.BLOCKLIST_ENTRY.value, records=refs,
                 detail={**(detail or {}), **summary}, read_only=True)


def install_allowlist(store: Store, listed: Sequence[AllowlistEntry], *, actor: str) -> int:
    with store.transaction() as session:
        return rows.add_allowlist(session, listed, actor=actor)


def allowlist(store: Store) -> list[AllowlistEntry]:
    with store.transaction() as session:
        return rows.load_allowlist(session)


def default_allowlist() -> list[AllowlistEntry]:
    """The shipped list: hotlines, banks, government domains, shorteners, platforms."""
    text = resources.files("counterfraud.data").joinpath("allowlist.json").read_text("utf-8")
    return [AllowlistEntry(IdentifierKind(e["kind"]), e["value"], MatchType(e["match"]),
                           e["reason"]) for e in json.loads(text)["entries"]]
