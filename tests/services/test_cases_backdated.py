"""Cases recorded after the fact, on SQLite and PostgreSQL: opened from last month's paper
file, moved while offline. Each write takes ``at``; the case keeps it (its timeline, the
query columns opened_at and closed_at, the figures of its month), and a time before the
case's last change, more than a day ahead, before 1990 or without a zone is refused
naming ``at`` with nothing written."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from counterfraud.cases.templates import template_for
from counterfraud.domain import OPERATOR, ApiRole, ScamType, Viewer
from counterfraud.errors import InvalidInput
from counterfraud.services import case_links, cases, kpi
from counterfraud.services.store import Store
from counterfraud.store.case_tables import CaseRow

CN, TH = "CN-MPS", "TH-CCIB"
CN_ANALYST = Viewer(CN, ApiRole.ANALYST)
OPENED = datetime(2025, 3, 3, 1, 30, tzinfo=UTC)
BEIJING = timezone(timedelta(hours=8))


def _open(store: Store, at: datetime | None = OPENED) -> cases.CaseView:
    return cases.open_case(store, agency=CN, scam_type="investment",
                           title="Paper file of March", at=at, viewer=CN_ANALYST)


def _columns(store: Store, case_id: str) -> tuple[datetime, datetime | None, int]:
    with store.transaction() as session:
        row = session.get(CaseRow, case_id)
        assert row is not None
        return row.opened_at, row.closed_at, row.version


def test_a_case_opened_and_closed_after_the_fact_keeps_its_dates(store: Store) -> None:
    # given in Beijing time, kept in UTC
    view = _open(store, OPENED.astimezone(BEIJING))
    case_id = view.case.id
    template = template_for(ScamType.INVESTMENT)
    assert view.case.timeline[0].at == OPENED and view.case.timeline[0].at.tzinfo == UTC
    assert view.case.tasks[0].due == OPENED + template.tasks[0].due_in  # due from then
    moves = [("investigating", OPENED + timedelta(hours=5)),
             ("action", OPENED + timedelta(days=3)),
             ("closed_solved", OPENED + timedelta(days=40))]
    for status, at in moves:
        cases.move_case(store, CN_ANALYST, case_id, status, at=at)
    shown = cases.get_case(store, CN_ANALYST, case_id)
    assert [e.at for e in shown.case.timeline] == [OPENED, *(at for _, at in moves)]
    assert shown.as_dict()["opened_at"] == OPENED.isoformat()
    assert shown.as_dict()["closed_at"] == moves[-1][1].isoformat()
    assert _columns(store, case_id)[:2] == (OPENED, moves[-1][1])
    # the figures count it in its own months: opened in March, solved in April
    figures = kpi.kpi(store, OPERATOR, period=kpi.parse_period("2025-03", "2025-04"),
                      by="month")
    assert [(g[0], g[1].count("cases_opened"), g[1].count("cases_solved"))
            for g in figures.groups] == [("2025-03", 1, 0), ("2025-04", 0, 1)]


LATER = OPENED + timedelta(days=2)
Write = Callable[[Store, str, datetime], Any]
WRITES: dict[str, Write] = {
    "move": lambda s, c, at: cases.move_case(s, CN_ANALYST, c, "investigating", at=at),
    "remark": lambda s, c, at: cases.remark(s, CN_ANALYST, c, tlp="green", at=at),
    "note": lambda s, c, at: cases.add_note(s, CN_ANALYST, c, "victim called back", at=at),
    "task-add": lambda s, c, at: cases.add_task(s, CN_ANALYST, c, title="Call the bank",
                                                at=at),
    "task-assign": lambda s, c, at: cases.assign_task(s, CN_ANALYST, c, 1, "Officer Li",
                                                      at=at),
    "task-log": lambda s, c, at: cases.log_task(s, CN_ANALYST, c, 1, "transfers listed",
                                                at=at),
    "task-done": lambda s, c, at: cases.finish_task(s, CN_ANALYST, c, 1, at=at),
    "identifier": lambda s, c, at: cases.add_identifier(s, CN_ANALYST, c, "phone",
                                                        "138 0013 8000", at=at),
    "invite": lambda s, c, at: case_links.invite(s, CN_ANALYST, c, agency=TH,
                                                 purpose="joint operation", at=at),
}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_every_change_takes_when_it_happened(store: Store, write: Write) -> None:
    case_id = _open(store).case.id
    write(store, case_id, LATER.astimezone(BEIJING))
    case = cases.get_case(store, CN_ANALYST, case_id).case
    assert [e.at for e in case.timeline] == [OPENED, LATER]


def test_an_invitation_after_the_fact_is_in_force_from_then(store: Store) -> None:
    case_id = _open(store).case.id
    made = case_links.invite(store, CN_ANALYST, case_id, agency=TH, purpose="joint work",
                             at=LATER)
    assert made.valid_from == LATER
    assert [a.valid_from for a in case_links.participants(store, OPERATOR, case_id)] == [
        LATER]


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_a_change_dated_before_the_last_is_refused_naming_at(store: Store,
                                                              write: Write) -> None:
    case_id = _open(store).case.id
    cases.add_note(store, CN_ANALYST, case_id, "file received", at=LATER)
    before = cases.get_case(store, CN_ANALYST, case_id)
    with pytest.raises(InvalidInput, match="earlier than the last change") as refused:
        write(store, case_id, LATER - timedelta(minutes=1))
    assert refused.value.field == "at"
    after = cases.get_case(store, CN_ANALYST, case_id)
    assert (after.case, after.version) == (before.case, before.version)
    assert case_links.participants(store, OPERATOR, case_id) == []


BAD_TIMES = {
    "two-days-ahead": (lambda: datetime.now(UTC) + timedelta(days=2), "too far in the future"),
    "before-1990": (lambda: datetime(1989, 12, 31, tzinfo=UTC), "before 1990"),
    "no-zone": (lambda: datetime(2025, 3, 1, 9, 0), "time zone"),
}


@pytest.mark.parametrize(("moment", "words"), BAD_TIMES.values(), ids=BAD_TIMES.keys())
def test_a_case_is_not_opened_at_an_impossible_time(store: Store,
                                                    moment: Callable[[], datetime],
                                                    words: str) -> None:
    with pytest.raises(InvalidInput, match=words) as refused:
        _open(store, moment())
    assert refused.value.field == "at"
    assert cases.list_cases(store, OPERATOR) == (0, [])


@pytest.mark.parametrize(("moment", "words"), BAD_TIMES.values(), ids=BAD_TIMES.keys())
def test_no_change_is_made_at_an_impossible_time(store: Store,
                                                 moment: Callable[[], datetime],
                                                 words: str) -> None:
    case_id = _open(store).case.id
    for name, write in WRITES.items():
        with pytest.raises(InvalidInput, match=words) as refused:
            write(store, case_id, moment())
        assert refused.value.field == "at", name
    assert _columns(store, case_id)[2] == 1
    assert case_links.participants(store, OPERATOR, case_id) == []


def test_a_day_ahead_is_allowed_for_clocks_and_time_zones(store: Store) -> None:
    soon = datetime.now(UTC) + timedelta(hours=20)
    view = _open(store, soon)
    assert view.case.timeline[0].at == soon


def test_without_at_the_clock_dates_it_and_never_before_the_last_change(
        store: Store) -> None:
    start = datetime.now(UTC)
    view = _open(store, None)
    assert start <= view.case.timeline[0].at <= datetime.now(UTC)
    ahead = datetime.now(UTC) + timedelta(hours=12)  # a colleague's clock runs ahead
    cases.add_note(store, CN_ANALYST, view.case.id, "from the field", at=ahead)
    moved = cases.move_case(store, CN_ANALYST, view.case.id, "investigating")
    assert moved.case.timeline[-1].at == ahead
