from __future__ import annotations

from pathlib import Path

import pytest

from counterfraud.errors import InvalidInput
from counterfraud.settings import get_settings


def test_reads_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("COUNTERFRAUD_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("COUNTERFRAUD_PORT", "9001")
    settings = get_settings()
    assert settings.port == 9001
    assert settings.effective_database_url == f"sqlite:///{tmp_path.resolve()}/counterfraud.db"


def test_an_explicit_database_url_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COUNTERFRAUD_DATABASE_URL", "postgresql+psycopg://u@h/db")
    assert get_settings().effective_database_url == "postgresql+psycopg://u@h/db"


@pytest.mark.parametrize("secret", [None, "short"], ids=["default", "too-short"])
def test_production_refuses_a_weak_secret(monkeypatch: pytest.MonkeyPatch,
                                          secret: str | None) -> None:
    monkeypatch.setenv("COUNTERFRAUD_ENVIRONMENT", "production")
    if secret:
        monkeypatch.setenv("COUNTERFRAUD_SECRET_KEY", secret)
    with pytest.raises(InvalidInput, match="COUNTERFRAUD_SECRET_KEY"):
        get_settings()


def test_production_with_a_real_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COUNTERFRAUD_ENVIRONMENT", "production")
    monkeypatch.setenv("COUNTERFRAUD_SECRET_KEY", "x" * 32)
    assert get_settings().secret_key == "x" * 32


def test_a_bad_value_names_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COUNTERFRAUD_PORT", "eighty")
    with pytest.raises(InvalidInput, match="COUNTERFRAUD_PORT"):
        get_settings()
