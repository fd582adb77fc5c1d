"""The application factory. Nothing happens at import time: ``create_app(settings)``
builds an app, and its lifespan opens the store on start-up and closes it on shutdown.

Serve with ``uvicorn --factory counterfraud.api:app_from_environment`` (``--workers N``
for several processes; each opens its own store). Workers starting together on a new
database race to migrate it: the losers' start-up retries opening the store a few
times, by when the winner has brought the schema up to date.

Every request gets an id (``X-Request-ID``), and a body over ``MAX_BODY_BYTES`` is
refused before it is parsed (see api.middleware). The app's own log lines go to stderr
unless the process has configured logging; they never hold what a request carried.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import anyio
from fastapi import APIRouter, Depends, FastAPI
from starlette.concurrency import run_in_threadpool

from counterfraud import __version__
from counterfraud.api.access_log import AccessLog
from counterfraud.api.errors import install_error_handlers
from counterfraud.api.middleware import BodyLimit, RequestContext
from counterfraud.api.params import no_nul_in_parameters
from counterfraud.api.redact import ACCESS_LOGGER, RedactIdentifiers
from counterfraud.api.routers import (
    agencies,
    agreements,
    blocklist,
    cases,
    federation,
    freeze,
    health,
    identifiers,
    kpi,
    networks,
    reports,
    screening,
    stats,
    suspects,
    takedowns,
    victims,
)
from counterfraud.errors import StoreUnavailable
from counterfraud.services.limits import MAX_BODY_BYTES
from counterfraud.services.store import Store, open_store
from counterfraud.settings import Settings, get_settings
from counterfraud.web.app import mount_console

logger = logging.getLogger(__name__)
OPEN_ATTEMPTS = 5
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

DESCRIPTION = """\
Victim reports, identifier lookups and statistics shared between the agencies that
fight cross-border online fraud. Every route but `/health` needs an API key, sent as
`X-API-Key: KEY` or `Authorization: Bearer KEY`. Each agency sees its own records,
`TLP:CLEAR` ones, and what other agencies' agreements with it allow (`TLP:RED` never
leaves its agency).
"""


def create_app(settings: Settings) -> FastAPI:
    app = FastAPI(title="counterfraud", version=__version__, description=DESCRIPTION,
                  lifespan=_lifespan(settings), docs_url=None, redoc_url=None,
                  dependencies=[Depends(no_nul_in_parameters)])
    install_error_handlers(app)
    app.add_middleware(BodyLimit, limit=MAX_BODY_BYTES)
    app.add_middleware(AccessLog)  # one line per request, refused bodies and errors too
    app.add_middleware(RequestContext)  # added last: the outermost, it sees every error
    app.include_router(health.router)
    v1 = APIRouter(prefix="/v1")
    # routes are matched in this order: the most frequent requests first
    for module in (identifiers, screening, reports, stats, agencies, agreements, blocklist,
                   networks, federation, cases, kpi, takedowns, suspects,
                   victims, freeze):
        v1.include_router(module.router)
    app.include_router(v1)
    app.state.rendered_lookups = identifiers.RenderedLookups()
    mount_console(app)  # /console/, /docs and /redoc (vendored assets), / -> /console/
    return app


def app_from_environment() -> FastAPI:
    """The app for ``COUNTERFRAUD_*`` settings, read now (a uvicorn ``--factory``)."""
    return create_app(get_settings())


def _lifespan(settings: Settings) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        _log_to_stderr()
        store = await _open_store(settings)
        redactor = RedactIdentifiers()
        access_log = logging.getLogger(ACCESS_LOGGER)
        access_log.addFilter(redactor)
        app.state.store = store
        try:
            yield
        finally:
            access_log.removeFilter(redactor)
            app.state.store = None
            app.state.screener = None
            store.close()

    return lifespan


def _log_to_stderr() -> None:
    """Our loggers' lines on stderr with time, level and logger, unless the process has
    set up logging itself (a handler on the root logger or on ours)."""
    ours = logging.getLogger("counterfraud")
    if logging.getLogger().handlers or ours.handlers:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    ours.addHandler(handler)
    ours.setLevel(logging.INFO)


async def _open_store(settings: Settings) -> Store:
    for attempt in range(1, OPEN_ATTEMPTS + 1):
        try:
            return await run_in_threadpool(open_store, settings)
        except StoreUnavailable:
            if attempt == OPEN_ATTEMPTS:
                raise
            logger.warning("opening the store failed (attempt %d of %d); retrying",
                           attempt, OPEN_ATTEMPTS)
            await anyio.sleep(0.2 * attempt)
    raise AssertionError("unreachable")  # pragma: no cover
