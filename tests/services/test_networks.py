from __future__ import annotations

import pytest

from counterfraud.domain import ApiRole, EntrySource, IdentifierKind, Viewer
from counterfraud.errors import NotFound
from counterfraud.services import agreements, blocklist, ingest, network_expansion, networks
from counterfraud.services.store import Store

GANG_A = [("A1", "+8613800138001", "https://a-invest.top/app", "TLP:GREEN"),
          ("A2", "+8613800138001", "https://bit.ly/aaa", "TLP:AMBER"),
          ("A3", "+8613800138002", "https://a-invest.top/app", "TLP:AMBER")]
GANG_B = [("B1", "+8613900139001", "https://b-casino.vip/play", "TLP:AMBER"),
          ("B2", "+8613900139001", "https://bit.ly/bbb", "TLP:AMBER")]


# Fifteen small unrelated gangs: the reports that make one new report a small share.
FILLER = [(f"F{i}-{j}", f"+86137{i:08d}", f"https://gang{i}.top/pay", "TLP:AMBER")
          for i in range(15) for j in (1, 2)]


def _ingest(store: Store, rows: list[tuple[str, str, str, str]]) -> None:
    records = [(i, {"report_id": rid, "phones": phone, "urls": url, "marking": marking,
                    "domains": "bit.ly", "scam_type": "investment"})
               for i, (rid, phone, url, marking) in enumerate(rows, 1)]
    result = ingest.ingest_records(store, records, agency="CN-MPS")
    assert result.rejected == 0, result.errors


@pytest.fixture
def built(store: Store) -> Store:
    blocklist.install_allowlist(store, blocklist.default_allowlist(), actor="test")
    _ingest(store, GANG_A + GANG_B)
    networks.build(store)
    return store


def _members(store: Store, viewer: Viewer) -> dict[str, set[str]]:
    return {n.id: {m.identifier.value for m in n.members}
            for n in networks.networks(store, viewer)}


def test_two_gangs_sharing_a_shortener_stay_apart(built: Store) -> None:
    found = _members(built, Viewer(None))
    assert len(found) == 2
    assert all("bit.ly" not in members for members in found.values())
    a = next(m for m in found.values() if "+8613800138001" in m)
    assert "+8613900139001" not in a and "a-invest.top" in a


def test_ids_survive_a_rebuild_with_a_new_report(built: Store) -> None:
    before = _members(built, Viewer(None))
    _ingest(built, [("A4", "+8613800138003", "https://a-invest.top/app", "TLP:AMBER")])
    networks.build(built)
    after = _members(built, Viewer(None))
    assert set(after) == set(before)
    grown = next(i for i, m in after.items() if "+8613800138003" in m)
    assert before[grown] < after[grown]


def test_partners_see_only_members_of_reports_they_may_read(built: Store) -> None:
    assert _members(built, Viewer("TH-CCIB")) == {}  # no agreement yet
    agreements.add_agreement(built, grantor="CN-MPS", grantee="TH-CCIB", markings=["green"],
                             record_types=["network"], purpose="t", legal_basis="mlat")
    seen = _members(built, Viewer("TH-CCIB"))
    assert list(seen.values()) == [{"+8613800138001", "https://a-invest.top/app",
                                    "a-invest.top"}]  # only the GREEN report A1
    hidden = next(i for i, m in _members(built, Viewer(None)).items()
                  if "+8613900139001" in m)
    with pytest.raises(NotFound):
        networks.network(built, hidden, Viewer("TH-CCIB"))


def test_block_feeds_interception_with_the_network_as_provenance(built: Store) -> None:
    target = next(i for i, m in _members(built, Viewer(None)).items()
                  if "+8613900139001" in m)
    with pytest.raises(NotFound):  # a partner cannot block what it may not see
        networks.block(built, target, actor="th", viewer=Viewer("TH-CCIB"))
    result = networks.block(built, target, actor="analyst")
    assert result.added == 4 and not result.allowlisted
    entries = blocklist.entries(built, kind=IdentifierKind.PHONE)
    assert [(e.value, e.source, e.network_id) for e in entries] == [
        ("+8613900139001", EntrySource.NETWORK, target)]


def test_expand_gives_evidence_paths(built: Store) -> None:
    found = network_expansion.expand_from(built, "phone", "+8613800138002", viewer=Viewer(None),
                                 hops=2)
    nodes = {n["identifier"]["value"]: n for n in found["nodes"]}
    assert nodes["+8613800138001"]["hops"] == 2
    path = nodes["https://a-invest.top/app"]["path"]
    assert path[0]["evidence"] == ["CN-MPS/A3"]


