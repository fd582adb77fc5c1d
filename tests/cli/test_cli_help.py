"""Every command, option and argument says what it is for, and ``--version`` answers."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import typer

from counterfraud import __version__
from counterfraud.cli import app


def _commands() -> Iterator[tuple[str, Any]]:
    """(``counterfraud agency list``, the command) for every group and command."""
    def walk(command: Any, path: str) -> Iterator[tuple[str, Any]]:
        yield path, command
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            yield from walk(sub, f"{path} {name}")

    yield from walk(typer.main.get_command(app), "counterfraud")


COMMANDS = dict(_commands())
# The networks commands are being reworked in cli/networks.py; their arguments get help
# texts there. Strict: once they have them, this test fails until the entry is removed.
def test_the_walk_reaches_every_level() -> None:
    assert {"counterfraud", "counterfraud demo", "counterfraud key list",
            "counterfraud agency list", "counterfraud blocklist appeals",
            "counterfraud networks list"} <= set(COMMANDS)
    assert len(COMMANDS) > 50


@pytest.mark.parametrize("path", sorted(COMMANDS))
def test_every_command_option_and_argument_has_help(path: str) -> None:
    command = COMMANDS[path]
    missing = [] if (command.help or "").strip() else ["the command itself"]
    missing += [f"{type(p).__name__.removeprefix('Typer').lower()} {p.name}"
                for p in command.params if not (getattr(p, "help", None) or "").strip()]
    assert missing == [], f"{path}: no help text for {', '.join(missing)}"


def test_help_is_printed(run: Callable[..., Any]) -> None:
    shown = run("blocklist", "appeals", "--help")
    assert shown.exit_code == 0
    assert "Appeals against blocks" in shown.output and "--status" in shown.output


def test_help_texts_are_printed_whole(run: Callable[..., Any]) -> None:
    """Help is rendered as markup: a text in [brackets] would vanish from the screen."""
    shown = run("--help").output
    for setting in ("COUNTERFRAUD_DATA_DIR", "COUNTERFRAUD_DATABASE_URL",
                    "COUNTERFRAUD_DEBUG"):
        assert setting in shown, shown
    for path, command in COMMANDS.items():
        for text in [command.help or "", *(getattr(p, "help", "") or "" for p in command.params)]:
            assert not re.search(r"\[[a-z]", text), f"{path}: {text!r} reads as markup"


def test_version(run: Callable[..., Any]) -> None:
    shown = run("--version")
    assert shown.exit_code == 0
    assert shown.output.strip() == f"counterfraud {__version__}"
