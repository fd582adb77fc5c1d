"""Messages reported as scams (or marked legitimate): labelled data for retraining."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counterfraud.store.tables import ReportedMessageRow


def add_reported(session: Session, *, text: str, label: str, sender: str | None,
                 reporter: str) -> int:
    row = ReportedMessageRow(text=text, label=label, sender=sender, reporter=reporter)
    session.add(row)
    session.flush()
    return row.id


def labelled(session: Session) -> list[tuple[str, str]]:
    """(text, label) of every reported message, oldest first."""
    rows = session.execute(select(ReportedMessageRow.text, ReportedMessageRow.label)
                           .order_by(ReportedMessageRow.id))
    return [(text, label) for text, label in rows]


def count_by_label(session: Session) -> dict[str, int]:
    rows = session.execute(select(ReportedMessageRow.label, func.count())
                           .group_by(ReportedMessageRow.label))
    return {label: int(n) for label, n in rows}
