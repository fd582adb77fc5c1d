"""Federation between two instances in one process: the partner (CN) is its real FastAPI
app on its own SQLite file, reached through an httpx client over ASGI; the subscriber
(TH) runs on each backend. Real signatures, real databases, the real pull protocol."""

from __future__ import annotations

import json
import socket
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, update

from counterfraud.api import create_app
from counterfraud.domain import Agency, ApiRole, Viewer
from counterfraud.errors import Conflict, InvalidInput, NotFound
from counterfraud.services import access, agreements, audit, federation, ingest, reports
from counterfraud.services.instance_key import public_key, signing_key
from counterfraud.services.store import Store, open_store
from counterfraud.settings import Settings
from counterfraud.sharing.federation import open_envelope
from counterfraud.sharing.signing import canonical_json, sign
from counterfraud.store.agencies import ensure_agency
from counterfraud.store.partners import mirrored_agreements, set_cursor
from counterfraud.store.tables import PartnerRow, ReportRow

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*httpx2")
    from fastapi.testclient import TestClient

CN, TH, LA = "CN-MPS", "TH-CCIB", "LA-MPS"
MARKINGS = ("TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED")
PER_MARKING = 3
URL = "http://testserver"  # the TestClient's base URL
NONCE = "a-nonce-chosen-by-the-test"


def report_ids(*markings: str) -> set[str]:
    return {f"CN-{m.split(':')[1]}-{i}" for m in markings for i in range(PER_MARKING)}


@dataclass
class Partner:
    settings: Settings
    keys: dict[str, str]  # "TH-CCIB:analyst" -> secret
    http: TestClient

    def store(self) -> Store:
        return open_store(self.settings)


def cn_rows() -> list[tuple[int, dict[str, Any]]]:
    rows = []
    for m, marking in enumerate(MARKINGS):
        for i in range(PER_MARKING):
            rows.append((len(rows) + 1, {
                "report_id": f"CN-{marking.split(':')[1]}-{i}", "marking": marking,
                "scam_type": "investment", "reported_at": f"2025-03-0{i + 1}T10:00:00+08:00",
                "phones": f"+86 138 00{m}{i} 8000", "narrative": f"report {i} ({marking})"}))
    return rows


@pytest.fixture
def cn(tmp_path: Path) -> Iterator[Partner]:
    """The CN instance: its home agency, TH and LA as partner agencies with keys, CN's
    reports of every marking, and agreements CN->TH GREEN+AMBER, CN->LA GREEN."""
    folder = tmp_path / "cn"
    settings = Settings(data_dir=folder, database_url=f"sqlite:///{folder}/cn.db")
    store = open_store(settings)
    access.add_agency(store, code=CN, country="CN", name="Ministry of Public Security")
    with store.transaction() as session:
        ensure_agency(session, Agency(TH, "TH", "Cyber Crime Investigation Bureau"),
                      home=False)
        ensure_agency(session, Agency(LA, "LA", "Ministry of Public Security"), home=False)
    for grantee, markings in ((TH, ["TLP:GREEN", "TLP:AMBER"]), (LA, ["TLP:GREEN"])):
        agreements.add_agreement(store, grantor=CN, grantee=grantee, markings=markings,
                                 record_types=["all"], purpose="fraud investigations",
                                 legal_basis="bilateral_mou", reference=f"CN-{grantee} MoU")
    keys = {f"{a}:{r.value}": access.create_key(store, agency=a, role=r).secret
            for a in (TH, LA) for r in (ApiRole.ANALYST, ApiRole.OPERATOR)}
    result = ingest.ingest_records(store, cn_rows(), agency=CN)
    assert result.accepted == len(MARKINGS) * PER_MARKING, result.errors
    store.close()
    with TestClient(create_app(settings), base_url=URL) as http:
        yield Partner(settings=settings, keys=keys, http=http)


@pytest.fixture
def th(backend_settings: Settings) -> Iterator[Store]:
    """The TH instance (on each backend), with its one home agency."""
    store = open_store(backend_settings)
    access.add_agency(store, code=TH, country="TH", name="Cyber Crime Investigation Bureau")
    yield store
    store.close()


