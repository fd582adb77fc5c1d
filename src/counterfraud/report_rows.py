"""Reading one report row (CSV or JSON Lines) into a ``Report``. Pure: no I/O.

The columns are documented in docs/formats.md. Every field is checked and all of a
row's problems are reported together, so a person can fix a row in one pass. A field
holding a NUL character (U+0000) is refused rather than cleaned: PostgreSQL cannot store
it, and silently dropping characters would change evidence; so both stores refuse it.

A victim's report is never lost for one bad identifier value: a phone, URL, handle ...
that cannot be read is kept as written in ``Report.rejected_values`` with the reason,
and the report is kept with its other values. The report's own fields (id, dates,
amounts, vocabularies) still reject the row.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from counterfraud.domain import (
    IdentifierKind,
    IdentifierRole,
    Marking,
    RejectedValue,
    Report,
    ReportIdentifier,
    ScamType,
    parse_amount,
    parse_country,
    parse_currency,
    parse_report_time,
)
from counterfraud.errors import InvalidInput
from counterfraud.identifiers import Identifier, extract, normalize

IDENTIFIER_COLUMNS: dict[str, tuple[IdentifierKind, IdentifierRole]] = {
    "phones": (IdentifierKind.PHONE, IdentifierRole.CONTACTED_FROM),
    "urls": (IdentifierKind.URL, IdentifierRole.WEBSITE),
    "domains": (IdentifierKind.DOMAIN, IdentifierRole.WEBSITE),
    "ips": (IdentifierKind.IP, IdentifierRole.WEBSITE),
    "emails": (IdentifierKind.EMAIL, IdentifierRole.CONTACTED_FROM),
    "bank_accounts": (IdentifierKind.BANK_ACCOUNT, IdentifierRole.PAID_TO),
    "crypto_wallets": (IdentifierKind.CRYPTO_WALLET, IdentifierRole.PAID_TO),
    "handles": (IdentifierKind.HANDLE, IdentifierRole.CONTACTED_FROM),
    "persons": (IdentifierKind.PERSON, IdentifierRole.SUSPECT),
}
SCALAR_COLUMNS = ("report_id", "reported_at", "occurred_at", "scam_type", "narrative",
                  "loss_amount", "loss_currency", "victim_country", "marking")
KNOWN_COLUMNS = frozenset(SCALAR_COLUMNS) | frozenset(IDENTIFIER_COLUMNS)
# unknown columns that surely mean a known one, beyond close spellings
_MEANT = {"amount": "loss_amount", "loss": "loss_amount", "currency": "loss_currency",
          "country": "victim_country", "wallet": "crypto_wallets",
          "wallets": "crypto_wallets", "account": "bank_accounts",
          "accounts": "bank_accounts", "tlp": "marking"}
_CLOSE = 0.8  # difflib ratio from which a spelling is taken for a known column's

# Scams that recruit people into compounds: the contact who lured the victim is a recruiter.
_RECRUITING = frozenset({ScamType.JOB_LURE, ScamType.KIDNAPPING_RANSOM})
_NATIONAL_CURRENCY = {"CN": "CNY", "TH": "THB", "LA": "LAK", "MM": "MMK", "KH": "KHR",
                      "VN": "VND", "PH": "PHP", "MY": "MYR", "SG": "SGD", "US": "USD"}
_MAX_REPORT_ID = 128


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str
    message: str


class RowRejected(InvalidInput):
    """A row with one or more bad fields; ``errors`` lists each of them."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors),
                         field=errors[0].field)
        self.errors = errors


class _Collector:
    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, field: str, message: str) -> None:
        self.errors.append(FieldError(field, message))

    def has(self, field: str) -> bool:
        return any(e.field == field for e in self.errors)


def misspelled_columns(names: Iterable[str]) -> list[tuple[str, str]]:
    """(column as written, the known column it most likely means) for each unknown
    column that looks like a known one: a singular (``phone``), a close spelling
    (``narative``), a plain word for a field (``amount``). Others are not listed."""
    found: list[tuple[str, str]] = []
    for name in names:
        key = name.strip().lower()
        if not key or key in KNOWN_COLUMNS:
            continue
        meant = _MEANT.get(key) or (key + "s" if key + "s" in KNOWN_COLUMNS else None)
        if meant is None:
            close = difflib.get_close_matches(key, sorted(KNOWN_COLUMNS), n=1, cutoff=_CLOSE)
            meant = close[0] if close else None
        if meant is not None:
            found.append((name, meant))
    return found


