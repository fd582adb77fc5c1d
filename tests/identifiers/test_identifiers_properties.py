"""Properties: normalize is idempotent for every kind, and extract finds in a sentence what
normalize accepts on its own."""

from __future__ import annotations

import hashlib
import string

import phonenumbers
from Crypto.Hash import keccak
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from stdnum import iban, luhn

from counterfraud.identifiers import IdentifierKind, InvalidIdentifier, extract, normalize

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

# ---------------------------------------------------------------- raw-value strategies

REGIONS = ["CN", "TH", "LA", "MM", "VN", "KH", "US", "GB", "DE", "SG", "MY", "PH"]
PHONE_TYPES = [phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE]


@st.composite
def phones(draw: st.DrawFn) -> tuple[str, str | None]:
    """(raw, region): an example number, last digits varied, formatted with separators."""
    region = draw(st.sampled_from(REGIONS))
    example = phonenumbers.example_number_for_type(region, draw(st.sampled_from(PHONE_TYPES)))
    assert example is not None
    national = str(example.national_number)
    tail = draw(st.text("0123456789", min_size=2, max_size=2))
    number = phonenumbers.parse(f"+{example.country_code}{national[:-2]}{tail}")
    style = draw(st.sampled_from([phonenumbers.PhoneNumberFormat.E164,
                                  phonenumbers.PhoneNumberFormat.INTERNATIONAL,
                                  phonenumbers.PhoneNumberFormat.NATIONAL]))
    raw = phonenumbers.format_number(number, style)
    separator = draw(st.sampled_from([" ", "-", None]))
    if separator is not None:
        raw = raw.replace(" ", separator)
    national_style = style == phonenumbers.PhoneNumberFormat.NATIONAL
    return raw, (region if national_style else draw(st.sampled_from([None, region])))


LABEL = st.from_regex(r"\A[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?\Z")
ASCII_SUFFIXES = ["com", "net", "org", "co.th", "in.th", "com.cn", "cn", "la", "com.mm", "xyz",
                  "top", "co.uk", "uk.com", "blogspot.com", "github.io", "xn--fiqs8s"]


@st.composite
def domains(draw: st.DrawFn, *, ascii_only: bool = False) -> str:
    """host names: labels + a known suffix (PSL private ones too), random case/trailing dot."""
    suffixes = ASCII_SUFFIXES if ascii_only else [*ASCII_SUFFIXES, "中国", "ไทย"]
    labels = draw(st.lists(LABEL, min_size=1, max_size=3))
    host = ".".join([*labels, draw(st.sampled_from(suffixes))])
    case = draw(st.sampled_from([str.lower, str.upper]))
    return case(host) + ("." if not ascii_only and draw(st.booleans()) else "")


PATH = st.from_regex(r"\A(?:/[A-Za-z0-9_-]{1,8}){0,3}(?:\?[a-z]{1,4}=[A-Za-z0-9]{1,6})?\Z")


@st.composite
def urls(draw: st.DrawFn, *, ascii_only: bool = False) -> str:
    scheme = draw(st.sampled_from(["http", "https", "HTTPS"]))
    port = draw(st.sampled_from(["", ":80", ":443", ":8080"]))
    host = draw(domains(ascii_only=True)) if ascii_only else draw(domains()).rstrip(".")
    return f"{scheme}://{host}{port}{draw(PATH)}"


LOCAL = st.from_regex(r"\A[a-z0-9](?:[a-z0-9_+-]|\.(?=[a-z0-9])){0,15}\Z")


@st.composite
def emails(draw: st.DrawFn) -> str:
    return f"{draw(LOCAL)}@{draw(domains(ascii_only=True))}"


@st.composite
def cidrs(draw: st.DrawFn) -> str:
    address = draw(st.ip_addresses())
    return f"{address}/{draw(st.integers(0, address.max_prefixlen))}"


