"""The leak sweep: every read path, for every agency and role, shows no canary the caller
may not see.

Three agencies each own one report per marking — each with its own phone, site, suspect
and narrative, and the phone of the report before it, so that they form one network of
shared and hidden parts — and one blocklist
entry per marking, each with an appeal. Agreements share some of it. Then every GET
operation of the OpenAPI document (each path parameter filled from every value of its
kind), screening of every canary value, and the exports an agency receives (STIX bundle,
evidence packages of every network and report, feeds in every format) are fetched for
every key; no response may hold a canary that :func:`can_see` keeps from the caller.
An operation nobody taught the sweep how to call fails the sweep, so a new read path
cannot go unswept."""

from __future__ import annotations

import io
import json
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from counterfraud.api import create_app
from counterfraud.cases.victims import Location
from counterfraud.domain import ApiRole, Marking, RecordType, Viewer
from counterfraud.identifiers import normalize
from counterfraud.services import (
    access,
    agreements,
    case_links,
    cases,
    evidence,
    freeze,
    ingest,
    networks,
    stix,
    suspects,
    takedowns,
    victims,
)
from counterfraud.services.feeds import FeedFormat
from counterfraud.services.store import Store, open_store
from counterfraud.settings import Settings
from counterfraud.sharing.policy import can_see

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*httpx2")
    from fastapi.testclient import TestClient

AGENCIES = ["CN-MPS", "TH-CCIB", "LA-MPS"]
BANKS = {"CN-MPS": "CN-ICBC", "TH-CCIB": "TH-KBANK", "LA-MPS": "LA-BCEL"}  # by police
VIEWERS = [*AGENCIES, *BANKS.values()]
ANY_TYPE = tuple(RecordType)


@dataclass(frozen=True)
class Canary:
    text: str
    owner: str
    marking: Marking
    record_types: tuple[RecordType, ...]  # readable through any of these
    owner_only: bool = False  # appeals: their entry's owner alone
    kind: str = ""  # an identifier's kind; "report" for a report id
    also: tuple[tuple[str, Marking], ...] = ()  # other records holding it (owner, marking)
    case_id: str | None = None  # a case's: joint-case agreements on it count
    addressee: str | None = None  # a request's: the agency it is addressed to


@dataclass
class Sweep:
    store: Store
    client: TestClient
    keys: dict[tuple[str, ApiRole], str]
    canaries: list[Canary] = field(default_factory=list)
    entry_ids: list[int] = field(default_factory=list)
    case_ids: list[str] = field(default_factory=list)
    victim_ids: list[str] = field(default_factory=list)
    request_ids: list[str] = field(default_factory=list)  # freeze and takedown
    suspect_ids: list[str] = field(default_factory=list)


def _tag(agency: str, marking: Marking) -> str:
    """Unique per agency and marking; no canary text is part of another."""
    return f"{agency[:2].lower()}{marking.rank}"


def _phone(agency: str, marking: Marking) -> str:
    return f"+8562099{AGENCIES.index(agency)}{marking.rank:04d}"


def _report(agency: str, marking: Marking, previous: str) -> dict[str, str]:
    """A report whose every value is a canary of (agency, marking), and the phone of the
    report before it: a chain that makes one network of all the reports."""
    tag = _tag(agency, marking)
    return {"report_id": f"rpt-{tag}-id", "marking": marking.value, "scam_type": "investment",
            "reported_at": "2025-06-01T00:00:00Z",
            "narrative": f"narr-{tag}-text met them online",
            "phones": f"{_phone(agency, marking)};{previous}",
            "urls": f"https://site-{tag}-web.top/pay",
            "persons": f"Suspect Canary{tag.upper()}|1990-01-0{marking.rank + 1}|LA|"
                       f"DOC{tag.upper()}"}


