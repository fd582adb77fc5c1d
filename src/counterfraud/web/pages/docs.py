"""``/docs`` (Swagger UI) and ``/redoc`` (ReDoc) of the API, from the console's vendored
copies of both: they work with no Internet access (no CDN, no web fonts). The app is
created with FastAPI's own documentation pages switched off (api.app)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from counterfraud.web.templating import PAGE_HEADERS

router = APIRouter(include_in_schema=False)
DOCS_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
    "worker-src 'self' blob:; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'")
HEADERS = {**PAGE_HEADERS, "Content-Security-Policy": DOCS_POLICY,
           "Cache-Control": "no-cache"}


@router.get("/docs", response_class=HTMLResponse)
async def swagger_ui(request: Request) -> HTMLResponse:
    templates = request.app.state.console_templates
    html = templates.get("en").get_template("docs_swagger.html").render(
        openapi_url=request.app.openapi_url, title=request.app.title)
    return HTMLResponse(html, headers=HEADERS)


@router.get("/redoc", response_class=HTMLResponse)
async def redoc(request: Request) -> HTMLResponse:
    templates = request.app.state.console_templates
    html = templates.get("en").get_template("docs_redoc.html").render(
        openapi_url=request.app.openapi_url, title=request.app.title)
    return HTMLResponse(html, headers=HEADERS)
