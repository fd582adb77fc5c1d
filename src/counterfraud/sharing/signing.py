"""Ed25519 signatures over canonical JSON: what federation bundles, evidence packages and
audit checkpoints are signed with. Pure: keys come in as bytes, nothing is read here.

Canonical JSON is UTF-8, keys sorted, no insignificant whitespace, so a document signs to
the same bytes on every instance. Public keys travel as base64 of the raw 32 bytes; their
fingerprint is the first 16 hex digits of the key's SHA-256.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from counterfraud.errors import InvalidInput


class SignatureInvalid(InvalidInput):
    """A signature that does not verify against the key it claims, or a malformed one."""


def canonical_json(document: Any) -> bytes:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def new_private_key_pem() -> bytes:
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption())


def load_private_key(pem: bytes) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise InvalidInput("the signing key file does not hold an Ed25519 private key",
                           field="signing_key_file")
    return key


def public_key_text(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw,
                                        serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def fingerprint(public_key: str) -> str:
    return hashlib.sha256(_decode(public_key, "public_key")).hexdigest()[:16]


def sign(key: Ed25519PrivateKey, payload: bytes) -> str:
    return base64.b64encode(key.sign(payload)).decode("ascii")


def verify(public_key: str, payload: bytes, signature: str) -> None:
    """Raise SignatureInvalid unless ``signature`` is ``public_key``'s over ``payload``."""
    raw_key, raw_signature = _decode(public_key, "public_key"), _decode(signature, "signature")
    try:
        Ed25519PublicKey.from_public_bytes(raw_key).verify(raw_signature, payload)
    except (InvalidSignature, ValueError) as e:
        raise SignatureInvalid("signature does not verify with the given public key",
                               field="signature") from e


def _decode(text: str, field: str) -> bytes:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError) as e:
        raise SignatureInvalid(f"{field} is not base64", field=field) from e
