"""``/console/``: who is signed in, and the console's pages for their role."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from counterfraud.services import access
from counterfraud.web.session import CurrentUser, get_store
from counterfraud.web.templating import render

router = APIRouter()


@router.get("/", response_class=HTMLResponse, name="home")
async def home(request: Request, user: CurrentUser) -> HTMLResponse:
    agencies = await run_in_threadpool(access.list_agencies, get_store(request))
    name = next((a.name for a in agencies if a.code == user.agency), "")
    return render(request, user, "home.html",
                  {"agency_name": name, "session_ends": user.expires_at})
