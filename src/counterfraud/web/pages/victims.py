"""Victims: recorded from the case page, listed at ``/console/victims``, and
``/console/victims/{id}``: who reaches them,
where they were last known to be, their moves from missing to repatriated (the next
states as buttons), losses, and the captors' ransom demands. Recording a demand blocks
its payment identifiers at once and raises freeze requests (``services.victims.
record_ransom``); the page then says what was blocked, which requests went to whom, and
why anything was not blocked (the case's PAP) or not requested.

A victim is personal data (TLP:RED unless its case's owner re-marks it): the same
service calls as ``/v1/victims`` with the user's Viewer decide who reads it (404 for
anyone else, alike for one that does not exist). Analysts and admins only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from counterfraud.cases.states import VICTIM
from counterfraud.domain import AgencyKind, ApiRole
from counterfraud.errors import Conflict, InvalidInput, NotFound
from counterfraud.identifiers.types import IdentifierKind
from counterfraud.services import access, victims
from counterfraud.web.pages import case_forms as forms
from counterfraud.web.pages.case_page import act
from counterfraud.web.pages.case_words import VICTIM_STATUS, context
from counterfraud.web.session import ConsoleUser, console_access, get_store, require_role
from counterfraud.web.templating import redirect, render

router = APIRouter()
Analyst = Annotated[ConsoleUser, Depends(require_role(ApiRole.ANALYST))]
PAYMENTS = 100  # payment identifiers of one demand, as the API takes
PAGE_SIZE = 100


def victim_url(victim_id: str) -> str:
    return f"/console/victims/{victim_id}"


@router.post("/cases/{case_id}/victims", name="console_victim_add")
def add(request: Request, user: Analyst, case_id: str, *,
        victim_id: Annotated[str, Form(alias="victim-id")] = "",
        kind: Annotated[str, Form(alias="victim-kind")] = "",
        nationality: Annotated[str, Form(alias="victim-nationality")] = "",
        status: Annotated[str, Form(alias="victim-status")] = "missing",
        officer: Annotated[str, Form(alias="victim-officer")] = "",
        family_contact: Annotated[str, Form(alias="victim-family_contact")] = "") -> Response:
    return act(request, user, case_id, lambda: victims.add_victim(
        get_store(request), user.viewer, case_id=case_id,
        victim_id=forms.text(victim_id, "id", limit=64, required=True, label="pseudonym"),
        kind=forms.text(kind, "kind", limit=forms.CODE, required=True),
        nationality=forms.text(nationality, "nationality", limit=forms.CODE, required=True),
        officer=forms.text(officer, "officer", required=True, label="case officer"),
        family_contact=forms.text(family_contact, "family_contact", limit=500),
        status=forms.text(status, "status", limit=forms.CODE) or "missing",
        via=console_access(request, user)),
        prefix="victim-", fields=("id", "kind", "nationality", "officer", "family_contact",
                                  "status"),
        values={"id": victim_id, "kind": kind, "nationality": nationality, "status": status,
                "officer": officer, "family_contact": family_contact},
        anchor="sec-victims")


def render_victim(request: Request, user: ConsoleUser, victim_id: str, *,
                  errors: Mapping[str, str] | None = None,
                  values: Mapping[str, Any] | None = None, status_code: int = 200,
                  result: victims.RansomResult | None = None) -> HTMLResponse:
    store = get_store(request)
    view = result.victim if result is not None else victims.get_victim(
        store, user.viewer, victim_id, via=console_access(request, user))
    banks = [a for a in access.list_agencies(store) if a.kind is AgencyKind.BANK]
    return render(request, user, "victims/show.html", context(
        view=view, victim=view.victim, result=result, banks=banks,
        next_states=[s.value for s in VICTIM.allowed(view.victim.status)],
        errors=dict(errors or {}), values=dict(values or {})), status_code=status_code)


@router.get("/victims", response_class=HTMLResponse, name="console_victims")
def list_page(request: Request, user: Analyst,
              status: Annotated[str, Query(max_length=32)] = "",
              offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> HTMLResponse:
    """The victims the user's agency may read, oldest first (``/v1/victims``)."""
    errors: dict[str, str] = {}
    try:
        found = victims.list_victims(get_store(request), user.viewer, status=status or None,
                                     limit=PAGE_SIZE + 1, offset=offset,
                                     via=console_access(request, user))
    except InvalidInput as e:
        found, errors = [], forms.errors_of(e, "", ("status",))
    return render(request, user, "victims/list.html", context(
        victims=found[:PAGE_SIZE], more=len(found) > PAGE_SIZE, offset=offset,
        page_size=PAGE_SIZE, status=status, statuses=list(VICTIM_STATUS), errors=errors),
        status_code=422 if errors else 200)


@router.get("/victims/{victim_id}", response_class=HTMLResponse, name="console_victim")
def victim_page(request: Request, user: Analyst, victim_id: str) -> HTMLResponse:
    return render_victim(request, user, victim_id)


