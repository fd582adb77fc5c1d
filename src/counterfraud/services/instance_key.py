"""This instance's signing key: created on first use, readable only by its owner."""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from counterfraud.settings import Settings
from counterfraud.sharing.signing import load_private_key, new_private_key_pem, public_key_text
from counterfraud.store.files import private_folder

KEY_FILE = "instance-ed25519.pem"


def key_path(settings: Settings) -> Path:
    return settings.signing_key_file or settings.data_dir / KEY_FILE


def signing_key(settings: Settings) -> Ed25519PrivateKey:
    """The instance's private key, written (mode 0600, in a folder created 0700, never
    overwritten) if missing."""
    path = key_path(settings)
    if not path.exists():
        private_folder(path.parent)
        draft = path.with_name(f".{path.name}.{os.getpid()}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(new_private_key_pem())
        try:
            os.link(draft, path)  # atomic, and fails if another process got there first
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return load_private_key(path.read_bytes())


def public_key(settings: Settings) -> str:
    """Base64 of the raw Ed25519 public key, the form partners are given."""
    return public_key_text(signing_key(settings))
