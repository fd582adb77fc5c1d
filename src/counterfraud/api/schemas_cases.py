"""Request and response bodies of ``/v1/cases``. Bodies are parsed here only for shape;
the services judge the values (an identifier, a status, a marking) and name the field
at fault."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from counterfraud.api.params import UtcDateTime
from counterfraud.api.schemas import RequestBody

_TEXT = 10_000


class AtIn(RequestBody):
    """A write that may be recorded after the fact."""

    at: UtcDateTime | None = Field(None, description=(
        "When it happened, if not now (UTC when no zone is given): at most a day ahead, "
        "not before 1990, nor before the record's last change."))


class IdentifierIn(RequestBody):
    kind: str = Field(max_length=32, description="phone, url, domain, ip, cidr, email, "
                      "bank_account, crypto_wallet, handle or person.")
    value: str = Field(max_length=2048, description="As written; national phone formats "
                       "are read in `region`, by default the owning agency's country.")
    region: str | None = Field(None, max_length=2)


class NewIdentifierIn(IdentifierIn, AtIn):
    """One identifier added to a case, when it was learnt."""


class CaseIn(AtIn):
    scam_type: str = Field(max_length=64, description="Its template gives the tasks: "
                           "investment, romance, kidnapping_ransom, job_lure, ...")
    title: str = Field(max_length=200)
    tlp: str | None = Field(None, max_length=32, description="Default: the template's.")
    pap: str | None = Field(None, max_length=32, description="Default: the template's.")
    identifiers: list[IdentifierIn] = Field(default_factory=list, max_length=1000)
    assignee: str | None = Field(None, max_length=200,
                                 description="Who the template's tasks go to.")


class StatusIn(AtIn):
    status: str = Field(max_length=32, description="open, investigating, action, "
                        "closed_solved or closed_unsolved.")
    reason: str = Field("", max_length=_TEXT)


class MarkingsIn(AtIn):
    tlp: str | None = Field(None, max_length=32)
    pap: str | None = Field(None, max_length=32)


class TaskIn(AtIn):
    title: str = Field(max_length=200)
    assignee: str | None = Field(None, max_length=200,
                                 description="An officer, or an agency's code.")
    due: UtcDateTime | None = Field(None, description="At most two years ahead.")


class AssignIn(AtIn):
    assignee: str = Field(max_length=200)


class TextIn(AtIn):
    text: str = Field(max_length=_TEXT)


class ReportLinkIn(AtIn):
    agency: str = Field(max_length=32, description="The report's agency.")
    report_id: str = Field(max_length=128)


class NetworkLinkIn(AtIn):
    network_id: str = Field(max_length=200)


class InviteIn(AtIn):
    agency: str = Field(max_length=32, description="The agency to invite.")
    purpose: str = Field(min_length=1, max_length=2000)
    legal_basis: str = Field("joint_operation", max_length=32)
    record_types: list[str] = Field(
        default_factory=lambda: ["case"], min_length=1, max_length=10,
        description="case, victim, freeze_request, takedown_request, suspect.")
    markings: list[str] | None = Field(None, max_length=5,
                                       description="Default: the case's own marking.")
    reference: str = Field("", max_length=256, description="Default: the case id.")
    valid_to: UtcDateTime | None = None


class IdentifierOut(BaseModel):
    kind: str
    value: str
    display: str


class CaseSummary(BaseModel):
    id: str
    owner: str
    title: str
    scam_type: str
    tlp: str
    pap: str
    status: str
    opened_at: str
    closed_at: str | None
    open_tasks: int
    task_count: int


class LogEntryOut(BaseModel):
    at: str
    author: str
    text: str


class TaskOut(BaseModel):
    number: int
    title: str
    assignee: str | None
    due: str | None
    done: bool
    log: list[LogEntryOut]


class TimelineEntryOut(BaseModel):
    at: str
    actor: str
    action: str
    detail: str


class CaseOut(CaseSummary):
    version: int
    identifiers: list[IdentifierOut]
    reports: list[str] = Field(description="AGENCY/REPORT_ID of the linked reports you "
                               "may read.")
    reports_hidden: int = Field(description="Linked reports you may not read.")
    networks: list[str]
    tasks: list[TaskOut]
    notes: list[LogEntryOut]
    timeline: list[TimelineEntryOut]

    @classmethod
    def of(cls, view: Any) -> CaseOut:
        return cls.model_validate(view.as_dict())


class CasePage(BaseModel):
    total: int
    items: list[CaseSummary]


class NetworkLinkOut(BaseModel):
    network: str
    holder: str = Field(description="`this` case holds the identifier and the `linked` "
                        "one links the network, or the other way round.")
    identifier: IdentifierOut


class LinkedCaseOut(BaseModel):
    case: CaseSummary
    identifiers: list[IdentifierOut] = Field(description="Identifiers both cases hold.")
    networks: list[str] = Field(description="Networks both cases link.")
    through_networks: list[NetworkLinkOut]


class ParticipantOut(BaseModel):
    agreement: int | None
    agency: str
    markings: list[str]
    record_types: list[str]
    purpose: str
    legal_basis: str
    reference: str
    valid_from: str
    valid_to: str | None
    revoked_at: str | None

    @classmethod
    def of(cls, agreement: Any) -> ParticipantOut:
        shown = agreement.as_dict()
        return cls(agreement=shown["id"], agency=shown["grantee"],
                   **{k: shown[k] for k in ("markings", "record_types", "purpose",
                                            "legal_basis", "reference", "valid_from",
                                            "valid_to", "revoked_at")})
