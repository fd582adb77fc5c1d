"""The ``counterfraud`` command (Typer). Thin: parses options, calls services, prints."""

from counterfraud.cli import (  # noqa: F401 - registers commands
    agreements,
    audit,
    blocklist,
    exchange,
    federation,
    networks,
    screening,
    serving,
)
from counterfraud.cli.app import app, main

__all__ = ["app", "main"]
