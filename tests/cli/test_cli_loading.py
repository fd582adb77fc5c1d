"""A command starts with only its own module: ``counterfraud normalize`` does not import
the web stack, the graph library or the text model's; ``counterfraud.cli.COMMANDS``
names the module of every command, and the whole command tree is there for help."""

from __future__ import annotations

import subprocess
import sys

import pytest

from counterfraud import cli

HEAVY = ("fastapi", "uvicorn", "igraph", "numpy")


def _imported_by(*args: str) -> list[str]:
    """The HEAVY libraries a real process running ``counterfraud ARGS`` imported."""
    code = ("import sys\nfrom counterfraud import cli\n"
            f"sys.argv = ['counterfraud', *{list(args)!r}]\n"
            "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
            f"print('imported:', *(m for m in {HEAVY!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300, check=True)
    return done.stdout.rsplit("imported:", 1)[1].split()


@pytest.mark.parametrize(("args", "heavy"), [
    (["normalize", "domain", "shop.x.uk.com"], []),
    (["--data-dir", "/nonexistent/x", "--debug", "normalize", "phone", "0812345678"], []),
    (["--data-dir=/nonexistent/x", "extract", "hxxps://a[.]top"], []),
    (["instance", "--help"], []),
    (["networks", "--help"], ["igraph", "numpy"]),
    (["--help"], ["igraph", "numpy"]),
], ids=["command", "global-options", "option-with-equals", "group", "graph-group", "help"])
def test_a_command_imports_only_what_it_needs(args: list[str], heavy: list[str]) -> None:
    assert _imported_by(*args) == heavy


def test_every_command_is_named_with_its_module() -> None:
    app = cli.app  # every module loaded
    registered = {(c.name or (c.callback.__name__ if c.callback else "")).replace("_", "-"):
                  (c.callback.__module__ if c.callback else "")
                  for c in app.registered_commands}
    registered |= {g.name or "": g.typer_instance.registered_commands[0].callback.__module__
                   for g in app.registered_groups if g.typer_instance.registered_commands
                   and g.typer_instance.registered_commands[0].callback}
    outside = {name: module.rsplit(".", 1)[1] for name, module in registered.items()
               if module != "counterfraud.cli.app"}
    assert outside == cli.COMMANDS
