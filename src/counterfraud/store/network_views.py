"""Networks as one agency may see them (``network_views``): analysed from only the reports
it may read as network evidence, stored like a build, and recomputed when those reports
change (a new build, an agreement granted, revoked or expired)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from counterfraud.domain import ApiRole, RecordType, Viewer
from counterfraud.errors import NotFound
from counterfraud.store.bulk import identifier_ids, insert_rows
from counterfraud.store.networks import StoredMember, StoredNetwork, stored_members
from counterfraud.store.tables import (
    AgencyRow,
    ApiKeyRow,
    IdentifierRow,
    NetworkViewMemberRow,
    NetworkViewNetworkRow,
    NetworkViewRow,
    ReportRow,
)
from counterfraud.store.visibility import visible, visible_to


def readable_fingerprint(session: Session, viewer: Viewer, up_to: int) -> str:
    """The fingerprint of the reports up to row ``up_to`` that ``viewer`` may read as
    network evidence: per (owner, marking) it may read, how many reports, the sum of their
    row ids and their newest change. Reports are never deleted and a report sent again
    keeps its row and changes ``updated_at``, so any change to what the viewer may read —
    an agreement, a marking, a report's content — changes it. The policy is applied to
    the (owner, marking) groups, not to every report: a few dozen checks, not thousands."""
    groups = (select(ReportRow.agency_id, ReportRow.marking, func.count().label("n"),
                     func.sum(ReportRow.id).label("ids"),
                     func.max(ReportRow.updated_at).label("newest"))
              .where(ReportRow.id <= up_to)
              .group_by(ReportRow.agency_id, ReportRow.marking).subquery())
    rows = session.execute(
        select(groups).where(visible_to(viewer, RecordType.NETWORK, owner_id=groups.c.agency_id,
                                        marking=groups.c.marking))
        .order_by(groups.c.agency_id, groups.c.marking)).all()
    text = ";".join(f"{a},{m},{n},{ids},{newest}" for a, m, n, ids, newest in rows)
    return hashlib.sha256(f"network-view:2:{up_to}:{text}".encode()).hexdigest()


def readable_reports(session: Session, viewer: Viewer, up_to: int) -> list[int]:
    """Row ids of the reports up to row ``up_to`` that ``viewer`` may read as network
    evidence."""
    return list(session.scalars(select(ReportRow.id).where(
        ReportRow.id <= up_to, visible(viewer, RecordType.NETWORK))))


def agencies_reading(session: Session) -> list[str]:
    """Agencies with an active key of a role that reads networks (analyst, admin)."""
    return list(session.scalars(
        select(AgencyRow.code).distinct().join(ApiKeyRow, ApiKeyRow.agency_id == AgencyRow.id)
        .where(ApiKeyRow.revoked_at.is_(None),
               ApiKeyRow.role.in_([ApiRole.ANALYST.value, ApiRole.ADMIN.value]))
        .order_by(AgencyRow.code)))


def find_view(session: Session, agency: str, fingerprint: str) -> int | None:
    return session.scalar(
        select(NetworkViewRow.id).join(AgencyRow, AgencyRow.id == NetworkViewRow.agency_id)
        .where(AgencyRow.code == agency, NetworkViewRow.fingerprint == fingerprint))


def latest_view_members(session: Session, agency: str) -> dict[str, set[tuple[str, str]]]:
    """The members of each network of ``agency``'s newest view (for stable ids)."""
    newest = session.scalar(
        select(func.max(NetworkViewRow.id))
        .join(AgencyRow, AgencyRow.id == NetworkViewRow.agency_id)
        .where(AgencyRow.code == agency))
    found: dict[str, set[tuple[str, str]]] = defaultdict(set)
    if newest is None:
        return found
    for network_id, kind, value in session.execute(
            select(NetworkViewMemberRow.network_id, IdentifierRow.kind, IdentifierRow.value)
            .join(IdentifierRow, IdentifierRow.id == NetworkViewMemberRow.identifier_id)
            .where(NetworkViewMemberRow.view_id == newest)):
        found[network_id].add((kind, value))
    return found


def save_view(session: Session, agency: str, *, build_id: int, fingerprint: str,
              networks: Sequence[StoredNetwork]) -> int:
    """Store ``agency``'s view in place of its older ones; returns its id."""
    agency_id = session.scalar(select(AgencyRow.id).where(AgencyRow.code == agency))
    if agency_id is None:
        raise NotFound(f"no agency {agency}")
    old = list(session.scalars(select(NetworkViewRow.id)
                               .where(NetworkViewRow.agency_id == agency_id)))
    for table in (NetworkViewMemberRow, NetworkViewNetworkRow):
        session.execute(delete(table).where(table.view_id.in_(old)))
    session.execute(delete(NetworkViewRow).where(NetworkViewRow.id.in_(old)))
    view = NetworkViewRow(agency_id=agency_id, build_id=build_id, fingerprint=fingerprint)
    session.add(view)
    session.flush()
    insert_rows(session, NetworkViewNetworkRow.__table__,  # type: ignore[arg-type]
                [{"view_id": view.id, "network_id": n.id, "size": n.size,
                  "reports": n.reports, "groups": n.groups, "summary": n.summary}
                 for n in networks])
    ids = identifier_ids(session, (m.identifier for n in networks for m in n.members))
    insert_rows(session, NetworkViewMemberRow.__table__,  # type: ignore[arg-type]
                [{"view_id": view.id, "network_id": n.id, "identifier_id": ids[m.identifier],
                  "group_id": m.group_id, "core_rank": m.core_rank,
                  "core_score": None if m.core_score is None else Decimal(f"{m.core_score:.6f}"),
                  "why": m.why} for n in networks for m in n.members])
    return view.id


def list_view(session: Session, view_id: int, *, min_size: int = 2, limit: int = 100,
              offset: int = 0) -> list[StoredNetwork]:
    """One page of a view's networks, largest first."""
    rows = session.scalars(
        select(NetworkViewNetworkRow)
        .where(NetworkViewNetworkRow.view_id == view_id, NetworkViewNetworkRow.size >= min_size)
        .order_by(NetworkViewNetworkRow.size.desc(), NetworkViewNetworkRow.network_id)
        .offset(offset).limit(limit)).all()
    members = _members(session, view_id, [r.network_id for r in rows])
    return [_network(r, members.get(r.network_id, [])) for r in rows]


def get_view_network(session: Session, view_id: int, network_id: str) -> StoredNetwork:
    row = session.get(NetworkViewNetworkRow, (view_id, network_id))
    if row is None:
        raise NotFound(f"no network {network_id} visible to you")
    return _network(row, _members(session, view_id, [network_id]).get(network_id, []))


def _network(row: NetworkViewNetworkRow, members: list[StoredMember]) -> StoredNetwork:
    return StoredNetwork(id=row.network_id, size=row.size, reports=row.reports,
                         groups=row.groups, summary=dict(row.summary), members=members)


def _members(session: Session, view_id: int,
             network_ids: list[str]) -> dict[str, list[StoredMember]]:
    return stored_members(session, NetworkViewMemberRow, network_ids,
                          NetworkViewMemberRow.view_id == view_id)
