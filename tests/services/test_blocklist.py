from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from counterfraud.domain import EntrySource, EntryStatus, IdentifierKind, MatchType
from counterfraud.errors import Conflict, InvalidInput, NotFound
from counterfraud.services import blocklist, ingest
from counterfraud.services.feeds import FeedFormat
from counterfraud.services.store import Store

ANALYST = "analyst@TH-CCIB"


@pytest.fixture
def listed(store: Store) -> Store:
    blocklist.install_allowlist(store, blocklist.default_allowlist(), actor="test")
    return store


def _add(store: Store, kind: str, value: str, match: str = "exact", **kw: object):  # type: ignore[no-untyped-def]
    return blocklist.add_entry(store, blocklist.parse_target(kind, value, match),
                               actor=ANALYST, reason="seen in a scam", **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(("kind", "value", "match", "expected"), [
    ("phone", "+86 170 12", "phone_prefix", ("phone", "+8617012")),
    ("cidr", "10.1.2.3/16", "network", ("cidr", "10.1.0.0/16")),
    ("domain", "Evil.Weebly.com.", "domain_tree", ("domain", "evil.weebly.com")),
    ("url", "HXXPS://Scam[.]top/pay", "exact", ("url", "https://scam.top/pay")),
    ("phone", "081 234 5678", "exact", ("phone", "+66812345678")),
], ids=["prefix", "network", "domain-tree-host", "defanged-url", "national-phone"])
def test_targets_are_canonical(kind: str, value: str, match: str,
                               expected: tuple[str, str]) -> None:
    target = blocklist.parse_target(kind, value, match, region="TH")
    assert (target.kind.value, target.value) == expected


@pytest.mark.parametrize(("kind", "value", "match"), [
    ("phone", "8617012", "phone_prefix"),
    ("domain", "nothing.invalidtld", "domain_tree"),
    ("phone", "x", "fuzzy"),
], ids=["prefix-without-plus", "unknown-suffix", "unknown-match"])
def test_bad_targets_are_refused(kind: str, value: str, match: str) -> None:
    with pytest.raises(InvalidInput):
        blocklist.parse_target(kind, value, match)


def test_the_allowlist_wins(listed: Store) -> None:
    with pytest.raises(Conflict, match="allowlist"):
        _add(listed, "domain", "bit.ly")
    with pytest.raises(Conflict, match="allowlist"):
        _add(listed, "domain", "www.mps.gov.cn", "domain_tree")
    entry = _add(listed, "url", "https://bit.ly/3xScam")  # the short URL, not the shortener
    assert entry.status is EntryStatus.ACTIVE


def test_add_is_idempotent_and_relists(listed: Store) -> None:
    first = _add(listed, "phone", "+8613800138000")
    assert _add(listed, "phone", "+8613800138000").id == first.id
    blocklist.delist(listed, first.id, actor=ANALYST, reason="number reassigned")
    relisted = _add(listed, "phone", "+8613800138000")
    assert relisted.status is EntryStatus.ACTIVE
    _, changes = blocklist.entry(listed, first.id)
    assert [c.action for c in changes] == ["added", "delisted", "relisted"]
    assert [c.version for c in changes] == sorted(c.version for c in changes)
    assert changes[1].reason == "number reassigned" and changes[1].actor == ANALYST


def test_every_change_needs_a_reason(listed: Store) -> None:
    with pytest.raises(InvalidInput, match="reason"):
        blocklist.add_entry(listed, blocklist.parse_target("phone", "+8613800138000"),
                            actor=ANALYST, reason=" ")


def test_promote_from_reports_with_provenance(listed: Store) -> None:
    rows = [(1, {"report_id": "R1", "phones": "+8613800138000", "domains": "bit.ly",
                 "urls": "https://bit.ly/abc"}),
            (2, {"report_id": "R2", "phones": "+8613800138000;+8613900139000",
                 "domains": "bit.ly", "urls": "https://bit.ly/abc"}),
            (3, {"report_id": "R3", "narrative": "he also called +8613900139000"})]
    ingest.ingest_records(listed, rows, agency="CN-MPS")
    result = blocklist.promote_from_reports(listed, min_reports=2)
    assert result.added == 2  # the phone and the short URL; 13900139000 is only mentioned once
    assert result.allowlisted == ["domain:bit.ly"]
    by_value = {e.value: e for e in blocklist.entries(listed)}
    phone = by_value["+8613800138000"]
    assert phone.report_ids == ("CN-MPS/R1", "CN-MPS/R2")
    assert phone.source is EntrySource.REPORTS
    assert blocklist.promote_from_reports(listed, min_reports=2).already_listed == 2


def test_promote_does_not_undo_a_delisting(listed: Store) -> None:
    rows = [(i, {"report_id": f"R{i}", "phones": "+8613800138000"}) for i in (1, 2)]
    ingest.ingest_records(listed, rows, agency="CN-MPS")
    blocklist.promote_from_reports(listed)
    [entry] = blocklist.entries(listed)
    blocklist.delist(listed, entry.id, actor=ANALYST, reason="appeal upheld")
    assert blocklist.promote_from_reports(listed).added == 0
    assert blocklist.entries(listed) == []


def test_appeals(listed: Store) -> None:
    kept = _add(listed, "phone", "+8613800138000")
    gone = _add(listed, "domain", "shop-th.top")
    a1 = blocklist.appeal(listed, contact="owner@example.com", statement="my shop",
                          target=blocklist.parse_target("domain", "shop-th.top"))
    a2 = blocklist.appeal(listed, contact="+8613800138000", statement="my number",
                          entry_id=kept.id)
    assert [a.status for a in blocklist.appeals(listed, status="open")] == ["open", "open"]
    blocklist.decide_appeal(listed, a1.id, uphold=True, actor=ANALYST, reason="real shop")
    blocklist.decide_appeal(listed, a2.id, uphold=False, actor=ANALYST, reason="in 9 reports")
    with pytest.raises(Conflict):
        blocklist.decide_appeal(listed, a2.id, uphold=True, actor=ANALYST, reason="again")
    assert blocklist.entry(listed, gone.id)[0].status is EntryStatus.DELISTED
    assert blocklist.entry(listed, kept.id)[0].status is EntryStatus.ACTIVE
    actions = [c.action for c in blocklist.entry(listed, kept.id)[1]]
    assert actions == ["added", "appealed", "appeal_rejected"]
    with pytest.raises(NotFound):
        blocklist.appeal(listed, contact="x", statement="y",
                         target=blocklist.parse_target("domain", "never-listed.com"))


def test_expiry_and_delta_feed(listed: Store) -> None:
    past = datetime.now(UTC) - timedelta(days=1)
    _add(listed, "phone", "+8613800138000", expires_at=past)
    start = blocklist.version(listed)
    _add(listed, "domain", "scam.top", "domain_tree")
    delta = json.loads(blocklist.feed(listed, FeedFormat.JSON, since=start))
    assert [e["value"] for e in delta["added"]] == ["scam.top"]
    assert [e["value"] for e in delta["removed"]] == ["+8613800138000"]  # expired on the way
    assert delta["version"] > start
    full = json.loads(blocklist.feed(listed, FeedFormat.JSON))
    assert [e["value"] for e in full["entries"]] == ["scam.top"]
    nothing = json.loads(blocklist.feed(listed, FeedFormat.JSON, since=delta["version"]))
    assert nothing["added"] == nothing["removed"] == []


def test_feed_formats(listed: Store) -> None:
    _add(listed, "domain", "scam.top", "domain_tree")
    _add(listed, "domain", "fake-bank.com")
    _add(listed, "ip", "203.0.113.7")
    _add(listed, "cidr", "2001:db8:abcd::/48", "network")
    _add(listed, "phone", "+8617012", "phone_prefix")
    rpz = blocklist.feed(listed, FeedFormat.RPZ).splitlines()
    assert {"scam.top CNAME .", "*.scam.top CNAME .", "fake-bank.com CNAME .",
            "32.7.113.0.203.rpz-ip CNAME .",
            "48.0.0.0.0.0.abcd.db8.2001.rpz-ip CNAME ."} <= set(rpz)
    assert "*.fake-bank.com CNAME ." not in rpz
    hosts = blocklist.feed(listed, FeedFormat.HOSTS).splitlines()
    assert hosts[1:] == ["0.0.0.0 fake-bank.com", "0.0.0.0 scam.top"]
    csv_lines = blocklist.feed(listed, FeedFormat.CSV).splitlines()
    assert csv_lines[0].startswith("id,kind,value,match")
    assert any(",phone,+8617012,phone_prefix," in line for line in csv_lines)
    assert len(csv_lines) == 6
    assert {e.match for e in blocklist.entries(listed, kind=IdentifierKind.CIDR)} == {
        MatchType.NETWORK}
