"""The federation wire format: one signed envelope per page of a pull, and the retry
schedule of a subscriber whose partner is failing. Pure: keys and clocks come in as values.

An envelope is a JSON object::

    {"format": "counterfraud-sync/2", "for_agency": "TH-CCIB",
     "requester": "TH-CCIB:cf_AbCdEfGh", "nonce": "...", "cursor": "...",
     "next_cursor": "...", "has_more": false,
     "issued_at": "2025-...+00:00", "expires_at": "2025-...+00:00",
     "agencies": [{"code": "CN-MPS", "country": "CN", "name": "..."}],
     "agreements": [{...Agreement.as_dict()...}], "bundle": {"type": "bundle", ...},
     "signed_by": "<fingerprint>", "signature": "<base64 Ed25519>"}

``signature`` is the sending instance's Ed25519 signature over the canonical JSON of every
other field (``counterfraud.sharing.signing``). :func:`open_envelope` checks it against the
partner's stored public key before it reads anything else, then checks that the envelope
answers this very request — the subscriber's agency, the key it pulled with
(``requester``), the cursor it sent, the one-time ``nonce`` it chose — and that it arrived
between ``issued_at`` and ``expires_at`` (give or take :data:`CLOCK_SKEW`), and only then
parses agreements and the bundle, naming the field at fault. A page captured on the wire
and played back later (say, to keep mirroring an agreement its owner has since revoked)
answers another nonce and has expired: it is refused.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from counterfraud.domain import (
    Agency,
    Agreement,
    LegalBasis,
    Marking,
    RecordType,
    parse_agency_code,
)
from counterfraud.errors import InvalidInput
from counterfraud.sharing.signing import (
    SignatureInvalid,
    canonical_json,
    fingerprint,
    public_key_text,
    sign,
    verify,
)

FORMAT = "counterfraud-sync/2"
RETRY_FIRST = timedelta(seconds=30)
RETRY_CAP = timedelta(hours=1)
PAGE_LIFETIME = timedelta(minutes=5)  # how long a page the partner signs may be used
MAX_PAGE_LIFETIME = timedelta(minutes=10)  # the longest a subscriber accepts
CLOCK_SKEW = timedelta(minutes=2)  # how far apart two instances' clocks may be


class EnvelopeRefused(InvalidInput):
    """A well-signed envelope that does not answer what was asked, or a malformed one."""


@dataclass(frozen=True, slots=True)
class Envelope:
    """One verified page of a partner's export for ``for_agency``."""

    for_agency: str
    requester: str
    nonce: str
    cursor: str
    next_cursor: str
    has_more: bool
    issued_at: datetime
    expires_at: datetime
    agencies: tuple[Agency, ...]
    agreements: tuple[Agreement, ...]
    bundle: dict[str, Any]
    signed_by: str


@dataclass(frozen=True, slots=True)
class Partner:
    """A partner instance this one pulls from, as shown to operators: the API key is
    reduced to its first characters, the public key to its fingerprint."""

    name: str
    url: str
    subscriber: str
    api_key_hint: str
    public_key: str
    cursor: str
    failures: int
    created_at: datetime
    last_attempt_at: datetime | None
    last_success_at: datetime | None
    next_attempt_at: datetime | None
    last_error: str
    speaks_for: tuple[str, ...] = ()  # agencies it may send records of; () until pinned

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    def due(self, at: datetime) -> bool:
        return self.next_attempt_at is None or self.next_attempt_at <= at

    def as_dict(self) -> dict[str, Any]:
        def iso(t: datetime | None) -> str | None:
            return t.isoformat() if t else None

        return {"name": self.name, "url": self.url, "subscriber": self.subscriber,
                "api_key": self.api_key_hint, "public_key_fingerprint": self.fingerprint,
                "cursor": self.cursor, "failures": self.failures,
                "speaks_for": list(self.speaks_for),
                "created_at": iso(self.created_at), "last_attempt_at": iso(self.last_attempt_at),
                "last_success_at": iso(self.last_success_at),
                "next_attempt_at": iso(self.next_attempt_at), "last_error": self.last_error}


def retry_delay(failures: int, *, first: timedelta = RETRY_FIRST,
                cap: timedelta = RETRY_CAP) -> timedelta:
    """How long to wait after ``failures`` consecutive failures: ``first``, doubling each
    time, never more than ``cap`` (30 s, 60 s, 120 s ... 1 h); no wait before a failure."""
    if failures <= 0:
        return timedelta(0)
    if failures > 32:  # 2**32 * first is far past any sensible cap
        return cap
    delay: timedelta = first * (1 << (failures - 1))
    return min(delay, cap)


