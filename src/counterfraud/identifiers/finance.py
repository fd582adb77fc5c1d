"""Money identifiers: bank accounts (IBAN, payment card, domestic account) and crypto wallets.

Bank accounts (``details["type"]`` in iban/card/account):

* separators (spaces, dashes, dots) are removed;
* two letters + two digits + alphanumerics is read as an IBAN and MUST pass
  ``stdnum.iban`` (a mistyped IBAN is rejected, not kept as something else);
* 13-19 digits starting with 2-6 that pass Luhn are a payment card;
* any other 6-34 digit string is a domestic account. Chinese accounts are 16-19 digits and
  often fail Luhn, so failing Luhn never rejects; it only means "not a card".

Wallets (``details["chain"]`` in bitcoin/ethereum/tron) are accepted only with a correct
checksum: Bitcoin base58check and bech32 (witness v0) / bech32m (v1+, BIP 350), Ethereum
EIP-55 when mixed-case, TRON base58check with version byte 0x41.
"""

from __future__ import annotations

import functools
import hashlib
import re
import string

from Crypto.Hash import keccak
from stdnum import bitcoin, iban, luhn, numdb
from stdnum.exceptions import ValidationError

from counterfraud.identifiers.types import Identifier, IdentifierKind, InvalidIdentifier

__all__ = ["is_iban_country", "normalize_bank_account", "normalize_crypto_wallet"]

_BANK = IdentifierKind.BANK_ACCOUNT
_WALLET = IdentifierKind.CRYPTO_WALLET
_BANK_SEPARATORS = str.maketrans("", "", " -.\u00a0")
_IBAN_SHAPE = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{8,30}$")
_CARD_SHAPE = re.compile(r"^[2-6]\d{12,18}$")
_BASE58 = re.compile(r"^[1-9A-HJ-NP-Za-km-z]+$")
_ETH = re.compile(r"^0[xX][0-9a-fA-F]{40}$")
_BECH32_ALPHABET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32M_CONST = 0x2BC830A3


def normalize_bank_account(raw: str) -> Identifier:
    """Bank account, IBAN or card number; see the module docstring for the rules."""
    compact = raw.strip().translate(_BANK_SEPARATORS).upper()
    if _IBAN_SHAPE.match(compact):
        try:
            value = iban.validate(compact)
        except ValidationError as e:
            raise InvalidIdentifier(_BANK, raw, f"invalid IBAN: {e}") from None
        return Identifier(_BANK, value, details={"type": "iban", "country": value[:2]})
    if not compact.isdigit() or not compact.isascii():
        raise InvalidIdentifier(_BANK, raw, "only digits and separators (or an IBAN)")
    if not 6 <= len(compact) <= 34:
        raise InvalidIdentifier(_BANK, raw, "an account number has 6 to 34 digits")
    kind = "card" if _CARD_SHAPE.match(compact) and luhn.is_valid(compact) else "account"
    return Identifier(_BANK, compact, details={"type": kind})


def is_iban_country(code: str) -> bool:
    """Whether ``stdnum.iban`` knows ``code`` (two upper-case letters) as an IBAN country.

    ``stdnum.iban.validate`` refuses every number whose country its registry lacks, so a
    candidate that fails here is no IBAN; asking first spares ``extract`` the checksum and
    the exception for parcel numbers such as ``SF1234 5678 9012``.
    """
    countries = _iban_countries()
    return countries is None or code in countries


@functools.cache
def _iban_countries() -> frozenset[str] | None:
    """The two-letter codes with an entry in stdnum's IBAN registry, read once; None (know
    nothing, rule nothing out) should the registry not be keyed by two-letter codes."""
    registry = numdb.get("iban")
    if {prefix[0] for prefix in registry.prefixes} != {2}:
        return None
    letters = string.ascii_uppercase
    return frozenset(code for code in (a + b for a in letters for b in letters)
                     if registry.info(code)[0][1])


