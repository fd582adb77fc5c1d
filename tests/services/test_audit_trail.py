from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from counterfraud.domain import ApiRole, Viewer
from counterfraud.errors import NotFound
from counterfraud.services import access, agreements, audit, blocklist, ingest, reports
from counterfraud.services.audit import Access, Action
from counterfraud.services.feeds import FeedFormat
from counterfraud.services.store import Store
from counterfraud.sharing.audit import ProblemKind

TH = Viewer(agency="TH-CCIB", role=ApiRole.ANALYST)
ROWS = [{"report_id": f"CN-{i}", "scam_type": "investment", "reported_at": "2026-03-01",
         "phones": "138 0013 8000", "marking": "TLP:GREEN" if i % 2 else "TLP:RED"}
        for i in range(1, 7)]


@pytest.fixture
def trail(store: Store) -> Iterator[Store]:
    """A chain built by real service calls: writes of every kind, then reads."""
    access.add_agency(store, code="MM-MOHA", country="MM", name="Ministry of Home Affairs")
    key = access.create_key(store, agency="TH-CCIB", role=ApiRole.ANALYST)
    ingest.ingest_records(store, enumerate(ROWS, 1), agency="CN-MPS")
    agreements.add_agreement(store, grantor="CN-MPS", grantee="TH-CCIB",
                             markings=["TLP:GREEN", "TLP:AMBER"], record_types=["all"],
                             purpose="joint case", legal_basis="mlat")
    via = Access(actor="TH-CCIB:cf_test1234", path="api GET /v1/reports/{agency}/{report_id}")
    reports.get_report(store, "CN-MPS", "CN-1", TH, via=via)
    reports.list_reports(store, TH)
    reports.lookup(store, "phone", "+8613800138000", TH)
    reports.statistics(store, TH)
    access.revoke_key(store, key.prefix)
    yield store


def _sql(store: Store, *statements: str) -> None:
    with store.engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))


def test_every_write_and_read_is_on_an_intact_chain(trail: Store) -> None:
    entries = audit.entries(trail)
    assert [(e.action, e.record_type) for e in entries] == [
        ("write", "agency"), ("write", "api_key"), ("write", "report"),
        ("write", "agreement"), ("read", "report"), ("read", "report"),
        ("read", "sighting"), ("read", "report"), ("delete", "api_key")]
    report = audit.verify(trail)
    assert report.intact and report.entries == 9
    assert report.head is not None and report.head.last_hash == entries[-1].hash


def test_entries_say_who_what_and_how(trail: Store) -> None:
    entries = {(e.action, e.record_type, e.path): e for e in audit.entries(trail)}
    batch = entries[("write", "report", "cli ingest")]
    assert json.loads(batch.records) == [f"CN-MPS/CN-{i}" for i in range(1, 7)]
    assert batch.actor == "operator"
    get = entries[("read", "report", "api GET /v1/reports/{agency}/{report_id}")]
    assert (get.actor, json.loads(get.records)) == ("TH-CCIB:cf_test1234", ["CN-MPS/CN-1"])
    listed = entries[("read", "report", "cli reports")]
    assert listed.actor == "TH-CCIB"  # TH sees only the GREEN ones
    assert sorted(json.loads(listed.records)) == ["CN-MPS/CN-1", "CN-MPS/CN-3", "CN-MPS/CN-5"]
    key = entries[("write", "api_key", "cli key create")]
    assert json.loads(key.records)[0].startswith("cf_") and len(json.loads(key.records)[0]) == 11


def test_a_failed_read_leaves_no_entry(trail: Store) -> None:
    before = len(audit.entries(trail))
    with pytest.raises(NotFound):
        reports.get_report(trail, "CN-MPS", "CN-2", TH)  # RED: not for TH
    assert len(audit.entries(trail)) == before


