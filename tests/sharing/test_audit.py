from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterfraud.sharing.audit import (
    GENESIS,
    Action,
    AuditEntry,
    Head,
    ProblemKind,
    new_entry,
    verify_chain,
)

START = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def chain(n: int) -> tuple[list[AuditEntry], Head]:
    head = Head(0, GENESIS)
    out = []
    for i in range(n):
        entry = new_entry(head, at=START + timedelta(seconds=i), actor="TH-CCIB:cf_abcdefgh",
                          action=Action.READ, path="api GET /v1/reports/{agency}/{report_id}",
                          record_type="report", records=[f"CN-MPS/R{i}"], detail={"n": i})
        out.append(entry)
        head = Head(entry.id, entry.hash)
    return out, head


def test_an_intact_chain_verifies() -> None:
    entries, head = chain(20)
    report = verify_chain(entries, head)
    assert report.intact and report.entries == 20
    assert [e.id for e in entries] == list(range(1, 21))
    assert report.as_dict()["problem"] is None


def test_an_empty_chain_verifies_with_or_without_a_head() -> None:
    assert verify_chain([], None).intact
    assert verify_chain([], Head(0, GENESIS)).intact


def _edit(entries: list[AuditEntry]) -> list[AuditEntry]:
    entries[6] = dataclasses.replace(entries[6], actor="LA-MPS:cf_zzzzzzzz")
    return entries


def _edit_json_bytes(entries: list[AuditEntry]) -> list[AuditEntry]:
    entries[6] = dataclasses.replace(entries[6], records=entries[6].records.replace("[", "[ "))
    return entries


def _edit_and_rehash(entries: list[AuditEntry]) -> list[AuditEntry]:
    forged = dataclasses.replace(entries[6], path="cli")
    entries[6] = dataclasses.replace(forged, hash=forged.computed_hash())
    return entries


def _remove(entries: list[AuditEntry]) -> list[AuditEntry]:
    del entries[6]
    return entries


def _remove_and_renumber(entries: list[AuditEntry]) -> list[AuditEntry]:
    del entries[6]
    return [dataclasses.replace(e, id=i) for i, e in enumerate(entries, 1)]


def _swap(entries: list[AuditEntry]) -> list[AuditEntry]:
    a, b = entries[6], entries[7]
    entries[6], entries[7] = dataclasses.replace(b, id=a.id), dataclasses.replace(a, id=b.id)
    return entries


def _move_last_to_front(entries: list[AuditEntry]) -> list[AuditEntry]:
    moved = [entries[-1], *entries[:-1]]
    return [dataclasses.replace(e, id=i) for i, e in enumerate(moved, 1)]


def _truncate(entries: list[AuditEntry]) -> list[AuditEntry]:
    return entries[:-3]


def _remove_first(entries: list[AuditEntry]) -> list[AuditEntry]:
    return entries[2:]


def _new_genesis(entries: list[AuditEntry]) -> list[AuditEntry]:
    first = dataclasses.replace(entries[0], prev_hash="f" * 64)
    entries[0] = dataclasses.replace(first, hash=first.computed_hash())
    return entries


def _renumber(entries: list[AuditEntry]) -> list[AuditEntry]:
    return [dataclasses.replace(e, id=e.id + (5 if e.id >= 7 else 0)) for e in entries]


@pytest.mark.parametrize(("tamper", "kind", "entry"), [
    (_edit, ProblemKind.EDITED, 7),
    (_edit_json_bytes, ProblemKind.EDITED, 7),
    (_edit_and_rehash, ProblemKind.REMOVED, 8),
    (_remove, ProblemKind.REMOVED, 8),
    (_remove_and_renumber, ProblemKind.REMOVED, 7),
    (_swap, ProblemKind.REORDERED, 7),
    (_move_last_to_front, ProblemKind.REORDERED, 1),
    (_truncate, ProblemKind.REMOVED_TAIL, 18),
    (_remove_first, ProblemKind.REMOVED, 3),
    (_new_genesis, ProblemKind.UNKNOWN_GENESIS, 1),
    (_renumber, ProblemKind.EDITED, 12),
], ids=lambda v: getattr(v, "__name__", str(v)))
def test_tampering_is_named_with_its_kind_and_entry(
        tamper: Callable[[list[AuditEntry]], list[AuditEntry]], kind: ProblemKind,
        entry: int) -> None:
    entries, head = chain(20)
    report = verify_chain(tamper(entries), head)
    assert report.problem is not None, "tampering went unnoticed"
    assert (report.problem.kind, report.problem.entry) == (kind, entry)
    assert str(report.problem).startswith(f"entry {entry}: ")


def test_a_rewritten_last_entry_shows_against_the_head() -> None:
    entries, head = chain(5)
    entries = _edit_and_rehash_last(entries)
    report = verify_chain(entries, head)
    assert report.problem is not None
    assert (report.problem.kind, report.problem.entry) == (ProblemKind.EDITED, 5)


def _edit_and_rehash_last(entries: list[AuditEntry]) -> list[AuditEntry]:
    forged = dataclasses.replace(entries[-1], actor="operator")
    entries[-1] = dataclasses.replace(forged, hash=forged.computed_hash())
    return entries


def test_entries_beyond_the_head_are_reported() -> None:
    entries, _head = chain(5)
    report = verify_chain(entries, Head(3, entries[2].hash))
    assert report.problem is not None
    assert (report.problem.kind, report.problem.entry) == (ProblemKind.HEAD_MISMATCH, 4)


def test_only_the_first_problem_is_reported() -> None:
    entries, head = chain(10)
    entries = _truncate(_edit(entries))
    report = verify_chain(entries, head)
    assert report.problem is not None and report.problem.kind is ProblemKind.EDITED


def test_verification_reads_a_stream_once() -> None:
    entries, head = chain(50)
    assert verify_chain(iter(entries), head).intact


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone"):
        new_entry(Head(0, GENESIS), at=datetime(2026, 1, 1), actor="operator",
                  action=Action.WRITE, path="cli", record_type="report", records=[])


@given(st.lists(st.text(max_size=20), max_size=5),
       st.dictionaries(st.text(max_size=10), st.one_of(st.integers(), st.text(max_size=10)),
                       max_size=4),
       st.text(min_size=1, max_size=30))
def test_any_content_hashes_stably_and_any_change_shows(
        records: list[str], detail: dict[str, object], actor: str) -> None:
    entry = new_entry(Head(0, GENESIS), at=START, actor=actor, action=Action.WRITE,
                      path="cli", record_type="report", records=records, detail=detail)
    assert verify_chain([entry], Head(1, entry.hash)).intact
    changed = dataclasses.replace(entry, actor=actor + "x")
    assert not verify_chain([changed], Head(1, entry.hash)).intact


def test_the_hash_is_the_documented_formula() -> None:
    """Anyone can recompute it: SHA-256 of the previous hash followed by the canonical
    JSON (keys sorted, no spaces, UTF-8) of every field but the id."""
    entries, _head = chain(2)
    second = entries[1]
    body = {"at": "2026-03-01T08:00:01.000000+00:00", "actor": second.actor,
            "action": "read", "path": second.path, "record_type": "report",
            "records": '["CN-MPS/R1"]', "detail": '{"n":1}'}
    expected = hashlib.sha256(entries[0].hash.encode() + json.dumps(
        body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()).hexdigest()
    assert second.hash == expected and second.prev_hash == entries[0].hash