def _world(root: Path) -> Sweep:
    settings = Settings(data_dir=root, database_url=f"sqlite:///{root}/sweep.db")
    store = open_store(settings)
    for code in AGENCIES:
        access.add_agency(store, code=code, country=code[:2], name=code)
    for code in BANKS.values():
        access.add_agency(store, code=code, country=code[:2], name=code, kind="bank")
    client = TestClient(create_app(settings))
    client.__enter__()  # runs the app's lifespan; left in the fixture's teardown
    sweep = Sweep(store=store, client=client,
                  keys={(a, r): access.create_key(store, agency=a, role=r).secret
                        for a in VIEWERS for r in ApiRole})
    chain = [(a, m) for a in AGENCIES for m in Marking]
    for i, (agency, marking) in enumerate(chain):
        row = _report(agency, marking, _phone(*chain[i - 1]))
        assert ingest.ingest_records(store, [(1, row)], agency=agency).rejected == 0
        texts = {"report": row["report_id"], "": row["narrative"].split()[0],
                 "domain": row["urls"].split("/")[2],
                 "person": row["persons"].split("|")[0].lower(),
                 "document": row["persons"].split("|")[3]}
        sweep.canaries += [Canary(t, agency, marking, ANY_TYPE, kind=k)
                           for k, t in texts.items()]
        sweep.canaries.append(Canary(_phone(agency, marking), agency, marking, ANY_TYPE,
                                     kind="phone", also=(chain[(i + 1) % len(chain)],)))
    for grantor, grantee, markings, types in [
            ("CN-MPS", "TH-CCIB", ["green", "amber"], ["all"]),
            ("TH-CCIB", "LA-MPS", ["green"], ["network", "report"]),
            ("LA-MPS", "CN-MPS", ["amber+strict", "green"], ["report"])]:
        agreements.add_agreement(store, grantor=grantor, grantee=grantee, markings=markings,
                                 record_types=types, purpose="joint case", legal_basis="mlat")
    _blocklist(sweep)
    _cases(sweep)
    networks.build(store)
    return sweep


SHARED_PHONE = "+8562097999999"  # held by every case: each is linked to all the others


def _cases(sweep: Sweep) -> None:
    """One case per agency and marking, with a canary title, phone and note, linking the
    report of its agency and marking; every case holds one shared phone too, so each is
    linked to every other. CN invites LA into its AMBER case (a joint case)."""
    for agency in AGENCIES:
        for marking in Marking:
            tag = _tag(agency, marking)
            phone = f"+8562098{AGENCIES.index(agency)}{marking.rank:04d}"
            viewer = Viewer(agency, ApiRole.ANALYST)
            case_id = cases.open_case(
                sweep.store, agency=agency, scam_type="investment", title=f"case-{tag}-title",
                tlp=marking.value, identifiers=[f"phone:{phone}", f"phone:{SHARED_PHONE}"],
                viewer=viewer).case.id
            cases.add_note(sweep.store, viewer, case_id, f"note-{tag}-text")
            cases.link_report(sweep.store, viewer, case_id, agency, f"rpt-{tag}-id")
            sweep.case_ids.append(case_id)
            sweep.canaries += [Canary(text, agency, marking, (RecordType.CASE,), kind=kind,
                                      case_id=case_id)
                               for text, kind in ((f"case-{tag}-title", ""),
                                                  (f"note-{tag}-text", ""), (phone, "phone"))]
            if (agency, marking) == ("CN-MPS", Marking.AMBER):
                case_links.invite(sweep.store, viewer, case_id, agency="LA-MPS",
                                  purpose="joint case")
            _victims_and_freezes(sweep, viewer, case_id, marking)
            _takedown_and_suspect(sweep, viewer, case_id, marking)


