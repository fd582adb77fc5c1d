"""Request and response bodies of ``/v1/victims`` and ``/v1/freeze``. Bodies are parsed
here only for shape; the services judge the values (a country, an amount, a status, an
identifier) and name the field at fault."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from counterfraud.api.params import UtcDateTime
from counterfraud.api.schemas import RequestBody

_CODE = 32  # agency codes, markings, statuses, currencies: short words
_NAME = 200
_IDS = 100  # identifiers in one request, agencies of one step


class _Body(RequestBody):
    """Amounts may come as JSON numbers or strings; they are read as the text they are
    (a float is never used: it is not exact)."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)


class LocationIn(_Body):
    country: str = Field(max_length=_CODE, description="ISO 3166-1 alpha-2 (MM, KH, LA).")
    place: str | None = Field(None, max_length=_NAME,
                              description="The compound's or site's name, a town.")
    latitude: float | None = None
    longitude: float | None = None


class OfficerIn(_Body):
    name: str = Field(max_length=_NAME, description="The case officer: the victim and the "
                      "family are reached through them, never directly.")
    agency: str | None = Field(None, max_length=_CODE,
                               description="Default: the caller's agency.")


class MoneyIn(_Body):
    amount: str = Field(max_length=40, description="Like 1500 or 1500.50.")
    currency: str = Field(max_length=_CODE, description="ISO 4217 (USD, CNY, THB).")


class VictimIn(_Body):
    case_id: str = Field(max_length=64)
    id: str = Field(max_length=64, description="A pseudonym (4-64 letters, digits, _ or -), "
                    "never a name.")
    kind: str = Field(max_length=_CODE, description="defrauded, lured_abroad, "
                      "held_for_ransom or trafficked_into_scam_work.")
    nationality: str = Field(max_length=_CODE, description="ISO 3166-1 alpha-2.")
    officer: OfficerIn
    family_contact: str = Field("", max_length=500,
                                description="Who in the family reported, and how to reach "
                                "them.")
    status: str = Field("missing", max_length=_CODE, description="missing or located.")
    location: LocationIn | None = None
    agencies: list[str] = Field(default_factory=list, max_length=_IDS,
                                description="Agencies that found the victim, if located.")
    losses: list[MoneyIn] = Field(default_factory=list, max_length=_IDS)
    marking: str | None = Field(None, max_length=_CODE,
                                description="Default TLP:RED: personal data stays with the "
                                "case's owner, who alone may choose another.")


class MoveIn(_Body):
    status: str = Field(max_length=_CODE, description="located, rescued or repatriated.")
    agencies: list[str] = Field(default_factory=list, max_length=_IDS)
    location: LocationIn | None = None
    at: UtcDateTime | None = Field(None, description="When; default now.")


class LocateIn(_Body):
    location: LocationIn
    at: UtcDateTime | None = None


class MarkingIn(_Body):
    marking: str = Field(max_length=_CODE)


class IdentifierIn(_Body):
    kind: str = Field(max_length=_CODE)
    value: str = Field(max_length=2048)
    region: str | None = Field(None, max_length=2,
                               description="For a national phone format.")


class PaymentIn(IdentifierIn):
    institution: str | None = Field(None, max_length=_CODE, description="The registered "
                                    "bank or exchange holding it, when known.")


class RansomIn(_Body):
    amount: str = Field(max_length=40)
    currency: str = Field(max_length=_CODE)
    payment_identifiers: list[PaymentIn] = Field(default_factory=list, max_length=_IDS,
                                                 description="Accounts, wallets, phones, "
                                                 "handles the captors want paid to.")
    institution: str | None = Field(None, max_length=_CODE, description="The registered "
                                    "bank or exchange of the accounts that name none.")
    at: UtcDateTime | None = None


class FreezeIn(_Body):
    case_id: str = Field(max_length=64)
    accounts: list[IdentifierIn] = Field(max_length=_IDS)
    institution: str | None = Field(None, max_length=_CODE, description="A registered bank "
                                    "or exchange (agency of kind bank): it answers.")
    addressee: str | None = Field(None, max_length=_NAME, description="Or, for one not "
                                  "registered here, its name: the request is sent by other "
                                  "means and its answer recorded by the owner.")
    amount: str | None = Field(None, max_length=40)
    currency: str | None = Field(None, max_length=_CODE)
    deadline: UtcDateTime | None = None
    marking: str | None = Field(None, max_length=_CODE,
                                description="Default: the case's (never TLP:RED).")


class AnswerIn(_Body):
    answer: str = Field(max_length=_CODE, description="frozen, partly_frozen, "
                        "already_withdrawn, not_found or refused.")
    amount: str | None = Field(None, max_length=40, description="Frozen: default the "
                               "amount asked; partly_frozen: required.")
    currency: str | None = Field(None, max_length=_CODE,
                                 description="Default: the request's.")
    reason: str = Field("", max_length=1000, description="Refused: required.")


class MoneyOut(BaseModel):
    amount: str
    currency: str


class LocationOut(BaseModel):
    country: str
    place: str | None
    latitude: float | None
    longitude: float | None


class OfficerOut(BaseModel):
    name: str
    agency: str


class StepOut(BaseModel):
    status: str
    at: str
    actor: str
    agencies: list[str]


class IdentifierOut(BaseModel):
    kind: str
    value: str


class DemandOut(MoneyOut):
    at: str
    payment_identifiers: list[IdentifierOut]


class EntryOut(BaseModel):
    at: str
    actor: str
    action: str
    detail: str


class VictimOut(BaseModel):
    id: str
    case_id: str
    owner: str
    marking: str
    version: int
    kind: str
    nationality: str
    status: str
    officer: OfficerOut | None
    family_contact: str | None
    location: LocationOut | None
    losses: list[MoneyOut]
    history: list[StepOut]
    ransom_demands: list[DemandOut]
    timeline: list[EntryOut]


class FreezeOut(BaseModel):
    id: str
    case_id: str
    owner: str
    requesting_agency: str
    addressee: str
    institution: str | None
    marking: str
    version: int
    status: str
    accounts: list[IdentifierOut]
    amount: MoneyOut | None
    deadline: str | None
    requested_at: str
    answered_at: str | None
    hours_to_answer: float | None
    amount_frozen: MoneyOut | None
    refusal_reason: str | None
    timeline: list[EntryOut]


class BlockedOut(BaseModel):
    added: int
    already_listed: int
    allowlisted: list[str]


class NotRequestedOut(BaseModel):
    institution: str | None
    accounts: list[IdentifierOut]
    reason: str


class RansomOut(BaseModel):
    victim: VictimOut
    blocked: BlockedOut | None = Field(description="None when the case's PAP allows no "
                                       "blocking (see `blocking`).")
    blocking: str
    freeze_requests: list[FreezeOut]
    not_requested: list[NotRequestedOut]

    @classmethod
    def of(cls, result: Any) -> RansomOut:
        return cls.model_validate(result.as_dict())
