"""Who may appeal, read appeals, decide them and delist: owning agency × calling agency ×
role × marking, through the services, on SQLite and PostgreSQL.

The rules under test (docs/screening.md, "Appeals"):

- an appeal against an entry the caller may not see is answered exactly as one against
  an entry that does not exist;
- appeals (with contacts and statements) are listed only to the owning agency's analysts
  and admins and to the instance's operator;
- deciding an appeal and delisting are for the owning agency's analysts and admins and
  the instance's operator: NotFound when the caller may not see the entry, PermissionDenied
  when it may see it but does not own it. Entries without an owning agency (the
  operator's) are changed by the operator only.

CN owns one entry per marking per test, as does the operator; CN shares AMBER and
AMBER+STRICT blocklist entries with TH (so TH reads but never changes them); LA has no
agreement for blocklist entries.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from counterfraud.domain import (
    OPERATOR,
    ApiRole,
    BlocklistEntry,
    EntryStatus,
    Marking,
    Viewer,
)
from counterfraud.errors import CounterfraudError, NotFound, PermissionDenied
from counterfraud.services import access, agreements, audit, blocklist, ingest, networks
from counterfraud.services.store import Store, open_store
from counterfraud.settings import Settings

CN, TH, LA = "CN-MPS", "TH-CCIB", "LA-MPS"
OWNERS: list[str | None] = [CN, None]
CALLERS = [Viewer(a, r) for a in (CN, TH, LA) for r in ApiRole] + [OPERATOR]
CHANGERS = frozenset({ApiRole.ADMIN, ApiRole.ANALYST})
# What each agency may see of CN's entries and of the operator's (by the agreements below).
SEES_CN = {CN: set(Marking), TH: {Marking.CLEAR, Marking.AMBER, Marking.AMBER_STRICT},
           LA: {Marking.CLEAR}, None: set(Marking)}
SEES_OPERATOR = {CN: {Marking.CLEAR, Marking.GREEN}, TH: {Marking.CLEAR, Marking.GREEN},
                 LA: {Marking.CLEAR, Marking.GREEN}, None: set(Marking)}

OK, NOT_FOUND, FORBIDDEN = "ok", "not found", "forbidden"


def _id(caller: Viewer) -> str:
    return f"{caller.agency or 'operator'}:{caller.role.value}"


def _empty_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@dataclass
class World:
    store: Store
    numbers: Iterator[int]

    def entry(self, owner: str | None, marking: Marking) -> BlocklistEntry:
        """A fresh active entry, listed by the operator on behalf of ``owner``."""
        target = blocklist.parse_target("phone", f"+8617{next(self.numbers):09d}")
        return blocklist.add_entry(self.store, target, actor="setup", reason="in reports",
                                   agency=owner, marking=marking)

    def appealed(self, owner: str | None, marking: Marking) -> tuple[BlocklistEntry, int]:
        entry = self.entry(owner, marking)
        filed = blocklist.appeal(self.store, contact="owner@example.com",
                                 statement="my shop's number", entry_id=entry.id)
        return entry, filed.id

    def status(self, entry_id: int) -> EntryStatus:
        return blocklist.entry(self.store, entry_id)[0].status


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres",
                                                              marks=pytest.mark.postgres)])
def world(request: pytest.FixtureRequest,
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    folder = tmp_path_factory.mktemp("ownership")
    url = f"sqlite:///{folder}/o.db"
    if request.param == "postgres":
        url = request.getfixturevalue("postgres_url")
        _empty_postgres(url)
    store = open_store(Settings(data_dir=folder, database_url=url))
    for code in (CN, TH, LA):
        access.add_agency(store, code=code, country=code[:2], name=code)
    agreements.add_agreement(store, grantor=CN, grantee=TH,
                             markings=["amber", "amber+strict"],
                             record_types=["blocklist_entry"], purpose="joint interception",
                             legal_basis="bilateral_mou")
    agreements.add_agreement(store, grantor=CN, grantee=LA, markings=["green"],
                             record_types=["report"], purpose="fraud cases",
                             legal_basis="bilateral_mou")
    yield World(store, itertools.count(1))
    store.close()


def _outcome(action: Callable[[], Any]) -> tuple[str, str]:
    try:
        action()
    except NotFound as e:
        return NOT_FOUND, str(e)
    except PermissionDenied as e:
        return FORBIDDEN, str(e)
    return OK, ""


def _sees(caller: Viewer, owner: str | None, marking: Marking) -> bool:
    table = SEES_CN if owner is not None else SEES_OPERATOR
    return marking in table[caller.agency]


def _owns(caller: Viewer, owner: str | None) -> bool:
    return caller.agency is None or caller.agency == owner


def _expected_change(caller: Viewer, owner: str | None, marking: Marking) -> str:
    if caller.role not in CHANGERS:
        return FORBIDDEN
    if not _sees(caller, owner, marking):
        return NOT_FOUND
    return OK if _owns(caller, owner) else FORBIDDEN


matrix = pytest.mark.parametrize(
    ("owner", "caller", "marking"),
    [pytest.param(o, c, m, id=f"{o or 'operator'}-entry-{m.name}-by-{_id(c)}")
     for o in OWNERS for c in CALLERS for m in Marking])


@matrix
def test_appeal_against_an_unseen_entry_is_answered_as_one_against_no_entry(
        world: World, owner: str | None, caller: Viewer, marking: Marking) -> None:
    entry = world.entry(owner, marking)
    nowhere = blocklist.parse_target("phone", "+8617999999999")

    def file(**where: Any) -> Callable[[], Any]:
        return lambda: blocklist.appeal(world.store, contact="owner@example.com",
                                        statement="mine", viewer=caller, **where)

    missing = {_outcome(file(target=nowhere)), _outcome(file(entry_id=10**9))}
    by_target = _outcome(file(target=blocklist.parse_target("phone", entry.value)))
    by_id = _outcome(file(entry_id=entry.id))
    if _sees(caller, owner, marking):
        assert by_target == by_id == (OK, "")
    else:
        assert {by_target, by_id} == missing
        assert len(missing) == 1 and next(iter(missing))[0] == NOT_FOUND


@matrix
def test_appeals_are_listed_only_to_the_owner(world: World, owner: str | None,
                                              caller: Viewer, marking: Marking) -> None:
    entry, appeal_id = world.appealed(owner, marking)
    found: list[Any] = []
    outcome, _ = _outcome(lambda: found.extend(blocklist.appeals(world.store, viewer=caller)))
    if caller.role not in CHANGERS:
        assert outcome == FORBIDDEN
        return
    assert outcome == OK
    listed = {a.id: a for a in found}
    assert (appeal_id in listed) is _owns(caller, owner)
    if appeal_id in listed:
        assert (listed[appeal_id].entry_id, listed[appeal_id].contact) == (
            entry.id, "owner@example.com")


@matrix
@pytest.mark.parametrize("uphold", [True, False], ids=["uphold", "reject"])
def test_only_the_owner_decides_an_appeal(world: World, owner: str | None, caller: Viewer,
                                          marking: Marking, uphold: bool) -> None:
    entry, appeal_id = world.appealed(owner, marking)
    outcome, message = _outcome(lambda: blocklist.decide_appeal(
        world.store, appeal_id, uphold=uphold, actor=_id(caller), reason="checked",
        viewer=caller))
    expected = _expected_change(caller, owner, marking)
    assert outcome == expected, message
    if outcome == NOT_FOUND:  # the same words as for an appeal that does not exist
        _, nothing = _outcome(lambda: blocklist.decide_appeal(
            world.store, 10**9, uphold=uphold, actor="x", reason="r", viewer=caller))
        assert message.replace(str(appeal_id), "N") == nothing.replace(str(10**9), "N")
    delisted = outcome == OK and uphold
    assert world.status(entry.id) is (EntryStatus.DELISTED if delisted else EntryStatus.ACTIVE)
    still_open = [a.id for a in blocklist.appeals(world.store, status="open")]
    assert (appeal_id in still_open) is (outcome != OK)


@matrix
def test_only_the_owner_delists(world: World, owner: str | None, caller: Viewer,
                                marking: Marking) -> None:
    entry = world.entry(owner, marking)
    outcome, message = _outcome(lambda: blocklist.delist(
        world.store, entry.id, actor=_id(caller), reason="number reassigned", viewer=caller))
    assert outcome == _expected_change(caller, owner, marking), message
    assert world.status(entry.id) is (
        EntryStatus.DELISTED if outcome == OK else EntryStatus.ACTIVE)


@pytest.mark.parametrize(("caller", "owner", "marking", "expected"), [
    (Viewer(TH, ApiRole.ANALYST), CN, Marking.AMBER, FORBIDDEN),  # a reader, not the owner
    (Viewer(TH, ApiRole.ADMIN), CN, Marking.AMBER_STRICT, FORBIDDEN),
    (Viewer(TH, ApiRole.ANALYST), CN, Marking.RED, NOT_FOUND),
    (Viewer(LA, ApiRole.ADMIN), None, Marking.GREEN, FORBIDDEN),  # the operator's entry
    (Viewer(CN, ApiRole.ANALYST), CN, Marking.RED, OK),
    (OPERATOR, CN, Marking.RED, OK),
], ids=["reader-amber", "reader-admin-strict", "red-unseen", "operator-entry",
        "owner", "instance-operator"])
def test_the_matrix_is_not_trivial(world: World, caller: Viewer, owner: str | None,
                                   marking: Marking, expected: str) -> None:
    """Guards the guard: the cases of the security review, written out."""
    entry = world.entry(owner, marking)
    outcome, _ = _outcome(lambda: blocklist.delist(world.store, entry.id, actor="x",
                                                   reason="r", viewer=caller))
    assert outcome == expected


def test_readers_never_see_who_appealed(world: World) -> None:
    """An entry's history shows an appeal was filed, never the appellant's contact or
    statement: those are for the owner, through the appeals list."""
    entry, _ = world.appealed(CN, Marking.AMBER)
    for viewer in (Viewer(TH, ApiRole.ANALYST), Viewer(CN, ApiRole.ANALYST), OPERATOR):
        _, changes = blocklist.entry(world.store, entry.id, viewer=viewer)
        [appealed] = [c for c in changes if c.action == "appealed"]
        assert "owner@example.com" not in (appealed.actor, appealed.reason)
        assert "my shop" not in appealed.reason


@pytest.mark.parametrize(("caller", "marking"), [
    (Viewer(TH, ApiRole.ANALYST), Marking.RED),
    (Viewer(TH, ApiRole.ANALYST), Marking.AMBER),
], ids=["unseen", "seen-not-owned"])
def test_adding_another_agencys_target_neither_relists_nor_reveals_it(
        world: World, caller: Viewer, marking: Marking) -> None:
    entry = world.entry(CN, marking)
    blocklist.delist(world.store, entry.id, actor="CN", reason="reassigned")
    target = blocklist.parse_target("phone", entry.value)
    with pytest.raises(CounterfraudError) as refused:
        blocklist.add_entry(world.store, target, actor="TH", reason="seen", agency=TH,
                            marking=Marking.GREEN, viewer=caller)
    assert "TLP" not in str(refused.value) and "reassigned" not in str(refused.value)
    assert world.status(entry.id) is EntryStatus.DELISTED


def test_every_decision_and_appeal_is_on_the_trail(world: World) -> None:
    entry = world.entry(CN, Marking.AMBER)
    via = audit.Access(actor="TH-CCIB:cf_abcdefgh", path="api POST /v1/appeals")
    before = len(audit.entries(world.store))
    filed = blocklist.appeal(world.store, contact="owner@example.com", statement="mine",
                             entry_id=entry.id, viewer=Viewer(TH, ApiRole.OPERATOR), via=via)
    blocklist.decide_appeal(world.store, filed.id, uphold=False, actor="CN-MPS:analyst",
                            reason="in 9 reports", viewer=Viewer(CN, ApiRole.ANALYST))
    trail = audit.entries(world.store)[before:]
    assert [(e.action, e.path, e.actor) for e in trail] == [
        ("write", "api POST /v1/appeals", "TH-CCIB:cf_abcdefgh"),
        ("write", "cli blocklist decide", "CN-MPS:analyst")]
    assert "owner@example.com" not in trail[0].detail


def test_a_network_blocked_by_an_agency_is_that_agencys(world: World) -> None:
    """Members an analyst blocks belong to its agency: it sees and may delist them, and a
    reader of its AMBER entries may not."""
    rows = [(1, {"report_id": "NET-1", "marking": "TLP:AMBER",
                 "phones": "+8617700177001;+8617700177002"})]
    assert ingest.ingest_records(world.store, rows, agency=CN).rejected == 0
    networks.build(world.store)
    cn = Viewer(CN, ApiRole.ANALYST)
    [found] = [n for n in networks.networks(world.store, cn)
               if "+8617700177001" in {m.identifier.value for m in n.members}]
    assert networks.block(world.store, found.id, actor="CN-MPS:analyst", viewer=cn).added == 2
    blocked = [e for e in blocklist.entries(world.store, viewer=cn) if e.network_id == found.id]
    assert {(e.agency, e.marking) for e in blocked} == {(CN, Marking.AMBER)}
    assert _outcome(lambda: blocklist.delist(world.store, blocked[0].id, actor="TH",
                                             reason="r", viewer=Viewer(TH, ApiRole.ANALYST))
                    )[0] == FORBIDDEN
    blocklist.delist(world.store, blocked[0].id, actor="CN", reason="reassigned", viewer=cn)
