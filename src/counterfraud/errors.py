"""The one exception tree of counterfraud.

Every layer raises these (wrapping backend failures with ``raise ... from e``);
the API maps them to HTTP status codes in one place and the CLI to exit codes.
"""

from __future__ import annotations


class CounterfraudError(Exception):
    """Base of every error counterfraud raises on purpose."""


class InvalidInput(CounterfraudError, ValueError):
    """Input that cannot be accepted; the message says which field and why."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFound(CounterfraudError, LookupError):
    """A record that does not exist, or that the caller may not see."""


class Conflict(CounterfraudError):
    """A write that collides with an existing record."""


class AuthenticationFailed(CounterfraudError):
    """No credential, or one that matches no active API key."""


class PermissionDenied(CounterfraudError):
    """A valid credential whose role does not allow the action."""


class StoreUnavailable(CounterfraudError):
    """The database cannot be reached or is not migrated."""


class CannotListen(CounterfraudError):
    """The server's address cannot be listened on (a port in use, a privileged port)."""


def exception_classes(exc: BaseException) -> str:
    """``outer <- cause <- ...``: the qualified class names of an exception's chain.

    What logs and terminals show of an unexpected error: the names tell what failed,
    while a message may quote the records being handled (a database error's holds the
    statement's values)."""
    names: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        kind = type(current)
        names.append(kind.__qualname__ if kind.__module__ == "builtins"
                     else f"{kind.__module__}.{kind.__qualname__}")
        current = current.__cause__ or current.__context__
    return " <- ".join(names)
