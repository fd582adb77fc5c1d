"""The suspects' forms of the case page: confirm a core member the networks propose, add
one by hand, move one along identified -> wanted -> arrested -> handed over -> charged
-> convicted (the handover with its countries, legal basis and reference).

The same service calls as ``/v1/suspects`` with the user's Viewer (analysts and admins;
whoever writes within the case and reads its suspects); errors show next to the form on
the case page.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from counterfraud.cases.suspects import Suspect
from counterfraud.domain import ApiRole
from counterfraud.services import suspects
from counterfraud.web.pages import case_forms as forms
from counterfraud.web.pages.case_page import act, case_url
from counterfraud.web.session import ConsoleUser, console_access, get_store, require_role
from counterfraud.web.templating import redirect

router = APIRouter()
Analyst = Annotated[ConsoleUser, Depends(require_role(ApiRole.ANALYST))]


@router.post("/cases/{case_id}/suspects", name="console_suspect_add")
def add(request: Request, user: Analyst, case_id: str, *,
        name: Annotated[str, Form(alias="suspect-name")] = "",
        nationality: Annotated[str, Form(alias="suspect-nationality")] = "",
        identifiers: Annotated[str, Form(alias="suspect-identifiers")] = "") -> Response:
    return act(request, user, case_id, lambda: suspects.add_suspect(
        get_store(request), user.viewer, case_id,
        name=forms.text(name, "name", required=True),
        nationality=forms.optional(nationality, "nationality", limit=2),
        identifiers=forms.lines(identifiers, "identifiers", limit=100),
        via=console_access(request, user)),
        prefix="suspect-", fields=("name", "nationality", "identifiers"),
        values={"name": name, "nationality": nationality, "identifiers": identifiers},
        anchor="sec-suspects")


@router.post("/cases/{case_id}/suspects/confirm", name="console_suspect_confirm")
def confirm(request: Request, user: Analyst, case_id: str,
            network: Annotated[str, Form()] = "",
            member: Annotated[str, Form()] = "") -> Response:
    return act(request, user, case_id, lambda: suspects.confirm(
        get_store(request), user.viewer, case_id,
        forms.text(network, "network", limit=64, required=True),
        forms.text(member, "member", limit=2100, required=True),
        via=console_access(request, user)),
        prefix="confirm-", fields=(), values={}, anchor="sec-suspects")


@router.post("/suspects/{suspect_id}/status", name="console_suspect_move")
def move(request: Request, user: Analyst, suspect_id: str, *,
         case_id: Annotated[str, Form()] = "",
         status: Annotated[str, Form()] = "",
         agency: Annotated[str, Form()] = "",
         reference: Annotated[str, Form()] = "",
         handover_from: Annotated[str, Form()] = "",
         handover_to: Annotated[str, Form()] = "",
         basis: Annotated[str, Form()] = "") -> Response:
    """Move a suspect; back to its case's page (``case_id``: the page the form was on,
    checked by the service's own reading of the suspect and the case)."""
    def run() -> Suspect:
        return suspects.move(
            get_store(request), user.viewer, suspect_id,
            forms.text(status, "status", limit=forms.CODE, required=True),
            agency=forms.text(agency, "agency"),
            reference=forms.text(reference, "reference"),
            handover_from=forms.optional(handover_from, "handover_from", limit=2),
            handover_to=forms.optional(handover_to, "handover_to", limit=2),
            basis=forms.optional(basis, "basis", limit=forms.CODE),
            via=console_access(request, user))

    prefix = f"s-{suspect_id}-"
    return act(request, user, case_id[:64], run, prefix=prefix,
               fields=("status", "agency", "reference", "handover_from", "handover_to",
                       "basis"),
               values={"agency": agency, "reference": reference,
                       "handover_from": handover_from, "handover_to": handover_to},
               anchor="sec-suspects",
               done=lambda moved: redirect(f"{case_url(moved.case_id)}#sec-suspects"))
