"""Two answers racing on one freeze request, on PostgreSQL with real concurrent
transactions: one wins, the other gets Conflict naming the request, and nothing is
counted twice (one answer on the request, one audit entry of it, the amount once)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from tests.conftest import AGENCIES
from tests.services.freeze_world import ACCOUNT, CN, CN_BANK, add_banks, analyst, open_case

from counterfraud.cases.requests import answer_freeze
from counterfraud.cases.states import FreezeStatus
from counterfraud.cases.victims import Money
from counterfraud.domain import Viewer
from counterfraud.errors import Conflict
from counterfraud.services import audit, freeze
from counterfraud.services.access import ensure_agency
from counterfraud.services.freeze import Ask
from counterfraud.services.store import Store, open_store
from counterfraud.settings import Settings
from counterfraud.store import freeze as rows
from counterfraud.store.case_tables import FreezeRequestRow

pytestmark = pytest.mark.postgres
ROUNDS = 40
ASKED = Money(Decimal("1000"), "CNY")


@pytest.fixture
def pg_store(postgres_url: str, tmp_path: Path) -> Iterator[Store]:
    engine = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    store = open_store(Settings(data_dir=tmp_path, database_url=postgres_url))
    for agency in AGENCIES:
        ensure_agency(store, agency)
    add_banks(store)
    yield store
    store.close()


def _request(store: Store, case_id: str) -> str:
    made = freeze.request_freeze(store, analyst(CN), case_id=case_id,
                                 ask=Ask((ACCOUNT,), institution=CN_BANK, amount=ASKED))
    return made.request.id


def _answer(store: Store, request_id: str, reply: str, amount: str | None,
            start: threading.Barrier, outcomes: list[str]) -> None:
    """One bank officer's answer, sent when the other's is."""
    start.wait()
    try:
        freeze.answer(store, Viewer(agency=CN_BANK), request_id, reply, amount=amount)
        outcomes.append("won")
    except Conflict as e:
        outcomes.append("conflict" if f"freeze request {request_id}" in str(e) else str(e))


def test_racing_answers_one_wins_the_other_is_a_conflict(pg_store: Store) -> None:
    case_id = open_case(pg_store, CN)
    replies = [("frozen", None), ("partly_frozen", "400")]
    for _ in range(ROUNDS):
        request_id = _request(pg_store, case_id)
        start = threading.Barrier(2)
        outcomes: list[str] = []
        threads = [threading.Thread(target=_answer, args=(pg_store, request_id, reply,
                                                          amount, start, outcomes))
                   for reply, amount in replies]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(outcomes) == ["conflict", "won"], request_id
        stored = freeze.get_request(pg_store, Viewer(agency=CN_BANK), request_id)
        assert stored.version == 2
        assert sum(e.action.startswith("answered") for e in stored.request.timeline) == 1
    answers = [e for e in audit.entries(pg_store) if e.path == "cli freeze answer"]
    assert len(answers) == ROUNDS  # the losers' entries went with their transactions
    with pg_store.transaction() as session:
        answered = session.scalar(select(func.count()).select_from(FreezeRequestRow)
                                  .where(FreezeRequestRow.answered_at.is_not(None)))
        frozen = session.scalar(select(func.count()).select_from(FreezeRequestRow)
                                .where(FreezeRequestRow.amount_frozen.is_not(None)))
    assert answered == frozen == ROUNDS


def test_an_answer_read_before_another_commits_loses_to_it(pg_store: Store) -> None:
    """The interleaving itself, on two connections: both read version 1; the first
    writes and holds its row lock; the second's write waits for it (or comes after)
    and, once the first commits, finds the version gone: Conflict."""
    case_id = open_case(pg_store, CN)
    request_id = _request(pg_store, case_id)
    bank = Viewer(agency=CN_BANK)
    now = datetime.now(UTC)
    first, second = pg_store.sessions(), pg_store.sessions()
    try:
        read_first = rows.visible_request(first, bank, request_id)
        read_second = rows.visible_request(second, bank, request_id)
        assert read_first.row.version == read_second.row.version == 1
        rows.save_request(first, read_first, answer_freeze(
            read_first.load(), FreezeStatus.FROZEN, actor="a", at=now, amount_frozen=ASKED))
        lost: list[BaseException] = []

        def write_second() -> None:
            try:
                rows.save_request(second, read_second, answer_freeze(
                    read_second.load(), FreezeStatus.NOT_FOUND, actor="b", at=now))
            except Conflict as e:
                lost.append(e)
            finally:
                second.rollback()

        racer = threading.Thread(target=write_second)
        racer.start()
        first.commit()
        racer.join()
        assert len(lost) == 1 and f"freeze request {request_id}" in str(lost[0])
    finally:
        first.close()
        second.close()
    stored = freeze.get_request(pg_store, bank, request_id)
    assert stored.request.status is FreezeStatus.FROZEN and stored.version == 2
