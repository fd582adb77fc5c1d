"""What every command shares: error handling, consoles, options, settings and the store."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from typer import _click
from typer.core import TyperGroup
from typer.exceptions import TyperException

from counterfraud.domain import ApiRole, IdentifierKind, Viewer
from counterfraud.errors import CounterfraudError, InvalidInput, NotFound, exception_classes
from counterfraud.services.store import Store, open_store
from counterfraud.settings import Settings, get_settings

out = Console(soft_wrap=True, markup=False)  # data is printed as it is, never as markup
err = Console(stderr=True, soft_wrap=True, markup=False)
LOCAL = Viewer(agency=None, role=ApiRole.ADMIN)  # the operator at this instance's console

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]
RegionOption = Annotated[str | None, typer.Option(
    "--region", help="Country (ISO alpha-2) for national phone formats.")]
KindArgument = Annotated[str, typer.Argument(
    help="The identifier's kind: " + ", ".join(k.value for k in IdentifierKind) + ".")]
ValueArgument = Annotated[str, typer.Argument(
    help="The identifier as written (national phone formats need --region).")]


class ErrorsToExitCodes(TyperGroup):
    """The one place that turns errors into a message and an exit code: 2 for input that
    cannot be accepted or found, 1 for every other failure.

    An unexpected error (a bug, a database failure) is one line naming its classes: its
    message and traceback may quote the records being written, so the traceback is shown
    only with ``--debug`` or ``COUNTERFRAUD_DEBUG=1``."""

    def invoke(self, ctx: _click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (InvalidInput, NotFound) as e:
            err.print(f"[red]error:[/red] {escape(str(e))}", highlight=False, markup=True)
            raise typer.Exit(2) from e
        except CounterfraudError as e:
            err.print(f"[red]error:[/red] {escape(str(e))}", highlight=False, markup=True)
            raise typer.Exit(1) from e
        except (typer.Exit, typer.Abort, TyperException):
            raise
        except Exception as e:
            if _debugging(ctx):
                raise
            err.print(f"[red]error:[/red] unexpected {escape(exception_classes(e))}; its "
                      "message is not shown, as it may quote records; run again with --debug "
                      "(or COUNTERFRAUD_DEBUG=1) for the traceback",
                      highlight=False, markup=True)
            raise typer.Exit(1) from e


def _debugging(ctx: _click.Context) -> bool:
    overrides = ctx.find_root().obj or {}
    try:
        return get_settings(**overrides).debug
    except CounterfraudError:
        return bool(overrides.get("debug"))



def command_group(help_text: str) -> typer.Typer:
    return typer.Typer(cls=ErrorsToExitCodes, no_args_is_help=True, add_completion=False,
                       pretty_exceptions_show_locals=False,  # locals may hold keys
                       help=help_text)


def settings_of(ctx: typer.Context) -> Settings:
    try:
        return get_settings(**(ctx.obj or {}))
    except CounterfraudError as e:
        fail(str(e))


@contextmanager
def store_of(ctx: typer.Context) -> Iterator[Store]:
    store = open_store(settings_of(ctx))
    try:
        yield store
    finally:
        store.close()


def fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"[red]error:[/red] {escape(message)}", highlight=False, markup=True)
    raise typer.Exit(code)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def table(*headers: str, title: str | None = None) -> Table:
    """A table as wide as the terminal whose cells wrap, never cut: a long value (a
    marking, an URL, a key) folds onto more lines rather than ending in an ellipsis."""
    shown = Table(title=title)
    for header in headers:
        shown.add_column(header, overflow="fold")
    return shown
