"""The STIX mapping on its own: bundles the OASIS validator, stix2 and MISP's converter
accept, ids as stix2 computes them, and a reader that survives any JSON."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import stix2
from hypothesis import given, settings
from hypothesis import strategies as st
from misp_stix_converter import MISPtoSTIX21Parser, stix_2_to_misp
from pymisp import MISPEvent
from stix2validator import ValidationOptions, validate_instance

from counterfraud.domain import (
    Agency,
    BlocklistEntry,
    IdentifierKind,
    IdentifierRole,
    LinkType,
    Marking,
    MatchType,
    Report,
    ReportIdentifier,
    ScamType,
)
from counterfraud.errors import InvalidInput
from counterfraud.identifiers import Identifier, normalize
from counterfraud.sharing.stix import TLP2_IDS, Dialect, marking_of_definition, observable
from counterfraud.sharing.stix_in import read_bundle
from counterfraud.sharing.stix_out import (
    BundleBuilder,
    IndicatorRecord,
    LinkRecord,
    ReportRecord,
    indicator_pattern,
)

DATA = Path(__file__).parent / "data"
AT = datetime(2024, 5, 1, 8, 30, tzinfo=UTC)
NAMED = [("phone", "081 234 5678", "contacted_from"), ("url", "http://gold-vip.top/app", "website"),
         ("domain", "gold-vip.top", "website"), ("bank_account", "6222021234567890123", "paid_to"),
         ("bank_account", "GB33BUKB20201555555555", "paid_to"),
         ("crypto_wallet", "TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7", "paid_to"),
         ("crypto_wallet", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "paid_to"),
         ("handle", "telegram:@kefu_8888", "contacted_from"), ("person", "Zhang Wei", "suspect"),
         ("ip", "203.0.113.7", "website"), ("ip", "2001:db8::1", "website"),
         ("cidr", "203.0.113.0/24", "website"), ("email", "kefu@gold-vip.top", "contacted_from")]
ENTRIES = [("phone", "+66812345678", "exact"), ("phone", "+8617012", "phone_prefix"),
           ("domain", "gold-vip.top", "domain_tree"), ("cidr", "10.0.0.0/8", "network"),
           ("handle", "telegram:kefu_8888", "exact"), ("bank_account", "GB33BUKB20201555555555",
                                                       "exact"),
           ("url", "http://gold-vip.top/it's", "exact"), ("ip", "2001:db8::1", "exact")]


def _bundle(dialect: Dialect = Dialect.OPENCTI) -> dict[str, Any]:
    named = [ReportIdentifier(normalize(k, v, region="TH"), IdentifierRole(r))
             for k, v, r in NAMED]
    builder = BundleBuilder(dialect)
    builder.add_agency(Agency("CN-MPS", "CN", "Ministry of Public Security"), created=AT)
    for n, marking in enumerate(Marking):
        report = Report("CN-MPS", f"R{n}", reported_at=AT, scam_type=ScamType.INVESTMENT,
                        narrative="lost money" if n else "", loss_amount=Decimal("100.50"),
                        loss_currency="CNY", victim_country="CN", marking=marking,
                        identifiers=named[:len(named) - 4 + n])
        builder.add_report(ReportRecord(report, AT, AT))
    builder.add_link(LinkRecord("CN-MPS", named[1].identifier, named[2].identifier,
                                LinkType.HOSTED_ON, Marking.AMBER, ("R1",), AT, AT))
    for n, (kind, value, match) in enumerate(ENTRIES):
        entry = BlocklistEntry(id=n, kind=IdentifierKind(kind), value=value,
                               match=MatchType(match), agency="CN-MPS" if n % 2 else None,
                               reason="named in 2 reports", created_at=AT)
        builder.add_indicator(IndicatorRecord(entry, Marking.GREEN, AT))
    return builder.bundle()


@pytest.mark.parametrize("dialect", list(Dialect))
def test_oasis_validator_finds_no_errors(dialect: Dialect) -> None:
    result = validate_instance(_bundle(dialect), ValidationOptions(version="2.1"))
    assert result.errors == []
    assert result.is_valid
    warned = {re.search(r"\{(\d+)\}", w).group(1) for w in result.warnings}  # type: ignore[union-attr]
    # deterministic (v5) ids; telegram is no account type; MISP's x-misp-* custom objects
    assert warned <= {"103", "244", "401"}


def test_misp_converter_reads_the_misp_dialect_without_errors(tmp_path: Path) -> None:
    """As MISP is meant to be called on a file: classification "internal" reads the MISP
    conventions the dialect uses (x-misp-attribute/x-misp-object)."""
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(_bundle(Dialect.MISP)), encoding="utf-8")
    outcome = stix_2_to_misp(path, classification="internal", output_dir=tmp_path,
                             single_event=True, debug=True)
    assert "errors" not in outcome, outcome.get("errors")
    [written] = outcome["results"]
    event = MISPEvent()
    event.load_file(str(written))
    attributes = {(a.type, a.value) for a in event.attributes}
    objects = {o.name for o in event.objects}
    assert {("phone-number", "+66812345678"), ("iban", "GB33BUKB20201555555555"),
            ("bank-account-nr", "6222021234567890123"), ("full-name", "zhang wei"),
            ("btc", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq")} <= attributes
    assert {"coin-address", "user-account"} <= objects
    assert {("domain", "gold-vip.top"), ("url", "http://gold-vip.top/app"),
            ("ip-dst", "203.0.113.0/24"), ("email", "kefu@gold-vip.top")} <= attributes


def test_stix2_parses_every_object() -> None:
    bundle = _bundle()
    parsed = stix2.parse(json.dumps(bundle), allow_custom=True)
    assert len(parsed.objects) == len(bundle["objects"])


@pytest.mark.parametrize(("kind", "value", "made"), [
    ("url", "http://gold-vip.top/app", lambda v: stix2.URL(value=v)),
    ("domain", "gold-vip.top", lambda v: stix2.DomainName(value=v)),
    ("ip", "203.0.113.7", lambda v: stix2.IPv4Address(value=v)),
    ("ip", "2001:db8::1", lambda v: stix2.IPv6Address(value=v)),
    ("email", "kefu@gold-vip.top", lambda v: stix2.EmailAddress(value=v)),
    ("handle", "telegram:kefu_8888", lambda v: stix2.UserAccount(
        account_type="telegram", account_login="kefu_8888")),
], ids=["url", "domain", "ipv4", "ipv6", "email", "handle"])
def test_observable_ids_are_those_stix2_computes(kind: str, value: str, made: Any) -> None:
    assert observable(normalize(kind, value)) ["id"] == made(value).id


def test_same_records_give_the_same_bytes() -> None:
    assert json.dumps(_bundle(), sort_keys=True) == json.dumps(_bundle(), sort_keys=True)


def test_observables_carry_the_least_restrictive_marking_of_their_reports() -> None:
    objects = {o["id"]: o for o in _bundle()["objects"]}
    phone = observable(normalize("phone", "+66812345678"))
    email = observable(normalize("email", "kefu@gold-vip.top"))  # only in the RED report
    assert objects[phone["id"]]["object_marking_refs"] == [TLP2_IDS[Marking.CLEAR]]
    assert objects[email["id"]]["object_marking_refs"] == [TLP2_IDS[Marking.RED]]


@pytest.mark.parametrize(("kind", "value", "match", "pattern"), [
    ("phone", "+66812345678", "exact", "[phone-number:value = '+66812345678']"),
    ("phone", "+8617012", "phone_prefix", "[phone-number:value LIKE '+8617012%']"),
    ("domain", "x.top", "domain_tree", "[domain-name:value = 'x.top' OR "
                                       "domain-name:value LIKE '%.x.top']"),
    ("cidr", "10.0.0.0/8", "network", "[ipv4-addr:value ISSUBSET '10.0.0.0/8']"),
    ("bank_account", "6222021234567890123", "exact",
     "[bank-account:account_number = '6222021234567890123']"),
    ("url", "http://x.top/it's", "exact", "[url:value = 'http://x.top/it\\'s']"),
    ("person", "zhang wei", "exact", None),
])
def test_indicator_patterns(kind: str, value: str, match: str, pattern: str | None) -> None:
    assert indicator_pattern(IdentifierKind(kind), value, MatchType(match)) == pattern


@pytest.mark.parametrize(("definition", "marking"), [
    ({"id": TLP2_IDS[Marking.AMBER_STRICT]}, Marking.AMBER_STRICT),
    ({"id": "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"}, Marking.CLEAR),
    ({"id": "marking-definition--x", "definition_type": "tlp",
      "definition": {"tlp": "red"}}, Marking.RED),
    ({"id": "marking-definition--x", "definition_type": "TLP",
      "definition": {"TLP": "TLP:AMBER+STRICT"}}, Marking.AMBER_STRICT),
    ({"id": "marking-definition--x", "definition_type": "statement",
      "definition": {"statement": "Copyright"}}, None),
], ids=["tlp2", "tlp1-white", "tlp1-definition", "opencti", "statement"])
def test_markings_are_read(definition: dict[str, Any], marking: Marking | None) -> None:
    assert marking_of_definition(definition) == marking


@pytest.mark.parametrize("dialect", list(Dialect))
def test_own_bundle_reads_back(dialect: Dialect) -> None:
    plan = read_bundle(_bundle(dialect), source="t")
    assert plan.skipped == []
    reports = {r.report.report_id: r.report for r in plan.reports}
    assert sorted(reports) == [f"R{n}" for n in range(5)]
    first, last = reports["R0"], reports["R4"]
    assert (first.marking, first.loss_amount, first.victim_country, last.marking) == (
        Marking.CLEAR, Decimal("100.50"), "CN", Marking.RED)
    roles = {(ri.identifier.kind.value, ri.role.value) for ri in last.identifiers}
    assert roles == {(normalize(k, v, region="TH").kind.value, r) for k, v, r in NAMED}
    assert sorted((c.kind.value, c.value, c.match.value) for c in plan.candidates) == sorted(
        ENTRIES)
    assert {c.owner for c in plan.candidates} == {"CN-MPS", None}
    assert [(lk.link_type, lk.evidence) for lk in plan.links] == [(LinkType.HOSTED_ON, ("R1",))]


def test_opencti_bundle() -> None:
    plan = read_bundle(json.loads((DATA / "opencti_bundle.json").read_text()), source="o",
                       default_agency="TH-CCIB")
    found = {(c.kind.value, c.value, c.marking) for c in plan.candidates}
    assert found == {("phone", "+66812345678", Marking.GREEN),
                     ("bank_account", "GB33BUKB20201555555555", Marking.AMBER_STRICT),
                     ("crypto_wallet", "TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7", Marking.GREEN),
                     ("domain", "gold-vip.top", Marking.GREEN),
                     ("url", "https://gold-vip.top/app", Marking.GREEN)}
    assert {c.owner for c in plan.candidates} == {"TH-CCIB"}
    skipped = "\n".join(plan.skipped)
    assert "cryptocurrency-wallet--0a1b2c3d" in skipped and "not-a-wallet" in skipped
    assert "file:hashes" in skipped
    assert "malware--3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f: type malware is not imported" in skipped
    assert len(plan.skipped) == 3


def test_misp_bundle_made_by_misp_stix() -> None:
    """The stored bundle is what MISP's converter makes of the stored event today."""
    parser = MISPtoSTIX21Parser()
    parser.parse_misp_event(json.loads((DATA / "misp_event.json").read_text()))
    made = json.loads(parser.bundle.serialize())
    assert made == json.loads((DATA / "misp_bundle.json").read_text())
    plan = read_bundle(made, source="m")
    found = {(c.kind.value, c.value, c.marking) for c in plan.candidates}
    assert found == {(k, v, Marking.AMBER) for k, v in [
        ("phone", "+66812345678"), ("domain", "gold-vip.top"),
        ("url", "https://gold-vip.top/app"), ("ip", "203.0.113.7"),
        ("crypto_wallet", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"),
        ("bank_account", "GB33BUKB20201555555555"), ("bank_account", "6222021234567890123")]}
    assert [s for s in plan.skipped if "invalid phone" in s]  # the "12" attribute


@pytest.mark.parametrize(("pattern", "values"), [
    ("[domain-name:value = 'a.top']", ["a.top"]),
    ("[domain-name:value = 'a.top' OR url:value = 'http://b.top/x']", ["a.top", "http://b.top/x"]),
    ("[ipv4-addr:value = '198.51.100.0/24']", ["198.51.100.0/24"]),
    ("[ipv4-addr:value ISSUBSET '198.51.100.0/24']", ["198.51.100.0/24"]),
    ("[domain-name:value = 'a.top' AND url:value = 'http://b.top/x']", []),
    ("[domain-name:value MATCHES '^a']", []),
    ("not a pattern", []),
])
def test_indicator_patterns_read(pattern: str, values: list[str]) -> None:
    bundle = {"type": "bundle", "id": "bundle--1", "objects": [
        {"type": "indicator", "id": "indicator--1", "pattern": pattern, "pattern_type": "stix"}]}
    plan = read_bundle(bundle, source="p")
    assert [c.value for c in plan.candidates] == values
    assert bool(plan.skipped) == (not values)


@pytest.mark.parametrize("data", [[], "bundle", {"type": "report"}, {"type": "bundle",
                                                                    "objects": {}}])
def test_not_a_bundle(data: Any) -> None:
    with pytest.raises(InvalidInput, match=r"f\.json"):
        read_bundle(data, source="f.json")


_json = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                     lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                         st.text(max_size=10), inner, max_size=4), max_leaves=20)
_field = st.sampled_from(["type", "id", "value", "pattern", "object_refs", "created_by_ref",
                          "object_marking_refs", "extensions", "identity_class", "name",
                          "x_misp_type", "x_misp_value", "x_misp_attributes", "iban",
                          "account_type", "account_login", "revoked", "created", "modified"])
