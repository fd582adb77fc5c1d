"""``extract``: every identifier in a free text, with its span in the original text.

The text is de-obfuscated first (see :mod:`.deobfuscate`), then each scanner proposes
candidates on the cleaned copy and validates them with the kind's normalizer. Spans found
in the cleaned copy are mapped back to the original text, so ``raw == text[start:end]``
shows what the sender actually wrote (``hxxp://evil[.]com``). Person names are never
extracted from text.

Order matters: URLs and e-mail addresses take their spans first, so the host inside a URL
is not reported again as a bare domain and digits inside a URL are not read as a phone;
likewise a number right after a bank context word is an account, not also a phone.

Speed: screening runs ``extract`` on every message a carrier passes (tens of thousands per
second per core), and most messages hold no identifier at all. So before each scanner a
cheap test (a substring, or one regex that ``re`` scans in C) asks whether the scanner could
find anything; the tests are necessary conditions, never guesses, so skipping a scanner
changes nothing but the time. A property test holds ``extract`` to running every scanner.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from counterfraud.identifiers import patterns
from counterfraud.identifiers.deobfuscate import deobfuscate
from counterfraud.identifiers.phone import check_region
from counterfraud.identifiers.scan import Scan
from counterfraud.identifiers.scan_numbers import (
    scan_banks,
    scan_handles,
    scan_ibans,
    scan_phones_and_cards,
)
from counterfraud.identifiers.scan_web import (
    scan_domains,
    scan_emails,
    scan_ips,
    scan_urls,
    scan_wallets,
)
from counterfraud.identifiers.types import Extracted

__all__ = ["extract"]

_SCANNERS: tuple[Callable[[Scan], None], ...] = (
    scan_urls, scan_emails, scan_domains, scan_ips, scan_wallets,
    scan_ibans, scan_handles, scan_banks, scan_phones_and_cards,
)


# A region is checked once, then remembered (only known regions are cached: an unknown one
# raises, and exceptions are not cached).
_check_region = functools.lru_cache(maxsize=256)(check_region)


def extract(text: str, region: str | None = None) -> list[Extracted]:
    """Identifiers in ``text``, sorted by start, deduplicated by (kind, value, start).

    ``region`` (ISO 3166 alpha-2) lets national-format phone numbers be read; without it
    only numbers written with ``+`` or ``00`` are found. Only valid phone numbers and
    checksum-valid wallets, IBANs and cards are reported. Never raises for the text's
    content; raises ``InvalidInput`` for an unknown region.
    """
    return _extract(text, region, _run_possible)


def _run_possible(scan: Scan) -> None:
    """Run, in order, the scanners that could find something in ``scan``'s text.

    Each test is a necessary condition of its scanner finding or taking anything: URLs need
    ``://``; e-mail addresses and bare domains end in a dot and two letters (and e-mail
    addresses have an ``@``); an IBAN starts with two upper-case ASCII letters (then the
    lower-cased copy differs); accounts, cards and phones are digit runs, which lie in the
    text's digit windows. The IP, wallet and handle scanners test for themselves.
    """
    text, lower = scan.text, scan.lower
    if "://" in text:
        scan_urls(scan)
    could_be_host = patterns.TLD_HINT.search(lower) is not None
    if could_be_host and "@" in text:
        scan_emails(scan)
    if could_be_host:
        scan_domains(scan)
    scan_ips(scan)
    if "0x" in lower or "bc1" in lower or patterns.WALLET_HINT.search(text) is not None:
        scan_wallets(scan)
    if lower != text:
        scan_ibans(scan)
    scan_handles(scan)
    if scan.digit_windows():
        scan_banks(scan)
        scan_phones_and_cards(scan)


def _run_all(scan: Scan) -> None:
    """Run every scanner, in order, whatever the text (what ``_run_possible`` must equal)."""
    for scanner in _SCANNERS:
        scanner(scan)


def _extract(text: str, region: str | None,
             run: Callable[[Scan], None]) -> list[Extracted]:
    """``extract`` with the scanners run by ``run``."""
    region = _check_region(region)
    cleaned = deobfuscate(text)
    scan = Scan(cleaned.text, region)
    run(scan)
    if not scan.found:
        return []
    seen: set[tuple[str, str, int]] = set()
    results: list[Extracted] = []
    for identifier, clean_start, clean_end in scan.found:
        start, end = cleaned.span(clean_start, clean_end)
        key = (identifier.kind.value, identifier.value, start)
        if key not in seen:
            seen.add(key)
            results.append(Extracted(identifier, start, end, text[start:end]))
    results.sort(key=lambda e: (e.start, e.end, e.identifier.kind.value))
    return results