def subscribe(th: Store, cn: Partner, *, key: str = f"{TH}:analyst", agency: str = TH,
              name: str = "CN", public: str | None = None, url: str = URL) -> None:
    federation.add_partner(th, name=name, url=url, api_key=cn.keys[key],
                           public_key=public or public_key(cn.settings), agency=agency)


def sync(th: Store, cn: Partner, **options: Any) -> federation.SyncResult:
    return federation.sync_partner(th, "CN", client=cn.http, **options)


def seen(store: Store, agency: str | None) -> set[str]:
    total, found = reports.list_reports(store, Viewer(agency, ApiRole.ANALYST), limit=1000)
    assert total == len(found)
    return {r.report_id for r in found}


def stored_reports(store: Store) -> int:
    with store.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(ReportRow)) or 0)


def test_sync_brings_exactly_what_the_agreement_allows(th: Store, cn: Partner) -> None:
    subscribe(th, cn)
    result = sync(th, cn)
    assert result.pages >= 1 and result.objects > 0
    allowed = report_ids("TLP:CLEAR", "TLP:GREEN", "TLP:AMBER")
    assert seen(th, TH) == allowed
    assert seen(th, None) == allowed  # nothing more was sent: no AMBER+STRICT, no RED
    assert stored_reports(th) == len(allowed)
    with th.transaction() as session:
        mirrored = mirrored_agreements(session, "CN")
    assert [(a.grantor, a.grantee, sorted(a.markings)) for a in mirrored] == [
        (CN, TH, ["TLP:AMBER", "TLP:GREEN"])]
    [partner] = federation.list_partners(th)
    assert (partner.failures, partner.last_error, partner.next_attempt_at) == (0, "", None)
    assert partner.cursor == result.cursor and partner.last_success_at is not None


def test_both_trails_name_the_same_signed_envelopes(th: Store, cn: Partner) -> None:
    subscribe(th, cn)
    sync(th, cn, page_size=4)
    cn_store = cn.store()
    try:
        exported = [e for e in audit.entries(cn_store) if e.action == "export"]
        assert audit.verify(cn_store).intact
    finally:
        cn_store.close()
    imported = [e for e in audit.entries(th) if e.action == "import"]
    assert audit.verify(th).intact
    assert len(imported) == len(exported) >= 3  # 9 reports, 4 a page
    sent = [json.loads(e.detail)["envelope_sha256"] for e in exported]
    received = [json.loads(e.detail)["envelope_sha256"] for e in imported]
    assert sent == received
    assert all(e.actor.startswith(f"{TH}:cf_") and "pull" in e.path for e in exported)
    assert {json.loads(e.detail)["partner"] for e in imported} == {"CN"}
    assert all(json.loads(e.records) for e in imported)


def test_syncing_again_or_from_the_start_duplicates_nothing(th: Store, cn: Partner) -> None:
    subscribe(th, cn)
    sync(th, cn, page_size=2)
    before = (seen(th, TH), stored_reports(th))
    again = sync(th, cn, page_size=2)
    assert (seen(th, TH), stored_reports(th)) == before
    assert again.agreements_changed is False
    with th.transaction() as session:  # a client killed before it stored its cursor
        set_cursor(session, "CN", "")
    sync(th, cn, page_size=2)
    assert (seen(th, TH), stored_reports(th)) == before


def test_a_sync_stopped_after_one_page_resumes_from_its_cursor(th: Store, cn: Partner) -> None:
    subscribe(th, cn)
    first = sync(th, cn, page_size=2, max_pages=1)
    assert first.pages == 1
    assert 0 < stored_reports(th) < 9
    assert federation.list_partners(th)[0].cursor == first.cursor != ""
    rest = sync(th, cn, page_size=2)
    assert rest.pages >= 2
    assert seen(th, TH) == report_ids("TLP:CLEAR", "TLP:GREEN", "TLP:AMBER")
    assert stored_reports(th) == 9


