"""Networks as an agency sees them are derived from only the reports it may read.

The property: what an agency is shown of the networks (which identifiers form each
network, groups, core members with scores, ranks and reasons, report counts, victims,
losses, timeline) equals what the operator of a store holding only those reports would
be shown. Nothing derived from a hidden report reaches it — not a member, not a count,
not the fact that two identifiers it sees are linked through a hidden report."""

from __future__ import annotations

import json
import random
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import AGENCIES

from counterfraud.domain import Marking, RecordType, Viewer
from counterfraud.errors import NotFound
from counterfraud.services import agreements, blocklist, evidence, ingest, networks
from counterfraud.services.access import ensure_agency
from counterfraud.services.store import Store, open_store
from counterfraud.settings import Settings
from counterfraud.sharing.policy import can_see

RED_PERSON = "Sengdao Canary|1997-11-01|LA|P3659449"


def _row(rid: str, marking: str, **values: str) -> dict[str, str]:
    return {"report_id": rid, "marking": marking, "scam_type": "investment",
            "reported_at": "2025-03-01T00:00:00Z", **values}


def _ingest(store: Store, agency: str, rows: list[dict[str, str]]) -> None:
    result = ingest.ingest_records(store, list(enumerate(rows, 1)), agency=agency)
    assert result.rejected == 0, result.errors


@pytest.fixture
def linked_by_red(store: Store) -> Store:
    """Two GREEN halves of one gang that only a TH RED report joins, with a suspect
    and a loss named only in that report; TH shares GREEN with LA."""
    _ingest(store, "TH-CCIB", [
        _row("T1", "TLP:GREEN", phones="+66812345001", urls="https://gold-vip.top/a"),
        _row("T2", "TLP:GREEN", phones="+66812345001", urls="https://gold-vip.top/b"),
        _row("T3", "TLP:GREEN", phones="+66812345777", urls="https://silver-vip.top/a"),
        _row("T4", "TLP:GREEN", phones="+66812345777", urls="https://silver-vip.top/b"),
        _row("T5", "TLP:RED", phones="+66812345001;+66812345777", persons=RED_PERSON,
             crypto_wallets="TJCnKsPa7y5okkXvQAidZBzqx3QyQ6sxMW", loss_amount="999999",
             loss_currency="THB"),
    ])
    agreements.add_agreement(store, grantor="TH-CCIB", grantee="LA-MPS", markings=["green"],
                             record_types=["all"], purpose="joint case", legal_basis="mlat")
    networks.build(store)
    return store


def _dump(store: Store, viewer: Viewer) -> str:
    """Everything the network read paths give ``viewer``, as one text."""
    parts: list[Any] = []
    for found in networks.networks(store, viewer):
        shown = networks.network(store, found.id, viewer)
        parts += [networks.as_json(found), networks.as_json(shown), shown.summary,
                  networks.markdown(shown)]
    return json.dumps(parts, default=str)


def test_a_red_report_neither_joins_nor_adds_to_what_a_partner_sees(
        linked_by_red: Store) -> None:
    whole = networks.networks(linked_by_red, Viewer(None))
    assert len(whole) == 1  # the RED report joins the two halves
    seen = networks.networks(linked_by_red, Viewer("LA-MPS"))
    assert sorted(sorted(m.identifier.value for m in n.members) for n in seen) == [
        ["+66812345001", "gold-vip.top", "https://gold-vip.top/a", "https://gold-vip.top/b"],
        ["+66812345777", "https://silver-vip.top/a", "https://silver-vip.top/b",
         "silver-vip.top"]]
    text = _dump(linked_by_red, Viewer("LA-MPS"))
    for canary in ("sengdao", "P3659449", "TJCnKsPa7y5", "999999", "TH-CCIB/T5"):
        assert canary.lower() not in text.lower()
    assert "in 3 reports" not in text  # the phones are in 2 reports LA may read, not 3
    owner = _dump(linked_by_red, Viewer("TH-CCIB"))
    assert "sengdao" in owner and "999999" in owner


def test_an_agency_without_agreements_sees_only_its_own_networks(
        linked_by_red: Store) -> None:
    assert networks.networks(linked_by_red, Viewer("CN-MPS")) == []
    with pytest.raises(NotFound):
        networks.network(linked_by_red, networks.networks(linked_by_red, Viewer(None))[0].id,
                         Viewer("CN-MPS"))


def test_the_view_follows_agreements_as_they_change(linked_by_red: Store) -> None:
    assert len(networks.networks(linked_by_red, Viewer("LA-MPS"))) == 2
    for agreement in agreements.list_agreements(linked_by_red, agency="TH-CCIB"):
        agreements.revoke_agreement(linked_by_red, agreement.id, grantor="TH-CCIB")
    assert networks.networks(linked_by_red, Viewer("LA-MPS")) == []


