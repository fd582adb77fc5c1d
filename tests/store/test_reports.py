from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from counterfraud.domain import (
    IdentifierKind,
    IdentifierRole,
    LinkType,
    Marking,
    RejectedValue,
    Report,
    ReportIdentifier,
    ScamType,
    Viewer,
)
from counterfraud.errors import NotFound
from counterfraud.identifiers import normalize
from counterfraud.services import agreements
from counterfraud.services.store import Store
from counterfraud.store import lookups, queries
from counterfraud.store.agencies import get_agency
from counterfraud.store.reports import save_reports
from counterfraud.store.tables import IdentifierRow, LinkRow, ReportIdentifierRow, ReportRow

PHONE = normalize("phone", "+8613800138000")
URL = normalize("url", "https://pay.fake-invest.com/login")
DOMAIN = normalize("domain", "fake-invest.com")


def _report(report_id: str, *, marking: Marking = Marking.AMBER, day: int = 1,
            extra: list[ReportIdentifier] | None = None) -> Report:
    return Report(
        agency="CN-MPS", report_id=report_id,
        reported_at=datetime(2024, 5, day, 9, 30, tzinfo=UTC),
        scam_type=ScamType.INVESTMENT, narrative="n", loss_amount=Decimal("1500.50"),
        loss_currency="CNY", victim_country="CN", marking=marking,
        identifiers=[ReportIdentifier(PHONE, IdentifierRole.CONTACTED_FROM),
                     ReportIdentifier(URL, IdentifierRole.WEBSITE),
                     ReportIdentifier(DOMAIN, IdentifierRole.WEBSITE), *(extra or [])])


def _save(store: Store, reports: list[Report], agency: str = "CN-MPS", *,
          replace: bool = True) -> int:
    """How many of ``reports`` were new."""
    with store.transaction() as session:
        agency_id, _ = get_agency(session, agency)
        return len(save_reports(session, agency_id, reports, replace=replace).new)


def _count(store: Store, table: type) -> int:
    with store.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def test_saved_report_reads_back_identically(store: Store) -> None:
    original = _report("R1")
    _save(store, [original])
    with store.transaction() as session:
        loaded = queries.get_report(session, "CN-MPS", "R1", Viewer(None))
    assert loaded.as_dict()["loss_amount"] == "1500.50"
    assert loaded.reported_at == original.reported_at
    assert {ri.identifier for ri in loaded.identifiers} == {PHONE, URL, DOMAIN}


def test_saving_again_replaces_instead_of_duplicating(store: Store) -> None:
    assert _save(store, [_report("R1"), _report("R2")]) == 2
    changed = _report("R1", extra=[ReportIdentifier(normalize("email", "a@b.com"))])
    assert _save(store, [changed, _report("R2")]) == 0
    assert _count(store, ReportRow) == 2
    assert _count(store, IdentifierRow) == 4
    assert _count(store, ReportIdentifierRow) == 7


def test_without_replace_stored_reports_are_kept_and_named(store: Store) -> None:
    _save(store, [_report("R1", marking=Marking.RED)])
    with store.transaction() as session:
        agency_id, _ = get_agency(session, "CN-MPS")
        saved = save_reports(session, agency_id, [_report("R1"), _report("R2")],
                             replace=False)
    assert (saved.new, saved.updated, saved.kept) == ({"R2"}, set(), {"R1"})
    with store.transaction() as session:
        kept = queries.get_report(session, "CN-MPS", "R1", Viewer(None))
    assert kept.marking is Marking.RED
    assert _count(store, ReportIdentifierRow) == 6


def test_rejected_values_read_back(store: Store) -> None:
    flagged = _report("R1")
    flagged.rejected_values = [RejectedValue("handles", "line:@ab", "too short")]
    _save(store, [flagged])
    with store.transaction() as session:
        loaded = queries.get_report(session, "CN-MPS", "R1", Viewer(None))
    assert loaded.rejected_values == flagged.rejected_values


def test_identifiers_are_shared_across_agencies(store: Store) -> None:
    _save(store, [_report("R1")])
    _save(store, [_report("R1")], agency="TH-CCIB")
    assert _count(store, ReportRow) == 2
    assert _count(store, IdentifierRow) == 3


def test_url_links_to_its_domain_with_evidence_and_seen_times(store: Store) -> None:
    _save(store, [_report("R1", day=3), _report("R2", day=1), _report("R3", day=9)])
    with store.transaction() as session:
        link = session.scalars(select(LinkRow)).one()
    assert link.link_type == LinkType.HOSTED_ON.value
    assert (link.first_seen.day, link.last_seen.day) == (1, 9)  # type: ignore[union-attr]


@pytest.mark.parametrize(("viewer", "granted", "visible"), [
    (Viewer(None), (), {"amber", "green", "red"}),
    (Viewer("CN-MPS"), (), {"amber", "green", "red"}),
    (Viewer("TH-CCIB"), (), set()),
    (Viewer("TH-CCIB"), ("TLP:GREEN",), {"green"}),
    (Viewer("TH-CCIB"), ("TLP:GREEN", "TLP:AMBER"), {"amber", "green"}),
], ids=["local-operator", "owner", "partner-without-agreement", "partner-green",
        "partner-green-amber"])
def test_reads_follow_the_markings(store: Store, viewer: Viewer, granted: tuple[str, ...],
                                   visible: set[str]) -> None:
    if granted:
        agreements.add_agreement(store, grantor="CN-MPS", grantee="TH-CCIB", markings=granted,
                                 record_types=["all"], purpose="test",
                                 legal_basis="bilateral_mou")
    _save(store, [_report("amber"), _report("green", marking=Marking.GREEN),
                  _report("red", marking=Marking.RED)])
    with store.transaction() as session:
        total, page = queries.list_reports(session, viewer)
        seen = lookups.lookup_identifier(session, PHONE, viewer)
        figures = queries.statistics(session, viewer)
        for hidden in {"amber", "green", "red"} - visible:
            with pytest.raises(NotFound):
                queries.get_report(session, "CN-MPS", hidden, viewer)
    assert {r.report_id for r in page} == visible and total == len(visible)
    assert seen.reports == len(visible)
    assert figures.reports == len(visible)


def test_lookup_lists_co_reported_and_linked_identifiers(store: Store) -> None:
    _save(store, [_report("R1")])
    with store.transaction() as session:
        found = lookups.lookup_identifier(session, URL, Viewer(None))
    linked = {li.identifier: li.link_types for li in found.linked}
    assert linked[DOMAIN] == (LinkType.CO_REPORTED.value, LinkType.HOSTED_ON.value)
    assert PHONE in linked
    assert found.roles == {IdentifierRole.WEBSITE.value: 1}


def test_unknown_identifier_is_reported_unknown(store: Store) -> None:
    with store.transaction() as session:
        found = lookups.lookup_identifier(session, normalize(IdentifierKind.EMAIL, "x@y.org"),
                                          Viewer(None))
    assert not found.known and found.reports == 0


def test_statistics_sum_losses_by_currency(store: Store) -> None:
    _save(store, [_report("R1"), _report("R2")])
    with store.transaction() as session:
        figures = queries.statistics(session, Viewer(None))
    assert figures.loss_by_currency == {"CNY": "3001.00"}
    assert figures.by_scam_type == {"investment": 2}
    assert figures.identifiers_by_kind == {"domain": 1, "phone": 1, "url": 1}
