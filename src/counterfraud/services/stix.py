"""STIX 2.1 export and import: what an agency may see, out as a bundle; bundles from
partner instances, MISP and OpenCTI, in as reports, identifiers, links and blocklist
candidates.

Export reads through the sharing policy (``store.visibility``) with the record type of
each object: reports REPORT, the identifiers they name SIGHTING, links LINK, indicators
BLOCKLIST_ENTRY. ``export_page`` is what federation serves: only records owned by this
instance's home agencies (never what came from a partner, so AMBER+STRICT never leaves
its recipient), in a keyset order its opaque cursor resumes from.

Import keeps the owner's newest version (by ``modified``); a record owned by one of this
instance's own agencies is never overwritten from outside. Blocklist candidates go
through the blocklist service's target validation and allowlist, which always wins.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO, cast

from sqlalchemy.orm import Session

from counterfraud.domain import (
    Agreement,
    BlocklistEntry,
    Confidence,
    EntrySource,
    Viewer,
    parse_agency_code,
)
from counterfraud.errors import InvalidInput
from counterfraud.services import audit
from counterfraud.services.blocklist import BLOCKABLE, Allowlist, parse_target
from counterfraud.services.store import Store
from counterfraud.sharing.stix import Dialect
from counterfraud.sharing.stix_in import Candidate, ImportPlan, bundle_objects, read_bundle
from counterfraud.sharing.stix_out import BundleBuilder
from counterfraud.store import agreements as stored_agreements
from counterfraud.store import blocklist as blocklist_rows
from counterfraud.store import exchange
from counterfraud.store.agencies import get_agency

BATCH = 1000
CURSOR_VERSION = "v1"
IMPORT_ACTOR = "stix import"


@dataclass(frozen=True, slots=True)
class ExportPage:
    bundle: dict[str, Any]
    cursor: str  # opaque: pass it back for the next page ("" = from the start)
    has_more: bool
    agreements: list[Agreement]  # active, from this instance's home agencies to the reader


@dataclass(frozen=True, slots=True)
class ImportResult:
    source: str
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    read: dict[str, int] = field(default_factory=dict)  # understood, nothing to store

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.source, "created": self.created, "updated": self.updated,
                "unchanged": self.unchanged, "read": self.read, "skipped": self.skipped}


# -- export ---------------------------------------------------------------------------


def export_bundle(store: Store, *, for_agency: str | None, since: datetime | None = None,
                  dialect: Dialect = Dialect.OPENCTI,
                  via: audit.Access | None = None) -> dict[str, Any]:
    """Everything ``for_agency`` may see (None: the local operator, everything), changed
    after ``since``, as one bundle. Read in batches; the same records give the same bytes.
    ``dialect`` MISP writes phone numbers, accounts and wallets the way MISP reads them.
    The export goes on the audit trail with the SHA-256 of its objects' ids."""
    viewer = Viewer(agency=parse_agency_code(for_agency) if for_agency else None)
    if viewer.agency is not None:
        with store.transaction() as session:
            get_agency(session, viewer.agency)  # NotFound names an unknown agency
    bundle = _export(store, viewer, since, dialect)
    refs, detail = audit.summarised([o["id"] for o in bundle["objects"]])
    who = audit.access_of(via, path="cli export stix")
    audit.record(store, actor=who.actor, action=audit.Action.EXPORT, path=who.path,
                 record_type="stix_bundle", records=refs,
                 detail={**detail, "for_agency": viewer.agency, "dialect": dialect.value,
                         "since": since.isoformat() if since else None,
                         "objects": len(bundle["objects"])})
    return bundle


def _export(store: Store, viewer: Viewer, since: datetime | None,
            dialect: Dialect) -> dict[str, Any]:
    builder = BundleBuilder(dialect)
    with store.transaction() as session:
        position = None
        while True:
            page = exchange.report_page(session, viewer, after=position, limit=BATCH,
                                        since=since)
            _add_reports(session, builder, page)
            if page.rows < BATCH:
                break
            position = page.last
        entries = None
        while True:
            indicators = exchange.indicator_page(session, viewer, after=entries, limit=BATCH,
                                                 since=since)
            _add_indicators(session, builder, indicators)
            if len(indicators.records) < BATCH:
                break
            entries = indicators.last
    return builder.bundle()


