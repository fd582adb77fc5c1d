"""One validated settings object, read from ``COUNTERFRAUD_*`` environment variables.

Nothing reads settings at import time: callers ask ``get_settings()`` and pass the
object on (``make_engine(settings)``, ``create_app(settings)``).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from pydantic import Field, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from counterfraud.errors import InvalidInput

DEVELOPMENT_SECRET = "counterfraud-development-only"


class Environment(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="COUNTERFRAUD_", extra="ignore")

    environment: Environment = Field(
        Environment.DEVELOPMENT,
        description="development allows the built-in secret; production refuses it.")
    data_dir: Path = Field(
        Path("counterfraud-data"),
        description="Folder for the SQLite database, the demo world's ground truth and corpus.")
    database_url: str | None = Field(
        None,
        description="Any SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db. "
                    "Default: a SQLite file in data_dir.")
    secret_key: str = Field(
        DEVELOPMENT_SECRET,
        description="Pepper for API key hashes. Must be set outside development.")
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
    host: str = Field("127.0.0.1", description="Address the API listens on.")
    port: int = Field(8000, ge=0, le=65535, description="Port the API listens on.")

    @model_validator(mode="after")
    def _refuse_default_secret(self) -> Settings:
        if self.environment is not Environment.DEVELOPMENT and (
            self.secret_key == DEVELOPMENT_SECRET or len(self.secret_key) < 16
        ):
            raise ValueError("COUNTERFRAUD_SECRET_KEY must be set (16+ characters) "
                             "outside development")
        return self

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