def test_the_owners_update_wins_and_a_revoked_agreement_disappears(th: Store,
                                                                   cn: Partner) -> None:
    subscribe(th, cn)
    sync(th, cn)
    cn_store = cn.store()
    try:
        row = dict(cn_rows()[PER_MARKING][1])  # CN-GREEN-0
        row["narrative"] = "updated by the owner"
        ingest.ingest_records(cn_store, [(1, row)], agency=CN)
        sync(th, cn)
        assert reports.get_report(th, CN, "CN-GREEN-0",
                                  Viewer(TH, ApiRole.ANALYST)).narrative == row["narrative"]
        [to_th] = [a for a in agreements.list_agreements(cn_store) if a.grantee == TH]
        assert to_th.id is not None
        agreements.revoke_agreement(cn_store, to_th.id)
    finally:
        cn_store.close()
    result = sync(th, cn)
    assert result.agreements_changed
    with th.transaction() as session:
        assert mirrored_agreements(session, "CN") == []
    assert seen(th, TH) == report_ids("TLP:CLEAR")  # kept, but no longer visible


def test_an_envelope_signed_by_another_key_is_refused(th: Store, cn: Partner,
                                                      tmp_path: Path) -> None:
    stranger = public_key(Settings(data_dir=tmp_path / "stranger"))
    subscribe(th, cn, public=stranger)
    before = datetime.now(UTC)
    with pytest.raises(federation.SyncFailed) as failed:
        sync(th, cn)
    assert failed.value.kind == "refused" and "signature" in str(failed.value)
    assert stored_reports(th) == 0
    [partner] = federation.list_partners(th)
    assert partner.failures == 1 and "signature" in partner.last_error
    assert partner.cursor == ""
    assert partner.next_attempt_at is not None
    assert partner.next_attempt_at >= before + timedelta(hours=1)


def test_an_envelope_for_another_agency_is_refused(th: Store, cn: Partner) -> None:
    access.add_agency(th, code=LA, country="LA", name="a second home agency")
    subscribe(th, cn, key=f"{TH}:analyst", agency=LA)  # TH's key: CN answers for TH
    with pytest.raises(federation.SyncFailed) as failed:
        sync(th, cn)
    assert failed.value.kind == "refused"
    assert "TH-CCIB" in str(failed.value)
    assert stored_reports(th) == 0


def test_the_first_page_pins_whom_a_partner_speaks_for(th: Store, cn: Partner) -> None:
    subscribe(th, cn)
    sync(th, cn)
    [partner] = federation.list_partners(th)
    assert partner.speaks_for == (CN,)


def test_a_partner_speaking_for_an_agency_not_pinned_is_refused(th: Store,
                                                                cn: Partner) -> None:
    federation.add_partner(th, name="CN", url=URL, api_key=cn.keys[f"{TH}:analyst"],
                           public_key=public_key(cn.settings), agency=TH,
                           speaks_for=["VN-MPS"])
    with pytest.raises(federation.SyncFailed) as failed:
        sync(th, cn)
    assert failed.value.kind == "refused" and "CN-MPS" in str(failed.value)
    assert stored_reports(th) == 0
    with pytest.raises(InvalidInput):  # nor may it speak for one of ours
        federation.add_partner(th, name="X", url=URL, api_key="k", agency=TH,
                               public_key=public_key(cn.settings), speaks_for=[TH])


