"""normalize: kind dispatch, errors, and the identifier contract."""

from __future__ import annotations

import pytest

from counterfraud.errors import InvalidInput
from counterfraud.identifiers import Identifier, IdentifierKind, InvalidIdentifier, normalize

ONE_PER_KIND = [
    (IdentifierKind.PHONE, "+66 81 234 5678", "+66812345678"),
    (IdentifierKind.URL, "Example.com/x", "http://example.com/x"),
    (IdentifierKind.DOMAIN, "www.example.com", "example.com"),
    (IdentifierKind.IP, "10.0.0.1", "10.0.0.1"),
    (IdentifierKind.CIDR, "10.0.0.1/8", "10.0.0.0/8"),
    (IdentifierKind.EMAIL, "A@Example.com", "a@example.com"),
    (IdentifierKind.BANK_ACCOUNT, "6222 0212 3456 7890 123", "6222021234567890123"),
    (IdentifierKind.CRYPTO_WALLET, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
     "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"),
    (IdentifierKind.HANDLE, "tg:@Crypto_King", "telegram:crypto_king"),
    (IdentifierKind.PERSON, "Zhang Wei||CN", "zhang wei|n:CN"),
]


@pytest.mark.parametrize(("kind", "raw", "value"), ONE_PER_KIND,
                         ids=[k.value for k, _, _ in ONE_PER_KIND])
def test_kind_as_enum_or_string(kind: IdentifierKind, raw: str, value: str) -> None:
    for spelled in (kind, kind.value, f" {kind.value.upper()} "):
        identifier = normalize(spelled, raw)
        assert identifier == Identifier(kind, value)
        assert identifier.kind is kind


def test_unknown_kind_is_invalid_input() -> None:
    with pytest.raises(InvalidInput) as caught:
        normalize("fax", "123")
    assert caught.value.field == "kind"


@pytest.mark.parametrize("kind", list(IdentifierKind), ids=[k.value for k in IdentifierKind])
@pytest.mark.parametrize("raw", ["", "   ", "x" * 5000], ids=["empty", "blank", "huge"])
def test_empty_or_huge_is_rejected_for_every_kind(kind: IdentifierKind, raw: str) -> None:
    with pytest.raises(InvalidIdentifier) as caught:
        normalize(kind, raw)
    assert caught.value.kind == kind.value
    assert caught.value.raw == raw


@pytest.mark.parametrize(("kind", "raw", "value"), ONE_PER_KIND,
                         ids=[k.value for k, _, _ in ONE_PER_KIND])
@pytest.mark.parametrize("where", [1, -1], ids=["inside", "at-the-end"])
def test_nul_is_rejected_for_every_kind(kind: IdentifierKind, raw: str, value: str,
                                        where: int) -> None:
    cut = where if where > 0 else len(raw)
    with pytest.raises(InvalidIdentifier) as caught:
        normalize(kind, raw[:cut] + "\x00" + raw[cut:])
    assert "NUL" in caught.value.reason


def test_error_carries_the_original_raw_even_after_deobfuscation() -> None:
    with pytest.raises(InvalidIdentifier) as caught:
        normalize("domain", "nothing[.]notatld")
    assert caught.value.raw == "nothing[.]notatld"
    assert "invalid domain" in str(caught.value)
    assert isinstance(caught.value, InvalidInput)
    assert caught.value.field == "domain"


def test_non_string_raw_is_rejected() -> None:
    with pytest.raises(InvalidIdentifier):
        normalize("phone", 66812345678)  # type: ignore[arg-type]


def test_region_is_ignored_by_kinds_that_do_not_use_it() -> None:
    assert normalize("domain", "example.com", "TH").value == "example.com"
