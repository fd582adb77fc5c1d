"""The ``counterfraud`` command (Typer). Thin: parses options, calls services, prints.

Each module of this package registers its commands on the one Typer app when it is
imported. ``main`` imports only the module of the command being run (``COMMANDS``; the
commands of ``cli.app`` are always there), so a command starts without the libraries of
the others — the web stack, the graph and text-model libraries — in about two thirds
of the time. Help, an unknown command and ``counterfraud.cli.app`` taken from this
package have every module loaded.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from counterfraud.cli.app import app as _app

if TYPE_CHECKING:
    from counterfraud.cli.app import app

del globals()["app"]  # the submodule's name; ``app`` here is the whole command (below)

# top-level command or group -> the module of this package that registers it
COMMANDS = {
    "agreements": "agreements", "audit": "audit", "evidence": "audit",
    "blocklist": "blocklist", "cases": "cases", "export": "exchange", "import": "exchange",
    "partners": "federation", "instance": "federation", "sync": "federation",
    "networks": "networks", "screen": "screening", "check": "screening",
    "train": "screening", "evaluate": "screening", "report-message": "screening",
    "demo": "serving", "serve": "serving", "kpi": "kpi",
    "takedown": "takedowns", "suspects": "suspects",
    "victims": "victims", "freeze": "freeze",
}
_GLOBAL_OPTIONS_WITH_A_VALUE = ("--data-dir", "--database-url")

__all__ = ["COMMANDS", "app", "load", "main"]


def load(modules: Iterable[str] | None = None) -> Any:
    """The Typer app with the commands of ``modules`` (default: all) registered."""
    for module in sorted(set(COMMANDS.values()) if modules is None else set(modules)):
        importlib.import_module(f"counterfraud.cli.{module}")
    return _app


def main() -> None:
    load(_modules_for(sys.argv[1:]))
    _app()


def _modules_for(args: Sequence[str]) -> Iterable[str] | None:
    """The modules a run with ``args`` needs; None (all) for help or an unknown name."""
    words = iter(args)
    for word in words:
        if word in _GLOBAL_OPTIONS_WITH_A_VALUE:
            next(words, None)
        elif not word.startswith("-"):
            if word in COMMANDS:
                return [COMMANDS[word]]
            own = {c.name or (c.callback.__name__ if c.callback else "")
                   for c in _app.registered_commands}
            own |= {g.name for g in _app.registered_groups if g.name}
            return [] if word in own else None
    return None


def __getattr__(name: str) -> Any:
    if name == "app":
        return load()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