@pytest.mark.parametrize("key", [f"{TH}:operator", "unknown"])
def test_a_refused_key_is_an_authentication_problem(th: Store, cn: Partner, key: str) -> None:
    cn.keys["unknown"] = "cf_" + "x" * 43
    subscribe(th, cn, key=key)
    with pytest.raises(federation.SyncFailed) as failed:
        sync(th, cn)
    assert failed.value.kind == "authentication"
    assert "authentication problem" in str(failed.value)
    [partner] = federation.list_partners(th)
    assert partner.next_attempt_at is not None
    assert partner.next_attempt_at - datetime.now(UTC) > timedelta(minutes=59)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_partner_that_is_down_fails_cleanly_and_backs_off(th: Store, cn: Partner) -> None:
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    subscribe(th, cn, url=url)
    before = datetime.now(UTC)
    with pytest.raises(federation.SyncFailed) as failed:
        federation.sync_partner(th, "CN")
    after = datetime.now(UTC)
    assert failed.value.kind == "unreachable"
    assert f"CN ({url})" in str(failed.value) and "\n" not in str(failed.value)
    [partner] = federation.list_partners(th)
    assert partner.failures == 1 and partner.next_attempt_at is not None
    assert before + timedelta(seconds=30) <= partner.next_attempt_at
    assert partner.next_attempt_at <= after + timedelta(seconds=30)

    assert federation.sync_due(th, at=after) == []  # not due yet: skipped
    [outcome] = federation.sync_due(th, at=after + timedelta(seconds=31))
    assert isinstance(outcome, federation.SyncFailed)
    [partner] = federation.list_partners(th)
    assert partner.failures == 2
    assert partner.next_attempt_at is not None
    assert partner.next_attempt_at - datetime.now(UTC) > timedelta(seconds=55)

    federation.remove_partner(th, "CN")  # the partner is back, at its real address
    subscribe(th, cn)
    [done] = federation.sync_due(th, client=cn.http)
    assert isinstance(done, federation.SyncResult)
    assert federation.list_partners(th)[0].failures == 0


def test_the_pull_route_needs_a_partner_analyst_and_the_key_route_nothing(
        cn: Partner) -> None:
    assert cn.http.get("/v1/federation/pull").status_code == 401
    operator = {"X-API-Key": cn.keys[f"{TH}:operator"]}
    assert cn.http.get("/v1/federation/pull", headers=operator).status_code == 403
    analyst = {"X-API-Key": cn.keys[f"{LA}:analyst"]}
    assert cn.http.get("/v1/federation/pull", headers=analyst,
                       params={"limit": 0, "nonce": NONCE}).status_code == 422
    for nonce in (None, "short", "x" * 129, "not/a-nonce-at-all"):  # one is required
        refused = cn.http.get("/v1/federation/pull", headers=analyst,
                              params={"nonce": nonce} if nonce else {})
        assert refused.status_code == 422
        assert ["query", "nonce"] in [e["loc"] for e in refused.json()["detail"]]
    page = cn.http.get("/v1/federation/pull", headers=analyst, params={"nonce": NONCE}).json()
    assert page["for_agency"] == LA and page["cursor"] == "" and page["nonce"] == NONCE
    assert page["requester"] == f"{LA}:{cn.keys[f'{LA}:analyst'][:11]}"
    identity = cn.http.get("/v1/federation/public-key").json()
    assert identity["public_key"] == public_key(cn.settings)
    assert len(identity["fingerprint"]) == 16


@pytest.mark.parametrize(("changes", "field"), [
    ({"name": "bad name!"}, "name"),
    ({"url": "ftp://cn.example"}, "url"),
    ({"url": "not a url"}, "url"),
    ({"api_key": "two words"}, "api_key"),
    ({"public_key": "abc"}, "public_key"),
    ({"agency": "LA-MPS"}, "agency"),  # not an agency of this instance
    ({"agency": "nonsense"}, "agency"),
], ids=lambda v: v if isinstance(v, str) else None)
def test_a_bad_partner_is_refused_naming_the_field(th: Store, tmp_path: Path,
                                                   changes: dict[str, str], field: str) -> None:
    options = {"name": "CN", "url": "https://cn.example", "api_key": "cf_secret",
               "public_key": public_key(Settings(data_dir=tmp_path)), "agency": TH}
    with pytest.raises(InvalidInput) as refused:
        federation.add_partner(th, **{**options, **changes})
    assert refused.value.field == field
    assert federation.list_partners(th) == []