def _add_reports(session: Session, builder: BundleBuilder, page: exchange.ReportPage) -> None:
    for record in page.records:
        builder.add_report(record)
    links = exchange.link_records(session, page.report_ids)
    for link in links:
        builder.add_link(link)
    owners = {r.report.agency for r in page.records} | {link.owner for link in links}
    for agency, created in exchange.agencies_with_times(session, owners):
        builder.add_agency(agency, created=created)


def _add_indicators(session: Session, builder: BundleBuilder,
                    page: exchange.IndicatorPage) -> None:
    for record in page.records:
        builder.add_indicator(record)
    owners = {r.entry.agency for r in page.records if r.entry.agency}
    for agency, created in exchange.agencies_with_times(session, owners):
        builder.add_agency(agency, created=created)


def export_page(store: Store, *, for_agency: str, cursor: str, limit: int) -> ExportPage:
    """One page for a partner instance: up to ``limit`` records owned by this instance's
    home agencies that ``for_agency`` may see, changed since ``cursor``. When the
    agreements to ``for_agency`` changed since the cursor was issued, starts again from
    the beginning (import is idempotent, so resending is safe)."""
    code = parse_agency_code(for_agency)
    if limit < 1:
        raise InvalidInput("limit must be at least 1", field="limit")
    viewer = Viewer(agency=code)
    builder = BundleBuilder()
    with store.transaction() as session:
        agreements = _agreements_to(session, code)
        digest = _digest(agreements)
        position = _read_cursor(cursor)
        if position.get("d") != digest:
            position = {}
        reports_after = _report_position(position.get("r"))
        page = exchange.report_page(session, viewer, after=reports_after, limit=limit,
                                    home_only=True)
        _add_reports(session, builder, page)
        rows_read = page.rows
        more = rows_read == limit
        entries_after = _entry_position(position.get("b"))
        if rows_read < limit:
            indicators = exchange.indicator_page(session, viewer, after=entries_after,
                                                 limit=limit - rows_read, home_only=True)
            _add_indicators(session, builder, indicators)
            more = len(indicators.records) == limit - rows_read
            entries_after = indicators.last or entries_after
    last = page.last or reports_after
    next_cursor = _write_cursor({
        "d": digest, "r": [last[0].isoformat(), last[1]] if last else None,
        "b": list(entries_after) if entries_after else None})
    return ExportPage(bundle=builder.bundle(), cursor=next_cursor, has_more=more,
                      agreements=agreements)


def _agreements_to(session: Session, code: str) -> list[Agreement]:
    now = datetime.now(UTC)
    homes = exchange.home_codes(session)
    return [a for a in stored_agreements.list_agreements(session, agency=code)
            if a.grantee == code and a.grantor in homes and a.active_at(now)
            and a.case_id is None]  # joint-case agreements stay on this instance