_types = st.sampled_from(["report", "indicator", "identity", "phone-number", "url",
                          "user-account", "bank-account", "relationship", "x-misp-object",
                          "x-misp-attribute", "marking-definition", "malware"])
_objects = st.dictionaries(_field, _json, max_size=8).flatmap(
    lambda d: st.builds(lambda t, i: {**d, "type": t, "id": i}, _types,
                        st.sampled_from(["a", "report--1", "identity--1", "url--1"])))


@settings(max_examples=300, deadline=None)
@given(st.lists(_objects | _json, max_size=8))
def test_any_objects_are_read_or_skipped(objects: list[Any]) -> None:
    plan = read_bundle({"type": "bundle", "objects": objects}, source="h")
    assert len(plan.skipped) <= 3 * len(objects) + 3


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(list(range(8))), st.sampled_from(["type", "id", "pattern",
                                                          "object_refs", "extensions",
                                                          "created_by_ref", "modified"]),
       _json)
def test_garbled_own_bundle_never_crashes(index: int, key: str, junk: Any) -> None:
    bundle = _bundle()
    reports = [o for o in bundle["objects"] if o["type"] in ("report", "indicator",
                                                             "relationship", "identity")]
    reports[index % len(reports)][key] = junk
    read_bundle(bundle, source="g")