def test_a_signed_evidence_package_for_a_partner_holds_only_its_view(
        linked_by_red: Store, tmp_path: Path) -> None:
    target = networks.networks(linked_by_red, Viewer("LA-MPS"))[0].id
    out = tmp_path / "case.zip"
    evidence.export_evidence(linked_by_red, target, out, viewer=Viewer("LA-MPS"))
    with zipfile.ZipFile(out) as package:
        text = "".join(package.read(n).decode(errors="replace") for n in package.namelist())
    assert "sengdao" not in text.lower() and "P3659449" not in text


# The property over random worlds.

PHONES = [f"+6681234{n:04d}" for n in range(14)]
SITES = [f"https://site{n}.top/p" for n in range(8)]
MARKINGS = [m.value for m in Marking]


def _world(seed: int) -> list[tuple[str, dict[str, str]]]:
    rng = random.Random(seed)
    rows = []
    for n in range(40):
        agency = rng.choice(AGENCIES).code
        values = {"phones": ";".join(rng.sample(PHONES, rng.randint(1, 2))),
                  "urls": rng.choice(SITES),
                  "loss_amount": str(rng.randint(1, 9) * 1000), "loss_currency": "USD",
                  "victim_country": agency[:2]}
        if rng.random() < 0.2:
            values["persons"] = f"Suspect {n % 5}|1990-01-0{n % 5 + 1}|MM|D{n % 5}"
        rows.append((agency, _row(f"R{n}", rng.choice(MARKINGS), **values)))
    return rows


def _comparable(store: Store, viewer: Viewer) -> list[dict[str, Any]]:
    out = []
    for found in networks.networks(store, viewer):
        shown = networks.network(store, found.id, viewer)
        body = {k: v for k, v in networks.as_json(shown).items() if k != "id"}
        for member in body["members"]:
            member["group"] = None  # group ids carry the network id
        summary = {k: v for k, v in shown.summary.items() if k not in {"id", "groups"}}
        summary["groups"] = sorted(sorted(m["value"] for m in g["members"])
                                   for g in shown.summary["groups"])
        out.append({**body, "summary": summary})
    return sorted(out, key=lambda n: json.dumps(n["members"], sort_keys=True))


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("agency", ["CN-MPS", "TH-CCIB", "LA-MPS"])
def test_a_view_is_the_analysis_of_only_the_readable_reports(
        store: Store, tmp_path: Path, seed: int, agency: str) -> None:
    world = _world(seed)
    for owner in sorted({a for a, _ in world}):
        _ingest(store, owner, [row for a, row in world if a == owner])
    rng = random.Random(seed)
    for grantor in AGENCIES:
        for grantee in AGENCIES:
            if grantor != grantee and rng.random() < 0.6:
                agreements.add_agreement(
                    store, grantor=grantor.code, grantee=grantee.code,
                    markings=rng.sample(["clear", "green", "amber", "amber+strict"], 2),
                    record_types=["network"], purpose="t", legal_basis="mlat")
    networks.build(store)
    viewer = Viewer(agency)
    granted = agreements.list_agreements(store)
    now = datetime.now(UTC)
    readable = {(a, row["report_id"]) for a, row in world
                if can_see(viewer, owner=a, marking=Marking(row["marking"]),
                           record_type=RecordType.NETWORK, agreements=granted, at=now)}
    alone = open_store(Settings(data_dir=tmp_path / "alone",
                                database_url=f"sqlite:///{tmp_path}/alone.db"))
    for known in AGENCIES:
        ensure_agency(alone, known)
    for owner in sorted({a for a, _ in world}):
        kept = [row for a, row in world if a == owner and (a, row["report_id"]) in readable]
        if kept:
            _ingest(alone, owner, kept)
    networks.build(alone)
    assert _comparable(store, viewer) == _comparable(alone, Viewer(None))
    alone.close()


def test_the_allowlist_applies_to_views(store: Store) -> None:
    blocklist.install_allowlist(store, blocklist.default_allowlist(), actor="test")
    _ingest(store, "TH-CCIB", [_row("S1", "TLP:CLEAR", urls="https://bit.ly/x",
                                    phones="+66812340001"),
                               _row("S2", "TLP:CLEAR", urls="https://bit.ly/y",
                                    phones="+66812340002")])
    networks.build(store)
    assert all("bit.ly" not in {m.identifier.value for m in n.members}
               for n in networks.networks(store, Viewer("CN-MPS")))


@pytest.mark.parametrize("marking, url, shown", [
    ("TLP:RED", "https://gold-vip.top/a", False),  # now hidden from LA
    ("TLP:GREEN", "https://gold-vip.top/new", True),  # same visibility, new content
], ids=["marked-red", "new-content"])
def test_a_report_sent_again_changes_the_view(linked_by_red: Store, marking: str, url: str,
                                             shown: bool) -> None:
    before = networks.networks(linked_by_red, Viewer("LA-MPS"))
    assert any("https://gold-vip.top/a" in {m.identifier.value for m in n.members}
               for n in before)
    _ingest(linked_by_red, "TH-CCIB", [_row("T1", marking, phones="+66812345001", urls=url)])
    after = {m.identifier.value for n in networks.networks(linked_by_red, Viewer("LA-MPS"))
             for m in n.members}
    assert (url in after) is shown
    assert "https://gold-vip.top/a" not in after
