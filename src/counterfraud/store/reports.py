"""Writing and reading reports with their identifiers and links."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from counterfraud.domain import (
    Identifier,
    IdentifierKind,
    IdentifierRole,
    LinkType,
    Marking,
    RejectedValue,
    Report,
    ReportIdentifier,
    ScamType,
)
from counterfraud.store.bulk import chunked, identifier_ids, insert_new_rows, insert_rows
from counterfraud.store.tables import (
    IdentifierRow,
    LinkEvidenceRow,
    LinkRow,
    ReportIdentifierRow,
    ReportRow,
    utcnow,
)

NARRATIVE = "narrative"
COLUMN = "column"


@dataclass(frozen=True, slots=True)
class Saved:
    """What ``save_reports`` did: the ids it inserted, replaced, and left as stored."""

    new: frozenset[str] = frozenset()
    updated: frozenset[str] = frozenset()
    kept: frozenset[str] = frozenset()


def save_reports(session: Session, agency_id: int, reports: Sequence[Report], *,
                 replace: bool = True) -> Saved:
    """Insert ``reports`` of one agency (key: agency + report_id); those already stored
    are replaced (``replace``) or left as they are (their ids in ``Saved.kept``).

    A report written again replaces its fields, identifiers and link evidence, so
    re-ingesting a file creates no duplicates.

    Safe against writers racing on the same ids: new reports are inserted with
    ``ON CONFLICT DO NOTHING`` (a report another writer inserted first is updated
    instead, or kept), the existing ones are updated before their identifiers are
    replaced (the row lock makes writers of one report take turns), and every write goes
    in key order so that two writers never wait on each other in a cycle."""
    if not reports:
        return Saved()
    latest = {r.report_id: r for r in reports}  # the last row wins within a batch
    ordered = [latest[key] for key in sorted(latest)]
    ids = _insert_new(session, agency_id, ordered)
    new = frozenset(ids)
    if not replace:
        written = [r for r in ordered if r.report_id in ids]
        _save_identifiers(session, ids, written)
        return Saved(new=new, kept=frozenset(latest) - new)
    existing = _existing_report_ids(session, agency_id,
                                    [r.report_id for r in ordered if r.report_id not in ids])
    if existing:
        session.execute(update(ReportRow), [
            {"id": existing[r.report_id], **_report_values(r), "updated_at": utcnow()}
            for r in ordered if r.report_id in existing])
        replaced = sorted(existing.values())
        for part in chunked(replaced):
            session.execute(delete(ReportIdentifierRow)
                            .where(ReportIdentifierRow.report_id.in_(part)))
            session.execute(delete(LinkEvidenceRow).where(LinkEvidenceRow.report_id.in_(part)))
    ids.update(existing)
    _save_identifiers(session, ids, ordered)
    return Saved(new=new, updated=frozenset(existing))


def _insert_new(session: Session, agency_id: int, reports: list[Report]) -> dict[str, int]:
    """Insert the reports whose id is not stored yet; {report_id: row id} of those."""
    rows = insert_new_rows(
        session, ReportRow.__table__,  # type: ignore[arg-type]
        [{"agency_id": agency_id, "external_id": r.report_id, **_report_values(r)}
         for r in reports],
        unique=["agency_id", "external_id"], returning=["id", "external_id"])
    return {external: id_ for id_, external in rows}


def _existing_report_ids(session: Session, agency_id: int,
                         external_ids: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for part in chunked(external_ids):
        rows = session.execute(select(ReportRow.external_id, ReportRow.id).where(
            ReportRow.agency_id == agency_id, ReportRow.external_id.in_(part)))
        found.update({external: id_ for external, id_ in rows})
    return found


def _report_values(report: Report) -> dict[str, Any]:
    return {
        "reported_at": report.reported_at,
        "occurred_at": report.occurred_at,
        "scam_type": report.scam_type.value,
        "narrative": report.narrative,
        "loss_amount": report.loss_amount,
        "loss_currency": report.loss_currency,
        "victim_country": report.victim_country,
        "marking": report.marking.value,
        "rejected_values": [v.as_dict() for v in report.rejected_values],
    }


def _save_identifiers(session: Session, report_ids: dict[str, int],
                      reports: list[Report]) -> None:
    ids = identifier_ids(session, (ri.identifier for r in reports for ri in r.identifiers))
    rows = [{"report_id": report_ids[r.report_id], "identifier_id": ids[ri.identifier],
             "role": ri.role.value,
             "source": NARRATIVE if ri.role is IdentifierRole.MENTIONED else COLUMN}
            for r in reports for ri in r.identifiers]
    insert_rows(session, ReportIdentifierRow.__table__, rows)  # type: ignore[arg-type]
    _save_hosted_on_links(session, report_ids, reports, ids)


def _save_hosted_on_links(session: Session, report_ids: dict[str, int],
                          reports: list[Report], ids: dict[Identifier, int]) -> None:
    """Each URL links to its registrable domain, with the reports as evidence."""
    seen: dict[tuple[int, int], list[tuple[int, datetime | None]]] = {}
    for report in reports:
        domains = {ri.identifier.value: ids[ri.identifier] for ri in report.identifiers
                   if ri.identifier.kind is IdentifierKind.DOMAIN}
        for ri in report.identifiers:
            if ri.identifier.kind is not IdentifierKind.URL:
                continue
            domain_id = next((d for v, d in domains.items()
                              if _host_in_domain(ri.identifier.value, v)), None)
            if domain_id is not None:
                seen.setdefault((ids[ri.identifier], domain_id), []).append(
                    (report_ids[report.report_id], report.reported_at))
    if not seen:
        return
    kind = LinkType.HOSTED_ON.value
    insert_rows(session, LinkRow.__table__,  # type: ignore[arg-type]
                [{"source_id": s, "target_id": t, "link_type": kind} for s, t in sorted(seen)],
                ignore_conflicts_on=["source_id", "target_id", "link_type"])
    link_ids = _link_ids(session, list(seen), kind)
    evidence = {(link_ids[key], report_id) for key, uses in seen.items()
                for report_id, _ in uses}
    insert_rows(session, LinkEvidenceRow.__table__,  # type: ignore[arg-type]
                [{"link_id": link, "report_id": rid} for link, rid in sorted(evidence)],
                ignore_conflicts_on=["link_id", "report_id"])
    _widen_seen(session, {link_ids[key]: [t for _, t in uses if t] for key, uses in seen.items()})


def _host_in_domain(url: str, domain: str) -> bool:
    host = url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return host == domain or host.endswith("." + domain)


def _link_ids(session: Session, pairs: list[tuple[int, int]], kind: str) -> dict[
        tuple[int, int], int]:
    found: dict[tuple[int, int], int] = {}
    sources = sorted({s for s, _ in pairs})
    for part in chunked(sources):
        rows = session.execute(select(LinkRow.source_id, LinkRow.target_id, LinkRow.id).where(
            LinkRow.source_id.in_(part), LinkRow.link_type == kind))
        found.update({(s, t): id_ for s, t, id_ in rows})
    return {pair: found[pair] for pair in pairs}


def _widen_seen(session: Session, times: dict[int, list[datetime]]) -> None:
    touched = {link: ts for link, ts in times.items() if ts}
    if not touched:
        return
    current = {id_: (first, last) for id_, first, last in session.execute(
        select(LinkRow.id, LinkRow.first_seen, LinkRow.last_seen)
        .where(LinkRow.id.in_(list(touched))))}
    updates = []
    for link, ts in sorted(touched.items()):
        first, last = current[link]
        candidates_first = [t for t in (first, min(ts)) if t is not None]
        candidates_last = [t for t in (last, max(ts)) if t is not None]
        updates.append({"id": link, "first_seen": min(candidates_first),
                        "last_seen": max(candidates_last)})
    session.execute(update(LinkRow), updates)


def load_report(session: Session, report_row: ReportRow, agency_code: str) -> Report:
    """The domain Report for a stored row, with its identifiers."""
    rows = session.execute(
        select(IdentifierRow, ReportIdentifierRow.role)
        .join(ReportIdentifierRow, ReportIdentifierRow.identifier_id == IdentifierRow.id)
        .where(ReportIdentifierRow.report_id == report_row.id)
        .order_by(IdentifierRow.kind, IdentifierRow.value))
    identifiers = [ReportIdentifier(
        Identifier(IdentifierKind(ident.kind), ident.value, ident.valid, dict(ident.details)),
        IdentifierRole(role)) for ident, role in rows]
    return Report(
        agency=agency_code, report_id=report_row.external_id,
        reported_at=report_row.reported_at, occurred_at=report_row.occurred_at,
        scam_type=ScamType(report_row.scam_type), narrative=report_row.narrative,
        loss_amount=report_row.loss_amount, loss_currency=report_row.loss_currency,
        victim_country=report_row.victim_country, marking=Marking(report_row.marking),
        identifiers=identifiers, rejected_values=rejected_values(report_row))


def rejected_values(report_row: ReportRow) -> list[RejectedValue]:
    """The identifier values of a stored report that could not be read."""
    return [RejectedValue(v["field"], v["value"], v["reason"])
            for v in report_row.rejected_values or []]
