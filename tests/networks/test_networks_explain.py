"""The core score and its reasons: score = kind x place x evidence, each part said in
words a reader can check, persons by their display names."""

from __future__ import annotations

import pytest
from networks_world import ALLOWLIST, BOSS, GANG_A, WALLET, K, World, ident, make_world

from counterfraud.domain import ScamType
from counterfraud.networks import (
    GraphOptions,
    Network,
    RankedMember,
    ReportFacts,
    Sighting,
    analyse,
    build_graph,
)
from counterfraud.networks.explain import kind_label, ordinal, plural, ranking_legend

SPLIT = GraphOptions(resolution=1.0)  # the hand-made world in three groups


def _core(world: World) -> list[RankedMember]:
    network = analyse(build_graph(*world, allowlist=ALLOWLIST, options=SPLIT)).network_of(BOSS)
    assert network is not None
    return network.core_members


def _member(core: list[RankedMember], value: str) -> RankedMember:
    return next(m for m in core if m.identifier.value == value)


def test_every_score_is_kind_times_place_times_evidence(world: World) -> None:
    weights = GraphOptions().rank_weights
    for member in _core(world):
        parts = dict(member.parts)
        assert member.score == pytest.approx(parts["kind"] * parts["place"] * parts["evidence"],
                                             abs=1e-3), member
        assert parts["evidence"] == pytest.approx(
            sum(w * parts[name] for w, name in zip(weights, ("reports", "links", "paths"),
                                                   strict=True)), abs=1e-3)
        assert 0 < parts["place"] <= 1 and 0 <= parts["evidence"] <= 1


@pytest.mark.parametrize(("value", "said", "unsaid"), [
    pytest.param(BOSS.value, ["persons count ×3 (people before what they use)",
                              "the only person in G01", "named in 3 reports by 2 agencies",
                              "links 7 identifiers", "the only link between G01 and G03",
                              "also links G01 with G02"], ["|b:", "|d:", "E7777777"],
                 id="boss"),
    pytest.param(WALLET.value, ["the only wallet in G01", "named in 3 reports by 1 agency",
                                "links G01 with G02"], ["count ×", "only link"], id="wallet"),
    pytest.param(GANG_A[0].value, ["phones in G02", "named in 4 reports by 2 agencies",
                                   "closest"], ["count ×"], id="phone"),
    pytest.param("6222021234567890123", ["bank accounts count ×0.2 (mostly mules' accounts)",
                                         "the only bank account in G01"], [], id="account"),
])
def test_why_says_each_part_in_words(world: World, value: str, said: list[str],
                                     unsaid: list[str]) -> None:
    why = _member(_core(world), value).why
    for text in said:
        assert text in why
    for text in unsaid:
        assert text not in why
    assert "gatekeeper" not in why and "shortest paths" not in why


def test_a_person_is_named_by_display_name_in_others_reasons() -> None:
    """The wallet's closest tie is the boss: named "Chen Long (CN)", never by its key."""
    facts = [ReportFacts(f"CN-MPS/R{i}", "CN-MPS", ScamType.INVESTMENT) for i in range(3)]
    sightings = [Sighting(f.key, i) for f in facts for i in (BOSS, WALLET)]
    sightings.append(Sighting("CN-MPS/R0", GANG_A[0]))
    [network] = analyse(build_graph(facts, sightings)).networks
    why = _member(network.core_members, WALLET.value).why
    assert "closest person Chen Long (CN)" in why and "chen long|" not in why


def _chain() -> Network:
    """A - B - C in one report, C - D and D - E in two more: C alone links D and E."""
    a, b, c, d, e = (ident(K.PHONE, f"+8613800138{i:03d}") for i in range(5))
    facts = [ReportFacts(f"CN-MPS/C{i}", "CN-MPS", ScamType.LOAN) for i in range(3)]
    sightings = [Sighting("CN-MPS/C0", x) for x in (a, b, c)]
    sightings += [Sighting("CN-MPS/C1", x) for x in (c, d)]
    sightings += [Sighting("CN-MPS/C2", x) for x in (d, e)]
    [network] = analyse(build_graph(facts, sightings)).networks
    return network


@pytest.mark.parametrize(("number", "cut"), [(2, 2), (3, 1)], ids=["C", "D"])
def test_the_only_link_to_the_rest_says_how_many_it_holds(number: int, cut: int) -> None:
    network = _chain()
    assert len(network.groups) == 1
    why = _member(network.core_members, f"+8613800138{number:03d}").why
    assert f"the only link to {plural(cut, 'identifier')}" in why


def test_the_most_reported_phone_of_a_group_leads_its_kind() -> None:
    """Within a kind and a group, more reports means a higher score; the r-th counts
    1 / (1 + 0.5 r) of its evidence."""
    core = _core(make_world())
    phones = sorted((m for m in core if m.identifier in GANG_A[:4]), key=lambda m: -m.score)
    places = [dict(m.parts)["place"] for m in phones]
    assert places == pytest.approx([1 / (1 + 0.5 * r) for r in range(len(phones))], abs=1e-3)


@pytest.mark.parametrize(("kind", "count", "label"), [
    ("crypto_wallet", 1, "wallet"), ("crypto_wallet", 2, "wallets"),
    ("ip", 3, "IP addresses"), ("bank_account", 1, "bank account"),
    ("person", 0, "persons"), ("url", 2, "URLs"),
], ids=["wallet", "wallets", "ips", "account", "no-persons", "urls"])
def test_kind_labels(kind: str, count: int, label: str) -> None:
    assert kind_label(kind, count) == label


@pytest.mark.parametrize(("n", "text"), [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"),
                                         (11, "11th"), (12, "12th"), (21, "21st"),
                                         (112, "112th")], ids=str)
def test_ordinals(n: int, text: str) -> None:
    assert ordinal(n) == text


def test_plural_with_thousands() -> None:
    assert plural(1, "agency", "agencies") == "1 agency"
    assert plural(1204, "report") == "1,204 reports"


def test_the_legend_follows_the_options() -> None:
    options = GraphOptions(rank_weights=(0.5, 0.25, 0.25), rank_decay=1.0,
                           kind_weights=(("person", 2.0), ("phone", 1.0)))
    text = ranking_legend(options.rank_weights, options.rank_decay, options.kind_weights)
    assert "persons ×2; phones ×1" in text
    assert "reports naming it (50%)" in text and "the next 1/2" in text
