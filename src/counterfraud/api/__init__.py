"""The HTTP API: a thin FastAPI layer over ``counterfraud.services``.

``create_app(settings)`` builds the app; ``app_from_environment()`` is the uvicorn
factory (``uvicorn --factory counterfraud.api:app_from_environment``).
"""

from counterfraud.api.app import app_from_environment, create_app

__all__ = ["app_from_environment", "create_app"]
