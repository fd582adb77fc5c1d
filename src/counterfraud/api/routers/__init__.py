"""The API's routers, one module per resource; each parses, calls a service, returns a schema."""

from __future__ import annotations

from typing import Any

from counterfraud.api.schemas import Message

_DESCRIPTIONS = {
    401: "No API key, or one that is unknown or revoked.",
    403: "The key's role may not do this.",
    404: "No such record, or one the caller's agency may not see.",
    409: "It would repeat or collide with an existing record (named in the message).",
    503: "The database is unavailable.",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the errors a route can answer (422 is documented by FastAPI)."""
    return {status: {"model": Message, "description": _DESCRIPTIONS[status]}
            for status in statuses}