def _digest(agreements: list[Agreement]) -> str:
    text = json.dumps(sorted((a.as_dict() for a in agreements), key=lambda a: str(a["id"])),
                      sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _write_cursor(position: dict[str, Any]) -> str:
    raw = json.dumps(position, sort_keys=True, separators=(",", ":")).encode()
    return f"{CURSOR_VERSION}.{base64.urlsafe_b64encode(raw).decode().rstrip('=')}"


def _read_cursor(cursor: str) -> dict[str, Any]:
    if not cursor:
        return {}
    version, _, body = cursor.partition(".")
    try:
        if version != CURSOR_VERSION:
            raise ValueError(version)
        position = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        if not isinstance(position, dict):
            raise ValueError(body)
        _report_position(position.get("r"))
        _entry_position(position.get("b"))
    except (ValueError, TypeError, binascii.Error):
        raise InvalidInput(f"unreadable export cursor {cursor[:40]!r}; start again with an "
                           "empty cursor", field="cursor") from None
    return position


def _report_position(raw: Any) -> tuple[datetime, int] | None:
    if raw is None:
        return None
    at, row_id = raw
    moment = datetime.fromisoformat(at)
    if moment.tzinfo is None or not isinstance(row_id, int):
        raise ValueError(raw)
    return moment, row_id


def _entry_position(raw: Any) -> tuple[int, int] | None:
    if raw is None:
        return None
    version, row_id = raw
    if not isinstance(version, int) or not isinstance(row_id, int):
        raise ValueError(raw)
    return version, row_id


# -- import ---------------------------------------------------------------------------


class _Tally:
    def __init__(self, source: str, plan: ImportPlan) -> None:
        self.source = source
        self.created: dict[str, int] = defaultdict(int)
        self.updated: dict[str, int] = defaultdict(int)
        self.unchanged: dict[str, int] = defaultdict(int)
        self.skipped = list(plan.skipped)
        self.read = dict(plan.read)

    def result(self) -> ImportResult:
        def clean(d: dict[str, int]) -> dict[str, int]:
            return {k: v for k, v in sorted(d.items()) if v}
        return ImportResult(self.source, clean(self.created), clean(self.updated),
                            clean(self.unchanged), self.skipped, self.read)


def import_bundle(store: Store, bundle: dict[str, Any], *, source: str,
                  default_agency: str | None = None, via: audit.Access | None = None,
                  on_trail: bool = True, owners: frozenset[str] | None = None) -> ImportResult:
    """Store what a bundle holds. ``default_agency`` owns what the bundle does not say
    the owner of (MISP and OpenCTI exports); without it such entries belong to this
    instance's operator. Raises InvalidInput only when ``bundle`` is no bundle at all.
    The import goes on the audit trail unless the caller records it itself
    (``on_trail=False``: federation, which records the signed envelope's digest). With
    ``owners``, a bundle naming any other owner is refused whole (InvalidInput)."""
    default = parse_agency_code(default_agency) if default_agency else None
    plan = read_bundle(bundle, source=source, default_agency=default)
    if owners is not None and set(plan.agencies) - owners:
        raise InvalidInput("the bundle holds records of agencies its sender does not speak "
                           f"for: {', '.join(sorted(set(plan.agencies) - owners))}",
                           field="created_by_ref")
    tally = _Tally(source, plan)
    with store.transaction() as session:
        homes = exchange.home_codes(session)
        if default is not None and default not in set(plan.agencies) | set(
                exchange.agency_ids(session, [default])):
            raise InvalidInput(f"unknown agency {default}; add it first", field="agency")
        before = set(exchange.agency_ids(session, list(plan.agencies)))
        exchange.ensure_partner_agencies(session, list(plan.agencies.values()))
        tally.created["agency"] += len(set(plan.agencies) - before)
    _import_reports(store, plan, tally, homes)
    with store.transaction() as session:
        tally.created["identifier"] += exchange.save_identifiers(session, plan.identifiers)
        for owner, links in _by_owner(plan.links).items():
            agency_id = exchange.ensure_partner_agencies(session, [plan.agencies[owner]])[owner]
            new = exchange.add_links(session, agency_id, [
                (link.source, link.target, link.link_type, link.evidence) for link in links])
            tally.created["link"] += new
            tally.unchanged["link"] += len({(lk.source, lk.target, lk.link_type)
                                            for lk in links}) - new
    for start in range(0, len(plan.candidates), BATCH):
        with store.transaction() as session:
            _import_candidates(session, plan.candidates[start:start + BATCH], tally)
    result = tally.result()
    if not on_trail:
        return result
    who = audit.access_of(via, path="cli import stix")
    audit.record(store, actor=who.actor, action=audit.Action.IMPORT, path=who.path,
                 record_type="stix_bundle", records=[source],
                 detail={"created": dict(result.created), "updated": dict(result.updated),
                         "skipped": len(result.skipped)})
    return result


def _by_owner(items: list[Any]) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = defaultdict(list)
    for item in items:
        grouped[item.owner].append(item)
    return grouped


def _import_reports(store: Store, plan: ImportPlan, tally: _Tally, homes: set[str]) -> None:
    by_owner: dict[str, list[Any]] = defaultdict(list)
    for item in plan.reports:
        if item.report.agency in homes:
            tally.skipped.append(f"report {item.report.agency}/{item.report.report_id}: "
                                 f"owned by {item.report.agency}, an agency of this instance, "
                                 "whose own version is kept")
            continue
        by_owner[item.report.agency].append((item.report, item.created, item.modified))
    for owner, items in by_owner.items():
        for start in range(0, len(items), BATCH):
            with store.transaction() as session:
                agency_id = exchange.ensure_partner_agencies(session, [plan.agencies[owner]])[
                    owner]
                counts = exchange.upsert_reports(session, agency_id, items[start:start + BATCH])
            tally.created["report"] += counts.created
            tally.updated["report"] += counts.updated
            tally.unchanged["report"] += counts.unchanged


def _import_candidates(session: Session, candidates: list[Candidate], tally: _Tally) -> None:
    """New blocklist entries for candidates not listed yet; the allowlist always wins and
    an entry already listed (or delisted after an appeal) is left as it is."""
    allow = Allowlist(blocklist_rows.load_allowlist(session))
    owners: dict[str | None, list[BlocklistEntry]] = defaultdict(list)
    seen: set[tuple[str, str, str]] = set()
    for c in candidates:
        if c.kind not in BLOCKABLE:
            continue
        try:
            target = parse_target(c.kind.value, c.value, c.match.value)
        except InvalidInput as e:
            tally.skipped.append(f"{c.object_id}: {e}")
            continue
        key = (target.kind.value, target.value, target.match.value)
        if key in seen:
            continue
        seen.add(key)
        protected = allow.protecting(target)
        if protected is not None:
            tally.skipped.append(f"{c.object_id}: {target.kind.value} {target.value} is on "
                                 f"the allowlist ({protected.reason}); not blocked")
            continue
        if blocklist_rows.find_entry_id(session, target.kind, target.value,
                                        target.match) is not None:
            tally.unchanged["blocklist_entry"] += 1
            continue
        owners[c.owner].append(BlocklistEntry(
            id=0, kind=target.kind, value=target.value, match=target.match,
            source=EntrySource.FEED, confidence=Confidence.PREDICTED, reason=c.reason,
            added_by=IMPORT_ACTOR, marking=c.marking, agency=c.owner))
    ids = exchange.agency_ids(session, [o for o in owners if o])
    for owner, entries in owners.items():
        blocklist_rows.add_entries(session, entries, agency_id=ids[owner] if owner else None)
        tally.created["blocklist_entry"] += len(entries)


# -- files ----------------------------------------------------------------------------


def write_bundle(bundle: dict[str, Any], out: TextIO) -> None:
    """Compact UTF-8 JSON with sorted keys: the same bundle is the same bytes."""
    json.dump(bundle, out, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    out.write("\n")


def read_bundle_file(path: Path) -> dict[str, Any]:
    """A bundle from a JSON file, or InvalidInput naming the file and why it is none."""
    try:
        with path.open("rb") as f:
            data = json.load(f)
    except OSError as e:
        raise InvalidInput(f"{path}: cannot read ({e.strerror})", field="file") from e
    except (ValueError, RecursionError) as e:
        raise InvalidInput(f"{path}: not JSON ({e})", field="file") from e
    bundle_objects(data, source=str(path))
    return cast(dict[str, Any], data)


def parse_since(raw: str) -> datetime:
    """``2024-05-01`` or an ISO 8601 time; without a zone it is UTC."""
    try:
        moment = datetime.fromisoformat(raw.strip())
    except ValueError:
        raise InvalidInput(f"since {raw!r} is not an ISO 8601 date or time",
                           field="since") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