def parse_report_row(row: Mapping[str, object], *, agency: str, country: str,
                     now: datetime | None = None) -> Report:
    """Build a Report from ``row`` for ``agency`` (whose ``country`` reads national
    phone formats). Dates may be up to a day after ``now`` (default: the clock).
    Raises RowRejected naming every bad field."""
    values = {k.strip().lower(): _text(v) for k, v in row.items() if k is not None}
    errors = _Collector()
    values = _without_nul(values, errors)
    report_id = values.get("report_id", "")
    if not report_id:
        if not errors.has("report_id"):  # unless it was there, with a NUL character
            errors.add("report_id", "is required")
    elif len(report_id) > _MAX_REPORT_ID:
        errors.add("report_id", f"longer than {_MAX_REPORT_ID} characters")
    report = Report(agency=agency, report_id=report_id,
                    narrative=values.get("narrative", ""))
    report.reported_at = _parse_time(values, "reported_at", errors, now=now)
    report.occurred_at = _parse_time(values, "occurred_at", errors, now=now)
    _parse_vocabularies(values, report, errors)
    _parse_loss(values, report, errors, country=country)
    report.identifiers = _parse_identifiers(values, report, region=country)
    if errors.errors:
        raise RowRejected(errors.errors)
    return report


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value).strip()


def _without_nul(values: dict[str, str], errors: _Collector) -> dict[str, str]:
    """``values`` without the known fields that hold a NUL character, each reported."""
    kept: dict[str, str] = {}
    for name, value in values.items():
        if "\x00" in value and name in KNOWN_COLUMNS:
            errors.add(name, "has a NUL character (U+0000), which no field may hold")
        else:
            kept[name] = value
    return kept


def _parse_time(values: Mapping[str, str], name: str, errors: _Collector, *,
                now: datetime | None) -> datetime | None:
    raw = values.get(name, "")
    if not raw:
        return None
    try:
        return parse_report_time(raw, field_name=name, now=now)
    except InvalidInput as e:
        errors.add(name, str(e))
        return None


def _parse_vocabularies(values: Mapping[str, str], report: Report, errors: _Collector) -> None:
    try:
        if values.get("scam_type"):
            report.scam_type = ScamType.parse(values["scam_type"])
    except InvalidInput as e:
        errors.add("scam_type", str(e))
    try:
        if values.get("marking"):
            report.marking = Marking.parse(values["marking"])
    except InvalidInput as e:
        errors.add("marking", str(e))
    try:
        if values.get("victim_country"):
            report.victim_country = parse_country(values["victim_country"],
                                                  field_name="victim_country")
    except InvalidInput as e:
        errors.add("victim_country", str(e))


def _parse_loss(values: Mapping[str, str], report: Report, errors: _Collector, *,
                country: str) -> None:
    raw = values.get("loss_amount", "")
    if raw:
        try:
            report.loss_amount = parse_amount(raw)
        except InvalidInput as e:
            errors.add("loss_amount", str(e))
    currency = values.get("loss_currency", "")
    if currency:
        try:
            report.loss_currency = parse_currency(currency)
        except InvalidInput as e:
            errors.add("loss_currency", str(e))
    elif report.loss_amount is not None:
        report.loss_currency = _NATIONAL_CURRENCY.get(country)
        if report.loss_currency is None:
            errors.add("loss_currency", "required when loss_amount is given")


def _parse_identifiers(values: Mapping[str, str], report: Report, *,
                       region: str) -> list[ReportIdentifier]:
    """The identifiers of the row's columns and narrative; a value that cannot be read
    goes to ``report.rejected_values``, as written, with the reason."""
    found: dict[Identifier, ReportIdentifier] = {}
    recruiting = report.scam_type in _RECRUITING
    for column, (kind, column_role) in IDENTIFIER_COLUMNS.items():
        role = column_role
        if recruiting and kind in (IdentifierKind.HANDLE, IdentifierKind.PHONE):
            role = IdentifierRole.RECRUITER
        for raw in filter(None, (part.strip() for part in values.get(column, "").split(";"))):
            try:
                identifier = normalize(kind, raw, region=region)
            except InvalidInput as e:
                report.rejected_values.append(RejectedValue(column, raw, str(e)))
                continue
            found.setdefault(identifier, ReportIdentifier(identifier, role))
            for extra in _implied(identifier):
                found.setdefault(extra, ReportIdentifier(extra, role))
    if report.narrative:
        for hit in extract(report.narrative, region=region):
            found.setdefault(hit.identifier,
                             ReportIdentifier(hit.identifier, IdentifierRole.MENTIONED))
    return list(found.values())


def _implied(identifier: Identifier) -> list[Identifier]:
    """A URL implies its registrable domain (when its host has one, i.e. is not an IP)."""
    if identifier.kind is not IdentifierKind.URL:
        return []
    host = urlsplit(identifier.value).hostname or ""
    try:
        return [normalize(IdentifierKind.DOMAIN, host)]
    except InvalidInput:
        return []