def check_public_key(text: str) -> str:
    """``text`` stripped, if it is base64 of a raw Ed25519 public key (32 bytes)."""
    text = text.strip()
    try:
        Ed25519PublicKey.from_public_bytes(base64.b64decode(text.encode("ascii"), validate=True))
    except (binascii.Error, UnicodeEncodeError, ValueError) as e:
        raise InvalidInput("the public key must be base64 of a raw Ed25519 key (32 bytes), "
                           "as `counterfraud instance public-key` prints it",
                           field="public_key") from e
    return text


def seal_envelope(key: Ed25519PrivateKey, *, for_agency: str, requester: str, nonce: str,
                  cursor: str, next_cursor: str, has_more: bool, issued_at: datetime,
                  agencies: Sequence[Agency], agreements: Sequence[Agreement],
                  bundle: Mapping[str, Any],
                  lifetime: timedelta = PAGE_LIFETIME) -> dict[str, Any]:
    """The signed envelope answering ``requester``'s pull from ``cursor`` with ``nonce``,
    usable for ``lifetime`` from ``issued_at``; ready to be sent as JSON."""
    document: dict[str, Any] = {
        "format": FORMAT, "for_agency": for_agency, "requester": requester, "nonce": nonce,
        "cursor": cursor, "next_cursor": next_cursor, "has_more": has_more,
        "issued_at": issued_at.isoformat(), "expires_at": (issued_at + lifetime).isoformat(),
        "agencies": [{"code": a.code, "country": a.country, "name": a.name}
                     for a in sorted(agencies, key=lambda a: a.code)],
        "agreements": [a.as_dict() for a in agreements],
        "bundle": dict(bundle), "signed_by": fingerprint(public_key_text(key)),
    }
    document["signature"] = sign(key, canonical_json(document))
    return document


def open_envelope(document: Any, *, public_key: str, for_agency: str, requester: str,
                  cursor: str, nonce: str, received_at: datetime) -> Envelope:
    """Verify and parse an envelope received at ``received_at`` in answer to
    ``requester``'s pull for ``for_agency`` from ``cursor`` with ``nonce``. Raises
    SignatureInvalid when it is not signed by ``public_key``, and EnvelopeRefused (naming
    the field) when it answers another request, is stale, or is malformed."""
    if not isinstance(document, dict):
        raise EnvelopeRefused("the envelope is not a JSON object", field="envelope")
    unsigned = {k: v for k, v in document.items() if k != "signature"}
    signature = document.get("signature")
    if not isinstance(signature, str):
        raise SignatureInvalid("the envelope carries no signature", field="signature")
    try:
        payload = canonical_json(unsigned)
    except ValueError as e:
        raise EnvelopeRefused(f"the envelope is not canonical JSON: {e}",
                              field="envelope") from e
    verify(public_key, payload, signature)
    _check_request(unsigned, for_agency=for_agency, requester=requester, cursor=cursor,
                   nonce=nonce)
    issued_at, expires_at = _check_fresh(unsigned, received_at)
    return Envelope(
        for_agency=for_agency, requester=requester, nonce=nonce, cursor=cursor,
        next_cursor=_text(unsigned, "next_cursor"), has_more=_flag(unsigned, "has_more"),
        issued_at=issued_at, expires_at=expires_at,
        agencies=tuple(_agency(item, f"agencies[{i}]")
                       for i, item in enumerate(_list(unsigned, "agencies"))),
        agreements=tuple(agreement_from_dict(item, f"agreements[{i}]")
                         for i, item in enumerate(_list(unsigned, "agreements"))),
        bundle=_bundle(unsigned.get("bundle")), signed_by=_text(unsigned, "signed_by"))


def _check_request(unsigned: Mapping[str, Any], *, for_agency: str, requester: str,
                   cursor: str, nonce: str) -> None:
    """Refuse a signed envelope that answers another question than the one just asked."""
    if unsigned.get("format") != FORMAT:
        raise EnvelopeRefused(f"unknown envelope format {unsigned.get('format')!r}; "
                              f"expected {FORMAT}", field="format")
    if unsigned.get("for_agency") != for_agency:
        raise EnvelopeRefused(f"the envelope is for {unsigned.get('for_agency')!r}, "
                              f"not {for_agency}", field="for_agency")
    if _text(unsigned, "requester") != requester:
        raise EnvelopeRefused("the envelope answers a pull made with another key, not ours "
                              "(a replayed or misdirected page)", field="requester")
    if unsigned.get("cursor") != cursor:
        raise EnvelopeRefused("the envelope does not start at the cursor asked for",
                              field="cursor")
    if _text(unsigned, "nonce") != nonce:
        raise EnvelopeRefused("the envelope answers another request than ours (its nonce "
                              "is not the one we sent): a replayed or misdirected page",
                              field="nonce")


