"""BlocklistIndex: every match type, specificity order, expiry, allowlist precedence."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from screening_world import ALLOWLIST, BLOCKLIST, NOW, K, build, entry

from counterfraud.domain import AllowlistEntry, MatchType
from counterfraud.identifiers import Identifier, normalize
from counterfraud.screening import BlocklistIndex

LOOKUPS = [
    # (kind, raw value, region, expected entry ids most specific first)
    pytest.param("phone", "+66 81 234 5678", None, [1], id="phone-exact"),
    pytest.param("phone", "081-234-5678", "TH", [1], id="phone-exact-national-format"),
    pytest.param("phone", "+8617012399999", None, [3, 2], id="phone-prefix-longest-first"),
    pytest.param("phone", "+8617012000000", None, [2], id="phone-prefix-shorter-only"),
    pytest.param("phone", "+8617013000000", None, [], id="phone-prefix-miss"),
    pytest.param("domain", "evil.com", None, [4], id="domain-tree-itself"),
    pytest.param("domain", "a.b.evil.com", None, [4], id="domain-tree-subdomain"),
    pytest.param("domain", "notevil.com", None, [], id="domain-tree-not-lookalike"),
    pytest.param("domain", "evil.com.cn", None, [], id="domain-tree-not-other-suffix"),
    pytest.param("domain", "scam.top", None, [5], id="domain-exact"),
    pytest.param("domain", "www.scam.top", None, [5], id="domain-exact-registrable"),
    pytest.param("url", "https://bit.ly/abc12", None, [6], id="url-exact"),
    pytest.param("url", "bit.ly/abc12", None, [6], id="url-exact-any-scheme"),
    pytest.param("url", "https://login.evil.com/pay?x=1", None, [4], id="url-host-tree"),
    pytest.param("url", "http://198.51.100.7/x", None, [9], id="url-host-ip"),
    pytest.param("url", "http://203.0.113.70/x", None, [8, 7], id="url-host-in-network"),
    pytest.param("ip", "203.0.113.70", None, [8, 7], id="ipv4-most-specific-first"),
    pytest.param("ip", "203.0.113.5", None, [7], id="ipv4-outer-network-only"),
    pytest.param("ip", "203.0.114.5", None, [], id="ipv4-miss"),
    pytest.param("ip", "198.51.100.7", None, [9], id="ipv4-exact"),
    pytest.param("ip", "2001:db8:aa::1", None, [11, 10], id="ipv6-most-specific-first"),
    pytest.param("ip", "2001:db8:bb::1", None, [10], id="ipv6-outer-only"),
    pytest.param("ip", "2001:db9::1", None, [], id="ipv6-miss"),
    pytest.param("cidr", "203.0.113.64/27", None, [8, 7], id="cidr-inside-networks"),
    pytest.param("cidr", "203.0.112.0/23", None, [], id="cidr-wider-than-entries"),
    pytest.param("handle", "tg:@scam_boss", None, [12], id="handle-exact"),
    pytest.param("crypto_wallet", "0x52908400098527886E0F7030069857D2E4169EE7", None, [13],
                 id="wallet-exact"),
    pytest.param("bank_account", "6222 0202 0011 2233 445", None, [14], id="bank-exact"),
    pytest.param("email", "Agent@evil-mail.com", None, [15], id="email-exact"),
    pytest.param("email", "boss@mail.evil.com", None, [4], id="email-domain-tree"),
    pytest.param("person", "Zhang  Wei||CN", None, [17], id="person-exact"),
    pytest.param("phone", "+66898765432", None, [], id="expired-ignored"),
    pytest.param("phone", "+66898765433", None, [], id="delisted-ignored"),
    pytest.param("phone", "+66898765434", None, [22], id="expires-later-kept"),
]


@pytest.mark.parametrize(("kind", "raw", "region", "expected"), LOOKUPS)
def test_lookup_hits(index: BlocklistIndex, kind: str, raw: str, region: str | None,
                     expected: list[int]) -> None:
    identifier = normalize(kind, raw, region)
    result = index.lookup(identifier)
    assert [h.entry.id for h in result.hits] == expected
    assert result.allowlisted is None
    assert all(h.identifier == identifier for h in result.hits)


ALLOWED = [
    pytest.param(Identifier(K.PHONE, "96110", valid=False), "96110", id="hotline-short-code"),
    pytest.param(normalize("domain", "bit.ly"), "bit.ly", id="shortener-domain"),
    pytest.param(normalize("url", "https://bit.ly/other"), "bit.ly", id="shortener-other-url"),
    pytest.param(normalize("domain", "www.mps.gov.cn"), "gov.cn", id="gov-tree-beats-block-tree"),
    pytest.param(normalize("url", "https://www.mps.gov.cn/x"), "gov.cn", id="gov-url-host"),
    pytest.param(normalize("phone", "+6621111111"), "+6621111111", id="bank-number"),
    pytest.param(normalize("email", "someone@gmail.com"), "gmail.com", id="webmail-address"),
]


@pytest.mark.parametrize(("identifier", "allow_value"), ALLOWED)
def test_allowlist_wins(index: BlocklistIndex, identifier: Identifier, allow_value: str) -> None:
    result = index.lookup(identifier)
    assert result.hits == []
    assert result.allowlisted is not None
    assert result.allowlisted.value == allow_value


@pytest.mark.parametrize(("kind", "raw", "expected"), [
    pytest.param("url", "https://bit.ly/abc12", 6, id="short-link-on-allowlisted-shortener"),
    pytest.param("email", "help@gmail.com", 23, id="address-on-allowlisted-webmail"),
])
def test_allowlisted_container_does_not_protect_finer_entry(
        index: BlocklistIndex, kind: str, raw: str, expected: int) -> None:
    result = index.lookup(normalize(kind, raw))
    assert [h.entry.id for h in result.hits] == [expected]
    assert result.allowlisted is None


def test_matched_value_names_the_part_that_matched(index: BlocklistIndex) -> None:
    hits = index.lookup(normalize("url", "https://a.b.evil.com/x")).hits
    assert [h.matched for h in hits] == ["evil.com"]
    hits = index.lookup(normalize("phone", "+8617012399999")).hits
    assert [h.matched for h in hits] == ["+86170123", "+8617012"]


def test_several_entries_on_one_value_all_returned() -> None:
    idx = BlocklistIndex.build([entry(1, K.PHONE, "+66812345678", agency="TH-CCIB"),
                                entry(2, K.PHONE, "+66812345678", agency="CN-MPS"),
                                entry(3, K.PHONE, "+66812345678", agency="LA-MPS")],
                               version=1, now=NOW)
    hits = idx.lookup(normalize("phone", "+66812345678")).hits
    assert [h.entry.agency for h in hits] == ["TH-CCIB", "CN-MPS", "LA-MPS"]


def test_build_facts(index: BlocklistIndex) -> None:
    assert index.version == 1
    assert len(index) == len(BLOCKLIST) - 2  # one expired, one delisted
    assert index.allowlist_size == len(ALLOWLIST)
    assert index.next_expiry == datetime(2026, 1, 1, tzinfo=UTC)
    assert index.rejected == []


@pytest.mark.parametrize(("bad", "reason"), [
    pytest.param(entry(90, K.URL, "https://x.com/", MatchType.DOMAIN_TREE), "does not apply",
                 id="tree-on-url"),
    pytest.param(entry(91, K.CIDR, "10.0.0.300/8", MatchType.NETWORK), "not an IP network",
                 id="bad-cidr"),
    pytest.param(entry(92, K.PHONE, "8617012", MatchType.PHONE_PREFIX), "'+' and digits",
                 id="prefix-without-plus"),
    pytest.param(entry(93, K.PHONE, ""), "empty", id="empty-value"),
])
def test_malformed_entries_are_rejected_not_fatal(bad: object, reason: str) -> None:
    idx = build(entries=[*BLOCKLIST, bad])  # type: ignore[list-item]
    assert [r.entry_id for r in idx.rejected] == [bad.id]  # type: ignore[attr-defined]
    assert reason in idx.rejected[0].reason
    assert len(idx) == len(BLOCKLIST) - 2


def test_naive_datetimes_read_as_utc() -> None:
    idx = BlocklistIndex.build(
        [entry(1, K.PHONE, "+66812345678", expires_at=datetime(2025, 6, 1, 11, 0)),
         entry(2, K.PHONE, "+66812345679", expires_at=datetime(2025, 6, 1, 13, 0))],
        version=2, now=datetime(2025, 6, 1, 12, 0))
    assert len(idx) == 1
    assert idx.lookup(normalize("phone", "+66812345679")).hits[0].entry.id == 2


def test_allowlist_entry_with_bad_network_is_rejected() -> None:
    idx = build(allowlist=[*ALLOWLIST, AllowlistEntry(K.CIDR, "nope", MatchType.NETWORK)])
    assert [(r.entry_id, r.value) for r in idx.rejected] == [(None, "nope")]


DIGITS = st.text("0123", min_size=0, max_size=6)  # few digits: prefixes and numbers collide


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([MatchType.EXACT, MatchType.PHONE_PREFIX]), DIGITS),
                max_size=12),
       st.lists(DIGITS, min_size=1, max_size=8))
def test_phone_lookups_equal_a_scan_of_every_entry(
        entries: list[tuple[MatchType, str]], numbers: list[str]) -> None:
    """Exact entries, then every prefix the number starts with, longest first (entries on
    one value in list order): what the prefix heads and per-length probes must give."""
    listed = [entry(i, K.PHONE, "+66" + digits, match)
              for i, (match, digits) in enumerate(entries, start=1)]
    idx = BlocklistIndex.build(listed, version=1, now=NOW)
    for digits in numbers:
        number = "+66" + digits
        expected = [e.id for e in listed if e.match is MatchType.EXACT and e.value == number]
        prefixes = sorted({e.value for e in listed if e.match is MatchType.PHONE_PREFIX},
                          key=len, reverse=True)
        expected += [e.id for value in prefixes if number.startswith(value)
                     for e in listed if e.match is MatchType.PHONE_PREFIX and e.value == value]
        assert [h.entry.id for h in idx.lookup(Identifier(K.PHONE, number)).hits] == expected
