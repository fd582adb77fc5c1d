"""Scanners for URLs, e-mail addresses, bare domains, IP addresses/networks and wallets.

A URL yields a ``url`` over the whole URL and a ``domain`` (or ``ip``) over the span of its
host only; a profile link (t.me, line.me, wa.me) also yields the ``handle``. A bare domain
followed by a path (``abc-invest.com/login``) is a URL too; without a path it is only a
``domain``. Bare domains must end in a known public suffix, and a Title-case last label
(``done.Today``) is taken for prose, not a domain.
"""

from __future__ import annotations

import functools

from counterfraud.identifiers import patterns
from counterfraud.identifiers.finance import normalize_crypto_wallet
from counterfraud.identifiers.handle import handle_from_link, normalize_handle
from counterfraud.identifiers.scan import Scan, is_ascii_word_char, trim_trailing
from counterfraud.identifiers.types import InvalidIdentifier
from counterfraud.identifiers.web import (
    normalize_cidr,
    normalize_domain,
    normalize_email,
    normalize_ip,
    normalize_url,
)

_MAX_IDN_TRIM = 16

__all__ = ["scan_domains", "scan_emails", "scan_ips", "scan_urls", "scan_wallets"]


def scan_urls(scan: Scan) -> None:
    """URLs with an explicit http(s) scheme (``hxxp`` was folded to ``http`` before)."""
    if "://" not in scan.text:
        return
    lower = scan.lower
    for match in patterns.URL.finditer(lower):
        start = match.start()
        if start and is_ascii_word_char(lower[start - 1]):
            continue
        candidate = trim_trailing(scan.text[start:match.end()])
        if not candidate.isascii():
            candidate = _fit_idn_host(candidate)
        scan.take(start, start + len(candidate))
        _emit_url(scan, candidate, start)


def _fit_idn_host(candidate: str) -> str:
    """Trim CJK/Thai words glued after an IDN host (``https://例子.中国谢谢``)."""
    for _ in range(_MAX_IDN_TRIM):
        if _host_span(candidate)[1] != len(candidate) or candidate[-1].isascii():
            break
        try:
            normalize_url(candidate)
        except InvalidIdentifier:
            candidate = candidate[:-1]
        else:
            break
    return candidate


def _emit_url(scan: Scan, candidate: str, start: int) -> None:
    """Add the url, its host's domain or ip, and a profile link's handle."""
    url = scan.try_add(normalize_url, candidate, start, start + len(candidate))
    if url is None:
        return
    host_start, host_end = _host_span(candidate)
    host = candidate[host_start:host_end]
    span = (start + host_start, start + host_end)
    if "domain" in url.details:
        scan.try_add(normalize_domain, host, *span)
    else:
        scan.try_add(normalize_ip, host, *span)
    if handle_from_link(candidate) is not None:
        scan.try_add(functools.partial(normalize_handle, region=scan.region), candidate,
                     start, start + len(candidate))


def _host_span(candidate: str) -> tuple[int, int]:
    """Offsets of the host (without userinfo and port) inside a URL candidate."""
    scheme = candidate.find("://")
    begin = scheme + 3 if scheme >= 0 else 0
    end = len(candidate)
    for char in "/?#":
        found = candidate.find(char, begin)
        if found >= 0:
            end = min(end, found)
    at = candidate.rfind("@", begin, end)
    host_start = at + 1 if at >= 0 else begin
    if candidate.startswith("[", host_start):
        close = candidate.find("]", host_start, end)
        return host_start, (close + 1 if close >= 0 else end)
    colon = candidate.find(":", host_start, end)
    return host_start, (colon if colon >= 0 else end)


def scan_emails(scan: Scan) -> None:
    """E-mail addresses (``[at]``/``(at)`` were folded to ``@`` before)."""
    lower = scan.lower
    at = lower.find("@")
    while at >= 0:
        start = at
        while start > 0 and lower[start - 1] in patterns.LOCAL_PART_CHARS:
            start -= 1
        match = patterns.EMAIL.match(lower, start)
        if match is not None and not scan.is_taken(start, match.end()):
            end = match.end()
            scan.take(start, end)
            scan.try_add(normalize_email, scan.text[start:end], start, end)
        at = lower.find("@", at + 1)


def scan_domains(scan: Scan) -> None:
    """Bare domains, and bare ``domain/path`` URLs, found from their dots.

    From each dot, walk back over one label; a host starts there unless another dot comes
    before it (that dot's host was already tried). Every character is visited a bounded
    number of times, so ``a.a.a.a...`` stays linear.
    """
    lower = scan.lower
    done = 0
    for dot in patterns.DOT.finditer(lower):
        if dot.start() < done:
            continue
        start = dot.start()
        while start > 0 and _is_label_char(lower[start - 1]):
            start -= 1
        if start == dot.start() or (start > 0 and lower[start - 1] == "."):
            continue
        match = patterns.DOMAIN.match(lower, start)
        if match is None:
            continue
        done = end = match.end()
        if not scan.is_taken(start, end) and not _looks_like_prose(scan.text[start:end]):
            _emit_bare(scan, start, end)


def _is_label_char(char: str) -> bool:
    """A character of a host label as ``patterns.DOMAIN`` reads it (no dot)."""
    if char.isascii():
        return char.isalnum() or char == "-"
    return ("\u00c0" <= char <= "\u024f" or "\u0370" <= char <= "\u04ff") and char.isalnum()


def _emit_bare(scan: Scan, start: int, end: int) -> None:
    """A bare host: a URL when a path follows, otherwise a domain."""
    path = patterns.PATH.match(scan.text, end)
    if path is not None and not scan.is_taken(start, path.end()):
        candidate = trim_trailing(scan.text[start:path.end()])
        scan.take(start, start + len(candidate))
        _emit_url(scan, candidate, start)
    else:
        scan.try_add(normalize_domain, scan.text[start:end], start, end)


def _looks_like_prose(host: str) -> bool:
    """``done.Today`` / ``Mr.Smith``: a Title-case final label is a missing space, not a TLD."""
    tld = host.rpartition(".")[2]
    return tld[:1].isupper() and not tld.isupper()


def scan_ips(scan: Scan) -> None:
    """IPv4 addresses and networks, and IPv6 addresses (``::`` or 7 colons)."""
    text = scan.lower
    if "." in text and patterns.IPV4_HINT.search(text):
        for match in patterns.IPV4.finditer(text):
            _emit_ip(scan, match.group(), *match.span())
    if "::" in text or text.count(":") >= 7:
        for match in patterns.IPV6.finditer(text):
            candidate = match.group()
            if "::" in candidate or candidate.count(":") == 7:
                _emit_ip(scan, candidate, *match.span())


def _emit_ip(scan: Scan, candidate: str, start: int, end: int) -> None:
    """Add an ip, or a cidr when a prefix length follows, unless inside a URL."""
    if scan.is_taken(start, end):
        return
    if "/" in candidate:
        scan.try_add(normalize_cidr, candidate, start, end)
    else:
        scan.try_add(normalize_ip, candidate, start, end)


def scan_wallets(scan: Scan) -> None:
    """Bitcoin, Ethereum and TRON addresses that pass their checksums."""
    lower = scan.lower
    if "0x" not in lower and "bc1" not in lower and not patterns.LONG_TOKEN.search(scan.text):
        return
    for match in patterns.WALLET.finditer(scan.text):
        scan.try_add(normalize_crypto_wallet, match.group(), *match.span())
