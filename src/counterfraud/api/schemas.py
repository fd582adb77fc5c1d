"""Request and response bodies of the HTTP API.

These are the API's contract, kept apart from the ORM tables and built from the domain
types' ``as_dict()`` shapes. Input fields are plain strings: the one place that parses
markings, scam types, amounts and identifiers is ``report_rows`` (through the ingest
service), so a file row and an API body are judged by the same rules.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    ValidationError,
    field_validator,
)

from counterfraud.api.params import NUL_MESSAGE, has_nul
from counterfraud.domain import (
    Agency,
    IdentifierKind,
    IdentifierLookup,
    IdentifierRole,
    Marking,
    Report,
    ScamType,
    Statistics,
)

MAX_BATCH = 1000


class RequestBody(BaseModel):
    """Base of request bodies: unknown fields are refused, and no field may hold a NUL
    character (see ``api.params``). Report bodies are judged by ``report_rows`` instead,
    field by field, like a file's rows."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if has_nul(value):
            raise ValueError(NUL_MESSAGE)
        return value

IdentifierList = Annotated[
    list[str] | str | None,
    Field(description="A list of strings, or one string with values separated by `;`."),
]


class ReportIn(BaseModel):
    """One victim report, in the ingest row shape (docs/formats.md). The agency is the
    caller's own; unknown fields are refused."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)

    report_id: str = Field(description="The agency's own id of the report (max 128).")
    reported_at: str | None = Field(None, description="ISO 8601 date or date-time (UTC "
                                                      "when no zone is given).")
    occurred_at: str | None = Field(None, description="ISO 8601 date or date-time.")
    scam_type: str | None = Field(
        None, description="One of: " + ", ".join(s.value for s in ScamType) + ".")
    narrative: str | None = Field(None, description="The victim's account; identifiers in "
                                                    "it are extracted.")
    loss_amount: str | int | float | None = Field(
        None, description="Amount lost, e.g. 1500 or \"1,500.00\": from 0 to below "
                          "10,000,000,000,000 (10^13), at most two decimal places.")
    loss_currency: str | None = Field(None, description="ISO 4217 code; default: the "
                                                        "agency's national currency.")
    victim_country: str | None = Field(None, description="ISO 3166 alpha-2 code.")
    marking: str | None = Field(
        None, description="Traffic Light Protocol: " + ", ".join(m.value for m in Marking)
                          + " (default TLP:AMBER).")
    phones: IdentifierList = None
    urls: IdentifierList = None
    domains: IdentifierList = None
    ips: IdentifierList = None
    emails: IdentifierList = None
    bank_accounts: IdentifierList = None
    crypto_wallets: IdentifierList = None
    handles: IdentifierList = None
    persons: IdentifierList = None

    def as_row(self) -> dict[str, object]:
        """The row mapping the ingest service reads."""
        return self.model_dump(exclude_none=True)


class RejectedItem:
    """A batch item that failed schema validation; kept so the rest of the batch goes on.
    (A plain class, not a model, so that it stays out of the OpenAPI document.)"""

    __slots__ = ("field", "message")

    def __init__(self, *, field: str, message: str) -> None:
        self.field = field
        self.message = message


def _item_or_rejection(value: Any) -> ReportIn | RejectedItem:
    try:
        return ReportIn.model_validate(value)
    except ValidationError as e:
        first = e.errors(include_url=False, include_input=False)[0]
        where = ".".join(str(part) for part in first["loc"]) or "-"
        return RejectedItem(field=where, message=first["msg"])


BatchItem = Annotated[ReportIn | RejectedItem,
                      PlainValidator(_item_or_rejection, json_schema_input_type=ReportIn)]


class ReportBatchIn(BaseModel):
    """Up to 1,000 reports; each is judged on its own, so one bad report rejects only itself."""

    model_config = ConfigDict(extra="forbid")

    reports: list[BatchItem] = Field(max_length=MAX_BATCH)


def _one_or_batch(value: Any) -> ReportIn | ReportBatchIn:
    if isinstance(value, dict) and "reports" in value:
        return ReportBatchIn.model_validate(value)
    return ReportIn.model_validate(value)


ReportPayload = Annotated[
    ReportIn | ReportBatchIn,
    PlainValidator(_one_or_batch, json_schema_input_type=ReportIn | ReportBatchIn),
]


class BatchError(BaseModel):
    index: int = Field(description="Position of the report in `reports`, counting from 1.")
    field: str
    message: str


class BatchResult(BaseModel):
    accepted: int = Field(description="Reports stored: `new` + `updated`.")
    new: int = Field(description="Reports whose id was not stored before.")
    updated: int = Field(description="Reports that replaced the stored one of their id.")
    rejected: int
    errors: list[BatchError] = Field(description="Why each rejected report was rejected.")
    warnings: list[BatchError] = Field(
        description="Identifier values that could not be read: each stored report keeps "
                    "them in `rejected_values`, flagged, and its other values.")


class ReportIdentifierOut(BaseModel):
    kind: IdentifierKind
    value: str
    valid: bool
    details: dict[str, Any] = Field(default_factory=dict)
    role: IdentifierRole


class RejectedValueOut(BaseModel):
    field: str = Field(description="The identifier field that held the value.")
    value: str = Field(description="The value as it was written.")
    reason: str = Field(description="Why it could not be read.")


class ReportOut(BaseModel):
    agency: str
    report_id: str
    reported_at: datetime | None
    occurred_at: datetime | None
    scam_type: ScamType
    narrative: str
    loss_amount: str | None = Field(description="Decimal amount as a string (exact).")
    loss_currency: str | None
    victim_country: str | None
    marking: Marking
    identifiers: list[ReportIdentifierOut]
    rejected_values: list[RejectedValueOut] = Field(
        default_factory=list, description="Identifier values that could not be read, kept "
                                          "as written with the reason.")

    @classmethod
    def from_domain(cls, report: Report) -> ReportOut:
        return cls.model_validate(report.as_dict())


class ReportPage(BaseModel):
    total: int = Field(description="Reports visible to the caller that match the filters.")
    items: list[ReportOut]


class LinkedIdentifierOut(BaseModel):
    kind: IdentifierKind
    value: str
    reports: int
    link_types: list[str]


class IdentifierLookupOut(BaseModel):
    kind: IdentifierKind
    value: str = Field(description="The canonical form of the identifier.")
    valid: bool
    details: dict[str, Any] = Field(default_factory=dict)
    known: bool = Field(description="Whether any report visible to the caller mentions it.")
    reports: int
    agencies: list[str]
    first_seen: datetime | None
    last_seen: datetime | None
    scam_types: dict[str, int]
    roles: dict[str, int]
    linked: list[LinkedIdentifierOut]

    @classmethod
    def from_domain(cls, lookup: IdentifierLookup) -> IdentifierLookupOut:
        return cls.model_validate(lookup.as_dict())


class StatisticsOut(BaseModel):
    reports: int
    by_scam_type: dict[str, int]
    by_agency: dict[str, int]
    by_victim_country: dict[str, int]
    loss_by_currency: dict[str, str]
    identifiers_by_kind: dict[str, int]
    kidnapping_ransom_cases: int
    job_lure_cases: int

    @classmethod
    def from_domain(cls, stats: Statistics) -> StatisticsOut:
        return cls.model_validate(stats.as_dict())


class AgencyOut(BaseModel):
    code: str
    country: str
    name: str

    @classmethod
    def from_domain(cls, agency: Agency) -> AgencyOut:
        return cls(code=agency.code, country=agency.country, name=agency.name)


class AgencyList(BaseModel):
    items: list[AgencyOut]


class HealthOut(BaseModel):
    status: str
    version: str


class Message(BaseModel):
    """The body of every error but 422."""

    detail: str