def _separated(draw: st.DrawFn, digits: str, separators: str = " -") -> str:
    """``digits`` with single separators between groups of 3 to 5."""
    out: list[str] = []
    i = 0
    while i < len(digits):
        size = draw(st.integers(3, 5))
        out.append(digits[i:i + size])
        i += size
    separator: str = draw(st.sampled_from([*separators, ""]))
    return separator.join(out)


@st.composite
def cards(draw: st.DrawFn) -> str:
    body = draw(st.sampled_from("23456")) + draw(st.text("0123456789", min_size=11,
                                                         max_size=17))
    return _separated(draw, body + luhn.calc_check_digit(body))


@st.composite
def ibans(draw: st.DrawFn) -> str:
    bban = draw(st.text("0123456789", min_size=18, max_size=18))
    number = f"DE{iban.calc_check_digits('DE00' + bban)}{bban}"
    return " ".join(number[i:i + 4] for i in range(0, len(number), 4))


@st.composite
def accounts(draw: st.DrawFn) -> str:
    return _separated(draw, draw(st.text("0123456789", min_size=8, max_size=19)))


_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def _base58check(payload: bytes) -> str:
    data = payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    value, out = int.from_bytes(data, "big"), ""
    while value:
        value, digit = divmod(value, 58)
        out = _B58[digit] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def _bech32(program: bytes) -> str:
    charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
    bits = "".join(f"{b:08b}" for b in program)
    data = [0] + [int(bits[i:i + 5].ljust(5, "0"), 2) for i in range(0, len(bits), 5)]
    values = [3, 3, 0, 2, 3, *data, 0, 0, 0, 0, 0, 0]  # hrp "bc" expanded
    chk = 1
    for v in values:
        top, chk = chk >> 25, (chk & 0x1FFFFFF) << 5 ^ v
        for i, g in enumerate((0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)):
            chk ^= g if (top >> i) & 1 else 0
    polymod = chk ^ 1
    return "bc1" + "".join(charset[d] for d in data) + "".join(
        charset[(polymod >> 5 * (5 - i)) & 31] for i in range(6))


def _eip55(body: str) -> str:
    digest = keccak.new(digest_bits=256, data=body.encode()).hexdigest()
    return "".join(c.upper() if int(h, 16) >= 8 else c
                   for c, h in zip(body, digest[:40], strict=True))


@st.composite
def wallets(draw: st.DrawFn) -> str:
    payload = draw(st.binary(min_size=20, max_size=20))
    chain = draw(st.sampled_from(["p2pkh", "p2sh", "bech32", "eth", "eth55", "tron"]))
    if chain in ("p2pkh", "p2sh"):
        return _base58check((b"\0" if chain == "p2pkh" else b"\5") + payload)
    if chain == "bech32":
        return _bech32(payload)
    if chain == "tron":
        return _base58check(b"\x41" + payload)
    body = payload.hex()
    return "0x" + (_eip55(body) if chain == "eth55" else body)


TELEGRAM = st.from_regex(r"\A[a-z][a-z0-9_]{4,20}\Z")
WECHAT = st.from_regex(r"\A[a-z][a-z0-9_-]{5,15}[a-z0-9]\Z")
QQ = st.from_regex(r"\A[1-9][0-9]{4,10}\Z")
LINE = st.from_regex(r"\A[a-z0-9][a-z0-9._-]{1,15}[a-z0-9]\Z")


@st.composite
def handles(draw: st.DrawFn) -> tuple[str, str]:
    """(platform, handle) with a valid handle for the platform."""
    platform = draw(st.sampled_from(["telegram", "wechat", "qq", "line"]))
    strategy = {"telegram": TELEGRAM, "wechat": WECHAT, "qq": QQ, "line": LINE}[platform]
    return platform, draw(strategy)


ALIASES = {"telegram": ["telegram", "tg", "飞机", "纸飞机"],
           "wechat": ["wechat", "微信", "vx", "wx"],
           "qq": ["qq", "QQ"], "line": ["line", "ไลน์"]}

