"""The HTTP API: a thin FastAPI layer over ``counterfraud.services``.

``create_app(settings)`` builds the app; ``app_from_environment()`` is the uvicorn
factory (``uvicorn --factory counterfraud.api:app_from_environment``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from counterfraud.api.app import app_from_environment, create_app

__all__ = ["app_from_environment", "create_app"]


def __getattr__(name: str) -> Any:
    """``create_app`` and ``app_from_environment``, imported on first use: a command that
    only binds a port (``counterfraud.api.server``) starts without the web stack."""
    if name in __all__:
        from counterfraud.api import app

        return getattr(app, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
