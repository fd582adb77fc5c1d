"""The signed sync envelope and the retry schedule (pure)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterfraud.domain import Agency, Agreement, LegalBasis, Marking, RecordType
from counterfraud.errors import InvalidInput
from counterfraud.sharing.federation import (
    CLOCK_SKEW,
    FORMAT,
    MAX_PAGE_LIFETIME,
    PAGE_LIFETIME,
    EnvelopeRefused,
    Partner,
    agreement_from_dict,
    check_public_key,
    open_envelope,
    retry_delay,
    seal_envelope,
)
from counterfraud.sharing.signing import (
    SignatureInvalid,
    canonical_json,
    fingerprint,
    load_private_key,
    new_private_key_pem,
    public_key_text,
    sign,
)

KEY = load_private_key(new_private_key_pem())
PUBLIC = public_key_text(KEY)
OTHER = public_key_text(load_private_key(new_private_key_pem()))
CN = Agency("CN-MPS", "CN", "Ministry of Public Security")
T0 = datetime(2025, 1, 1, tzinfo=UTC)
AGREEMENT = Agreement(
    grantor="CN-MPS", grantee="TH-CCIB", markings=frozenset({Marking.GREEN, Marking.AMBER}),
    record_types=frozenset(RecordType), purpose="joint investigation",
    legal_basis=LegalBasis.BILATERAL_MOU, valid_from=T0, valid_to=T0 + timedelta(days=365),
    reference="CN-TH MoU 2025", id=7)
BUNDLE = {"type": "bundle", "id": "bundle--6f1c1b1e-8f0e-4d3a-9a53-1d2f0c8b1a11",
          "objects": [{"type": "identity", "id": "identity--1", "name": "CN-MPS"}]}


NONCE = "n0nce-chosen-by-the-subscriber"
REQUESTER = "TH-CCIB:cf_AbCdEfGh"


def sealed(**changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {"for_agency": "TH-CCIB", "requester": REQUESTER,
                              "nonce": NONCE, "cursor": "c1", "next_cursor": "c2",
                              "has_more": True, "issued_at": T0, "agencies": [CN],
                              "agreements": [AGREEMENT], "bundle": BUNDLE}
    return seal_envelope(KEY, **{**fields, **changes})


def resigned(document: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """``document`` changed and signed again with the right key: a partner that signs
    nonsense, which the checks after the signature must catch."""
    unsigned = {k: v for k, v in document.items() if k != "signature"} | changes
    return unsigned | {"signature": sign(KEY, canonical_json(unsigned))}


def opened(document: Any, *, nonce: str = NONCE, requester: str = REQUESTER,
           received_at: datetime = T0 + timedelta(seconds=2)) -> Any:
    return open_envelope(document, public_key=PUBLIC, for_agency="TH-CCIB",
                         requester=requester, cursor="c1", nonce=nonce,
                         received_at=received_at)


def test_a_sealed_envelope_opens_to_what_was_sealed() -> None:
    envelope = opened(sealed())
    assert (envelope.for_agency, envelope.cursor, envelope.next_cursor, envelope.has_more) == (
        "TH-CCIB", "c1", "c2", True)
    assert envelope.issued_at == T0 and envelope.expires_at == T0 + PAGE_LIFETIME
    assert (envelope.nonce, envelope.requester) == (NONCE, REQUESTER)
    assert envelope.agencies == (CN,)
    assert envelope.agreements == (replace(AGREEMENT, id=None),)
    assert envelope.bundle == BUNDLE
    assert envelope.signed_by == fingerprint(PUBLIC)


def test_the_envelope_survives_a_json_round_trip() -> None:
    assert opened(json.loads(json.dumps(sealed()))).bundle == BUNDLE


CHANGES: list[tuple[str, Any]] = [
    ("for_agency", "LA-MPS"), ("cursor", "c0"), ("next_cursor", ""), ("has_more", False),
    ("agreements", []), ("agencies", []), ("signed_by", "0" * 16),
    ("bundle", {**BUNDLE, "objects": []}), ("nonce", "another-nonce-of-ours"),
    ("requester", "TH-CCIB:cf_Zz"), ("issued_at", datetime.now(UTC).isoformat()),
    ("expires_at", (datetime.now(UTC) + PAGE_LIFETIME).isoformat()),
]


@pytest.mark.parametrize(("field", "value"), CHANGES, ids=[field for field, _ in CHANGES])
def test_any_change_after_signing_breaks_the_signature(field: str, value: Any) -> None:
    document = sealed()
    document[field] = value
    with pytest.raises(SignatureInvalid):
        opened(document)


@pytest.mark.parametrize("document", [
    {k: v for k, v in sealed().items() if k != "signature"},
    {**sealed(), "signature": 42},
    {**sealed(), "signature": "not base64!"},
], ids=["missing", "not-text", "not-base64"])
def test_no_usable_signature_is_refused(document: dict[str, Any]) -> None:
    with pytest.raises(SignatureInvalid):
        opened(document)


def test_an_envelope_signed_by_another_key_is_refused() -> None:
    with pytest.raises(SignatureInvalid):
        open_envelope(sealed(), public_key=OTHER, for_agency="TH-CCIB", requester=REQUESTER,
                      cursor="c1", nonce=NONCE, received_at=T0)


@pytest.mark.parametrize(("changes", "field"), [
    ({"format": "counterfraud-sync/0"}, "format"),
    ({"for_agency": "LA-MPS"}, "for_agency"),
    ({"cursor": "c0"}, "cursor"),
    ({"next_cursor": 3}, "next_cursor"),
    ({"has_more": "yes"}, "has_more"),
    ({"issued_at": "2025-01-01T00:00:00"}, "issued_at"),
    ({"expires_at": None}, "expires_at"),
    ({"nonce": 42}, "nonce"),
    ({"agencies": [{"code": "nope", "country": "CN", "name": "x"}]}, "agencies[0].code"),
    ({"agencies": "CN-MPS"}, "agencies"),
    ({"agreements": [{**AGREEMENT.as_dict(), "markings": ["TLP:BLUE"]}]}, "agreements[0]"),
    ({"agreements": [{**AGREEMENT.as_dict(), "valid_from": "yesterday"}]},
     "agreements[0].valid_from"),
    ({"agreements": [{**AGREEMENT.as_dict(), "grantor": None}]}, "agreements[0].grantor"),
    ({"agreements": ["CN-MPS"]}, "agreements[0]"),
    ({"bundle": {"type": "report"}}, "bundle"),
    ({"bundle": {"type": "bundle", "objects": {}}}, "bundle.objects"),
], ids=lambda v: v if isinstance(v, str) else None)
def test_a_signed_but_wrong_envelope_is_refused_naming_the_field(
        changes: dict[str, Any], field: str) -> None:
    with pytest.raises(EnvelopeRefused) as refused:
        opened(resigned(sealed(), **changes))
    assert refused.value.field == field


@pytest.mark.parametrize(("options", "field"), [
    ({"nonce": "the-nonce-of-our-next-request"}, "nonce"),  # a page captured earlier
    ({"requester": "TH-CCIB:cf_OtherKey"}, "requester"),  # pulled with another key
    ({"received_at": T0 + PAGE_LIFETIME + CLOCK_SKEW + timedelta(seconds=1)}, "expires_at"),
    ({"received_at": T0 + timedelta(days=400)}, "expires_at"),  # replayed a year on
    ({"received_at": T0 - CLOCK_SKEW - timedelta(seconds=1)}, "issued_at"),  # from the future
], ids=["another-nonce", "another-requester", "expired", "a-year-old", "future"])
def test_a_page_that_does_not_answer_this_request_now_is_refused(
        options: dict[str, Any], field: str) -> None:
    with pytest.raises(EnvelopeRefused) as refused:
        opened(sealed(), **options)
    assert refused.value.field == field
    assert "replay" in str(refused.value) or "clock" in str(refused.value)


@pytest.mark.parametrize("received_at", [
    T0 - CLOCK_SKEW, T0, T0 + PAGE_LIFETIME, T0 + PAGE_LIFETIME + CLOCK_SKEW,
], ids=["skew-ahead", "issued", "expiry", "skew-behind"])
def test_clocks_a_little_apart_are_tolerated(received_at: datetime) -> None:
    assert opened(sealed(), received_at=received_at).nonce == NONCE


def test_a_page_valid_for_longer_than_a_subscriber_accepts_is_refused() -> None:
    long_lived = resigned(sealed(), expires_at=(T0 + MAX_PAGE_LIFETIME
                                                + timedelta(seconds=1)).isoformat())
    with pytest.raises(EnvelopeRefused) as refused:
        opened(long_lived)
    assert refused.value.field == "expires_at"


def test_the_agreement_round_trips_through_its_dict() -> None:
    assert agreement_from_dict(AGREEMENT.as_dict()).markings == AGREEMENT.markings
    revoked = replace(AGREEMENT, revoked_at=T0 + timedelta(days=1))
    assert agreement_from_dict(revoked.as_dict()).revoked_at == T0 + timedelta(days=1)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=3),
    max_leaves=12)


@given(st.dictionaries(st.sampled_from(
    ["format", "for_agency", "requester", "nonce", "cursor", "next_cursor", "has_more",
     "issued_at", "expires_at", "agencies", "agreements", "bundle", "signed_by"]),
    json_values))
def test_any_signed_document_opens_or_is_refused_cleanly(changes: dict[str, Any]) -> None:
    try:
        opened(resigned(sealed(), **changes))
    except InvalidInput as e:
        assert e.field
        assert not isinstance(e, SignatureInvalid)


@given(json_values)
def test_any_unsigned_document_is_refused_cleanly(document: Any) -> None:
    with pytest.raises(InvalidInput):
        opened(document)


@pytest.mark.parametrize(("failures", "seconds"), [
    (0, 0), (1, 30), (2, 60), (3, 120), (4, 240), (7, 1920), (8, 3600), (9, 3600),
    (1000, 3600),
])
def test_retry_delay_doubles_from_thirty_seconds_up_to_an_hour(failures: int,
                                                               seconds: int) -> None:
    assert retry_delay(failures) == timedelta(seconds=seconds)


def test_a_public_key_must_be_a_raw_ed25519_key() -> None:
    assert check_public_key(f"  {PUBLIC}\n") == PUBLIC
    for bad in ("", "abc", PUBLIC[:-4], "é" * 44):
        with pytest.raises(InvalidInput) as refused:
            check_public_key(bad)
        assert refused.value.field == "public_key"


def test_a_partner_shows_neither_of_its_keys_in_full() -> None:
    partner = Partner(name="CN", url="https://cn.example", subscriber="TH-CCIB",
                      api_key_hint="cf_abcdefgh…", public_key=PUBLIC, cursor="", failures=2,
                      created_at=T0, last_attempt_at=T0, last_success_at=None,
                      next_attempt_at=T0 + timedelta(seconds=60), last_error="down")
    shown = partner.as_dict()
    assert shown["public_key_fingerprint"] == fingerprint(PUBLIC)
    assert PUBLIC not in str(shown)
    assert not partner.due(T0) and partner.due(T0 + timedelta(seconds=60))
    assert FORMAT == "counterfraud-sync/2"
