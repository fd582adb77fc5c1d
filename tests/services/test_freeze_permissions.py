"""Who may read and change victims and freeze requests, on SQLite and PostgreSQL: the
owner's analyst and its operator key, a partner whose agreement names victims and
freeze requests, a partner whose agreement names the case only, the bank a request is
addressed to, another bank, and the local operator.

CN owns a kidnapping case (TLP:AMBER+STRICT) with a TLP:RED victim and one re-marked
AMBER+STRICT, and a freeze request to CN-ICBC. TH holds an agreement from CN naming
case, victim and freeze_request; LA one naming the case only. Seeing the case never
shows its victims; a RED victim never leaves CN."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from tests.services.freeze_world import (
    ACCOUNT,
    CN,
    CN_BANK,
    LA,
    LA_BANK,
    TH,
    add_banks,
    add_victim,
    analyst,
    grant,
    open_case,
)

from counterfraud.domain import OPERATOR, ApiRole, Viewer
from counterfraud.errors import NotFound, PermissionDenied
from counterfraud.services import access, cases, freeze, victims
from counterfraud.services.freeze import Ask
from counterfraud.services.store import Store, open_store
from counterfraud.settings import Settings

OK, NO, HIDDEN = "ok", "403", "404"
CALLERS = {
    "owner-analyst": analyst(CN),
    "owner-operator-key": Viewer(agency=CN, role=ApiRole.OPERATOR),
    "partner-naming-victims": analyst(TH),
    "partner-naming-the-case": analyst(LA),
    "addressed-bank": Viewer(agency=CN_BANK, role=ApiRole.OPERATOR),
    "addressed-bank-analyst": analyst(CN_BANK),
    "another-bank": Viewer(agency=LA_BANK, role=ApiRole.ANALYST),
    "local-operator": OPERATOR,
}
# caller -> (case, RED victim, AMBER+STRICT victim, move a victim, freeze request, answer)
EXPECTED = {
    "owner-analyst": (OK, OK, OK, OK, OK, NO),
    "owner-operator-key": (NO, NO, NO, NO, NO, NO),
    "partner-naming-victims": (OK, HIDDEN, OK, NO, OK, NO),
    "partner-naming-the-case": (OK, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
    "addressed-bank": (NO, NO, NO, NO, OK, OK),
    "addressed-bank-analyst": (HIDDEN, HIDDEN, HIDDEN, HIDDEN, OK, OK),
    "another-bank": (HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
    "local-operator": (OK, OK, OK, OK, OK, OK),
}
ACTIONS = ("case", "red-victim", "amber-victim", "move-victim", "freeze-request", "answer")


@dataclass
class World:
    store: Store
    case_id: str
    numbers: Iterator[int]

    def request(self) -> str:
        made = freeze.request_freeze(self.store, analyst(CN), case_id=self.case_id,
                                     ask=Ask((ACCOUNT,), institution=CN_BANK))
        return made.request.id

    def victim(self) -> str:
        victim_id = f"V-M{next(self.numbers):03d}"
        add_victim(self.store, self.case_id, victim_id, marking="TLP:AMBER+STRICT")
        return victim_id


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres",
                                                              marks=pytest.mark.postgres)])
def world(request: pytest.FixtureRequest,
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    folder: Path = tmp_path_factory.mktemp("freeze-permissions")
    url = f"sqlite:///{folder}/p.db"
    if request.param == "postgres":
        url = request.getfixturevalue("postgres_url")
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    store = open_store(Settings(data_dir=folder, database_url=url))
    for code in (CN, TH, LA):
        access.add_agency(store, code=code, country=code[:2], name=code)
    add_banks(store)
    case_id = open_case(store, CN)
    grant(store, CN, TH, ["TLP:AMBER+STRICT"], ["case", "victim", "freeze_request"])
    grant(store, CN, LA, ["TLP:AMBER+STRICT"], ["case"])
    add_victim(store, case_id, "V-RED")
    add_victim(store, case_id, "V-AMBER", marking="TLP:AMBER+STRICT")
    yield World(store, case_id, itertools.count(1))
    store.close()


def _outcome(action: Callable[[], Any]) -> str:
    try:
        action()
    except NotFound:
        return HIDDEN
    except PermissionDenied:
        return NO
    return OK


def _act(world: World, name: str, caller: Viewer) -> Callable[[], Any]:
    store = world.store
    if name == "case":
        return lambda: cases.get_case(store, caller, world.case_id)
    if name == "red-victim":
        return lambda: victims.get_victim(store, caller, "V-RED")
    if name == "amber-victim":
        return lambda: victims.get_victim(store, caller, "V-AMBER")
    if name == "move-victim":
        victim_id = world.victim()
        return lambda: victims.move_victim(store, caller, victim_id, "located")
    request_id = world.request()
    if name == "freeze-request":
        return lambda: freeze.get_request(store, caller, request_id)
    return lambda: freeze.answer(store, caller, request_id, "not_found")


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("caller", list(CALLERS))
def test_permission_matrix(world: World, caller: str, action: str) -> None:
    expected = EXPECTED[caller][ACTIONS.index(action)]
    assert _outcome(_act(world, action, CALLERS[caller])) == expected


@pytest.mark.parametrize("caller", list(CALLERS))
def test_lists_show_exactly_what_may_be_read(world: World, caller: str) -> None:
    viewer = CALLERS[caller]
    row = EXPECTED[caller]
    listed: set[str] | str
    try:
        listed = {v.victim.id for v in victims.list_victims(world.store, viewer,
                                                           case_id=world.case_id)}
    except PermissionDenied:
        listed = NO
    expected = (NO if row[1] == NO else
                {v for v, seen in (("V-RED", row[1]), ("V-AMBER", row[2])) if seen == OK})
    if isinstance(listed, set):
        listed &= {"V-RED", "V-AMBER"}  # victims other tests of this module added
    assert listed == expected
    try:
        requests = freeze.list_requests(world.store, viewer, case_id=world.case_id)
        assert bool(requests) is (row[4] == OK)
    except PermissionDenied:
        assert row[4] == NO
