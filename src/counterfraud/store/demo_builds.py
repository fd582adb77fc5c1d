"""The demo builds a store has seen: started, and finished when they ended whole."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from counterfraud.store.tables import AgencyRow, DemoBuildRow, ReportRow, utcnow


def start(session: Session, *, seed: int, size: str) -> int:
    row = DemoBuildRow(seed=seed, size=size, started_at=utcnow())
    session.add(row)
    session.flush()
    return row.id


def finish(session: Session, build_id: int) -> None:
    session.execute(update(DemoBuildRow).where(DemoBuildRow.id == build_id)
                    .values(finished_at=utcnow()))


def latest(session: Session) -> DemoBuildRow | None:
    """The last build started, finished or not."""
    return session.scalars(select(DemoBuildRow).order_by(DemoBuildRow.id.desc())
                           .limit(1)).first()


def contents(session: Session) -> tuple[int, int]:
    """(agencies, reports) in the store."""
    agencies = session.scalar(select(func.count()).select_from(AgencyRow)) or 0
    reports = session.scalar(select(func.count()).select_from(ReportRow)) or 0
    return int(agencies), int(reports)
