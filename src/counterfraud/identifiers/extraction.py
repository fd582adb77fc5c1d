"""``extract``: every identifier in a free text, with its span in the original text.

The text is de-obfuscated first (see :mod:`.deobfuscate`), then each scanner proposes
candidates on the cleaned copy and validates them with the kind's normalizer. Spans found
in the cleaned copy are mapped back to the original text, so ``raw == text[start:end]``
shows what the sender actually wrote (``hxxp://evil[.]com``). Person names are never
extracted from text.

Order matters: URLs and e-mail addresses take their spans first, so the host inside a URL
is not reported again as a bare domain and digits inside a URL are not read as a phone;
likewise a number right after a bank context word is an account, not also a phone.
"""

from __future__ import annotations

from collections.abc import Callable

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


def extract(text: str, region: str | None = None) -> list[Extracted]:
    """Identifiers in ``text``, sorted by start, deduplicated by (kind, value, start).

    ``region`` (ISO 3166 alpha-2) lets national-format phone numbers be read; without it
    only numbers written with ``+`` or ``00`` are found. Only valid phone numbers and
    checksum-valid wallets, IBANs and cards are reported. Never raises for the text's
    content; raises ``InvalidInput`` for an unknown region.
    """
    region = check_region(region)
    cleaned = deobfuscate(text)
    scan = Scan(cleaned.text, region)
    for scanner in _SCANNERS:
        scanner(scan)
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
