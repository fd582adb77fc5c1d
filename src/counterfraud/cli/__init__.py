"""The ``counterfraud`` command (Typer). Thin: parses options, calls services, prints."""

from counterfraud.cli import blocklist, networks, screening  # noqa: F401 - registers commands
from counterfraud.cli.app import app, main

__all__ = ["app", "main"]
