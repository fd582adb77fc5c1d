"""URL, domain, IP, CIDR and e-mail normalization; the PSL private section; IDN."""

from __future__ import annotations

import pytest

from counterfraud.identifiers import (
    InvalidIdentifier,
    canonical_host,
    normalize,
    registrable_domain,
)

URLS = [
    ("HTTP://Example.COM", "http://example.com/"),
    ("https://www.example.com:443/a/B?x=1#frag", "https://www.example.com/a/B?x=1"),
    ("http://example.com:80/", "http://example.com/"),
    ("https://example.com:8443/x", "https://example.com:8443/x"),
    ("http://example.com:443/", "http://example.com:443/"),
    ("example.com/login", "http://example.com/login"),
    ("example.com:8080/x", "http://example.com:8080/x"),
    ("https://例子.中国/路径?q=%E4", "https://xn--fsqu00a.xn--fiqs8s/路径?q=%E4"),
    ("https://bücher.de", "https://xn--bcher-kva.de/"),
    ("http://user:pw@Evil.com/x", "http://user:pw@evil.com/x"),
    ("http://1.2.3.4:8080/a", "http://1.2.3.4:8080/a"),
    ("http://[2001:DB8::1]/", "http://[2001:db8::1]/"),
    ("hxxps://evil[.]com/x", "https://evil.com/x"),
    ("https://foo.blogspot.com/p", "https://foo.blogspot.com/p"),
    ("https://a.com/?", "https://a.com/"),
]


@pytest.mark.parametrize(("raw", "value"), URLS, ids=[r for r, _ in URLS])
def test_url_canonical(raw: str, value: str) -> None:
    assert normalize("url", raw).value == value


URL_REJECTS = [
    ("ftp://example.com/x", "unsupported scheme"),
    ("mailto:a@example.com", "unsupported scheme"),
    ("javascript:alert(1)", "unsupported scheme"),
    ("http://localhost/x", "public suffix"),
    ("http://example.notatld/", "public suffix"),
    ("http://exa mple.com/", "spaces"),
    ("http://example.com:99999/", "Port"),
    ("http:example.com", "'//'"),
    ("http://a.com/x\x1by", "control character"),
    ("http://a.com/?q=\x01", "control character"),
    ("http://a.com/\x9f", "control character"),
    ("http://user\x7f@a.com/", "control character"),
]


@pytest.mark.parametrize(("raw", "reason"), URL_REJECTS, ids=[r for r, _ in URL_REJECTS])
def test_url_rejects(raw: str, reason: str) -> None:
    with pytest.raises(InvalidIdentifier) as caught:
        normalize("url", raw)
    assert reason.lower() in caught.value.reason.lower()


def test_url_details_name_host_and_domain() -> None:
    details = normalize("url", "https://a.b.example.co.th/x").details
    assert details == {"host": "a.b.example.co.th", "domain": "example.co.th"}


DOMAINS = [
    ("Example.COM", "example.com"),
    ("www.example.com.", "example.com"),
    ("a.b.example.co.th", "example.co.th"),
    ("x.uk.com", "x.uk.com"),  # PSL private section
    ("foo.blogspot.com", "foo.blogspot.com"),  # PSL private section
    ("deep.foo.github.io", "foo.github.io"),
    ("例子.中国", "xn--fsqu00a.xn--fiqs8s"),
    ("www.xn--fsqu00a.xn--fiqs8s", "xn--fsqu00a.xn--fiqs8s"),
    ("ÉXAMPLE.fr", "xn--xample-9ua.fr"),
    ("https://www.shop.example.com/path", "example.com"),
    ("evil[.]com", "evil.com"),
    ("ｅｘａｍｐｌｅ．ｃｏｍ", "example.com"),
    ("abc.xyz", "abc.xyz"),
]


@pytest.mark.parametrize(("raw", "value"), DOMAINS, ids=[r for r, _ in DOMAINS])
def test_domain_is_registrable_domain(raw: str, value: str) -> None:
    assert normalize("domain", raw).value == value


def test_domain_details_private_section() -> None:
    assert normalize("domain", "foo.blogspot.com").details["private"] is True
    assert normalize("domain", "example.com").details["private"] is False
    assert normalize("domain", "www.example.com").details["host"] == "www.example.com"


