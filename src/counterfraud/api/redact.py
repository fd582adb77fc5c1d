"""Keeps identifiers out of the server's access log.

uvicorn logs every request line, and so does our own access log (api.access_log); for
``/v1/identifiers/{kind}/{value}`` and ``/v1/networks/expand/{kind}/{value}`` the value is
the very phone number, URL or account looked up, which must not reach log files. The
console's identifier pages (``/console/identifiers/{kind}/{value}``) are redacted the same
way, and a console URL's query string (a search box, a node expanded, a filter) is never
logged at all.
"""

from __future__ import annotations

import logging

ACCESS_LOGGER = "uvicorn.access"
_LOOKUPS = ("/v1/identifiers/", "/v1/networks/expand/",
            "/console/identifiers/")  # then {kind}/{value}
_CONSOLE = "/console/"
_PATH_ARG = 2  # uvicorn's access record args: client, method, path?query, version, status


def redact_path(path: str) -> str:
    """``/v1/identifiers/phone/%2B6681...?region=TH`` -> ``/v1/identifiers/phone/<redacted>``."""
    for lookup in _LOOKUPS:
        if path.startswith(lookup):
            kind = path[len(lookup):].split("/", 1)[0].split("?", 1)[0]
            return f"{lookup}{kind}/<redacted>"
    if path.startswith(_CONSOLE) and "?" in path:
        return path.split("?", 1)[0] + "?<redacted>"
    return path


class RedactIdentifiers(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) > _PATH_ARG:
            path = args[_PATH_ARG]
            if isinstance(path, str):
                record.args = (*args[:_PATH_ARG], redact_path(path), *args[_PATH_ARG + 1:])
        return True
