"""``/console/screening``: paste a message, a phone number or a URL and see the verdict
(allow, warn or block) with its reasons, the words and identifiers behind them marked in
the text.

The item is read as ``counterfraud check`` reads it (services.screening.check_item: a
URL, domain or IP as a URL, a number as a call from it, anything else as a message) and
screened by the same engine as ``POST /v1/screen``, for the same roles (operators,
analysts, admins), shown as the caller's agency may read the entries hit. The console
keeps its own screener, which does not count its verdicts as interceptions: a person's
check is not traffic the instance intercepted.

The text is sent with POST (a message may hold a victim's words; it stays out of URLs
and logs). Every piece of it is escaped: the marked spans are cut from the text in
Python and each piece rendered by autoescape.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from itertools import pairwise
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from counterfraud.domain import ApiRole, Channel
from counterfraud.errors import InvalidInput
from counterfraud.screening import Verdict
from counterfraud.screening.verdict import (
    AllowlistReason,
    BlocklistReason,
    ModelEvidence,
    ModelReason,
    RuleReason,
)
from counterfraud.services import access
from counterfraud.services.screening import Screener, check_item
from counterfraud.services.store import Store
from counterfraud.web.pages import record_forms as forms
from counterfraud.web.pages.vocabulary import LABELS, identifier_href, report_href
from counterfraud.web.session import ConsoleUser, CurrentUser, get_store
from counterfraud.web.templating import form_errors, render

router = APIRouter()

MAX_TEXT = 20_000  # as a message of POST /v1/screen
SCREENERS = (ApiRole.OPERATOR, ApiRole.ANALYST)  # and admins: POST /v1/screen's roles
_opening = threading.Lock()


def console_screener(request: Request, store: Store) -> Screener:
    """The console's screener, opened on first use and kept on the app (it follows the
    blocklist as the API's does); it counts no interceptions."""
    state = request.app.state
    found = getattr(state, "console_screener", None)
    if isinstance(found, Screener):
        return found
    with _opening:
        found = getattr(state, "console_screener", None)
        if not isinstance(found, Screener):
            found = Screener.open(store, count_interceptions=False)
            state.console_screener = found
    return found


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of the text, and the reasons (by number) whose spans cover it."""

    text: str
    reasons: tuple[int, ...] = ()
    tone: str = ""  # danger, warn or ok: the strongest covering reason's


TONE_ORDER = {"": 0, "ok": 1, "warn": 2, "danger": 3}


def pieces(text: str, spans: list[tuple[int, int, int, str]]) -> list[Piece]:
    """``text`` cut at every span's ends: (start, end, reason number, tone) spans, any
    overlap allowed, out-of-range ends clipped, empty spans ignored."""
    size = len(text)
    kept = [(max(0, s), min(size, e), n, t) for s, e, n, t in spans
            if min(size, e) > max(0, s)]
    cuts = sorted({0, size, *(s for s, _, _, _ in kept), *(e for _, e, _, _ in kept)})
    found = []
    for start, end in pairwise(cuts):
        covering = [(n, t) for s, e, n, t in kept if s <= start and end <= e]
        tone = max((t for _, t in covering), key=TONE_ORDER.__getitem__, default="")
        found.append(Piece(text[start:end], tuple(sorted(n for n, _ in covering)), tone))
    return found


@router.get("/screening", response_class=HTMLResponse, name="screening")
async def screening_form(request: Request, user: CurrentUser) -> Response:
    access.require_role(user.viewer, *SCREENERS)
    return _render(request, user, text="", verdict=None, errors={})


@router.post("/screening", response_class=HTMLResponse)
async def screen(request: Request, user: CurrentUser,
                 text: Annotated[str, Form()] = "") -> Response:
    access.require_role(user.viewer, *SCREENERS)
    try:
        item = check_item(forms.checked_length(text, field="text", limit=MAX_TEXT))
    except InvalidInput as e:
        return _render(request, user, text=text, verdict=None,
                       errors=form_errors(e, default_field="text"),
                       status_code=forms.refused_status(request, 422))
    screener = await run_in_threadpool(console_screener, request, get_store(request))
    [verdict] = await run_in_threadpool(screener.screen, [item], user.viewer)
    return _render(request, user, text=text, verdict=verdict_view(verdict, text.strip()),
                   errors={})


def _render(request: Request, user: ConsoleUser, *, text: str,
            verdict: dict[str, Any] | None, errors: dict[str, str],
            status_code: int = 200) -> HTMLResponse:
    return render(request, user, "screening.html",
                  {"text": text, "verdict": verdict, "errors": errors, "labels": LABELS},
                  status_code=status_code)


def verdict_view(verdict: Verdict, text: str) -> dict[str, Any]:
    """What the page shows of a verdict: its decision and score, each reason numbered,
    and ``text`` cut into pieces, each marked with the reasons whose spans cover it."""
    reasons: list[dict[str, Any]] = []
    spans: list[tuple[int, int, int, str]] = []
    whole = (0, len(text)) if verdict.channel is not Channel.MESSAGE else None

    def numbered(view: dict[str, Any], span: tuple[int, int] | None, tone: str) -> None:
        view["number"] = len(reasons) + 1
        if span is not None and tone:
            spans.append((span[0], span[1], view["number"], tone))
            view["quoted"] = text[span[0]:span[1]]
        reasons.append(view)

    for reason in verdict.reasons:
        if isinstance(reason, BlocklistReason):
            numbered(_blocklist(reason), reason.span or (whole if reason.found_in in (
                "caller", "value") else None), "danger")
        elif isinstance(reason, AllowlistReason):
            numbered({"type": "allowlisted", "decision": reason.decision.value,
                      "identifier": _link(reason.identifier.kind.value,
                                          reason.identifier.value),
                      "why": reason.entry.reason}, reason.span, "ok")
        elif isinstance(reason, ModelReason):
            numbered({"type": "model", "decision": reason.decision.value,
                      "score": reason.score, "threshold": reason.threshold,
                      "point": reason.point}, None, "")
            for evidence in reason.top:
                numbered(_evidence(evidence), _span(evidence) if whole is None else None,
                         "warn" if evidence.weight > 0 else "")
        elif isinstance(reason, RuleReason):
            numbered({"type": "rule", "decision": reason.decision.value,
                      "rule_id": reason.rule_id, "description": reason.description,
                      "detail": reason.detail}, None, "")
    return {"decision": verdict.decision.value, "score": verdict.score,
            "channel": verdict.channel.value, "version": verdict.index_version,
            "reasons": reasons, "pieces": pieces(text, spans)}


def _blocklist(reason: BlocklistReason) -> dict[str, Any]:
    entry = reason.entry
    return {"type": "blocklist", "decision": reason.decision.value, "entry_id": entry.id,
            "entry_href": f"/console/blocklist/{entry.id}" if entry.agency else None,
            "entry_kind": entry.kind.value, "entry_value": entry.value,
            "match": entry.match.value, "source": entry.source.value,
            "confidence": entry.confidence.value, "agency": entry.agency,
            "why": entry.reason, "network_id": entry.network_id,
            "reports": [{"ref": ref, "href": report_href(*ref.split("/", 1))}
                        for ref in entry.report_ids if "/" in ref],
            "identifier": _link(reason.identifier.kind.value, reason.identifier.value),
            "found_in": reason.found_in}


def _evidence(evidence: ModelEvidence) -> dict[str, Any]:
    return {"type": "cue" if evidence.kind == "cue" else "words", "text": evidence.text,
            "weight": evidence.weight, "cue": evidence.cue,
            "description": evidence.description, "decision": None}


def _span(evidence: ModelEvidence) -> tuple[int, int] | None:
    if evidence.start is None or evidence.end is None:
        return None
    return evidence.start, evidence.end


def _link(kind: str, value: str) -> dict[str, str]:
    return {"kind": kind, "value": value, "display": value,
            "href": identifier_href(kind, value)}