def normalize_crypto_wallet(raw: str) -> Identifier:
    """Checksum-validated Bitcoin, Ethereum or TRON address; see the module docstring."""
    text = raw.strip()
    if _ETH.match(text):
        return _ethereum(raw, text)
    if text[:3].lower() == "bc1":
        return _bech32(raw, text)
    if text[:1] in ("1", "3"):
        try:
            value = bitcoin.validate(text)
        except ValidationError as e:
            raise InvalidIdentifier(_WALLET, raw, f"bad bitcoin address: {e}") from None
        return Identifier(_WALLET, value, details={"chain": "bitcoin"})
    if text[:1] == "T":
        return _tron(raw, text)
    raise InvalidIdentifier(_WALLET, raw, "not a bitcoin, ethereum or tron address")


def _ethereum(raw: str, text: str) -> Identifier:
    """0x + 40 hex, stored lower-case; a mixed-case address must carry a valid EIP-55 sum."""
    body = text[2:]
    if body != body.lower() and body != body.upper() and not _eip55_ok(body):
        raise InvalidIdentifier(_WALLET, raw, "bad EIP-55 checksum (mixed case)")
    return Identifier(_WALLET, "0x" + body.lower(), details={"chain": "ethereum"})


def _eip55_ok(body: str) -> bool:
    """EIP-55: a hex letter is upper-case iff its nibble of keccak256(lower address) >= 8."""
    digest = keccak.new(digest_bits=256, data=body.lower().encode("ascii")).hexdigest()
    return all(c.isdigit() or c.isupper() == (int(h, 16) >= 8) for c, h in zip(body, digest,
                                                                                strict=False))


def _bech32(raw: str, text: str) -> Identifier:
    """Segwit address: bech32 for witness v0, bech32m for v1+ (BIP 173/350); lower-case."""
    if text != text.lower() and text != text.upper():
        raise InvalidIdentifier(_WALLET, raw, "mixed-case bech32")
    value = text.lower()
    data_part = value[3:]
    if not 11 <= len(value) <= 90 or any(c not in _BECH32_ALPHABET for c in data_part):
        raise InvalidIdentifier(_WALLET, raw, "bad bech32 characters or length")
    data = [_BECH32_ALPHABET.index(c) for c in data_part]
    version = data[0]
    expected = 1 if version == 0 else _BECH32M_CONST
    if version > 16 or bitcoin.bech32_checksum(_hrp_expand("bc") + data) != expected:
        raise InvalidIdentifier(_WALLET, raw, "bad bech32/bech32m checksum")
    try:
        program = bitcoin.b32decode(data[1:-6])
    except ValidationError:
        raise InvalidIdentifier(_WALLET, raw, "bad witness program padding") from None
    if not 2 <= len(program) <= 40 or (version == 0 and len(program) not in (20, 32)):
        raise InvalidIdentifier(_WALLET, raw, "bad witness program length")
    return Identifier(_WALLET, value, details={"chain": "bitcoin"})


def _hrp_expand(hrp: str) -> list[int]:
    """BIP 173 human-readable-part expansion for the checksum."""
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def _tron(raw: str, text: str) -> Identifier:
    """TRON: base58check of 25 bytes, version byte 0x41, double-SHA256 checksum."""
    if len(text) != 34 or not _BASE58.match(text):
        raise InvalidIdentifier(_WALLET, raw, "a tron address is 'T' + 33 base58 characters")
    decoded = bitcoin.b58decode(text)
    payload, checksum = decoded[:-4], decoded[-4:]
    digest = hashlib.sha256(hashlib.sha256(payload).digest()).digest()
    if len(decoded) != 25 or decoded[0] != 0x41 or digest[:4] != checksum:
        raise InvalidIdentifier(_WALLET, raw, "bad tron base58check checksum")
    return Identifier(_WALLET, text, details={"chain": "tron"})