def test_a_write_and_its_entry_commit_together(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction() as session:
        audit.record(session, actor="operator", action=Action.WRITE, path="cli",
                     record_type="report", records=["CN-MPS/X"])
        raise RuntimeError("the write failed")
    assert audit.entries(store) == [] and audit.verify(store).intact


def test_list_filters_by_actor_and_limit(trail: Store) -> None:
    assert {e.actor for e in audit.entries(trail, actor="TH-CCIB")} == {"TH-CCIB"}
    assert [e.id for e in audit.entries(trail, limit=3)] == [1, 2, 3]


@pytest.mark.parametrize(("statements", "kind", "entry"), [
    (["UPDATE audit_log SET actor = 'LA-MPS' WHERE id = 5"], ProblemKind.EDITED, 5),
    (["UPDATE audit_log SET records = '[\"CN-MPS/CN-9\"]' WHERE id = 3"],
     ProblemKind.EDITED, 3),
    (["DELETE FROM audit_log WHERE id = 4"], ProblemKind.REMOVED, 5),
    (["UPDATE audit_log SET id = -4 WHERE id = 4", "UPDATE audit_log SET id = 4 WHERE id = 5",
      "UPDATE audit_log SET id = 5 WHERE id = -4"], ProblemKind.REORDERED, 4),
    (["DELETE FROM audit_log WHERE id > 6"], ProblemKind.REMOVED_TAIL, 7),
    (["DELETE FROM audit_log WHERE id < 3"], ProblemKind.REMOVED, 3),
    (["INSERT INTO audit_log SELECT id + 100, at, actor, action, path, record_type, records,"
      " detail, prev_hash, hash FROM audit_log WHERE id = 9"], ProblemKind.HEAD_MISMATCH, 10),
], ids=["edit", "edit-records", "delete", "swap", "truncate", "remove-first", "append-around"])
def test_raw_sql_tampering_is_named(trail: Store, statements: list[str], kind: ProblemKind,
                                    entry: int) -> None:
    _sql(trail, *statements)
    report = audit.verify(trail)
    assert report.problem is not None, "tampering went unnoticed"
    assert (report.problem.kind, report.problem.entry) == (kind, entry)


APPENDER = """
import sys
from counterfraud.services import audit
from counterfraud.services.audit import Action
from counterfraud.services.store import open_store
from counterfraud.settings import Settings

settings = Settings(data_dir=sys.argv[1], database_url=sys.argv[2])
store = open_store(settings, migrate_schema=False)
for i in range(int(sys.argv[3])):
    audit.record(store, actor=f"worker-{sys.argv[4]}", action=Action.READ, path="test",
                 record_type="report", records=[f"CN-MPS/{i}"])
store.close()
"""


def test_concurrent_appends_from_several_processes_never_fork_the_chain(store: Store) -> None:
    workers, each = 4, 40
    url = store.settings.effective_database_url
    processes = [subprocess.Popen([sys.executable, "-c", APPENDER, str(store.settings.data_dir),
                                   url, str(each), str(w)], stderr=subprocess.PIPE)
                 for w in range(workers)]
    for p in processes:
        _, errors = p.communicate(timeout=300)
        assert p.returncode == 0, errors.decode()
    report = audit.verify(store)
    assert report.intact, report.problem
    assert report.entries == workers * each
    by_worker = {f"worker-{w}": 0 for w in range(workers)}
    for e in audit.entries(store):
        by_worker[e.actor] += 1
    assert set(by_worker.values()) == {each}


def test_blocklist_changes_and_reads_are_on_the_trail(trail: Store) -> None:
    before = len(audit.entries(trail))
    target = blocklist.parse_target("domain", "scam-exchange.top")
    added = blocklist.add_entry(trail, target, actor="console:analyst", reason="fake exchange")
    filed = blocklist.appeal(trail, contact="owner@example.com", statement="mine",
                             entry_id=added.id)
    blocklist.decide_appeal(trail, filed.id, uphold=True, actor="console:analyst",
                            reason="verified")
    promoted = blocklist.promote_from_reports(trail, min_reports=2)
    blocklist.feed(trail, FeedFormat.JSON, viewer=TH)
    entries = audit.entries(trail)[before:]
    assert [(e.action, e.path, e.actor) for e in entries] == [
        ("write", "cli blocklist add", "console:analyst"),
        ("write", "cli blocklist appeal", "operator"),
        ("delete", "cli blocklist decide", "console:analyst"),
        ("write", "cli blocklist promote", "counterfraud"),
        ("read", "cli blocklist feed", "TH-CCIB")]
    assert json.loads(entries[0].records) == [f"blocklist/{added.id}"]
    assert json.loads(entries[3].detail)["new"] == promoted.added == 1  # the shared phone
    assert audit.verify(trail).intact


def test_a_read_of_many_records_keeps_their_count_and_digest() -> None:
    refs = [f"blocklist/{i}" for i in range(audit.LISTED + 1)]
    listed, detail = audit.summarised(refs)
    assert listed == [] and detail["count"] == audit.LISTED + 1
    assert detail["references_sha256"] == hashlib.sha256(
        "\n".join(sorted(refs)).encode()).hexdigest()
    assert audit.summarised(refs[:3]) == (refs[:3], {})


@pytest.mark.parametrize(("action", "read_only", "relaxed"), [
    (Action.READ, True, True), (Action.READ, False, False), (Action.WRITE, True, False)])
def test_only_read_only_reads_commit_without_waiting_for_the_disk(
        store: Store, action: Action, read_only: bool, relaxed: bool) -> None:
    if store.engine.dialect.name != "postgresql":
        pytest.skip("SQLite's WAL with synchronous=NORMAL already commits this way")
    with store.transaction() as session:
        audit.record(session, actor="operator", action=action, path="cli",
                     record_type="report", records=["CN-MPS/X"], read_only=read_only)
        setting = session.execute(text("SHOW synchronous_commit")).scalar()
    assert setting == ("off" if relaxed else "on")


def test_exports_imports_and_network_reads_are_on_the_trail(trail: Store) -> None:
    from counterfraud.services import network_expansion, networks, stix

    ingest.ingest_records(trail, [(1, {"report_id": "CN-NET", "scam_type": "investment",
                                       "phones": "138 0013 8000", "marking": "TLP:GREEN",
                                       "urls": "https://gold-vip.top/app"})], agency="CN-MPS")
    bundle = stix.export_bundle(trail, for_agency="TH-CCIB")
    stix.import_bundle(trail, bundle, source="bundle.json", default_agency="CN-MPS")
    networks.build(trail)
    [found] = networks.networks(trail, TH, min_size=1)
    networks.network(trail, found.id, TH)
    network_expansion.expand_from(trail, "phone", "+8613800138000", viewer=TH)
    tail = [(e.action, e.path, e.record_type) for e in audit.entries(trail)][-5:]
    assert tail == [
        ("export", "cli export stix", "stix_bundle"), ("import", "cli import stix", "stix_bundle"),
        ("read", "cli networks list", "network"), ("read", "cli networks show", "network"),
        ("read", "cli networks expand", "network")]
    assert audit.verify(trail).intact
