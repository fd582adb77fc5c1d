"""The identifier: the shared currency of every capability."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from counterfraud.errors import InvalidInput


class IdentifierKind(StrEnum):
    PHONE = "phone"
    URL = "url"
    DOMAIN = "domain"
    IP = "ip"
    CIDR = "cidr"
    EMAIL = "email"
    BANK_ACCOUNT = "bank_account"
    CRYPTO_WALLET = "crypto_wallet"
    HANDLE = "handle"
    PERSON = "person"

    @classmethod
    def parse(cls, raw: str) -> IdentifierKind:
        try:
            return cls(raw.strip().lower())
        except ValueError:
            known = ", ".join(k.value for k in cls)
            raise InvalidInput(f"unknown identifier kind {raw!r}; known: {known}",
                               field="kind") from None


@dataclass(frozen=True, slots=True)
class Identifier:
    """A canonical identifier. Equal and hashed by (kind, value) only.

    ``valid`` is False for values kept although they fail validation (a phone number
    that parses but is not allocated). ``details`` carries kind-specific facts such
    as the phone ``region``, the wallet ``chain`` or the handle ``platform``.
    """

    kind: IdentifierKind
    value: str
    valid: bool = field(default=True, compare=False)
    details: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "value": self.value, "valid": self.valid,
                **({"details": dict(self.details)} if self.details else {})}


class InvalidIdentifier(InvalidInput):
    """A raw value that cannot be read as an identifier of the given kind."""

    def __init__(self, kind: IdentifierKind | str, raw: str, reason: str) -> None:
        super().__init__(f"invalid {kind}: {raw!r}: {reason}", field=str(kind))
        self.kind = str(kind)
        self.raw = raw
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Extracted:
    """An identifier found in free text; ``start``/``end`` index the original text."""

    identifier: Identifier
    start: int
    end: int
    raw: str

    def as_dict(self) -> dict[str, Any]:
        return {**self.identifier.as_dict(), "start": self.start, "end": self.end,
                "raw": self.raw}