def _victims_and_freezes(sweep: Sweep, viewer: Viewer, case_id: str,
                         marking: Marking) -> None:
    """Two victims of the case, one left TLP:RED and one re-marked with the case's
    marking, each with a canary family contact and place; and a freeze request with the
    case's marking, to a bank not registered here, naming a canary account."""
    agency, tag = viewer.agency or "", _tag(viewer.agency or "", marking)
    for suffix, marked in (("r", Marking.RED), ("m", marking)):
        victim_id = f"V-{tag}-{suffix}"
        victims.add_victim(sweep.store, viewer, case_id=case_id, victim_id=victim_id,
                           kind="held_for_ransom", nationality=agency[:2],
                           officer="Officer Canary", family_contact=f"fam-{tag}{suffix}-kin",
                           location=Location("MM", place=f"camp-{tag}{suffix}-site"))
        if marked is not Marking.RED:
            victims.remark(sweep.store, viewer, victim_id, marked.value)
        sweep.victim_ids.append(victim_id)
        sweep.canaries += [Canary(text, agency, marked, (RecordType.VICTIM,), case_id=case_id)
                           for text in (f"fam-{tag}{suffix}-kin", f"camp-{tag}{suffix}-site")]
    account = f"99{AGENCIES.index(agency)}{marking.rank}77665544"
    made = freeze.request_freeze(sweep.store, viewer, case_id=case_id, ask=freeze.Ask(
        (normalize("bank_account", account),), addressee=f"bank-{tag}-name"))
    sweep.request_ids.append(made.request.id)
    sweep.canaries += [Canary(text, agency, marking, (RecordType.FREEZE_REQUEST,),
                              case_id=case_id) for text in (account, f"bank-{tag}-name")]
    if marking is Marking.RED:
        return  # a RED request could never reach a bank registered here: refused
    domestic = f"88{AGENCIES.index(agency)}{marking.rank}11223344"  # to a bank registered here
    to_bank = freeze.request_freeze(sweep.store, viewer, case_id=case_id, ask=freeze.ask_of(
        [("bank_account", domestic, None)], institution=BANKS[agency]))
    sweep.request_ids.append(to_bank.request.id)
    sweep.canaries.append(Canary(domestic, agency, marking, (RecordType.FREEZE_REQUEST,),
                                 case_id=case_id, addressee=BANKS[agency]))


def _takedown_and_suspect(sweep: Sweep, viewer: Viewer, case_id: str,
                          marking: Marking) -> None:
    """A takedown request of a canary domain to a canary registrar, and a suspect with a
    canary name."""
    agency, tag = viewer.agency or "", _tag(viewer.agency or "", marking)
    sent = takedowns.request_takedown(sweep.store, viewer, case_id, "domain",
                                      f"td-{tag}-dom.top", addressee=f"registrar-{tag}-desk")
    suspect = suspects.add_suspect(sweep.store, viewer, case_id, name=f"Wanted Susp{tag}x")
    sweep.request_ids.append(sent.id)
    sweep.suspect_ids.append(suspect.id)
    sweep.canaries += [
        *(Canary(text, agency, marking, (RecordType.TAKEDOWN_REQUEST,), case_id=case_id)
          for text in (f"td-{tag}-dom.top", f"registrar-{tag}-desk")),
        Canary(f"susp{tag}x", agency, marking, (RecordType.SUSPECT,), case_id=case_id)]


def _blocklist(sweep: Sweep) -> None:
    """One entry per agency and marking, each appealed by its owner's operator key."""
    for agency in AGENCIES:
        for marking in Marking:
            tag = _tag(agency, marking)
            domain = f"blk-{tag}-dom.top"
            added = sweep.client.post("/v1/blocklist", headers=_h(sweep, agency, ApiRole.ANALYST),
                                      json={"kind": "domain", "value": domain,
                                            "reason": f"why-{tag}-listed",
                                            "marking": marking.value})
            assert added.status_code == 201, added.text
            appealed = sweep.client.post(
                "/v1/appeals", headers=_h(sweep, agency, ApiRole.OPERATOR),
                json={"entry_id": added.json()["id"], "contact": f"who-{tag}-appeals@ex.org",
                      "statement": f"says-{tag}-statement"})
            assert appealed.status_code == 201, appealed.text
            entry = (RecordType.BLOCKLIST_ENTRY,)
            sweep.canaries += [
                Canary(domain, agency, marking, entry, kind="domain"),
                Canary(f"why-{tag}-listed", agency, marking, entry),
                Canary(f"who-{tag}-appeals", agency, marking, (), owner_only=True),
                Canary(f"says-{tag}-statement", agency, marking, (), owner_only=True)]
            sweep.entry_ids.append(added.json()["id"])