def test_identifier_of_every_kind_has_an_observable() -> None:
    for kind, value, _ in NAMED:
        obj = observable(normalize(kind, value, region="TH"))
        assert obj["id"].startswith(obj["type"] + "--")
    assert observable(Identifier(IdentifierKind.PERSON, "x"))["identity_class"] == "individual"


@pytest.mark.parametrize("obj", [
    {"type": "marking-definition", "id": "marking-definition--1", "extensions": True},
    {"type": "x-misp-object", "id": "x-misp-object--1", "x_misp_name": "user-account",
     "x_misp_attributes": [{"object_relation": ["username"], "value": "x"}]},
    {"type": "x-misp-object", "id": "x-misp-object--2",
     "x_misp_attributes": [{"object_relation": {"a": 1}, "type": "btc", "value": 3}]},
    {"type": "indicator", "id": "indicator--1", "pattern": 5},
    {"type": "identity", "id": "identity--2", "identity_class": "individual", "name": ""},
], ids=["extensions-not-a-dict", "relation-a-list", "relation-a-dict", "pattern-not-text",
        "empty-person"])
def test_malformed_objects_are_skipped_not_fatal(obj: dict[str, Any]) -> None:
    read_bundle({"type": "bundle", "objects": [obj]}, source="m")


def test_malformed_report_fields_are_named() -> None:
    bundle = _bundle()
    report = next(o for o in bundle["objects"] if o["type"] == "report")
    facts = next(iter(report["extensions"].values()))
    facts["identifier_roles"] = {ref: [{"x": 1}, "paid_to"] for ref in report["object_refs"]}
    facts["loss_amount"] = "1e30"
    plan = read_bundle(bundle, source="m")
    assert [s for s in plan.skipped if report["id"] in s and "loss_amount" in s]