def test_markdown_report(built: Store) -> None:
    [first, *_] = networks.networks(built, Viewer(None))
    text = networks.markdown(networks.network(built, first.id, Viewer(None)))
    assert text.startswith(f"# Network {first.id}") and "## Core members" in text


def test_a_few_new_reports_rebuild_only_what_they_touch(built: Store) -> None:
    _ingest(built, FILLER)  # enough old reports that one more is a small share
    networks.build(built, full=True)
    before = _members(built, Viewer(None))
    gang_b = next(i for i, m in before.items() if "+8613900139001" in m)
    _ingest(built, [("A99", "+8613800138009", "https://a-invest.top/app", "TLP:AMBER")])
    summary = networks.build(built)
    after = _members(built, Viewer(None))
    assert summary.incremental and summary.networks == 1  # only gang A was rebuilt
    assert after[gang_b] == before[gang_b]  # untouched, still stored
    assert any("+8613800138009" in m for m in after.values())
    assert set(after) == set(before)


def test_a_report_joining_two_networks_merges_them(built: Store) -> None:
    _ingest(built, FILLER)
    networks.build(built, full=True)
    _ingest(built, [("AB", "+8613800138001;+8613900139001", "", "TLP:AMBER")])
    summary = networks.build(built)
    assert summary.incremental
    merged = [m for m in _members(built, Viewer(None)).values() if "+8613800138001" in m]
    assert len(merged) == 1 and "+8613900139001" in merged[0]
    assert len(_members(built, Viewer(None))) == 16  # A+B merged, the 15 others kept


# Gang A seen from Thailand: one CLEAR report names its phone with a site of its own; the
# GREEN report A1 adds a-invest, the AMBER reports A2 and A3 the shortener link and a
# second phone.
CLEAR_A = [("C1", "+8613800138001", "https://c-clear.top/x", "TLP:CLEAR")]
FROM_CLEAR = {"+8613800138001", "https://c-clear.top/x", "c-clear.top"}
FROM_GREEN = {"https://a-invest.top/app", "a-invest.top"}
FROM_AMBER = {"+8613800138002", "https://bit.ly/aaa"}


def _expanded(store: Store, viewer: Viewer) -> tuple[set[str], set[str]]:
    """(node values, every report key cited as evidence) of a 3-hop expansion."""
    found = network_expansion.expand_from(store, "phone", "+8613800138001", viewer=viewer, hops=3)
    values = {n["identifier"]["value"] for n in found["nodes"]}
    cited = {key for n in found["nodes"] for step in n["path"] for key in step["evidence"]}
    assert {e["a"]["value"] for e in found["edges"]} | {e["b"]["value"] for e in found["edges"]} \
        <= values
    return values, cited


@pytest.mark.parametrize(("agreement", "sees_green"), [
    pytest.param(None, False, id="no-agreement"),
    pytest.param(["report"], False, id="agreement-for-reports-not-networks"),
    pytest.param(["network"], True, id="agreement-for-networks"),
])
def test_partner_expansion_reaches_only_reports_it_may_read(
        built: Store, agreement: list[str] | None, sees_green: bool) -> None:
    _ingest(built, CLEAR_A)
    if agreement:
        agreements.add_agreement(built, grantor="CN-MPS", grantee="TH-CCIB",
                                 markings=["green"], record_types=agreement, purpose="t",
                                 legal_basis="mlat")
    values, cited = _expanded(built, Viewer("TH-CCIB", ApiRole.ANALYST))
    assert values == FROM_CLEAR | (FROM_GREEN if sees_green else set())
    assert cited == {"CN-MPS/C1"} | ({"CN-MPS/A1"} if sees_green else set())


@pytest.mark.parametrize("viewer", [Viewer(None), Viewer("CN-MPS", ApiRole.ANALYST)],
                         ids=["operator", "owning-agency"])
def test_owner_and_operator_expand_over_everything(built: Store, viewer: Viewer) -> None:
    _ingest(built, CLEAR_A)
    values, cited = _expanded(built, viewer)
    assert values == FROM_CLEAR | FROM_GREEN | FROM_AMBER
    assert {"CN-MPS/A2", "CN-MPS/A3"} <= cited


def test_expanding_an_identifier_no_visible_report_names_is_not_found(built: Store) -> None:
    with pytest.raises(NotFound, match="no report visible"):
        network_expansion.expand_from(built, "phone", "+8613800138001",
                                      viewer=Viewer("TH-CCIB", ApiRole.ANALYST))
    assert network_expansion.expand_from(built, "phone", "+8613800138001",
                                         viewer=Viewer(None))["nodes"]
