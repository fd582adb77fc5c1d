"""Reading what the store knows: identifier lookups, reports, statistics.

Every function takes the Viewer and reads only what the sharing policy lets it see.
"""

from __future__ import annotations

from datetime import datetime

from counterfraud.domain import IdentifierLookup, Report, ScamType, Statistics, Viewer
from counterfraud.identifiers import normalize
from counterfraud.services.store import Store
from counterfraud.store import agencies, queries


def lookup(store: Store, kind: str, value: str, viewer: Viewer, *,
           region: str | None = None) -> IdentifierLookup:
    """Normalise ``value`` as ``kind`` (raises InvalidIdentifier) and look it up.

    National phone formats are read in ``region``, else in the viewer's agency's country,
    as an analyst of that agency would write them."""
    with store.transaction() as session:
        if region is None and viewer.agency is not None:
            region = agencies.get_agency(session, viewer.agency)[1].country
        identifier = normalize(kind, value, region=region)
        return queries.lookup_identifier(session, identifier, viewer)


def statistics(store: Store, viewer: Viewer) -> Statistics:
    with store.transaction() as session:
        return queries.statistics(session, viewer)


def get_report(store: Store, agency: str, report_id: str, viewer: Viewer) -> Report:
    with store.transaction() as session:
        return queries.get_report(session, agency, report_id, viewer)


def list_reports(store: Store, viewer: Viewer, *, agency: str | None = None,
                 scam_type: ScamType | None = None, since: datetime | None = None,
                 limit: int = 100, offset: int = 0) -> tuple[int, list[Report]]:
    with store.transaction() as session:
        return queries.list_reports(session, viewer, agency=agency, scam_type=scam_type,
                                    since=since, limit=limit, offset=offset)