def test_partners_are_added_listed_and_removed(th: Store, tmp_path: Path) -> None:
    key = public_key(Settings(data_dir=tmp_path))
    added = federation.add_partner(th, name="CN", url="https://cn.example/", api_key="cf_secret1",
                                   public_key=key, agency="th-ccib")
    assert (added.url, added.subscriber, added.api_key_hint) == (
        "https://cn.example", TH, "cf_secret1…")
    with pytest.raises(Conflict):
        federation.add_partner(th, name="CN", url="https://cn.example", api_key="k",
                               public_key=key, agency=TH)
    assert [p.name for p in federation.list_partners(th)] == ["CN"]
    federation.remove_partner(th, "CN")
    assert federation.list_partners(th) == []
    with pytest.raises(NotFound):
        federation.remove_partner(th, "CN")


def test_pull_over_a_real_client_matches_the_service(cn: Partner) -> None:
    """The route returns the service's bytes unchanged: signatures survive the wire."""
    key = cn.keys[f"{TH}:analyst"]
    response = cn.http.get("/v1/federation/pull", params={"limit": 3, "nonce": NONCE},
                           headers={"X-API-Key": key})
    assert response.headers["content-type"].startswith("application/json")
    envelope = open_envelope(response.json(), public_key=public_key(cn.settings),
                             for_agency=TH, requester=federation.requester(TH, key),
                             cursor="", nonce=NONCE, received_at=datetime.now(UTC))
    assert len(envelope.bundle["objects"]) > 0


class Wiretap(httpx.BaseTransport):
    """Someone on the wire between TH and CN: passes each pull on and records CN's answer
    by cursor; told to replay, answers with the page recorded for the cursor asked."""

    def __init__(self, cn: Partner) -> None:
        self.cn = cn
        self.recorded: dict[str, bytes] = {}
        self.replaying = False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        cursor = request.url.params.get("cursor", "")
        if not (self.replaying and cursor in self.recorded):
            answer = self.cn.http.get(request.url.path, params=request.url.params,
                                      headers={"X-API-Key": request.headers["X-API-Key"]})
            assert answer.status_code == 200, answer.text
            self.recorded[cursor] = answer.content
        return httpx.Response(200, content=self.recorded[cursor],
                              headers={"content-type": "application/json"})


class Resigner(httpx.BaseTransport):
    """CN signing, with its own key, a page that does not answer the request: its real
    page with ``changes`` (another request's nonce or key, a clock far off)."""

    def __init__(self, cn: Partner, changes: dict[str, Any]) -> None:
        self.cn, self.changes = cn, changes

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        answer = self.cn.http.get(request.url.path, params=request.url.params,
                                  headers={"X-API-Key": request.headers["X-API-Key"]})
        unsigned = {k: v for k, v in answer.json().items() if k != "signature"}
        unsigned |= self.changes
        signature = sign(signing_key(self.cn.settings), canonical_json(unsigned))
        return httpx.Response(200, json=unsigned | {"signature": signature})


def test_a_page_replayed_after_the_owner_revoked_is_refused(th: Store, cn: Partner) -> None:
    subscribe(th, cn)
    tap = Wiretap(cn)
    with httpx.Client(transport=tap) as wire:
        federation.sync_partner(th, "CN", client=wire, page_size=4)
        federation.sync_partner(th, "CN", client=wire)  # records the page at the last cursor
        cn_store = cn.store()
        try:
            [to_th] = [a for a in agreements.list_agreements(cn_store) if a.grantee == TH]
            assert to_th.id is not None
            agreements.revoke_agreement(cn_store, to_th.id)
        finally:
            cn_store.close()
        tap.replaying = True  # the old page, still carrying the revoked agreement
        for _ in range(3):
            with pytest.raises(federation.SyncFailed) as failed:
                federation.sync_partner(th, "CN", client=wire)
            assert failed.value.kind == "refused"
            assert "nonce" in str(failed.value) and "replayed" in str(failed.value)
        [partner] = federation.list_partners(th)
        assert partner.failures == 3 and "replayed" in partner.last_error
        tap.replaying = False
        assert federation.sync_partner(th, "CN", client=wire).agreements_changed
    with th.transaction() as session:
        assert mirrored_agreements(session, "CN") == []
    assert seen(th, TH) == report_ids("TLP:CLEAR")


