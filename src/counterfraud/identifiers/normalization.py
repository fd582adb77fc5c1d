"""``normalize``: one entry point from (kind, raw text) to a canonical :class:`Identifier`.

Before the kind-specific rules run, the raw text is de-obfuscated the same way ``extract``
sees text (``hxxp``, ``[.]``, full-width forms, zero-width characters), so a defanged
indicator pasted by an analyst normalizes to the same value as the live one. Person names
skip this step: they get their own Unicode normalization.
"""

from __future__ import annotations

from collections.abc import Callable

from counterfraud.identifiers.deobfuscate import deobfuscate
from counterfraud.identifiers.finance import normalize_bank_account, normalize_crypto_wallet
from counterfraud.identifiers.handle import normalize_handle
from counterfraud.identifiers.person import normalize_person
from counterfraud.identifiers.phone import check_region, normalize_phone
from counterfraud.identifiers.types import Identifier, IdentifierKind, InvalidIdentifier
from counterfraud.identifiers.web import (
    normalize_cidr,
    normalize_domain,
    normalize_email,
    normalize_ip,
    normalize_url,
)

__all__ = ["normalize"]

_MAX_RAW = 4096

_Normalizer = Callable[[str, str | None], Identifier]

_NORMALIZERS: dict[IdentifierKind, _Normalizer] = {
    IdentifierKind.PHONE: normalize_phone,
    IdentifierKind.URL: lambda raw, _region: normalize_url(raw),
    IdentifierKind.DOMAIN: lambda raw, _region: normalize_domain(raw),
    IdentifierKind.IP: lambda raw, _region: normalize_ip(raw),
    IdentifierKind.CIDR: lambda raw, _region: normalize_cidr(raw),
    IdentifierKind.EMAIL: lambda raw, _region: normalize_email(raw),
    IdentifierKind.BANK_ACCOUNT: lambda raw, _region: normalize_bank_account(raw),
    IdentifierKind.CRYPTO_WALLET: lambda raw, _region: normalize_crypto_wallet(raw),
    IdentifierKind.HANDLE: normalize_handle,
    IdentifierKind.PERSON: lambda raw, _region: normalize_person(raw),
}


def normalize(kind: IdentifierKind | str, raw: str, region: str | None = None) -> Identifier:
    """Canonical identifier of ``kind`` for ``raw``.

    ``region`` (ISO 3166 alpha-2) is the default region for national phone formats (also
    for WhatsApp handles); other kinds ignore it. Raises :class:`InvalidIdentifier` when
    ``raw`` cannot be read as ``kind`` (a NUL character anywhere included: no store keeps
    it alike), and ``InvalidInput`` for an unknown kind or region; never anything else,
    whatever the text (a property test holds every kind to this).
    """
    kind = kind if isinstance(kind, IdentifierKind) else IdentifierKind.parse(kind)
    region = check_region(region)
    if not isinstance(raw, str):
        raise InvalidIdentifier(kind, repr(raw), "expected a string")
    if not raw.strip() or len(raw) > _MAX_RAW:
        raise InvalidIdentifier(kind, raw, "empty or too long")
    if "\x00" in raw:
        raise InvalidIdentifier(kind, raw, "has a NUL character (U+0000)")
    try:
        text = raw if kind is IdentifierKind.PERSON else deobfuscate(raw).text.strip()
        return _NORMALIZERS[kind](text, region)
    except InvalidIdentifier as e:
        if e.raw == raw and e.kind == kind:
            raise
        raise InvalidIdentifier(kind, raw, e.reason) from None