def _h(sweep: Sweep, agency: str, role: ApiRole) -> dict[str, str]:
    return {"X-API-Key": sweep.keys[(agency, role)]}


def _allowed(canary: Canary, viewer: Viewer, granted: list[Any], now: datetime) -> bool:
    if canary.owner_only:
        return viewer.agency == canary.owner
    return any(can_see(viewer, owner=owner, marking=marking, record_type=t,
                       agreements=granted, at=now, case_id=canary.case_id,
                       addressee=canary.addressee)
               for owner, marking in ((canary.owner, canary.marking), *canary.also)
               for t in canary.record_types)


def _pools(sweep: Sweep) -> dict[str, list[dict[str, str]]]:
    """Every value each path parameter takes in the sweep."""
    network_ids = {n.id for n in networks.networks(sweep.store, Viewer(None))}
    for agency in AGENCIES:
        network_ids |= {n.id for n in networks.networks(sweep.store, Viewer(agency))}
    identifiers = [{"kind": c.kind, "value": c.text} for c in sweep.canaries
                   if c.kind in {"phone", "domain"}]
    return {
        "network_id": [{"network_id": i} for i in sorted(network_ids)],
        "kind,value": identifiers,
        "agency,report_id": [{"agency": c.owner, "report_id": c.text} for c in sweep.canaries
                             if c.kind == "report"],
        "entry_id": [{"entry_id": str(i)} for i in sweep.entry_ids],
        "case_id": [{"case_id": i} for i in sweep.case_ids],
        "victim_id": [{"victim_id": i} for i in sweep.victim_ids],
        "request_id": [{"request_id": i} for i in sweep.request_ids],
        "suspect_id": [{"suspect_id": i} for i in sweep.suspect_ids],
    }


QUERIES = {  # the query variants worth sweeping, by path
    "/v1/blocklist/feed": [{"format": f.value} for f in FeedFormat],
    "/v1/networks/{network_id}": [{"format": "json"}, {"format": "markdown"}],
    "/v1/blocklist": [{"limit": "10000", "status": s} for s in ("active", "delisted")],
    "/v1/reports": [{"limit": "1000"}],
    "/v1/cases": [{"limit": "1000"}],
    "/v1/victims": [{"limit": "1000"}],
    "/v1/freeze": [{"limit": "1000"}],
    "/v1/freeze/feed": [{"format": "csv"}, {"format": "json"}],
    "/v1/freeze/queue": [{"limit": "1000"}],
    "/v1/takedowns": [{"limit": "1000"}],
    "/v1/takedowns/{request_id}/abuse-report": [{"format": "text"}, {"format": "json"}],
    "/v1/suspects": [{"limit": "1000"}],
    "/v1/networks": [{"min_size": "1"}],
    "/v1/networks/expand/{kind}/{value}": [{"hops": "4"}],
    "/v1/federation/pull": [{"cursor": "", "limit": "500", "nonce": "sweep-nonce-0123456789"}],
}


