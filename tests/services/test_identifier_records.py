"""What one identifier's page may show, through services.identifier_records, on SQLite
and PostgreSQL: the reports naming it, the blocklist entries covering it and the
networks holding it, each only as the caller may read them (and only for the roles the
API lets read them), every read on the audit trail.

CN reports one phone number in a report of every marking; TH reports it in a RED
report; CN shares its GREEN and AMBER records with TH; LA has no agreement.
"""

from __future__ import annotations

import pytest

from counterfraud.domain import (
    OPERATOR,
    ApiRole,
    EntryStatus,
    IdentifierKind,
    Marking,
    MatchType,
    Viewer,
)
from counterfraud.errors import PermissionDenied
from counterfraud.identifiers import Identifier, normalize
from counterfraud.services import agreements, audit, blocklist, identifier_records, ingest
from counterfraud.services.store import Store

CN, TH, LA = "CN-MPS", "TH-CCIB", "LA-MPS"
PHONE = normalize(IdentifierKind.PHONE, "+8613800138000")
OTHER = normalize(IdentifierKind.PHONE, "+8613900139000")
SITE = "https://pay.example.top/x"
READERS = (ApiRole.ADMIN, ApiRole.ANALYST)
# the reports each agency may read among those naming PHONE
VISIBLE: dict[str | None, set[str]] = {
    CN: {f"{CN}/{m.name}" for m in Marking},
    TH: {f"{CN}/CLEAR", f"{CN}/GREEN", f"{CN}/AMBER", f"{TH}/RED"},
    LA: {f"{CN}/CLEAR"},
    None: {*(f"{CN}/{m.name}" for m in Marking), f"{TH}/RED"},
}


def _world(store: Store) -> None:
    cn_rows = [(i, {"report_id": m.name, "marking": m.value, "scam_type": "investment",
                    "reported_at": f"2024-0{i}-01T00:00:00Z", "phones": PHONE.value})
               for i, m in enumerate(Marking, 1)]
    cn_rows[1][1]["urls"] = SITE  # the GREEN report ties the phone to a site
    cn_rows.append((9, {"report_id": "UNRELATED", "marking": "TLP:CLEAR",
                        "phones": OTHER.value}))
    assert ingest.ingest_records(store, cn_rows, agency=CN).rejected == 0
    assert ingest.ingest_records(store, [(1, {"report_id": "RED", "marking": "TLP:RED",
                                             "phones": PHONE.value})], agency=TH).rejected == 0
    agreements.add_agreement(store, grantor=CN, grantee=TH,
                             markings=["TLP:GREEN", "TLP:AMBER"], record_types=["all"],
                             purpose="investigations", legal_basis="bilateral_mou")


def _caller_id(viewer: Viewer) -> str:
    return f"{viewer.agency or 'operator'}:{viewer.role.value}"


CALLERS = [Viewer(a, r) for a in (CN, TH, LA) for r in ApiRole] + [OPERATOR]


@pytest.mark.parametrize("viewer", CALLERS, ids=_caller_id)
def test_reports_naming_are_those_the_caller_may_read(store: Store, viewer: Viewer) -> None:
    _world(store)
    if viewer.role not in READERS:
        with pytest.raises(PermissionDenied):
            identifier_records.reports_naming(store, viewer, PHONE)
        return
    total, page = identifier_records.reports_naming(store, viewer, PHONE)
    shown = {f"{r.agency}/{r.report_id}" for r in page}
    assert shown == VISIBLE[viewer.agency]
    assert total == len(shown)
    dates = [r.reported_at for r in page if r.reported_at is not None]
    assert dates == sorted(dates, reverse=True)


