"""Partners' API keys sealed at rest with the instance secret (pure)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterfraud.sharing.at_rest import (
    SEALED_PREFIX,
    SecretUnreadable,
    api_key_hint,
    is_sealed,
    open_api_key,
    seal_api_key,
)

SECRET = "Zq0cKj3W5o9mVvH4p0rS1bW8nT2yXeLgU6dAfQiR7sM"
KEY = "cf_AbCdEfGh" + "x" * 35


def test_a_sealed_key_opens_with_the_same_secret_and_shows_only_its_hint() -> None:
    sealed = seal_api_key(SECRET, partner="CN", api_key=KEY)
    assert sealed.startswith(SEALED_PREFIX) and is_sealed(sealed)
    assert KEY not in sealed and "x" * 8 not in sealed
    assert open_api_key(SECRET, partner="CN", stored=sealed) == KEY
    assert api_key_hint(sealed) == "cf_AbCdEfGh…"
    assert seal_api_key(SECRET, partner="CN", api_key=KEY) != sealed  # a fresh nonce


@pytest.mark.parametrize(("secret", "partner", "change"), [
    ("another secret entirely, also long enough", "CN", None),
    (SECRET, "LA", None),  # a value copied onto another partner's row
    (SECRET, "CN", "hint"),  # the hint shown to operators changed
    (SECRET, "CN", "ciphertext"),
    (SECRET, "CN", "garbage"),
], ids=["wrong-secret", "other-partner", "hint-changed", "ciphertext-changed", "garbage"])
def test_a_key_that_cannot_be_opened_names_the_partner_and_the_setting(
        secret: str, partner: str, change: str | None) -> None:
    sealed = seal_api_key(SECRET, partner="CN", api_key=KEY)
    prefix, hint, body = sealed.split("$")
    if change == "hint":
        sealed = f"{prefix}${hint[:-2]}AA${body}"
    elif change == "ciphertext":
        sealed = f"{prefix}${hint}${body[:-4]}AAAA"
    elif change == "garbage":
        sealed = f"{prefix}$$not base64!"
    with pytest.raises(SecretUnreadable) as refused:
        open_api_key(secret, partner=partner, stored=sealed)
    assert f"partner {partner}" in str(refused.value)
    assert "COUNTERFRAUD_SECRET_KEY" in str(refused.value)
    assert KEY not in str(refused.value)


def test_a_plain_key_from_an_earlier_version_is_recognised() -> None:
    assert not is_sealed(KEY)
    assert open_api_key(SECRET, partner="CN", stored=KEY) == KEY
    assert api_key_hint(KEY) == "cf_AbCdEfGh…"


@given(st.text(min_size=1, max_size=128), st.text(min_size=1, max_size=64))
def test_any_key_round_trips(api_key: str, partner: str) -> None:
    sealed = seal_api_key(SECRET, partner=partner, api_key=api_key)
    assert open_api_key(SECRET, partner=partner, stored=sealed) == api_key
    assert api_key_hint(sealed) == api_key[:11] + "…"
