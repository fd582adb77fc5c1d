"""Who may ask whom to freeze an account, and what a case's PAP lets partners do.

The rule follows Interpol's Global Rapid Intervention of Payments (I-GRIP): a
request to stop a payment in another country comes from the police of the victim's
country, and only where an agreement between the two allows such requests. A
domestic request (the account is in the requesting police's own country) needs
neither.
"""

from __future__ import annotations

from counterfraud.cases import fields
from counterfraud.cases.model import Pap
from counterfraud.cases.requests import FreezeRequest

__all__ = ["freeze_refusal", "may_request_freeze", "pap_allows_blocking", "time_to_answer"]


def freeze_refusal(requesting_agency_country: str, victim_nationality: str, *,
                   cross_border: bool, agreement_allows: bool) -> str | None:
    """Why a freeze request may not be sent, or None when it may. Country codes are
    validated (InvalidInput naming ``requesting_agency_country`` or
    ``victim_nationality``) whatever the answer, so a typing error is never mistaken
    for a refusal."""
    requester = fields.country(requesting_agency_country, "requesting_agency_country")
    victim = fields.country(victim_nationality, "victim_nationality")
    if not cross_border:
        return None
    if requester != victim:
        return (f"a cross-border freeze is requested by the police of the victim's country "
                f"({victim}), not {requester}")
    if not agreement_allows:
        return "no agreement allows cross-border freeze requests to this country"
    return None


def may_request_freeze(requesting_agency_country: str, victim_nationality: str,
                       cross_border: bool, agreement_allows: bool) -> bool:
    """True when a freeze request may be sent (see :func:`freeze_refusal` for why not)."""
    return freeze_refusal(requesting_agency_country, victim_nationality,
                          cross_border=cross_border, agreement_allows=agreement_allows) is None


def time_to_answer(request: FreezeRequest) -> float | None:
    """Hours from request to answer; None while unanswered. Money moves on within
    hours, so this is the figure a freeze process is judged by."""
    if request.answered_at is None:
        return None
    return (request.answered_at - request.requested_at).total_seconds() / 3600


def pap_allows_blocking(pap: Pap) -> bool:
    """Whether partners may block a case's identifiers: PAP:CLEAR and PAP:GREEN allow
    active measures; AMBER allows only passive checks and RED nothing the suspects
    could notice, so both keep the identifiers reachable."""
    return pap in (Pap.CLEAR, Pap.GREEN)
