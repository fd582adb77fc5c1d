from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from counterfraud.errors import InvalidInput
from counterfraud.settings import estimated_entropy_bits, get_settings


def test_reads_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("COUNTERFRAUD_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("COUNTERFRAUD_PORT", "9001")
    settings = get_settings()
    assert settings.port == 9001
    assert settings.effective_database_url == f"sqlite:///{tmp_path.resolve()}/counterfraud.db"


def test_an_explicit_database_url_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COUNTERFRAUD_DATABASE_URL", "postgresql+psycopg://u@h/db")
    assert get_settings().effective_database_url == "postgresql+psycopg://u@h/db"


@pytest.mark.parametrize("secret", [
    None, "short", " " * 16, "a" * 16, "a" * 64, "counterfraud-development-only",
    "abcdefghijklmnopqrstuvwxyz012345",  # 32 different characters, one step apart
    "0123456789abcdef" * 2,  # a block repeated
    "correct horse battery staple ok!",  # words: 32 characters, ~117 bits
    secrets.token_hex(16),  # 128 random bits, but 32 hex digits estimate below that
], ids=["default", "too-short", "16-spaces", "16-a", "64-a", "development-secret",
        "alphabet", "repeated-block", "passphrase", "hex-16-bytes"])
def test_production_refuses_a_weak_secret(monkeypatch: pytest.MonkeyPatch,
                                          secret: str | None) -> None:
    monkeypatch.setenv("COUNTERFRAUD_ENVIRONMENT", "production")
    if secret is not None:
        monkeypatch.setenv("COUNTERFRAUD_SECRET_KEY", secret)
    with pytest.raises(InvalidInput, match="COUNTERFRAUD_SECRET_KEY") as refused:
        get_settings()
    assert "token_urlsafe(48)" in str(refused.value)  # says how to make a good one
    if secret:
        assert secret not in str(refused.value)


@pytest.mark.parametrize("secret", [
    secrets.token_urlsafe(48), secrets.token_hex(32), secrets.token_urlsafe(32),
], ids=["urlsafe-48", "hex-32-bytes", "urlsafe-32"])
def test_production_with_a_real_secret(monkeypatch: pytest.MonkeyPatch, secret: str) -> None:
    monkeypatch.setenv("COUNTERFRAUD_ENVIRONMENT", "production")
    monkeypatch.setenv("COUNTERFRAUD_SECRET_KEY", secret)
    assert get_settings().secret_key == secret


@pytest.mark.parametrize(("text", "low", "high"), [
    ("", 0, 0), ("a" * 100, 0, 0), ("ab" * 50, 0, 1), ("ab" * 500 + "a", 0, 1),
    ("Kq3v-9xZ_pL2m8Tn" * 20, 40, 80),
    ("abcdefghijklmnopqrstuvwxyz012345", 0, 10),
    ("Kq3v-9xZ_pL2m8Tn", 40, 80),
], ids=["empty", "one-character", "alternating", "alternating-long", "repeated-random",
        "alphabet", "random-16"])
def test_the_entropy_estimate(text: str, low: float, high: float) -> None:
    assert low <= estimated_entropy_bits(text) <= high


def test_development_accepts_the_built_in_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COUNTERFRAUD_SECRET_KEY", raising=False)
    assert get_settings().secret_key == "counterfraud-development-only"


def test_a_bad_value_names_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COUNTERFRAUD_PORT", "eighty")
    with pytest.raises(InvalidInput, match="COUNTERFRAUD_PORT"):
        get_settings()