def test_reports_naming_pages_and_goes_on_the_trail(store: Store) -> None:
    _world(store)
    viewer = Viewer(CN, ApiRole.ANALYST)
    via = audit.Access(actor="CN-MPS:cf_test", path="console GET /console/identifiers")
    total, first = identifier_records.reports_naming(store, viewer, PHONE, limit=2, via=via)
    _, rest = identifier_records.reports_naming(store, viewer, PHONE, limit=10, offset=2)
    assert total == len(Marking) and len(first) == 2 and len(first) + len(rest) == total
    assert not {r.report_id for r in first} & {r.report_id for r in rest}
    [entry] = [e for e in audit.entries(store) if e.actor == "CN-MPS:cf_test"]
    assert entry.action == "read" and entry.record_type == "report"
    assert sorted(entry.as_dict()["records"]) == sorted(f"{r.agency}/{r.report_id}"
                                                        for r in first)


@pytest.mark.parametrize(("identifier", "expected"), [
    (PHONE, {("phone", PHONE.value, None), ("phone", "+86", "phone_prefix"),
             ("phone", "+8613800", "phone_prefix"), ("phone", PHONE.value, "phone_prefix")}),
    (normalize(IdentifierKind.DOMAIN, "example.top"),
     {("domain", "example.top", None), ("domain", "example.top", "domain_tree")}),
    (normalize(IdentifierKind.URL, "https://pay.example.top/x"),
     {("url", "https://pay.example.top/x", None), ("domain", "pay.example.top", "exact"),
      ("domain", "pay.example.top", "domain_tree"), ("domain", "example.top", "domain_tree")}),
], ids=["phone", "domain", "url"])
def test_covering_targets(identifier: Identifier,
                          expected: set[tuple[str, str, str | None]]) -> None:
    targets = set(identifier_records.covering_targets(identifier))
    assert expected <= targets
    assert ("domain", "top", "domain_tree") not in targets


@pytest.mark.parametrize("viewer", CALLERS, ids=_caller_id)
def test_blocklist_entries_covering_as_the_caller_may_see_them(store: Store,
                                                              viewer: Viewer) -> None:
    _world(store)
    cn = Viewer(CN, ApiRole.ANALYST)
    listed = {}
    for marking, prefix in ((Marking.GREEN, "+8613800"), (Marking.RED, "+86138001")):
        target = blocklist.parse_target("phone", prefix, MatchType.PHONE_PREFIX.value)
        listed[marking] = blocklist.add_entry(store, target, actor="CN:analyst",
                                              reason=f"range {marking.value}", agency=CN,
                                              marking=marking, viewer=cn)
    exact = blocklist.add_entry(store, blocklist.parse_target("phone", OTHER.value),
                                actor="CN:analyst", reason="another number", agency=CN,
                                viewer=cn)
    blocklist.delist(store, listed[Marking.GREEN].id, actor="CN:analyst", reason="done",
                     viewer=cn)
    if viewer.role not in READERS:
        with pytest.raises(PermissionDenied):
            identifier_records.blocklist_entries(store, viewer, PHONE)
        return
    found = identifier_records.blocklist_entries(store, viewer, PHONE)
    seen = {entry.id for entry, _ in found}
    sees = {CN: {Marking.GREEN, Marking.RED}, None: {Marking.GREEN, Marking.RED},
            TH: {Marking.GREEN}, LA: set()}[viewer.agency]
    expected = {listed[m].id for m in sees}
    assert exact.id not in seen
    assert seen == expected
    for entry, history in found:
        assert history[0].action == "added"
        if entry.id == listed[Marking.GREEN].id:
            assert entry.status is EntryStatus.DELISTED
            assert history[-1].action == "delisted"


@pytest.mark.parametrize("viewer", CALLERS, ids=_caller_id)
def test_networks_holding_follow_the_callers_view(store: Store, viewer: Viewer) -> None:
    _world(store)
    from counterfraud.services import networks

    networks.build(store)
    if viewer.role not in READERS:
        with pytest.raises(PermissionDenied):
            identifier_records.networks_holding(store, viewer, PHONE)
        return
    found = identifier_records.networks_holding(store, viewer, PHONE)
    assert bool(found) == (viewer.agency != LA)  # LA reads no report tying it to the site
    for network in found:
        assert PHONE in {m.identifier for m in network.members}
        agencies = set((network.summary or {}).get("agencies") or {})
        assert agencies <= {a.split("/")[0] for a in VISIBLE[viewer.agency]}