def _get_operations(sweep: Sweep) -> Iterator[tuple[str, dict[str, str]]]:
    """(url, query) of every GET operation, each path parameter from its pool."""
    pools = _pools(sweep)
    for path, operations in sweep.client.get("/openapi.json").json()["paths"].items():
        if "get" not in operations:
            continue
        names = ",".join(re.findall(r"{(\w+)(?::path)?}", path))
        if names and names not in pools:
            pytest.fail(f"the leak sweep does not know how to fill {path}: add a pool")
        for params in pools.get(names, [{}]):
            url = path
            for name, value in params.items():
                url = re.sub(r"{" + name + r"(?::path)?}", value, url)
            for query in QUERIES.get(path, [{}]):
                yield url, query


def _hidden(sweep: Sweep, viewer: Viewer) -> list[str]:
    """The canaries ``viewer`` may not see, lower-cased."""
    granted = agreements.list_agreements(sweep.store)
    now = datetime.now(UTC)
    return [c.text.lower() for c in sweep.canaries if not _allowed(c, viewer, granted, now)]


def _leaks(hidden: list[str], sent: str, body: str) -> list[str]:
    lowered, asked = body.lower(), sent.lower()
    return [c for c in hidden if c in lowered and c not in asked]


@pytest.fixture(scope="module")
def sweep(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sweep]:
    world = _world(tmp_path_factory.mktemp("sweep"))
    yield world
    world.client.__exit__(None, None, None)
    world.store.close()


# every role of every police agency; a bank's analyst key (what a bank reads does not
# depend on the role of its key: the addressee rule)
CALLERS = [*((a, r) for a in AGENCIES for r in ApiRole),
           *((b, ApiRole.ANALYST) for b in BANKS.values())]


@pytest.mark.parametrize(("agency", "role"), CALLERS,
                         ids=[f"{a}-{r.value}" for a, r in CALLERS])
def test_no_route_shows_a_canary_the_caller_may_not_see(sweep: Sweep, agency: str,
                                                        role: ApiRole) -> None:
    headers, hidden = _h(sweep, agency, role), _hidden(sweep, Viewer(agency, role))
    found: list[str] = []
    for url, query in _get_operations(sweep):
        response = sweep.client.get(url, params=query, headers=headers)
        assert response.status_code < 500, (url, response.text)
        assert response.status_code != 422, f"the sweep calls {url} wrongly: {response.text}"
        found += [f"GET {url} {query}: {c}" for c in _leaks(hidden, url, response.text)]
    for canary in sweep.canaries:
        item = ({"caller": canary.text} if canary.kind == "phone"
                else {"text": f"visit {canary.text} now"})
        body = {"kind": "call" if "caller" in item else "message", "items": [item]}
        response = sweep.client.post("/v1/screen", json=body, headers=headers)
        assert response.status_code < 500, response.text
        found += [f"screen {canary.text}: {c}"
                  for c in _leaks(hidden, json.dumps(body), response.text)]
    assert not found, "\n".join(found[:30])


@pytest.mark.parametrize("agency", AGENCIES)
def test_no_export_for_an_agency_holds_a_canary_it_may_not_see(
        sweep: Sweep, agency: str, tmp_path: Path) -> None:
    viewer = Viewer(agency, ApiRole.ANALYST)
    hidden, found = _hidden(sweep, viewer), []
    bundle = json.dumps(stix.export_bundle(sweep.store, for_agency=agency))
    found += [f"stix: {c}" for c in _leaks(hidden, "", bundle)]
    targets = [n.id for n in networks.networks(sweep.store, viewer)]
    granted = agreements.list_agreements(sweep.store)
    targets += [f"{c.owner}/{c.text}" for c in sweep.canaries
                if c.kind == "report" and _allowed(c, viewer, granted, datetime.now(UTC))]
    for target in targets:
        out = tmp_path / f"{target.replace('/', '_')}.zip"
        evidence.export_evidence(sweep.store, target, out, viewer=viewer)
        with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as package:
            text = "".join(package.read(n).decode(errors="replace")
                           for n in package.namelist())
        found += [f"evidence {target}: {c}" for c in _leaks(hidden, target, text)]
    assert not found, "\n".join(found[:30])