def _check_fresh(unsigned: Mapping[str, Any],
                 received_at: datetime) -> tuple[datetime, datetime]:
    """(issued_at, expires_at), if the envelope was in its lifetime when it arrived."""
    issued_at = _time(unsigned.get("issued_at"), "issued_at")
    expires_at = _time(unsigned.get("expires_at"), "expires_at")
    if not issued_at < expires_at <= issued_at + MAX_PAGE_LIFETIME:
        raise EnvelopeRefused("expires_at must follow issued_at by at most "
                              f"{MAX_PAGE_LIFETIME}", field="expires_at")
    if received_at < issued_at - CLOCK_SKEW:
        raise EnvelopeRefused(f"the envelope was issued at {issued_at.isoformat()}, after "
                              f"it arrived ({received_at.isoformat()}): check both "
                              "instances' clocks", field="issued_at")
    if received_at > expires_at + CLOCK_SKEW:
        raise EnvelopeRefused(f"the envelope expired at {expires_at.isoformat()}, before it "
                              f"arrived ({received_at.isoformat()}): a stale or replayed "
                              "page, or clocks far apart", field="expires_at")
    return issued_at, expires_at


def agreement_from_dict(data: Any, where: str = "agreement") -> Agreement:
    """The inverse of ``Agreement.as_dict`` (without the sender's id), naming the field."""
    if not isinstance(data, dict):
        raise EnvelopeRefused(f"{where} is not an object", field=where)
    try:
        markings = frozenset(Marking.parse(m) for m in _list(data, "markings", where))
        record_types = frozenset(RecordType(t) for t in _list(data, "record_types", where))
        legal_basis = LegalBasis(str(data.get("legal_basis")))
    except (InvalidInput, ValueError) as e:
        raise EnvelopeRefused(f"{where}: {e}", field=where) from e
    return Agreement(
        grantor=_code(data, "grantor", where), grantee=_code(data, "grantee", where),
        markings=markings, record_types=record_types, purpose=_text(data, "purpose", where),
        legal_basis=legal_basis, reference=str(data.get("reference") or ""),
        valid_from=_time(data.get("valid_from"), f"{where}.valid_from"),
        valid_to=_optional_time(data.get("valid_to"), f"{where}.valid_to"),
        revoked_at=_optional_time(data.get("revoked_at"), f"{where}.revoked_at"))


def _text(data: Mapping[str, Any], name: str, where: str = "") -> str:
    value = data.get(name)
    if not isinstance(value, str):
        field = f"{where}.{name}" if where else name
        raise EnvelopeRefused(f"{field} must be a string", field=field)
    return value


def _code(data: Mapping[str, Any], name: str, where: str) -> str:
    try:
        return parse_agency_code(_text(data, name, where))
    except EnvelopeRefused:
        raise
    except InvalidInput as e:
        raise EnvelopeRefused(f"{where}.{name}: {e}", field=f"{where}.{name}") from e


def _flag(data: Mapping[str, Any], name: str) -> bool:
    value = data.get(name)
    if not isinstance(value, bool):
        raise EnvelopeRefused(f"{name} must be true or false", field=name)
    return value


def _list(data: Mapping[str, Any], name: str, where: str = "") -> list[Any]:
    value = data.get(name)
    if not isinstance(value, list):
        field = f"{where}.{name}" if where else name
        raise EnvelopeRefused(f"{field} must be a list", field=field)
    return value


def _time(value: Any, field: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise EnvelopeRefused(f"{field} must be an ISO 8601 time with a timezone",
                              field=field)
    return parsed


def _optional_time(value: Any, field: str) -> datetime | None:
    return None if value is None else _time(value, field)


def _agency(data: Any, where: str) -> Agency:
    if not isinstance(data, dict):
        raise EnvelopeRefused(f"{where} is not an object", field=where)
    return Agency(code=_code(data, "code", where), country=_text(data, "country", where),
                  name=_text(data, "name", where))


def _bundle(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict) or value.get("type") != "bundle":
        raise EnvelopeRefused("bundle must be a STIX bundle object", field="bundle")
    if not isinstance(value.get("objects", []), list):
        raise EnvelopeRefused("bundle.objects must be a list", field="bundle.objects")
    return value
