"""Request and response bodies of the interception routes (screening, blocklist, appeals)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from counterfraud.api.params import MAX_INT
from counterfraud.api.schemas import RequestBody
from counterfraud.domain import Channel

MAX_SCREEN_BATCH = 10_000


class _Strict(RequestBody):
    """Unknown fields refused, no NUL characters (screened items are judged one by one)."""


class ScreenItem(BaseModel):
    """One message (``text``, ``sender``, ``recipient``), call (``caller``, ``callee``,
    ``time``, ``origin_country``, ``gateway``) or URL (``value``)."""

    model_config = ConfigDict(extra="forbid")
    id: str | None = Field(None, max_length=256)
    text: str | None = Field(None, max_length=20_000)
    sender: str | None = Field(None, max_length=256)
    recipient: str | None = Field(None, max_length=256)
    metadata: dict[str, Any] | None = None
    caller: str | None = Field(None, max_length=256)
    callee: str | None = Field(None, max_length=256)
    time: str | None = Field(None, max_length=64)
    origin_country: str | None = Field(None, max_length=2)
    gateway: str | None = Field(None, max_length=32)
    value: str | None = Field(None, max_length=4096)


class ScreenRequest(_Strict):
    kind: Channel = Channel.MESSAGE
    items: list[ScreenItem] = Field(min_length=1, max_length=MAX_SCREEN_BATCH)


class VerdictOut(BaseModel):
    id: str
    channel: Channel
    decision: Literal["allow", "warn", "block"]
    score: float
    index_version: int
    reasons: list[dict[str, Any]]


class ScreenResponse(BaseModel):
    verdicts: list[VerdictOut]
    errors: list[dict[str, Any]] = Field(
        default_factory=list, description="Items that could not be read: index, field, why.")


class EntryIn(_Strict):
    kind: str
    value: str = Field(min_length=1, max_length=2048)
    match: str = "exact"
    reason: str = Field(min_length=1, max_length=2000)
    days: int | None = Field(None, ge=1, le=3650, description="Expire after this many days.")
    predicted: bool = Field(False, description="From a model: only warns, never blocks.")
    region: str | None = Field(None, pattern=r"^[A-Za-z]{2}$")
    marking: str = Field("TLP:GREEN", description="TLP 2.0 marking of the entry: who else "
                         "may see it is decided by it and your agency's agreements.")


class EntryOut(BaseModel):
    id: int
    kind: str
    value: str
    match: str
    source: str
    confidence: str
    status: str
    agency: str | None
    reason: str
    added_by: str
    report_ids: list[str]
    network_id: str | None
    created_at: str | None
    expires_at: str | None
    marking: str


class ChangeOut(BaseModel):
    entry_id: int
    version: int
    action: str
    actor: str
    reason: str
    at: str


class EntryWithHistory(EntryOut):
    history: list[ChangeOut]


class EntryList(BaseModel):
    version: int
    items: list[EntryOut]


class ReasonIn(_Strict):
    reason: str = Field(min_length=1, max_length=2000)


class AppealIn(_Strict):
    contact: str = Field(min_length=1, max_length=256)
    statement: str = Field(min_length=1, max_length=5000)
    entry_id: int | None = Field(None, ge=1, le=MAX_INT)
    kind: str | None = None
    value: str | None = Field(None, max_length=2048)
    match: str = "exact"


class AppealOut(BaseModel):
    id: int
    entry_id: int
    contact: str
    statement: str
    status: str
    created_at: str
    decided_by: str | None
    decision_reason: str | None


class DecisionIn(_Strict):
    uphold: bool
    reason: str = Field(min_length=1, max_length=2000)


class ReportedMessageIn(_Strict):
    text: str = Field(min_length=1, max_length=20_000)
    sender: str | None = Field(None, max_length=256)
    label: Literal["scam", "legit"] = Field(
        "scam", description="scam for a forwarded scam, legit for a false alarm.")


class ReportedMessageOut(BaseModel):
    id: int
