from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterfraud.services.instance_key import key_path, public_key, signing_key
from counterfraud.settings import Settings
from counterfraud.sharing.signing import (
    SignatureInvalid,
    canonical_json,
    fingerprint,
    load_private_key,
    new_private_key_pem,
    public_key_text,
    sign,
    verify,
)

KEY = load_private_key(new_private_key_pem())
PUBLIC = public_key_text(KEY)


@given(st.dictionaries(st.text(), st.one_of(st.integers(), st.text(), st.none())))
def test_canonical_json_is_independent_of_key_order(document: dict[str, object]) -> None:
    reordered = dict(reversed(list(document.items())))
    assert canonical_json(document) == canonical_json(reordered)


def test_signature_verifies_and_any_change_breaks_it() -> None:
    payload = canonical_json({"bundle": [1, 2, 3], "for": "TH-CCIB"})
    signature = sign(KEY, payload)
    verify(PUBLIC, payload, signature)
    with pytest.raises(SignatureInvalid):
        verify(PUBLIC, payload.replace(b"TH", b"LA"), signature)
    other = public_key_text(load_private_key(new_private_key_pem()))
    with pytest.raises(SignatureInvalid):
        verify(other, payload, signature)


@pytest.mark.parametrize(("public", "signature", "field"), [
    ("not base64!", "AAAA", "public_key"),
    (PUBLIC, "***", "signature"),
    ("AAAA", "AAAA", "signature"),  # decodes, but is no Ed25519 key
], ids=["key-not-base64", "signature-not-base64", "not-an-ed25519-key"])
def test_malformed_keys_and_signatures_are_named(public: str, signature: str,
                                                 field: str) -> None:
    with pytest.raises(SignatureInvalid) as e:
        verify(public, b"x", signature)
    assert e.value.field == field


def test_instance_key_is_created_once_private_and_stable(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    first = public_key(settings)
    assert public_key(settings) == first and len(fingerprint(first)) == 16
    assert key_path(settings).stat().st_mode & 0o777 == 0o600
    assert public_key_text(signing_key(settings)) == first
    assert [p.name for p in tmp_path.iterdir()] == [key_path(settings).name]


def test_the_instance_key_folder_is_created_private(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        settings = Settings(data_dir=tmp_path / "data")
        public_key(settings)
    finally:
        os.umask(previous)
    assert (tmp_path / "data").stat().st_mode & 0o777 == 0o700
    assert key_path(settings).stat().st_mode & 0o777 == 0o600
