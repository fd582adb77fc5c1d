"""Reading what the store knows: identifier lookups, reports, statistics.

Every function takes the Viewer and reads only what the sharing policy lets it see, and
each request that returns marked records appends one entry to the audit trail naming the
records it returned and who read them how. The read runs first, in a transaction that
only reads; its entry then goes through the store's group commit (services.audit), and
the function returns the records only once the entry is durable on the chain: a read
whose entry cannot be written raises, and nothing is answered.
"""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime
from typing import Any

from counterfraud.domain import IdentifierLookup, RecordType, Report, ScamType, Statistics, Viewer
from counterfraud.identifiers import normalize
from counterfraud.services import audit
from counterfraud.services.audit import Access, Action
from counterfraud.services.lookup_cache import LookupCache
from counterfraud.services.store import Store
from counterfraud.store import lookups, queries

_STARTING = threading.Lock()  # one lookup cache per store, however many threads ask


def lookup(store: Store, kind: str, value: str, viewer: Viewer, *,
           region: str | None = None, via: Access | None = None) -> IdentifierLookup:
    """Normalise ``value`` as ``kind`` (raises InvalidIdentifier) and look it up.

    National phone formats are read in ``region``, else in the viewer's agency's country,
    as an analyst of that agency would write them. The answer may be one kept since an
    earlier lookup (services.lookup_cache): never one that a write has changed since."""
    who = audit.access_of(via, viewer, path="cli lookup")
    cache = _lookup_cache(store)
    found = cache.get((viewer.agency, kind, value, region), version=cache.version(),
                      now=datetime.now(UTC))
    if found is None:
        found = _answer(store, kind, value, viewer, region)
    if found.known:
        _read(store, who, **_lookup_entry(found))
    return found


async def lookup_async(store: Store, kind: str, value: str, viewer: Viewer, *,
                       region: str | None = None,
                       via: Access | None = None) -> IdentifierLookup:
    """:func:`lookup` for the event loop: a kept answer costs one read of the records
    version (services.lookup_cache); reading the records, when needed, runs in a worker
    thread; the entry's commit is awaited, holding no thread."""
    who = audit.access_of(via, viewer, path="cli lookup")
    cache = _lookup_cache(store)
    found = cache.get((viewer.agency, kind, value, region),
                      version=await cache.version_async(), now=datetime.now(UTC))
    if found is None:
        found = await asyncio.to_thread(_answer, store, kind, value, viewer, region)
    if found.known:
        await audit.record_async(store, actor=who.actor, action=Action.READ, path=who.path,
                                 **_lookup_entry(found))
    return found


def _answer(store: Store, kind: str, value: str, viewer: Viewer,
            region: str | None) -> IdentifierLookup:
    """Read the answer and keep it, tagged with the records version read first."""
    cache = _lookup_cache(store)
    version = cache.version()
    at = datetime.now(UTC)
    with store.transaction() as session:
        country = region
        if country is None and viewer.agency is not None:
            agency = viewer.agency
            country = cache.country(agency, version=version,
                                    read=lambda: lookups.agency_country(session, agency))
        identifier = normalize(kind, value, region=country)
        found = lookups.lookup_identifier(session, identifier, viewer, at=at)
        until = cache.next_change(version=version, at=at,
                                  read=lambda: lookups.next_agreement_change(session, at))
    cache.put((viewer.agency, kind, value, region), found, version=version, read_at=at,
              until=until)
    return found


def _lookup_entry(found: IdentifierLookup) -> dict[str, Any]:
    return {"record_type": RecordType.SIGHTING.value,
            "records": [f"{found.identifier.kind.value}:{found.identifier.value}"],
            "detail": {"reports": found.reports, "agencies": list(found.agencies),
                       "linked": len(found.linked)}}


def _lookup_cache(store: Store) -> LookupCache:
    cache = store.lookups
    if cache is None:
        with _STARTING:
            if store.lookups is None:
                store.lookups = LookupCache(store.engine)
            cache = store.lookups
    return cache


def statistics(store: Store, viewer: Viewer, *, via: Access | None = None) -> Statistics:
    """Aggregates over every visible report; the trail records the count, not each one."""
    who = audit.access_of(via, viewer, path="cli stats")
    with store.transaction() as session:
        figures = queries.statistics(session, viewer)
    _read(store, who, record_type=RecordType.REPORT.value, records=[],
          detail={"statistics": True, "reports": figures.reports})
    return figures


def get_report(store: Store, agency: str, report_id: str, viewer: Viewer, *,
               via: Access | None = None) -> Report:
    who = audit.access_of(via, viewer, path="cli report")
    with store.transaction() as session:
        found = queries.get_report(session, agency, report_id, viewer)
    _read(store, who, record_type=RecordType.REPORT.value,
          records=[audit.report_ref(found.agency, found.report_id)])
    return found


def list_reports(store: Store, viewer: Viewer, *, agency: str | None = None,
                 scam_type: ScamType | None = None, since: datetime | None = None,
                 limit: int = 100, offset: int = 0,
                 via: Access | None = None) -> tuple[int, list[Report]]:
    who = audit.access_of(via, viewer, path="cli reports")
    with store.transaction() as session:
        total, page = queries.list_reports(session, viewer, agency=agency,
                                           scam_type=scam_type, since=since, limit=limit,
                                           offset=offset)
    if page:
        _read(store, who, record_type=RecordType.REPORT.value,
              records=[audit.report_ref(r.agency, r.report_id) for r in page],
              detail={"total": total, "offset": offset})
    return total, page


def _read(store: Store, who: Access, *, record_type: str, records: list[str],
          detail: dict[str, Any] | None = None) -> None:
    """The entry of a read, durable on the chain when this returns."""
    audit.record(store, actor=who.actor, action=Action.READ, path=who.path,
                 record_type=record_type, records=records, detail=detail)
