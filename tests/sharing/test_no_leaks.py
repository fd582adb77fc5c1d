"""Property: no sequence of shares, revocations, syncs between instances and re-exports
of STIX bundles lets a report reach an agency its owner never granted it to.

Three real instances (CN, TH, LA: each its own SQLite store, signing key and API, called
in-process over HTTP) each own one report per marking. Hypothesis draws a sequence of
operations; afterwards, on every instance, every agency sees only its own reports, CLEAR
ones, and reports whose owner granted it their marking for reports at some point; and an
instance holds another agency's report only under the same condition (so RED never
leaves its owner, and AMBER+STRICT never travels beyond the recipient it was granted to).
"""

from __future__ import annotations

import shutil
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counterfraud.api import create_app
from counterfraud.domain import ApiRole, Marking, RecordType, Viewer
from counterfraud.errors import Conflict
from counterfraud.services import access, agreements, federation, ingest, reports, stix
from counterfraud.services.instance_key import public_key
from counterfraud.services.store import Store, open_store
from counterfraud.settings import Settings

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*httpx2")
    from fastapi.testclient import TestClient

AGENCIES = {"CN": "CN-MPS", "TH": "TH-CCIB", "LA": "LA-MPS"}
SHAREABLE = [m.value for m in Marking if m is not Marking.RED]
TYPES = [t.value for t in RecordType]


def _rows(code: str) -> Iterator[tuple[int, dict[str, str]]]:
    for m in Marking:
        yield m.rank + 1, {"report_id": f"{code}-{m.rank}", "marking": m.value,
                           "scam_type": "investment", "reported_at": "2025-05-01T00:00:00Z",
                           "phones": f"+8613800{abs(hash(code)) % 1000:03d}{m.rank:03d}"}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three instances, each knowing the other two agencies as partner agencies with an
    analyst key for each, and its own five reports; copied fresh for every example."""
    root = tmp_path_factory.mktemp("instances")
    for name, home in AGENCIES.items():
        store = open_store(_settings(root, name))
        for other, code in AGENCIES.items():
            access.add_agency(store, code=code, country=code[:2], name=code,
                              home=other == name)
        result = ingest.ingest_records(store, _rows(home), agency=home)
        assert result.accepted == len(Marking)
        for code in AGENCIES.values():
            if code != home:
                secret = access.create_key(store, agency=code, role=ApiRole.ANALYST).secret
                (root / name / f"key-for-{code}").write_text(secret)
        public_key(_settings(root, name))
        store.close()
    return root


def _settings(root: Path, name: str) -> Settings:
    return Settings(data_dir=root / name, database_url=f"sqlite:///{root / name}/cf.db")


@dataclass
class Federation:
    root: Path
    stores: dict[str, Store] = field(default_factory=dict)
    clients: dict[str, TestClient] = field(default_factory=dict)
    granted: set[tuple[str, str, str]] = field(default_factory=set)  # owner, grantee, marking

    def subscribe_all(self) -> None:
        for name, home in AGENCIES.items():
            for source, owner in AGENCIES.items():
                if source != name:
                    federation.add_partner(
                        self.stores[name], name=source, url=f"http://{source.lower()}.test",
                        api_key=(self.root / source / f"key-for-{home}").read_text(),
                        public_key=public_key(_settings(self.root, source)), agency=home,
                        speaks_for=[owner])


Share = tuple[str, str, frozenset[str], frozenset[str]]
operations = st.lists(st.one_of(
    st.tuples(st.just("share"), st.sampled_from(list(AGENCIES)), st.sampled_from(list(AGENCIES)),
              st.frozensets(st.sampled_from(SHAREABLE), min_size=1),
              st.frozensets(st.sampled_from(TYPES), min_size=1)),
    st.tuples(st.just("revoke"), st.sampled_from(list(AGENCIES))),
    st.tuples(st.just("sync"), st.sampled_from(list(AGENCIES)), st.sampled_from(list(AGENCIES))),
    st.tuples(st.just("reexport"), st.sampled_from(list(AGENCIES)),
              st.sampled_from(list(AGENCIES))),
), min_size=1, max_size=8)


def _apply(fed: Federation, op: tuple[object, ...]) -> None:
    kind, a, b = op[0], str(op[1]), str(op[2]) if len(op) > 2 else ""
    if kind == "share" and a != b:
        markings, types = op[3], op[4]
        try:
            agreements.add_agreement(fed.stores[a], grantor=AGENCIES[a], grantee=AGENCIES[b],
                                     markings=sorted(markings), record_types=sorted(types),  # type: ignore[arg-type]
                                     purpose="property", legal_basis="mlat")
        except Conflict:  # the very same agreement, still in force: refused, nothing changes
            return
        if RecordType.REPORT.value in types:  # type: ignore[operator]
            fed.granted |= {(AGENCIES[a], AGENCIES[b], m) for m in markings}  # type: ignore[attr-defined]
    elif kind == "revoke":
        for agreement in agreements.list_agreements(fed.stores[a], agency=AGENCIES[a]):
            if agreement.id is not None and agreement.grantor == AGENCIES[a]:
                agreements.revoke_agreement(fed.stores[a], agreement.id)
    elif kind == "sync" and a != b:
        try:
            federation.sync_partner(fed.stores[a], b, client=fed.clients[b], page_size=3)
        except federation.SyncFailed as e:
            pytest.fail(f"sync {a} <- {b} failed: {e}")
    elif kind == "reexport" and a != b:  # B hands A's agency a bundle of what it may see
        bundle = stix.export_bundle(fed.stores[b], for_agency=AGENCIES[a])
        stix.import_bundle(fed.stores[a], bundle, source=f"handover from {b}")


def _check(fed: Federation) -> None:
    allowed = lambda owner, viewer, marking: (  # noqa: E731
        owner == viewer or marking == Marking.CLEAR.value
        or (owner, viewer, marking) in fed.granted)
    for name, store in fed.stores.items():
        _, held = reports.list_reports(store, Viewer(None), limit=1000)
        for r in held:
            assert allowed(r.agency, AGENCIES[name], r.marking.value), (name, r.report_id)
        for viewer in AGENCIES.values():
            _, seen = reports.list_reports(store, Viewer(viewer), limit=1000)
            for r in seen:
                assert allowed(r.agency, viewer, r.marking.value), (name, viewer, r.report_id)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=operations)
def test_no_sequence_of_shares_syncs_and_reexports_leaks(template: Path,
                                                        ops: list[tuple[object, ...]]) -> None:
    with tempfile.TemporaryDirectory() as folder, ExitStack() as stack:
        root = Path(folder)
        for name in AGENCIES:
            shutil.copytree(template / name, root / name)
        fed = Federation(root)
        for name in AGENCIES:
            fed.stores[name] = open_store(_settings(root, name))
            stack.callback(fed.stores[name].close)
            fed.clients[name] = stack.enter_context(TestClient(
                create_app(_settings(root, name)), base_url=f"http://{name.lower()}.test"))
        fed.subscribe_all()
        for op in ops:
            _apply(fed, op)
        _check(fed)
