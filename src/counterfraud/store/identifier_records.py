"""What the store holds about one identifier, each read through the one visibility rule:
the reports that name it, and the blocklist entries that cover it.

Both filter with the policy's SQL form (``store.visibility``), so a record the viewer may
not read is neither returned nor counted.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from counterfraud.domain import Identifier, Report, Viewer
from counterfraud.store.blocklist import visible_entries
from counterfraud.store.reports import load_report
from counterfraud.store.tables import (
    AgencyRow,
    BlocklistEntryRow,
    IdentifierRow,
    ReportIdentifierRow,
    ReportRow,
)
from counterfraud.store.visibility import visible

__all__ = ["EntryTarget", "covering_entry_ids", "reports_naming"]

EntryTarget = tuple[str, str, str | None]
"""(kind, value, match) of blocklist entries sought; match None: any match type."""


def reports_naming(session: Session, identifier: Identifier, viewer: Viewer, *,
                   limit: int = 50, offset: int = 0) -> tuple[int, list[Report]]:
    """(how many reports ``viewer`` may read name ``identifier``, one page of them newest
    first). A report naming it in several roles counts once."""
    naming = (select(ReportIdentifierRow.report_id)
              .join(IdentifierRow, IdentifierRow.id == ReportIdentifierRow.identifier_id)
              .where(IdentifierRow.kind == identifier.kind.value,
                     IdentifierRow.value == identifier.value))
    query = (select(ReportRow, AgencyRow.code)
             .join(AgencyRow, AgencyRow.id == ReportRow.agency_id)
             .where(ReportRow.id.in_(naming), visible(viewer)))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = session.execute(query.order_by(ReportRow.reported_at.desc().nulls_last(),
                                          ReportRow.id.desc())
                           .limit(limit).offset(offset)).all()
    return total, [load_report(session, row, code) for row, code in page]


def covering_entry_ids(session: Session, targets: Sequence[EntryTarget], viewer: Viewer,
                       *, limit: int = 50) -> list[int]:
    """Ids of the blocklist entries ``viewer`` may see that match one of ``targets``,
    whatever their status, by id."""
    if not targets:
        return []
    matches = [and_(BlocklistEntryRow.kind == kind, BlocklistEntryRow.value == value,
                    *((BlocklistEntryRow.match == match,) if match is not None else ()))
               for kind, value, match in targets]
    return list(session.scalars(
        select(BlocklistEntryRow.id).where(or_(*matches), visible_entries(viewer))
        .order_by(BlocklistEntryRow.id).limit(limit)))