DOMAIN_REJECTS = [
    ("localhost", "public suffix"),
    ("report.pdf", "public suffix"),
    ("co.uk", "itself a public suffix"),
    ("blogspot.com", "itself a public suffix"),
    ("1.2.3.4", "IP address"),
    ("-bad-.com", "hostname"),
    ("a..com", "hostname"),
    ("x" * 64 + ".com", "hostname"),
    ("http://[::1/x", "hostname"),
    ("http://[x]/", "hostname"),
    ("[::1", "hostname"),
    ("ex\x85ample.com", "hostname"),
    ("a\x80b.com", "hostname"),
]


@pytest.mark.parametrize(("raw", "reason"), DOMAIN_REJECTS,
                         ids=[r[:20] for r, _ in DOMAIN_REJECTS])
def test_domain_rejects(raw: str, reason: str) -> None:
    with pytest.raises(InvalidIdentifier) as caught:
        normalize("domain", raw)
    assert reason in caught.value.reason


def test_registrable_domain_function() -> None:
    assert registrable_domain("WWW.Shop.Example.co.uk") == "example.co.uk"
    assert registrable_domain("a.x.uk.com") == "x.uk.com"
    with pytest.raises(InvalidIdentifier):
        registrable_domain("uk.com")


HOSTS = [
    ("WWW.Shop.Example.co.uk.", "www.shop.example.co.uk"),
    ("例子.中国", "xn--fsqu00a.xn--fiqs8s"),
    ("foo.blogspot.com", "foo.blogspot.com"),
]


@pytest.mark.parametrize(("raw", "value"), HOSTS, ids=[r for r, _ in HOSTS])
def test_canonical_host_keeps_the_whole_host(raw: str, value: str) -> None:
    assert canonical_host(raw) == value


HOST_REJECTS = ["ex\x85ample.com", "a\x80b.com", "\x80", "a..com", "", "co.uk", "localhost",
                "1.2.3.4", "x" * 300, "a\x00.com"]


@pytest.mark.parametrize("raw", HOST_REJECTS, ids=[repr(r)[:20] for r in HOST_REJECTS])
def test_canonical_host_rejects_what_is_no_host_name(raw: str) -> None:
    with pytest.raises(InvalidIdentifier) as caught:
        canonical_host(raw)
    assert caught.value.field == "domain"


IPS = [
    ("192.168.001.1", None),
    ("10.0.0.1", "10.0.0.1"),
    (" 8.8.8.8 ", "8.8.8.8"),
    ("2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
    ("[::1]", "::1"),
    ("::ffff:1.2.3.4", "::ffff:102:304"),
    ("256.1.1.1", None),
    ("1.2.3", None),
    ("10.0.0.0/8", None),
]


@pytest.mark.parametrize(("raw", "value"), IPS, ids=[r for r, _ in IPS])
def test_ip(raw: str, value: str | None) -> None:
    if value is None:
        with pytest.raises(InvalidIdentifier):
            normalize("ip", raw)
    else:
        assert normalize("ip", raw).value == value


CIDRS = [
    ("10.1.2.3/8", "10.0.0.0/8"),
    ("192.168.0.0/24", "192.168.0.0/24"),
    ("2001:DB8::/32", "2001:db8::/32"),
    ("1.2.3.4/32", "1.2.3.4/32"),
    ("1.2.3.4", None),
    ("1.2.3.0/33", None),
]


@pytest.mark.parametrize(("raw", "value"), CIDRS, ids=[r for r, _ in CIDRS])
def test_cidr(raw: str, value: str | None) -> None:
    if value is None:
        with pytest.raises(InvalidIdentifier):
            normalize("cidr", raw)
    else:
        assert normalize("cidr", raw).value == value


EMAILS = [
    ("Scam.Boss@Example.COM", "scam.boss@example.com"),
    ("mailto:a+b@mail.example.co.th", "a+b@mail.example.co.th"),
    ("user@例子.中国", "user@xn--fsqu00a.xn--fiqs8s"),
    ("kefu[at]evil[.]com", "kefu@evil.com"),
    ("no-at-sign.example.com", None),
    ("a..b@example.com", None),
    (".a@example.com", None),
    ("a@localhost", None),
    ("a@1.2.3.4", None),
    ("@example.com", None),
]


@pytest.mark.parametrize(("raw", "value"), EMAILS, ids=[r for r, _ in EMAILS])
def test_email(raw: str, value: str | None) -> None:
    if value is None:
        with pytest.raises(InvalidIdentifier):
            normalize("email", raw)
    else:
        assert normalize("email", raw).value == value