NAME = st.text(string.ascii_letters + "张伟李娜สมชายใจดี '-.,", min_size=1, max_size=20)


@st.composite
def persons(draw: st.DrawFn) -> str:
    name = draw(NAME)
    birth = draw(st.one_of(st.just(""), st.dates().filter(lambda d: d.year >= 1900).map(str)))
    nation = draw(st.sampled_from(["", "CN", "th", "LA", "mm"]))
    document = draw(st.from_regex(r"\A[A-Za-z0-9 -]{0,10}\Z"))
    return f"{name}|{birth}|{nation}|{document}"


# ---------------------------------------------------------------- (1) idempotence


def _assert_idempotent(kind: IdentifierKind, raw: str, region: str | None = None) -> None:
    try:
        first = normalize(kind, raw, region)
    except InvalidIdentifier:
        assume(False)
        raise
    again = normalize(kind, first.value)
    assert again.value == first.value
    assert again.valid == first.valid


@SETTINGS
@given(phones())
def test_phone_idempotent(case: tuple[str, str | None]) -> None:
    _assert_idempotent(IdentifierKind.PHONE, *case)


@SETTINGS
@given(st.one_of(urls(), domains().map(lambda d: d.rstrip(".") + "/x")))
def test_url_idempotent(raw: str) -> None:
    _assert_idempotent(IdentifierKind.URL, raw)


@SETTINGS
@given(domains())
def test_domain_idempotent(raw: str) -> None:
    _assert_idempotent(IdentifierKind.DOMAIN, raw)


@SETTINGS
@given(st.ip_addresses().map(str))
def test_ip_idempotent(raw: str) -> None:
    _assert_idempotent(IdentifierKind.IP, raw)


@SETTINGS
@given(cidrs())
def test_cidr_idempotent(raw: str) -> None:
    _assert_idempotent(IdentifierKind.CIDR, raw)


@SETTINGS
@given(emails(), st.booleans())
def test_email_idempotent(raw: str, upper: bool) -> None:
    _assert_idempotent(IdentifierKind.EMAIL, raw.upper() if upper else raw)


@SETTINGS
@given(st.one_of(cards(), ibans(), accounts()))
def test_bank_account_idempotent(raw: str) -> None:
    _assert_idempotent(IdentifierKind.BANK_ACCOUNT, raw)


@SETTINGS
@given(wallets())
def test_wallet_idempotent(raw: str) -> None:
    _assert_idempotent(IdentifierKind.CRYPTO_WALLET, raw)


@SETTINGS
@given(handles(), st.data())
def test_handle_idempotent(case: tuple[str, str], data: st.DataObject) -> None:
    platform, handle = case
    alias = data.draw(st.sampled_from(ALIASES[platform]))
    at = data.draw(st.sampled_from(["", "@"]))
    _assert_idempotent(IdentifierKind.HANDLE, f"{alias}:{at}{handle.upper()}")


@SETTINGS
@given(persons())
def test_person_idempotent(raw: str) -> None:
    _assert_idempotent(IdentifierKind.PERSON, raw)


# ---------------------------------------------------------------- (2) extract finds it

SENTENCES = ["请联系 {} 谢谢", "Contact {} now.", "ติดต่อ {} ครับ", "{}"]


def _assert_found(kind: IdentifierKind, raw: str, sentence: str,
                  region: str | None = None) -> None:
    try:
        expected = normalize(kind, raw, region)
    except InvalidIdentifier:
        assume(False)
        raise
    text = sentence.format(raw)
    hits = {(e.identifier.kind, e.identifier.value) for e in extract(text, region)}
    assert (kind, expected.value) in hits, (text, hits)


@SETTINGS
@given(phones(), st.sampled_from(SENTENCES))
def test_extract_finds_valid_phones(case: tuple[str, str | None], sentence: str) -> None:
    raw, region = case
    assume(normalize(IdentifierKind.PHONE, raw, region).valid)
    _assert_found(IdentifierKind.PHONE, raw, sentence, region)