def _do(request: Request, user: ConsoleUser, victim_id: str, run: Any, *, prefix: str,
        fields: tuple[str, ...], values: Mapping[str, Any], anchor: str) -> Response:
    """One form of the victim page: back to it at ``anchor``, or the page again with the
    message next to the form's field (422, 409, 404); a refusal is the 403 page."""
    try:
        run()
    except (InvalidInput, Conflict, NotFound) as e:
        status = 422 if isinstance(e, InvalidInput) else 409 if isinstance(e, Conflict) \
            else 404
        return render_victim(request, user, victim_id,
                             errors=forms.errors_of(e, prefix, fields),
                             values={f"{prefix}{k}": v for k, v in values.items()},
                             status_code=status)
    return redirect(f"{victim_url(victim_id)}#{anchor}")


def _agencies(text: str) -> list[str]:
    return [a.strip() for a in forms.text(text, "agencies", limit=500).replace(";", ",")
            .split(",") if a.strip()]


def _location(country: str, place: str, *, required: bool) -> Any:
    code = forms.text(country, "location.country", limit=2).upper() or None
    if code is None and not required and not place.strip():
        return None
    if code is None:
        raise InvalidInput("a location needs its country", field="location.country")
    return victims.parse_location(code, place=forms.text(place, "location.place"))


@router.post("/victims/{victim_id}/move", name="console_victim_move")
def move(request: Request, user: Analyst, victim_id: str, *,
         status: Annotated[str, Form(alias="move-status")] = "",
         agencies: Annotated[str, Form(alias="move-agencies")] = "",
         country: Annotated[str, Form(alias="move-country")] = "",
         place: Annotated[str, Form(alias="move-place")] = "") -> Response:
    return _do(request, user, victim_id, lambda: victims.move_victim(
        get_store(request), user.viewer, victim_id,
        forms.text(status, "status", limit=forms.CODE, required=True),
        agencies=_agencies(agencies), location=_location(country, place, required=False),
        via=console_access(request, user)),
        prefix="move-", fields=("status", "agencies", "location.country"),
        values={"agencies": agencies, "country": country, "place": place}, anchor="status")


@router.post("/victims/{victim_id}/location", name="console_victim_locate")
def locate(request: Request, user: Analyst, victim_id: str,
           country: Annotated[str, Form(alias="loc-country")] = "",
           place: Annotated[str, Form(alias="loc-place")] = "") -> Response:
    return _do(request, user, victim_id, lambda: victims.locate(
        get_store(request), user.viewer, victim_id,
        _location(country, place, required=True), via=console_access(request, user)),
        prefix="loc-", fields=("location.country", "location.place"),
        values={"country": country, "place": place}, anchor="location")


@router.post("/victims/{victim_id}/losses", name="console_victim_loss")
def add_loss(request: Request, user: Analyst, victim_id: str,
             amount: Annotated[str, Form(alias="loss-amount")] = "",
             currency: Annotated[str, Form(alias="loss-currency")] = "") -> Response:
    return _do(request, user, victim_id, lambda: victims.add_loss(
        get_store(request), user.viewer, victim_id,
        victims.money_of(forms.text(amount, "amount", limit=40, required=True),
                         forms.text(currency, "currency", limit=3, required=True).upper()),
        via=console_access(request, user)),
        prefix="loss-", fields=("amount", "currency"),
        values={"amount": amount, "currency": currency}, anchor="losses")


def payments_of(text: str, *, field: str = "payment_identifiers") -> list[victims.Payment]:
    """One payment identifier a line: ``kind:value``; a bare number is a bank account."""
    found = []
    for line in forms.lines(text, field, limit=PAYMENTS):
        kind, sep, value = line.partition(":")
        if not sep or kind.strip().lower() not in {k.value for k in IdentifierKind}:
            kind, value = "bank_account", line
        found.append(victims.payment_of(kind.strip(), value.strip()))
    if not found:
        raise InvalidInput("give at least one account, wallet, phone or handle", field=field)
    return found


@router.post("/victims/{victim_id}/ransom", name="console_victim_ransom")
def ransom(request: Request, user: Analyst, victim_id: str, *,
           amount: Annotated[str, Form(alias="ransom-amount")] = "",
           currency: Annotated[str, Form(alias="ransom-currency")] = "",
           payments: Annotated[str, Form(alias="ransom-payment_identifiers")] = "",
           institution: Annotated[str, Form(alias="ransom-institution")] = "") -> Response:
    """Record a demand; the page that answers says what it did (blocked, not blocked and
    why, the freeze requests raised and those that could not be)."""
    values = {"ransom-amount": amount, "ransom-currency": currency,
              "ransom-payment_identifiers": payments, "ransom-institution": institution}
    try:
        result = victims.record_ransom(
            get_store(request), user.viewer, victim_id,
            victims.money_of(forms.text(amount, "amount", limit=40, required=True),
                             forms.text(currency, "currency", limit=3, required=True).upper()),
            payments_of(payments),
            institution=forms.optional(institution, "institution", limit=forms.CODE),
            via=console_access(request, user))
    except (InvalidInput, Conflict, NotFound) as e:
        status = 422 if isinstance(e, InvalidInput) else 409 if isinstance(e, Conflict) \
            else 404
        errors = forms.errors_of(e, "ransom-", ("amount", "currency", "payment_identifiers",
                                                "institution"))
        return render_victim(request, user, victim_id, errors=errors, values=values,
                             status_code=status)
    return render_victim(request, user, victim_id, result=result, status_code=201)
