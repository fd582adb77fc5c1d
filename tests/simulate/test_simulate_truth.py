"""Ground truth: canonical forms, valid wallets/phones/accounts, and members that rows show.

The checks here recompute checksums and canonical forms independently of the
generator (hashlib, phonenumbers, ipaddress) so a generator bug cannot hide itself.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import unicodedata
from collections import Counter
from typing import Any

import phonenumbers
import pytest

from counterfraud.simulate import ID_COLUMNS, World, build_world

Rows = list[tuple[str, dict[str, str]]]
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
KIND_OF_COLUMN = dict(zip(ID_COLUMNS, ("phone", "url", "domain", "ip", "email", "bank_account",
                                       "crypto_wallet", "handle", "person"), strict=True))
HANDLE_ALIASES = {"tg": "telegram", "飞机": "telegram", "微信": "wechat", "vx": "wechat",
                  "wx": "wechat", "ไลน์": "line"}


def tron_ok(address: str) -> bool:
    num = 0
    for ch in address:
        num = num * 58 + B58.index(ch)
    raw = num.to_bytes(25, "big")
    check = hashlib.sha256(hashlib.sha256(raw[:21]).digest()).digest()[:4]
    return raw[0] == 0x41 and raw[21:] == check


def luhn_ok(number: str) -> bool:
    digits = [int(d) for d in reversed(number)]
    total = sum(digits[0::2]) + sum(sum(divmod(2 * d, 10)) for d in digits[1::2])
    return total % 10 == 0


def phone_ok(value: str) -> bool:
    number = phonenumbers.parse(value, None)
    return (phonenumbers.is_valid_number(number)
            and phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) == value)


def wallet_ok(value: str) -> bool:
    if value.startswith("0x"):
        return re.fullmatch(r"0x[0-9a-f]{40}", value) is not None
    return value.startswith("T") and len(value) == 34 and tron_ok(value)


def ip_ok(value: str) -> bool:
    address = ipaddress.ip_address(value)
    return address.compressed == value and address.is_global


def bank_ok(value: str) -> bool:
    return value.isdigit() and (len(value) == 10 or (16 <= len(value) <= 19 and luhn_ok(value)))


def person_ok(value: str) -> bool:
    name, *fields = value.split("|")
    if name != " ".join(name.split()) or name != unicodedata.normalize("NFKC", name).casefold():
        return False
    tags = [f[:2] for f in fields]
    return tags == sorted(tags, key="b:n:d:".index) and all(
        re.fullmatch(r"b:\d{4}-\d{2}-\d{2}|n:[A-Z]{2}|d:[A-Z0-9]+", f) for f in fields)


CANONICAL = {
    "phone": phone_ok,
    "url": lambda v: re.fullmatch(r"https?://[a-z0-9.-]+/[A-Za-z0-9/_-]+", v) is not None,
    "domain": lambda v: re.fullmatch(r"[a-z0-9-]+\.[a-z]{2,}", v) is not None,
    "ip": ip_ok,
    "email": lambda v: re.fullmatch(r"[a-z0-9_]+@[a-z0-9.-]+\.[a-z]+", v) is not None,
    "bank_account": bank_ok,
    "crypto_wallet": wallet_ok,
    "handle": lambda v: re.fullmatch(r"(telegram|wechat|line):[a-z][a-z0-9_]{5,19}", v) is not None,
    "person": person_ok,
}


def members(truth: dict[str, Any]) -> list[dict[str, str]]:
    return [m for g in truth["groups"] for m in g["members"]]


@pytest.mark.parametrize("kind", sorted(CANONICAL))
def test_member_values_are_canonical(truth: dict[str, Any], kind: str) -> None:
    values = [m["value"] for m in members(truth) if m["kind"] == kind]
    assert values, f"no {kind} members"
    bad = [v for v in values if not CANONICAL[kind](v)]
    assert not bad, bad[:5]


def test_wallets_in_rows_pass_their_checksums(rows: Rows) -> None:
    wallets = [w for _, r in rows for w in r["crypto_wallets"].split(";") if w]
    assert len(wallets) > 50
    assert any(w.startswith("T") for w in wallets) and any(w.startswith("0x") for w in wallets)
    assert all(wallet_ok(w) for w in wallets)


def _phone(raw: str, country: str) -> str:
    number = phonenumbers.parse(raw, country)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _url(raw: str, _country: str) -> str:
    scheme, rest = raw.split("://", 1)
    host, path = rest.split("/", 1)
    return f"{scheme.lower()}://{host.lower()}/{path}"


def _email(raw: str, _country: str) -> str:
    local, domain = raw.split("@")
    return f"{local}@{domain.lower()}"


def _handle(raw: str, _country: str) -> str:
    platform, name = raw.split(":", 1)
    return f"{HANDLE_ALIASES.get(platform, platform)}:{name.lstrip('@').lower()}"


def _person(raw: str, _country: str) -> str:
    name, *fields = raw.split("|")
    value = " ".join(unicodedata.normalize("NFKC", name).casefold().split())
    for tag, field in zip(("b", "n", "d"), fields, strict=False):
        value += f"|{tag}:{field}" if field else ""
    return value


ORACLE = {
    "phone": _phone, "url": _url, "email": _email, "handle": _handle, "person": _person,
    "domain": lambda raw, _: raw.lower().removeprefix("www."),
    "bank_account": lambda raw, _: re.sub(r"\D", "", raw),
    "ip": lambda raw, _: raw,
    "crypto_wallet": lambda raw, _: raw,
}


def oracle(kind: str, raw: str, country: str) -> str:
    """An independent canonicaliser, good enough for the spellings the world emits."""
    return ORACLE[kind](raw, country)


@pytest.fixture(scope="module")
def emitted(world: World, rows: Rows) -> set[tuple[str, str]]:
    country = {a.code: a.country for a in world.agencies}
    return {(KIND_OF_COLUMN[col], oracle(KIND_OF_COLUMN[col], raw, country[code]))
            for code, row in rows for col in ID_COLUMNS for raw in row[col].split(";") if raw}


def test_every_member_appears_in_some_row(truth: dict[str, Any],
                                          emitted: set[tuple[str, str]]) -> None:
    missing = {(m["kind"], m["value"]) for m in members(truth)} - emitted
    assert not missing, sorted(missing)[:5]


def test_rows_show_only_members_and_known_noise(truth: dict[str, Any],
                                                emitted: set[tuple[str, str]]) -> None:
    known = {(m["kind"], m["value"]) for m in members(truth) + truth["noise"]}
    assert emitted - known == set()


def test_core_members_are_members_with_persons(truth: dict[str, Any]) -> None:
    for group in truth["groups"]:
        all_members = {(m["kind"], m["value"]) for m in group["members"]}
        core = {(m["kind"], m["value"]) for m in group["core_members"]}
        assert core <= all_members
        assert {"person", "crypto_wallet", "handle"} <= {k for k, _ in core}


def test_shared_payments_join_gambling_and_fraud(truth: dict[str, Any]) -> None:
    groups = {g["id"]: g for g in truth["groups"]}
    assert truth["shared_payment"]
    for shared in truth["shared_payment"]:
        assert shared["kind"] in ("bank_account", "crypto_wallet")
        types = [groups[gid]["type"] for gid in shared["groups"]]
        assert types[0] == "gambling" and "fraud" in types[1:]
        for gid in shared["groups"]:
            assert {"kind": shared["kind"], "value": shared["value"]} in groups[gid]["members"]
        assert len({groups[gid]["network"] for gid in shared["groups"]}) == 1


def test_identifiers_belong_to_one_group_unless_shared(truth: dict[str, Any]) -> None:
    owners = Counter((m["kind"], m["value"]) for m in members(truth))
    shared = {(s["kind"], s["value"]) for s in truth["shared_payment"]}
    assert {key for key, n in owners.items() if n > 1} <= shared


def test_noise_belongs_to_no_group(truth: dict[str, Any]) -> None:
    noise = {(m["kind"], m["value"]) for m in truth["noise"]}
    assert {("domain", "bit.ly"), ("domain", "t.me")} <= noise
    assert not noise & {(m["kind"], m["value"]) for m in members(truth)}


def test_groups_networks_and_types(truth: dict[str, Any]) -> None:
    ids = [g["id"] for g in truth["groups"]]
    assert ids == sorted(set(ids))
    assert sorted(gid for n in truth["networks"] for gid in n["groups"]) == ids
    assert {g["type"] for g in truth["groups"]} == {"fraud", "gambling"}
    assert {"Myawaddy/KK Park", "Shwe Kokko", "Golden Triangle SEZ (Bokeo)", "Laukkaing"} <= {
        b["name"] for b in truth["bases"]}
    assert truth["seed"] == 7 and truth["size"] == "small"


def thai_id_ok(number: str) -> bool:
    total = sum(int(d) * (13 - i) for i, d in enumerate(number[:12]))
    return (11 - total % 11) % 10 == int(number[12])


@pytest.mark.parametrize(("nationality", "pattern"), [
    ("CN", r"E\d{8}"), ("TH", r"AA\d{7}|\d{13}"), ("LA", r"P\d{7}"), ("MM", r"MB\d{6}"),
], ids=["cn-passport", "th-passport-or-id", "la-passport", "mm-passport"])
def test_suspect_documents_look_real(nationality: str, pattern: str) -> None:
    docs = [field[2:] for seed in (1, 2, 3)
            for g in build_world(seed=seed, size="small").ground_truth()["groups"]
            for m in g["members"] if m["kind"] == "person" and f"|n:{nationality}|" in m["value"]
            for field in m["value"].split("|") if field.startswith("d:")]
    assert docs
    assert all(re.fullmatch(pattern, d) for d in docs), docs
    assert all(thai_id_ok(d) for d in docs if d.isdigit())
