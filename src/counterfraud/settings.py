"""One validated settings object, read from ``COUNTERFRAUD_*`` environment variables.

Nothing reads settings at import time: callers ask ``get_settings()`` and pass the
object on (``make_engine(settings)``, ``create_app(settings)``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from enum import StrEnum
from itertools import pairwise
from pathlib import Path

from pydantic import Field, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from counterfraud.errors import InvalidInput

DEVELOPMENT_SECRET = "counterfraud-development-only"
SECRET_MIN_LENGTH = 32
SECRET_MIN_BITS = 128
SECRET_HOWTO = 'python -c "import secrets; print(secrets.token_urlsafe(48))"'


class Environment(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="COUNTERFRAUD_", extra="ignore")

    environment: Environment = Field(
        Environment.DEVELOPMENT,
        description="development allows the built-in secret; production refuses it, and "
                    "any secret without real entropy.")
    data_dir: Path = Field(
        Path("counterfraud-data"),
        description="Folder for the SQLite database, the signing key, the demo world's "
                    "ground truth and corpus; created private (0700, files 0600).")
    database_url: str | None = Field(
        None,
        description="Any SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db. "
                    "Default: a SQLite file in data_dir.")
    secret_key: str = Field(
        DEVELOPMENT_SECRET,
        description="The instance secret: pepper for API key hashes and the key that "
                    "encrypts partners' API keys at rest. Outside development it must be set, "
                    f"{SECRET_MIN_LENGTH}+ characters with an estimated {SECRET_MIN_BITS}+ "
                    f"bits of entropy; generate one with {SECRET_HOWTO}.")
    region: str | None = Field(
        None, pattern=r"^[A-Z]{2}$",
        description="The operator's country (ISO 3166 alpha-2): screening reads national "
                    "phone formats in it and tells domestic callers from foreign ones.")
    model_dir: Path | None = Field(
        None, description="A text model written by `counterfraud train`; default: the "
                          "built-in model, trained from the demo corpus on first use.")
    policy_file: Path | None = Field(
        None, description="A JSON screening policy (thresholds and rules per channel).")
    signing_key_file: Path | None = Field(
        None, description="This instance's Ed25519 private key (PEM) for signed bundles and "
                          "evidence; default: instance-ed25519.pem in data_dir, created on "
                          "first use.")
    debug: bool = Field(
        False, description="Show the traceback of an unexpected error (the command line); "
                           "it may quote records, so keep it off where output is kept.")
    host: str = Field("127.0.0.1", description="Address the API listens on.")
    port: int = Field(8000, ge=0, le=65535, description="Port the API listens on.")
    console_idle_minutes: int = Field(
        30, ge=1, le=24 * 60,
        description="The console signs a person out after this many minutes without a "
                    "request.")
    console_session_hours: int = Field(
        12, ge=1, le=7 * 24,
        description="The console signs a person out this many hours after signing in, "
                    "however active (a working day).")

    @field_validator("secret_key")
    @classmethod
    def _refuse_weak_secret(cls, value: str, info: ValidationInfo) -> str:
        """Outside development the secret must be long and random: a default, short or
        guessable one would let a stolen database give up its API keys."""
        if info.data.get("environment", Environment.DEVELOPMENT) is Environment.DEVELOPMENT:
            return value
        if (value == DEVELOPMENT_SECRET or len(value) < SECRET_MIN_LENGTH
                or estimated_entropy_bits(value) < SECRET_MIN_BITS):
            raise ValueError(
                f"outside development it must be at least {SECRET_MIN_LENGTH} characters "
                f"with an estimated entropy of at least {SECRET_MIN_BITS} bits (this one: "
                f"{len(value)} characters, ~{estimated_entropy_bits(value):.0f} bits); "
                f"generate one with {SECRET_HOWTO}")
        return value

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'counterfraud.db').resolve()}"


def get_settings(**overrides: object) -> Settings:
    """Read the environment now; keyword overrides win (used by the CLI options).

    Raises InvalidInput naming the setting (as its environment variable) and why."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as e:
        problems = "; ".join(
            f"COUNTERFRAUD_{'_'.join(str(p) for p in err['loc']).upper() or 'SETTINGS'}: "
            f"{err['msg'].removeprefix('Value error, ')}" for err in e.errors())
        raise InvalidInput(f"bad settings: {problems}", field="settings") from None


def estimated_entropy_bits(text: str) -> float:
    """A cautious estimate of the entropy of ``text``, in bits: a text that repeats a
    block counts as that block alone; then its length times the Shannon entropy of its
    characters, or of the steps between successive characters when that is lower. So
    ``aaaa...``, ``abcdef...`` and ``abab...`` all score low, a random string close to its
    true entropy; no estimate can vouch for a phrase a person chose."""
    text = text[:_period(text)]
    steps = [ord(b) - ord(a) for a, b in pairwise(text)]
    return min(_shannon_bits(text), _shannon_bits(steps))


def _shannon_bits(items: Sequence[object]) -> float:
    total = len(items)
    return -sum(n * math.log2(n / total) for n in Counter(items).values()) if total else 0.0


def _period(text: str) -> int:
    """The length of the shortest block that ``text`` repeats (possibly cut short at the
    end), from the longest proper prefix that is also a suffix (Knuth-Morris-Pratt)."""
    border = [0] * len(text)
    for i in range(1, len(text)):
        k = border[i - 1]
        while k and text[i] != text[k]:
            k = border[k - 1]
        border[i] = k + (text[i] == text[k])
    return len(text) - (border[-1] if text else 0)