@SETTINGS
@given(urls(ascii_only=True), st.sampled_from(SENTENCES))
def test_extract_finds_urls(raw: str, sentence: str) -> None:
    _assert_found(IdentifierKind.URL, raw, sentence)


@SETTINGS
@given(domains(ascii_only=True), st.sampled_from(SENTENCES))
def test_extract_finds_domains(raw: str, sentence: str) -> None:
    _assert_found(IdentifierKind.DOMAIN, raw, sentence)


@SETTINGS
@given(st.ip_addresses().map(str), st.sampled_from(SENTENCES))
def test_extract_finds_ips(raw: str, sentence: str) -> None:
    _assert_found(IdentifierKind.IP, raw, sentence)


@SETTINGS
@given(cidrs(), st.sampled_from(SENTENCES))
def test_extract_finds_cidrs(raw: str, sentence: str) -> None:
    _assert_found(IdentifierKind.CIDR, raw, sentence)


@SETTINGS
@given(emails(), st.sampled_from(SENTENCES))
def test_extract_finds_emails(raw: str, sentence: str) -> None:
    _assert_found(IdentifierKind.EMAIL, raw, sentence)


@SETTINGS
@given(wallets(), st.sampled_from(SENTENCES))
def test_extract_finds_wallets(raw: str, sentence: str) -> None:
    _assert_found(IdentifierKind.CRYPTO_WALLET, raw, sentence)


@SETTINGS
@given(st.one_of(cards(), ibans()), st.sampled_from(SENTENCES))
def test_extract_finds_cards_and_ibans(raw: str, sentence: str) -> None:
    _assert_found(IdentifierKind.BANK_ACCOUNT, raw, sentence)


@SETTINGS
@given(accounts(), st.sampled_from(["银行账号 {} 张三", "โอนเข้าบัญชี {} ครับ",
                                    "account number: {}.", "卡号：{}"]))
def test_extract_finds_accounts_after_context(raw: str, sentence: str) -> None:
    _assert_found(IdentifierKind.BANK_ACCOUNT, raw, sentence)


CONTEXTS = {
    "telegram": ["联系飞机 @{} 谢谢", "add me on telegram @{} now", "纸飞机：{}", "TG: {}"],
    "wechat": ["加微信 {} 咨询", "V信：{}", "加vx {} 谢谢", "my wechat id: {}"],
    "qq": ["客服QQ {} 谢谢", "QQ号：{}"],
    "line": ["แอดไลน์ @{} ครับ", "line id: {}", "ไลน์ไอดี {} นะคะ"],
}


@SETTINGS
@given(handles(), st.data())
def test_extract_finds_handles_after_context(case: tuple[str, str], data: st.DataObject) -> None:
    platform, handle = case
    text = data.draw(st.sampled_from(CONTEXTS[platform])).format(handle)
    expected = normalize(IdentifierKind.HANDLE, f"{platform}:{handle}")
    hits = {e.identifier.value for e in extract(text)
            if e.identifier.kind is IdentifierKind.HANDLE}
    assert expected.value in hits, (text, hits)


# ---------------------------------------------------------------- (3) any text at all

NOISY = st.lists(st.one_of(
    st.text(st.characters(codec="utf-8"), max_size=3),
    st.sampled_from([*"0123456789.@:/+-[]() ", "[.]", "(dot)", " dot ", "hxxp://", "\u200b",
                     "。", "．", "１", "微信", "line id:", ".com", "+66", "0x", "bc1", "账号"])),
    max_size=30).map("".join)


@SETTINGS
@given(NOISY, st.sampled_from([None, "TH", "CN"]))
def test_extract_never_raises_and_spans_are_exact(text: str, region: str | None) -> None:
    results = extract(text, region)
    for item in results:
        assert 0 <= item.start < item.end <= len(text)
        assert item.raw == text[item.start:item.end]
        assert normalize(item.identifier.kind, item.identifier.value).value == \
            item.identifier.value
    assert [r.start for r in results] == sorted(r.start for r in results)