def _shifted(delta: timedelta) -> dict[str, str]:
    issued = datetime.now(UTC) + delta
    return {"issued_at": issued.isoformat(),
            "expires_at": (issued + timedelta(minutes=5)).isoformat()}


@pytest.mark.parametrize(("changes", "words"), [
    ({"nonce": "the-nonce-of-another-request"}, "nonce"),
    ({"requester": f"{TH}:cf_SomeoneEl"}, "another key"),
    (_shifted(timedelta(hours=-1)), "expired"),  # captured an hour ago, or a slow clock
    (_shifted(timedelta(hours=1)), "clocks"),
], ids=["another-nonce", "another-requester", "an-hour-old", "an-hour-ahead"])
def test_a_signed_page_that_does_not_answer_this_request_now_is_refused(
        th: Store, cn: Partner, changes: dict[str, Any], words: str) -> None:
    subscribe(th, cn)
    with httpx.Client(transport=Resigner(cn, changes)) as wire, \
            pytest.raises(federation.SyncFailed) as failed:
        federation.sync_partner(th, "CN", client=wire)
    assert failed.value.kind == "refused" and words in str(failed.value)
    assert stored_reports(th) == 0
    [partner] = federation.list_partners(th)
    assert partner.cursor == "" and words in partner.last_error


def stored_api_key(store: Store, name: str = "CN") -> str:
    with store.transaction() as session:
        return str(session.scalar(select(PartnerRow.api_key).where(PartnerRow.name == name)))


def with_secret(store: Store, secret: str) -> Store:
    """The same database opened by an instance whose COUNTERFRAUD_SECRET_KEY differs."""
    return open_store(store.settings.model_copy(update={"secret_key": secret}))


def test_the_partners_api_key_is_stored_encrypted(th: Store, cn: Partner) -> None:
    subscribe(th, cn)
    secret = cn.keys[f"{TH}:analyst"]
    raw = stored_api_key(th)
    assert secret not in raw and secret[11:19] not in raw
    assert federation.list_partners(th)[0].api_key_hint == secret[:11] + "…"
    assert sync(th, cn).objects > 0  # and it is still the key sent


def test_a_plain_key_of_an_earlier_version_is_encrypted_on_first_use(th: Store,
                                                                     cn: Partner) -> None:
    subscribe(th, cn)
    secret = cn.keys[f"{TH}:analyst"]
    with th.transaction() as session:
        session.execute(update(PartnerRow).values(api_key=secret))
    assert federation.list_partners(th)[0].api_key_hint == secret[:11] + "…"
    assert secret not in stored_api_key(th)
    assert sync(th, cn).objects > 0


def test_a_key_stored_under_another_secret_fails_naming_the_partner(th: Store,
                                                                    cn: Partner) -> None:
    subscribe(th, cn)
    other = with_secret(th, "an entirely different secret of this instance")
    try:
        with pytest.raises(federation.SyncFailed) as failed:
            federation.sync_partner(other, "CN", client=cn.http)
        [due] = federation.sync_due(other, client=cn.http, at=datetime.now(UTC) + timedelta(
            hours=2))
    finally:
        other.close()
    assert failed.value.kind == "secret"
    assert "CN" in str(failed.value) and "COUNTERFRAUD_SECRET_KEY" in str(failed.value)
    assert isinstance(due, federation.SyncFailed) and due.kind == "secret"
    [partner] = federation.list_partners(th)
    assert "COUNTERFRAUD_SECRET_KEY" in partner.last_error and partner.failures == 2
    assert stored_reports(th) == 0
    assert sync(th, cn).objects > 0  # the right secret still opens it


def test_an_api_key_too_long_to_store_is_refused(th: Store, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as refused:
        federation.add_partner(th, name="CN", url="https://cn.example", api_key="k" * 200,
                               public_key=public_key(Settings(data_dir=tmp_path)), agency=TH)
    assert refused.value.field == "api_key"
