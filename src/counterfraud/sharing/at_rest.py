"""Secrets this instance must keep to act on its own, sealed at rest with the instance
secret: the API keys partner instances issued to our agencies. Pure: the secret comes in
as text (``COUNTERFRAUD_SECRET_KEY``), nothing is read or written here.

A sealed key is ``aesgcm1$HINT$BODY``: AES-256-GCM under a key derived from the instance
secret by HKDF-SHA256, ``BODY`` the base64url of a fresh 12-byte nonce and the
ciphertext, ``HINT`` the base64url of the key's first characters (what operators are
shown). The partner's name and the hint are authenticated with it, so a sealed value
moved to another partner's row, or a hint changed, no longer opens. A database copied
without the secret gives up no key; a key stored under another secret fails with an
error naming the partner and the setting, never a traceback.
"""

from __future__ import annotations

import base64
import binascii
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from counterfraud.errors import InvalidInput

SEALED_PREFIX = "aesgcm1$"
HINT_LENGTH = 11  # characters shown to operators: a counterfraud key's public prefix
_SALT = b"counterfraud at-rest v1"
_PURPOSE = b"partner api key"
_NONCE = 12


class SecretUnreadable(InvalidInput):
    """A sealed secret that the instance secret in use does not open."""


def seal_api_key(secret: str, *, partner: str, api_key: str) -> str:
    """``api_key`` (issued by ``partner``) sealed under the instance ``secret``."""
    hint = _b64(api_key[:HINT_LENGTH].encode("utf-8"))
    nonce = os.urandom(_NONCE)
    body = AESGCM(_derive(secret)).encrypt(nonce, api_key.encode("utf-8"),
                                           _associated(partner, hint))
    return f"{SEALED_PREFIX}{hint}${_b64(nonce + body)}"


def open_api_key(secret: str, *, partner: str, stored: str) -> str:
    """The API key in ``stored``; a value an earlier version kept in plain text is
    returned as it is (the caller seals it again). Raises SecretUnreadable naming the
    partner when ``secret`` does not open it."""
    if not is_sealed(stored):
        return stored
    hint, _, body = stored.removeprefix(SEALED_PREFIX).partition("$")
    try:
        raw = _unb64(body)
        plain = AESGCM(_derive(secret)).decrypt(raw[:_NONCE], raw[_NONCE:],
                                                _associated(partner, hint))
        return plain.decode("utf-8")
    except (InvalidTag, ValueError, binascii.Error) as e:
        raise SecretUnreadable(
            f"partner {partner}: its stored API key cannot be decrypted with this "
            "instance's COUNTERFRAUD_SECRET_KEY (it was stored under another secret, or "
            "changed); set the secret it was stored with, or remove the partner and add "
            "it again with its API key", field="secret_key") from e


def is_sealed(stored: str) -> bool:
    return stored.startswith(SEALED_PREFIX)


def api_key_hint(stored: str) -> str:
    """The first characters of the key, as operators are shown them, from a sealed
    value (its hint) or a plain one."""
    if not is_sealed(stored):
        return stored[:HINT_LENGTH] + "…"
    hint = stored.removeprefix(SEALED_PREFIX).partition("$")[0]
    try:
        return _unb64(hint).decode("utf-8") + "…"
    except (ValueError, binascii.Error):
        return "?…"


def _derive(secret: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=_SALT,
                info=_PURPOSE).derive(secret.encode("utf-8"))


def _associated(partner: str, hint: str) -> bytes:
    return b"\0".join((_PURPOSE, partner.encode("utf-8"), hint.encode("ascii")))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text.encode("ascii"))
