"""What the case, network, freeze, takedown, victim and KPI pages call things: each
controlled word (statuses, kinds, scam types, answers) as an English message marked for
translation, and the badge colour of each status.

Templates get :data:`WORDS` as ``words`` (see :func:`context`) and write
``{{ _(words.case_status[case.status.value]) }}``; a value not listed shows as it is
stored (a word added to an enum later still reads, untranslated).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from counterfraud.cases.freeze import time_to_answer
from counterfraud.cases.requests import time_to_takedown
from counterfraud.identifiers import display_name
from counterfraud.web.nav import N_

IDENTIFIER_KINDS: dict[str, str] = {
    "phone": N_("Phone"), "url": N_("URL"), "domain": N_("Domain"),
    "ip": N_("IP address"), "cidr": N_("IP range"), "email": N_("Email"),
    "bank_account": N_("Bank account"), "crypto_wallet": N_("Crypto wallet"),
    "handle": N_("Messaging handle"), "person": N_("Person"),
}
SCAM_TYPES: dict[str, str] = {
    "investment": N_("Investment"), "romance": N_("Romance"),
    "impersonation": N_("Impersonation"), "customer_service": N_("Customer service"),
    "task_job": N_("Task job"), "loan": N_("Loan"), "shopping": N_("Shopping"),
    "prize": N_("Prize"), "sextortion": N_("Sextortion"), "gambling": N_("Gambling"),
    "kidnapping_ransom": N_("Kidnapping for ransom"), "job_lure": N_("Job lure"),
    "other": N_("Other"),
}
CASE_STATUS: dict[str, str] = {
    "open": N_("Open"), "investigating": N_("Investigating"), "action": N_("Action"),
    "closed_solved": N_("Closed, solved"), "closed_unsolved": N_("Closed, unsolved"),
}
VICTIM_STATUS: dict[str, str] = {
    "missing": N_("Missing"), "located": N_("Located"), "rescued": N_("Rescued"),
    "repatriated": N_("Repatriated"),
}
VICTIM_KINDS: dict[str, str] = {
    "defrauded": N_("Defrauded"), "lured_abroad": N_("Lured abroad"),
    "held_for_ransom": N_("Held for ransom"),
    "trafficked_into_scam_work": N_("Trafficked into scam work"),
}
FREEZE_STATUS: dict[str, str] = {
    "requested": N_("Requested"), "frozen": N_("Frozen"),
    "partly_frozen": N_("Partly frozen"), "already_withdrawn": N_("Already withdrawn"),
    "not_found": N_("Not found"), "refused": N_("Refused"),
}
TAKEDOWN_STATUS: dict[str, str] = {
    "sent": N_("Sent"), "acknowledged": N_("Acknowledged"), "taken_down": N_("Taken down"),
    "refused": N_("Refused"),
}
SUSPECT_STATUS: dict[str, str] = {
    "identified": N_("Identified"), "wanted": N_("Wanted"), "arrested": N_("Arrested"),
    "handed_over": N_("Handed over"), "charged": N_("Charged"), "convicted": N_("Convicted"),
}
HANDOVER_BASES: dict[str, str] = {
    "extradition_treaty": N_("Extradition treaty"),
    "mlat": N_("Mutual legal assistance treaty"), "deportation": N_("Deportation"),
}
LINK_TYPES: dict[str, str] = {
    "co_reported": N_("Same report"), "hosted_on": N_("Hosted on"),
    "money_flow": N_("Money flow"), "uses": N_("Uses"),
    "same_person_candidate": N_("Maybe the same person"),
}
# badge colours (macros.badge kinds) of statuses
TONES: dict[str, str] = {
    "open": "info", "investigating": "info", "action": "warn", "closed_solved": "ok",
    "closed_unsolved": "neutral", "missing": "danger", "located": "warn", "rescued": "ok",
    "repatriated": "ok", "requested": "warn", "frozen": "ok", "partly_frozen": "ok",
    "already_withdrawn": "danger", "not_found": "neutral", "refused": "danger",
    "sent": "info", "acknowledged": "warn", "taken_down": "ok", "identified": "info",
    "wanted": "warn", "arrested": "ok", "handed_over": "ok", "charged": "ok",
    "convicted": "ok",
}
PAP_TONES: dict[str, str] = {"PAP:CLEAR": "neutral", "PAP:GREEN": "ok", "PAP:AMBER": "warn",
                             "PAP:RED": "danger"}
MARKINGS = ("TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED")
PAPS = ("PAP:CLEAR", "PAP:GREEN", "PAP:AMBER", "PAP:RED")


@dataclass(frozen=True, slots=True)
class Words:
    kinds: Mapping[str, str] = field(default_factory=lambda: IDENTIFIER_KINDS)
    scam_types: Mapping[str, str] = field(default_factory=lambda: SCAM_TYPES)
    case_status: Mapping[str, str] = field(default_factory=lambda: CASE_STATUS)
    victim_status: Mapping[str, str] = field(default_factory=lambda: VICTIM_STATUS)
    victim_kinds: Mapping[str, str] = field(default_factory=lambda: VICTIM_KINDS)
    freeze_status: Mapping[str, str] = field(default_factory=lambda: FREEZE_STATUS)
    takedown_status: Mapping[str, str] = field(default_factory=lambda: TAKEDOWN_STATUS)
    suspect_status: Mapping[str, str] = field(default_factory=lambda: SUSPECT_STATUS)
    bases: Mapping[str, str] = field(default_factory=lambda: HANDOVER_BASES)
    links: Mapping[str, str] = field(default_factory=lambda: LINK_TYPES)
    tones: Mapping[str, str] = field(default_factory=lambda: TONES)
    pap_tones: Mapping[str, str] = field(default_factory=lambda: PAP_TONES)
    markings: tuple[str, ...] = MARKINGS
    paps: tuple[str, ...] = PAPS

    def word(self, table: Mapping[str, str], value: Any) -> str:
        """The English message of ``value`` in ``table`` (the value itself if unlisted);
        templates translate it."""
        text = str(getattr(value, "value", value))
        return table.get(text, text)


WORDS = Words()


def context(**values: Any) -> dict[str, Any]:
    """A template context with ``words``, ``display`` (an identifier as people read it),
    ``hours`` (a freeze request's hours to its answer) and ``td_hours`` (a takedown's
    hours to its end)."""
    return {"words": WORDS, "display": display_name, "hours": time_to_answer,
            "td_hours": time_to_takedown, **values}
