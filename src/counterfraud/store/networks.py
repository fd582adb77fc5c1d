"""What the network analysis reads (reports, sightings, explicit links) and what it
writes (builds, networks with stable ids, members with their groups and core ranks)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from counterfraud.domain import Identifier, IdentifierKind, RecordType, Viewer
from counterfraud.errors import NotFound
from counterfraud.store.bulk import chunked, identifier_ids, insert_rows
from counterfraud.store.tables import (
    AgencyRow,
    IdentifierRow,
    LinkEvidenceRow,
    LinkRow,
    NetworkBuildRow,
    NetworkMemberRow,
    NetworkRow,
    NetworkViewMemberRow,
    ReportIdentifierRow,
    ReportRow,
    utcnow,
)
from counterfraud.store.visibility import visible


@dataclass(frozen=True, slots=True)
class ReportRecord:
    key: str  # AGENCY/report_id
    agency: str
    scam_type: str
    reported_at: datetime | None
    loss_amount: Decimal | None
    loss_currency: str | None
    victim_country: str | None


@dataclass(frozen=True, slots=True)
class StoredMember:
    identifier: Identifier
    group_id: str | None = None
    core_rank: int | None = None
    core_score: float | None = None
    why: str | None = None


@dataclass(frozen=True, slots=True)
class StoredNetwork:
    id: str
    size: int
    reports: int
    groups: int
    summary: dict[str, Any]
    members: list[StoredMember]
    first_built_at: datetime | None = None


def report_records(session: Session, report_ids: Sequence[int] | None = None) -> Iterator[
        tuple[int, ReportRecord]]:
    """(row id, record) of every report (or of ``report_ids``), in id order."""
    query = (select(ReportRow.id, AgencyRow.code, ReportRow.external_id, ReportRow.scam_type,
                    ReportRow.reported_at, ReportRow.loss_amount, ReportRow.loss_currency,
                    ReportRow.victim_country)
             .join(AgencyRow, AgencyRow.id == ReportRow.agency_id).order_by(ReportRow.id))
    for part in _parts(report_ids):
        chosen = query if part is None else query.where(ReportRow.id.in_(part))
        for id_, code, external, scam, at, amount, currency, country in session.execute(chosen):
            yield id_, ReportRecord(f"{code}/{external}", code, scam, at, amount, currency,
                                    country)


def sightings(session: Session, report_ids: Sequence[int] | None = None) -> Iterator[
        tuple[int, Identifier, str]]:
    """(report row id, identifier, role) of every identifier in every report (or in
    ``report_ids``)."""
    query = (select(ReportIdentifierRow.report_id, IdentifierRow.kind, IdentifierRow.value,
                    ReportIdentifierRow.role)
             .join(IdentifierRow, IdentifierRow.id == ReportIdentifierRow.identifier_id)
             .order_by(ReportIdentifierRow.report_id, IdentifierRow.id))
    for part in _parts(report_ids):
        chosen = query if part is None else query.where(ReportIdentifierRow.report_id.in_(part))
        for report_id, kind, value, role in session.execute(chosen):
            yield report_id, Identifier(IdentifierKind(kind), value), role


def _parts(ids: Sequence[int] | None) -> Iterator[Sequence[int] | None]:
    if ids is None:
        yield None
        return
    yield from chunked(sorted(ids), 2000)


def visible_report_ids(session: Session, viewer: Viewer) -> set[int] | None:
    """Row ids of the reports ``viewer`` may read as network evidence (the sharing rule
    for ``RecordType.NETWORK``); ``None`` for the local operator, who reads them all."""
    if viewer.agency is None:
        return None
    return set(session.scalars(select(ReportRow.id).where(visible(viewer, RecordType.NETWORK))))


def report_ids_after(session: Session, last_id: int) -> list[int]:
    return list(session.scalars(select(ReportRow.id).where(ReportRow.id > last_id)))


def report_count(session: Session) -> tuple[int, int]:
    """(number of reports, newest report row id)."""
    count, newest = session.execute(select(func.count(), func.max(ReportRow.id))).one()
    return int(count), int(newest or 0)


def reports_naming(session: Session, identifiers: set[Identifier]) -> set[int]:
    """Row ids of every report that names one of ``identifiers``."""
    ids = identifier_ids(session, identifiers)
    found: set[int] = set()
    for part in chunked(sorted(ids.values()), 2000):
        found.update(session.scalars(select(ReportIdentifierRow.report_id).where(
            ReportIdentifierRow.identifier_id.in_(part))))
    return found


def networks_holding(session: Session, identifiers: set[Identifier]) -> dict[
        str, set[Identifier]]:
    """The stored networks with a member among ``identifiers``, with all their members."""
    ids = identifier_ids(session, identifiers)
    touched: set[str] = set()
    for part in chunked(sorted(ids.values()), 2000):
        touched.update(session.scalars(select(NetworkMemberRow.network_id).where(
            NetworkMemberRow.identifier_id.in_(part))))
    found: dict[str, set[Identifier]] = defaultdict(set)
    for network_id, kind, value in session.execute(
            select(NetworkMemberRow.network_id, IdentifierRow.kind, IdentifierRow.value)
            .join(IdentifierRow, IdentifierRow.id == NetworkMemberRow.identifier_id)
            .where(NetworkMemberRow.network_id.in_(sorted(touched)))):
        found[network_id].add(Identifier(IdentifierKind(kind), value))
    return found


def explicit_links(session: Session, report_ids: set[int] | None = None) -> list[
        tuple[Identifier, Identifier, str, list[int]]]:
    """(source, target, link type, evidence report row ids) of every stored link (or of
    those with evidence among ``report_ids``)."""
    source, target = IdentifierRow.__table__.alias("s"), IdentifierRow.__table__.alias("t")
    evidence: dict[int, list[int]] = defaultdict(list)
    for link_id, report_id in session.execute(
            select(LinkEvidenceRow.link_id, LinkEvidenceRow.report_id)
            .order_by(LinkEvidenceRow.link_id, LinkEvidenceRow.report_id)):
        evidence[link_id].append(report_id)
    rows = session.execute(
        select(LinkRow.id, source.c.kind, source.c.value, target.c.kind, target.c.value,
               LinkRow.link_type)
        .join(source, source.c.id == LinkRow.source_id)
        .join(target, target.c.id == LinkRow.target_id).order_by(LinkRow.id))
    return [(Identifier(IdentifierKind(sk), sv), Identifier(IdentifierKind(tk), tv), kind,
             [r for r in evidence[id_] if report_ids is None or r in report_ids])
            for id_, sk, sv, tk, tv, kind in rows
            if report_ids is None or any(r in report_ids for r in evidence[id_])]


def previous_members(session: Session) -> dict[str, set[tuple[str, str]]]:
    rows = session.execute(
        select(NetworkMemberRow.network_id, IdentifierRow.kind, IdentifierRow.value)
        .join(IdentifierRow, IdentifierRow.id == NetworkMemberRow.identifier_id))
    found: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for network_id, kind, value in rows:
        found[network_id].add((kind, value))
    return found


def save_build(session: Session, networks: Sequence[StoredNetwork], *, reports: int,
               identifiers: int, seconds: float, last_report_id: int,
               replacing: Sequence[str] | None = None) -> int:
    """Store this build's networks in place of all stored ones (``replacing=None``) or of
    the networks ``replacing`` names (an incremental build); ids that survive keep their
    first build time. Returns the build id."""
    build = NetworkBuildRow(reports=reports, identifiers=identifiers,
                            networks=len(networks), seconds=Decimal(f"{seconds:.3f}"),
                            last_report_id=last_report_id, incremental=replacing is not None)
    session.add(build)
    session.flush()
    first_seen = dict(session.execute(select(NetworkRow.id, NetworkRow.first_built_at)).all())
    gone = [n.id for n in networks] + list(replacing or ())
    if replacing is None:
        session.execute(delete(NetworkMemberRow))
        session.execute(delete(NetworkRow))
    else:
        for part in chunked(sorted(set(gone)), 500):
            session.execute(delete(NetworkMemberRow).where(NetworkMemberRow.network_id.in_(part)))
            session.execute(delete(NetworkRow).where(NetworkRow.id.in_(part)))
    now = utcnow()
    insert_rows(session, NetworkRow.__table__,  # type: ignore[arg-type]
                [{"id": n.id, "build_id": build.id, "size": n.size, "reports": n.reports,
                  "groups": n.groups, "summary": n.summary,
                  "first_built_at": first_seen.get(n.id, now)} for n in networks])
    ids = identifier_ids(session, (m.identifier for n in networks for m in n.members))
    insert_rows(session, NetworkMemberRow.__table__,  # type: ignore[arg-type]
                [{"network_id": n.id, "identifier_id": ids[m.identifier],
                  "group_id": m.group_id, "core_rank": m.core_rank,
                  "core_score": None if m.core_score is None else Decimal(f"{m.core_score:.6f}"),
                  "why": m.why} for n in networks for m in n.members])
    return build.id


def latest_build(session: Session) -> NetworkBuildRow | None:
    return session.scalars(select(NetworkBuildRow).order_by(NetworkBuildRow.id.desc())
                           .limit(1)).first()


def list_networks(session: Session, *, min_size: int = 2, limit: int = 100,
                  offset: int = 0) -> list[StoredNetwork]:
    """The latest build's networks by size, whole (the local operator's reading; an
    agency reads its own view, see ``store.network_views``)."""
    rows = session.scalars(select(NetworkRow).where(NetworkRow.size >= min_size)
                           .order_by(NetworkRow.size.desc(), NetworkRow.id)
                           .offset(offset).limit(limit)).all()
    members = _members(session, [r.id for r in rows])
    return [_network(row, members.get(row.id, [])) for row in rows]


def get_network(session: Session, network_id: str) -> StoredNetwork:
    row = session.get(NetworkRow, network_id)
    if row is None:
        raise NotFound(f"no network {network_id} visible to you")
    return _network(row, _members(session, [network_id]).get(network_id, []))


def _network(row: NetworkRow, members: list[StoredMember]) -> StoredNetwork:
    return StoredNetwork(id=row.id, size=row.size, reports=row.reports, groups=row.groups,
                         summary=dict(row.summary), members=members,
                         first_built_at=row.first_built_at)


def _members(session: Session, network_ids: list[str]) -> dict[str, list[StoredMember]]:
    return stored_members(session, NetworkMemberRow, network_ids)


def stored_members(session: Session, table: type[NetworkMemberRow | NetworkViewMemberRow],
                   network_ids: list[str], *where: Any) -> dict[str, list[StoredMember]]:
    """The members of ``network_ids`` in ``table`` (a build's or a view's, narrowed by
    ``where``), core members first by rank, then by kind and value."""
    found: dict[str, list[StoredMember]] = defaultdict(list)
    for part in chunked(network_ids, 500):
        for network_id, group, rank, score, why, kind, value in session.execute(
                select(table.network_id, table.group_id, table.core_rank, table.core_score,
                       table.why, IdentifierRow.kind, IdentifierRow.value)
                .join(IdentifierRow, IdentifierRow.id == table.identifier_id)
                .where(table.network_id.in_(part), *where)
                .order_by(table.network_id, func.coalesce(table.core_rank, 10**9),
                          IdentifierRow.kind, IdentifierRow.value)):
            found[network_id].append(StoredMember(
                Identifier(IdentifierKind(kind), value), group, rank,
                None if score is None else float(score), why))
    return found


# An expansion's neighbourhood: the reports a viewer may read around a few identifiers.


def _id_select(identifiers: Collection[Identifier]) -> Iterator[Any]:
    """Subqueries of the row ids of ``identifiers``: one per kind and chunk (index-friendly
    ``kind = ? AND value IN (...)``); identifiers without a row are simply not found."""
    by_kind: dict[str, list[str]] = defaultdict(list)
    for identifier in identifiers:
        by_kind[identifier.kind.value].append(identifier.value)
    for kind, values in sorted(by_kind.items()):
        for part in chunked(sorted(values), 2000):
            yield select(IdentifierRow.id).where(IdentifierRow.kind == kind,
                                                 IdentifierRow.value.in_(part))


def visible_report_count(session: Session, viewer: Viewer) -> int:
    """How many reports ``viewer`` may read as network evidence."""
    return int(session.scalar(select(func.count()).select_from(ReportRow)
                              .where(visible(viewer, RecordType.NETWORK))) or 0)


def visible_reports_naming(session: Session, identifiers: Collection[Identifier],
                           viewer: Viewer) -> set[int]:
    """Row ids of the reports ``viewer`` may read as network evidence that name one of
    ``identifiers``."""
    found: set[int] = set()
    for ids in _id_select(identifiers):
        found.update(session.scalars(
            select(ReportIdentifierRow.report_id).distinct()
            .join(ReportRow, ReportRow.id == ReportIdentifierRow.report_id)
            .where(ReportIdentifierRow.identifier_id.in_(ids),
                   visible(viewer, RecordType.NETWORK))))
    return found


def visible_report_counts(session: Session, identifiers: Collection[Identifier],
                          viewer: Viewer) -> dict[Identifier, int]:
    """How many reports ``viewer`` may read as network evidence name each of
    ``identifiers`` (those named by none are left out)."""
    found: dict[Identifier, int] = {}
    for ids in _id_select(identifiers):
        for kind, value, count in session.execute(
                select(IdentifierRow.kind, IdentifierRow.value,
                       func.count(ReportIdentifierRow.report_id.distinct()))
                .join(ReportIdentifierRow,
                      ReportIdentifierRow.identifier_id == IdentifierRow.id)
                .join(ReportRow, ReportRow.id == ReportIdentifierRow.report_id)
                .where(IdentifierRow.id.in_(ids), visible(viewer, RecordType.NETWORK))
                .group_by(IdentifierRow.kind, IdentifierRow.value)):
            found[Identifier(IdentifierKind(kind), value)] = int(count)
    return found


def naming_counts(session: Session, identifiers: Collection[Identifier]) -> dict[
        Identifier, int]:
    """How many sightings (one per report and role, any report) each of ``identifiers``
    has: a cheap upper bound of the reports naming it (those with none are left out)."""
    found: dict[Identifier, int] = {}
    for ids in _id_select(identifiers):
        for kind, value, count in session.execute(
                select(IdentifierRow.kind, IdentifierRow.value, func.count())
                .join(ReportIdentifierRow,
                      ReportIdentifierRow.identifier_id == IdentifierRow.id)
                .where(IdentifierRow.id.in_(ids))
                .group_by(IdentifierRow.kind, IdentifierRow.value)):
            found[Identifier(IdentifierKind(kind), value)] = int(count)
    return found


def links_touching(session: Session, identifiers: Collection[Identifier],
                   viewer: Viewer) -> dict[int, tuple[Identifier, Identifier, str, list[int]]]:
    """By link id: (source, target, link type, evidence report row ids) of the stored
    links with an end among ``identifiers``, as :func:`explicit_links` gives them over the
    reports ``viewer`` may read: the evidence is what the viewer may read, and a link
    with none is left out (the local operator reads every link)."""
    source, target = IdentifierRow.__table__.alias("s"), IdentifierRow.__table__.alias("t")
    links: dict[int, tuple[Identifier, Identifier, str]] = {}
    for ids in _id_select(identifiers):
        for id_, sk, sv, tk, tv, kind in session.execute(
                select(LinkRow.id, source.c.kind, source.c.value, target.c.kind,
                       target.c.value, LinkRow.link_type)
                .join(source, source.c.id == LinkRow.source_id)
                .join(target, target.c.id == LinkRow.target_id)
                .where(or_(LinkRow.source_id.in_(ids), LinkRow.target_id.in_(ids)))):
            links[id_] = (Identifier(IdentifierKind(sk), sv),
                          Identifier(IdentifierKind(tk), tv), kind)
    evidence: dict[int, list[int]] = defaultdict(list)
    for part in chunked(sorted(links), 2000):
        for link_id, report_id in session.execute(
                select(LinkEvidenceRow.link_id, LinkEvidenceRow.report_id)
                .join(ReportRow, ReportRow.id == LinkEvidenceRow.report_id)
                .where(LinkEvidenceRow.link_id.in_(part), visible(viewer, RecordType.NETWORK))
                .order_by(LinkEvidenceRow.link_id, LinkEvidenceRow.report_id)):
            evidence[link_id].append(report_id)
    return {id_: (s, t, kind, evidence[id_]) for id_, (s, t, kind) in links.items()
            if viewer.agency is None or evidence[id_]}


def persons_sharing(session: Session, *, document: str = "", birth_date: str = "") -> set[
        Identifier]:
    """Every stored person whose canonical value (``name[|b:DATE][|n:CC][|d:DOC]``)
    carries this document or this birth date: a superset, the caller reads the fields."""
    tests = ([IdentifierRow.value.endswith(f"|d:{document}", autoescape=True)]
             if document else [])
    tests += ([IdentifierRow.value.contains(f"|b:{birth_date}", autoescape=True)]
              if birth_date else [])
    if not tests:
        return set()
    return {Identifier(IdentifierKind.PERSON, value) for value in session.scalars(
        select(IdentifierRow.value).where(IdentifierRow.kind == IdentifierKind.PERSON.value,
                                          or_(*tests)))}
