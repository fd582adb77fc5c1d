"""Keeps identifiers out of the server's access log.

uvicorn logs every request line; for ``/v1/identifiers/{kind}/{value}`` the value is the
very phone number, URL or account looked up, which must not reach log files.
"""

from __future__ import annotations

import logging

ACCESS_LOGGER = "uvicorn.access"
_LOOKUP = "/v1/identifiers/"
_PATH_ARG = 2  # uvicorn's access record args: client, method, path?query, version, status


def redact_path(path: str) -> str:
    """``/v1/identifiers/phone/%2B6681...?region=TH`` -> ``/v1/identifiers/phone/<redacted>``."""
    if not path.startswith(_LOOKUP):
        return path
    kind = path[len(_LOOKUP):].split("/", 1)[0].split("?", 1)[0]
    return f"{_LOOKUP}{kind}/<redacted>"


class RedactIdentifiers(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) > _PATH_ARG:
            path = args[_PATH_ARG]
            if isinstance(path, str):
                record.args = (*args[:_PATH_ARG], redact_path(path), *args[_PATH_ARG + 1:])
        return True
