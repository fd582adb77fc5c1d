"""Who may ask whom to freeze an account, and what a case's PAP lets partners do.

The rule follows Interpol's Global Rapid Intervention of Payments (I-GRIP): a
request to stop a payment in another country comes from the police of the victim's
country, and only where an agreement between the two allows such requests. A
domestic request (the account is in the requesting police's own country) needs
neither.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime

from counterfraud.cases import fields
from counterfraud.cases.model import Pap
from counterfraud.cases.requests import FreezeRequest
from counterfraud.domain import Agreement, Marking, RecordType
from counterfraud.identifiers.types import Identifier, IdentifierKind

__all__ = ["agreement_allows", "case_freeze_refusal", "freeze_refusal", "likely_addressee",
           "may_request_freeze", "pap_allows_blocking", "time_to_answer"]

NO_VICTIM = ("the case records no victim: a cross-border freeze is requested by the police "
             "of the victim's country, so record the victim (and their nationality) first")


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


def case_freeze_refusal(requesting_agency_country: str, victim_nationalities: Collection[str],
                        *, cross_border: bool, agreement_allows: bool) -> str | None:
    """:func:`freeze_refusal` for a case with any number of victims: a domestic request
    may always be sent; a cross-border one needs a victim of the requesting police's
    country among the case's victims (any one: each victim's police may act for them),
    and so is refused while the case records no victim (:data:`NO_VICTIM`)."""
    requester = fields.country(requesting_agency_country, "requesting_agency_country")
    nationalities = sorted({fields.country(n, "victim_nationality")
                            for n in victim_nationalities})
    if not cross_border:
        return None
    if not nationalities:
        return NO_VICTIM
    victim = requester if requester in nationalities else nationalities[0]
    return freeze_refusal(requester, victim, cross_border=True,
                          agreement_allows=agreement_allows)


def agreement_allows(agreements: Iterable[Agreement], *, requester: str, institution: str,
                     marking: Marking, at: datetime, case_id: str | None = None) -> bool:
    """Whether an agreement in force at ``at`` from ``requester`` to ``institution`` names
    freeze requests and ``marking`` (a joint-case agreement counts for its own case
    only). TLP:CLEAR needs the agreement too: a cross-border request is a legal act, not
    a publication."""
    return any(a.grantor == requester and a.grantee == institution
               and marking in a.markings and RecordType.FREEZE_REQUEST in a.record_types
               and a.active_at(at) and (a.case_id is None or a.case_id == case_id)
               for a in agreements)


def likely_addressee(account: Identifier) -> str:
    """Whom to ask about ``account`` when no institution is named: what its details
    tell (a wallet's chain, an IBAN's country), in words for the officer who forwards
    the request."""
    details = account.details or {}
    if account.kind is IdentifierKind.CRYPTO_WALLET:
        chain = details.get("chain")
        return (f"exchange or custodian of this {chain} wallet (unknown)" if chain
                else "exchange or custodian of this wallet (unknown)")
    if details.get("type") == "iban" and details.get("country"):
        return f"bank in {details['country']} holding this IBAN (unknown)"
    if details.get("type") == "card":
        return "issuer of this payment card (unknown)"
    return "bank holding this account (unknown)"
