"""extract's fast path finds exactly what the scanner-by-scanner path finds.

Screening runs ``extract`` on every message, so it skips scanners that cannot match, runs
cheaper forms of some patterns and skips candidates no validator could accept. Each of those
is held here to the slower form it replaced:

* ``extract`` equals running every scanner on every text (generated messages);
* each rewritten pattern or pre-check equals, or is implied by, its previous form;
* a golden file of 520 messages (screening traffic, the synthetic corpora, generated mixes
  of identifiers, obfuscations and noise; 314 with identifiers) holds what the
  implementation before the fast path extracted from each, details and spans included.

After an intended change of what ``extract`` finds, re-record the golden file with
``python tests/identifiers/test_identifiers_fast_path.py --record`` and review its diff.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import phonenumbers
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from stdnum import iban

from counterfraud.identifiers import extract, patterns
from counterfraud.identifiers.deobfuscate import (
    _HXXP,
    _REWRITE,
    _WIDTH_TABLE,
    _ZERO_WIDTH,
    Cleaned,
    _has_spaced_dot,
    _needs_fold,
    _rewrite,
    deobfuscate,
)
from counterfraud.identifiers.extraction import _extract, _run_all
from counterfraud.identifiers.finance import _iban_countries, is_iban_country
from counterfraud.identifiers.phone import (
    _identifier,
    _number_type,
    _parse_plain_international,
    find_phone,
    normalize_phone,
)
from counterfraud.identifiers.scan import Scan
from counterfraud.identifiers.scan_numbers import _digit_runs, _glued_after, _glued_before
from counterfraud.identifiers.types import InvalidIdentifier

GOLDEN = Path(__file__).parent / "data" / "extract_golden.jsonl"
SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
REGIONS = [None, "TH", "CN"]

# ------------------------------------------------------------------ generated messages

# Pieces that each scanner (and each of its pre-checks) reacts to, near misses included.
FRAGMENTS = [
    "+66 81 234 5678", "081-234-5678", "0812345678", "+86 138 0013 8000", "13800138000",
    "(02) 123-4567", "+856 20 2312 3456", "09 212 3456", "+44 020 7946 0018",
    "+39 06 1234 5678", "0066812345678", "4111 1111 1111 1111", "6222 0212 3456 7890 123",
    "DE89 3704 0044 0532 0130 00", "GB82 WEST 1234 5698 7654 32", "SF309757806171",
    "YT2118042847669", "KEX5680729090", "hxxp://evil[.]com/x", "https://a.b.co.uk/x",
    "evil(.)com", "evil dot com", "me[at]x.com", "kefu@abc.co.th", "ｗｗｗ．ａｂｃ．ｃｏｍ",
    "abc。com", "１３８００１３８０００", "\u200b", "\u00ad",
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
    "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
    "203.0.113.9", "10.0.0.0/8", "2001:db8::1", "微信", "tg", "telegram", "LINE", "line id",
    "WhatsApp", "wa", "qq", "账号", "account", "card", "บัญชี", "银行", "验证码", "otp", "ref",
    "元", "บาท", "$", "12,000.00", "01/05/2024", "2024-05-01", "14:30", "#12345", "123456",
    "1234567", "12345678", "123 456 789", "๑๒๓๔๕๖๗๘๙", "၀၉၁၂၃၄၅၆၇", "abc-invest.com/login",
    "www.abc.xyz", "done.Today", "t.me/scam_bot", "wa.me/66812345678", "1.2.3.4.5",
    "\uff1a//", "h**ps://x.com", "[:]//", "[://]", "<dot>", "{.}", "(at)", "[@]", "[DOT]",
]
NOISE = st.text(st.sampled_from([*"0123456789 -+()./:,@#[]{}<>_", "a", "T", "Z", "x", "好",
                                 "。", "ก", "\u3000", "\uff0e", "\uff1a", "\u200b", "๑"]),
                max_size=6)
MESSAGES = st.lists(st.one_of(st.sampled_from(FRAGMENTS), NOISE), max_size=10).map("".join)


def _found(text: str, region: str | None, *, every_scanner: bool = False) -> list[list[Any]]:
    """[kind, value, valid, details, start, end] of each identifier found."""
    found = _extract(text, region, _run_all) if every_scanner else extract(text, region)
    return [[item.identifier.kind.value, item.identifier.value, item.identifier.valid,
             item.identifier.details, item.start, item.end] for item in found]


@SETTINGS
@given(MESSAGES, st.sampled_from(REGIONS))
@example("Your OTP is 123456. Call +66 81 234 5678 or visit evil[.]com", "TH")
@example("转账到 DE89 3704 0044 0532 0130 00，或 USDT 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
         None)
def test_extract_finds_what_every_scanner_finds(text: str, region: str | None) -> None:
    assert _found(text, region) == _found(text, region, every_scanner=True)


# ------------------------------------------------------------------ patterns, old and new

DIGITS_AND_GLUE = st.text(st.sampled_from([*"0123456789", *" -+()#.,/:", "a", "Z", "_", "好",
                                           "๑", "၅", "\u0663", "\n"]), max_size=60)


def _digit_runs_over_whole_text(text: str) -> list[tuple[int, int]]:
    """The digit runs as found before digit windows: DIGIT_RUN over the whole text."""
    runs = []
    for match in patterns.DIGIT_RUN.finditer(text):
        start, end = match.span()
        if _glued_before(text, start):
            continue
        while _glued_after(text, end):
            cut = max(text.rfind(" ", start, end), text.rfind("-", start, end))
            if cut <= start:
                break
            end = cut
        else:
            runs.append((start, end))
    return runs


@SETTINGS
@given(DIGITS_AND_GLUE)
@example("+ (12) 3456789 0123456789012345678901234567890123456789012345678")
@example("12 34 56 78 90-12 ( 345678")
def test_digit_windows_find_the_runs_of_the_whole_text(text: str) -> None:
    assert _digit_runs(Scan(text, None)) == _digit_runs_over_whole_text(text)


PREVIOUS = {  # the patterns as they were before they were made to scan fast
    "IPV4_HINT": re.compile(r"\d\.\d{1,3}\.\d"),
    "IBAN": re.compile(r"[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?"),
}
CASED = st.text(st.sampled_from([*"0123456789 .ABDEGTXZ", "a", "/", "好"]), max_size=50)


@SETTINGS
@given(CASED)
@example("from 203.0.113.9 to 10.0.0.1")
@example("IBAN DE89 3704 0044 0532 0130 00 GB82 WEST 1234 5698 7654 32")
def test_rewritten_patterns_match_as_before(text: str) -> None:
    assert (patterns.IPV4_HINT.search(text) is None) == \
        (PREVIOUS["IPV4_HINT"].search(text) is None)
    assert [m.span() for m in patterns.IBAN.finditer(text)] == \
        [m.span() for m in PREVIOUS["IBAN"].finditer(text)]


HOSTS = st.lists(st.sampled_from([*"abcxyz019.-@/ ", "é", "ж", "好", "Com", ".com", "xn--"]),
                 max_size=20).map("".join)


@SETTINGS
@given(HOSTS)
@example("write to kefu@abc.co.th")
def test_hosts_need_the_tld_hint(text: str) -> None:
    lower = text.lower()
    if patterns.DOMAIN.search(lower) or patterns.EMAIL.search(lower):
        assert patterns.TLD_HINT.search(lower) is not None


BASE58ISH = st.text(st.sampled_from([*"13T0xbcBC", *"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghi",
                                     " "]), min_size=20, max_size=60)


@SETTINGS
@given(BASE58ISH)
@example("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t")
@example("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy")
def test_wallets_need_the_wallet_hint(text: str) -> None:
    if patterns.WALLET.search(text):
        lower = text.lower()
        assert "0x" in lower or "bc1" in lower or patterns.WALLET_HINT.search(text)


def _needs_fold_before(text: str) -> bool:
    """The fold test as it was: three searches instead of one."""
    full_width = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff0e\uff20]")
    separator = re.compile("[A-Za-z0-9][\u3002\uff61\u3000][A-Za-z0-9]")
    if full_width.search(text) or "\uff1a//" in text:
        return True
    has_separator = "\u3002" in text or "\u3000" in text or "\uff61" in text
    return has_separator and separator.search(text) is not None


_BRACKET_BEFORE = re.compile(f"[\\[({{<{_ZERO_WIDTH}]")


def _deobfuscate_before(text: str) -> Cleaned:
    """De-obfuscation as it was: the rewrite searched for on any bracket."""
    if not text.isascii() and _needs_fold_before(text):
        text = text.translate(_WIDTH_TABLE)
    if ("//" in text or "[:" in text) and _HXXP.search(text):
        text = _HXXP.sub(lambda m: "http" + m.group(1).lower(), text)
    if _BRACKET_BEFORE.search(text) is None and not _has_spaced_dot(text):
        return Cleaned(text)
    first = _REWRITE.search(text)
    return Cleaned(text) if first is None else _rewrite(text, first)


OBFUSCATED = st.lists(st.one_of(
    st.sampled_from(["[.]", "(.)", "{.}", "[dot]", "(DOT)", "<dot>", "[at]", "(At)", "[@]",
                     "(@)", "<at>", "[:]//", "[://]", " dot ", " Dot ", "hxxp://", "h**ps://",
                     "\u200b", "\u00ad", "\ufeff", "。", "\u3000", "\uff61", "\uff0e", "\uff20",
                     "\uff1a//", "ａ", "１", "(Ref: 12)", "[通知]", "<b>", "{x}"]),
    st.text(st.sampled_from([*"ab1.:/ ([<{", "好"]), max_size=4)), max_size=12).map("".join)


@SETTINGS
@given(OBFUSCATED)
@example("（参考：12）[通知] a(.)com")
def test_deobfuscation_is_unchanged(text: str) -> None:
    assert _needs_fold(text) == _needs_fold_before(text)
    assert deobfuscate(text) == _deobfuscate_before(text)


def test_no_iban_outside_the_registry_countries() -> None:
    """Every two-letter code the pre-check rules out is refused by stdnum even with a
    correct checksum, at every BBAN length an IBAN may have."""
    countries = _iban_countries()
    assert countries is not None and len(countries) > 50
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    accepted = []
    for code in (a + b for a in letters for b in letters if not is_iban_country(a + b)):
        for length in range(11, 31):
            bban = "0" * (length - 1) + "1"
            number = code + iban.calc_check_digits(code + "00" + bban) + bban
            if iban.is_valid(number):
                accepted.append(number)
    assert accepted == []


@pytest.mark.parametrize("number", ["DE89370400440532013000", "GB82WEST12345698765432",
                                    "FR1420041010050500013M02606", "TR330006100519786457841326"])
def test_iban_countries_are_known(number: str) -> None:
    assert iban.is_valid(number) and is_iban_country(number[:2])


# ------------------------------------------------------------------ phones

INTERNATIONAL = st.builds(
    lambda code, lead, rest: f"+{code}{lead}{rest}",
    st.one_of(st.sampled_from(sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE)),
              st.integers(0, 999)),
    st.sampled_from(["", "0", "00", "1", "9"]),
    st.text("0123456789", max_size=15))


@SETTINGS
@given(INTERNATIONAL)
@example("+66812345678")
@example("+390612345678")
@example("+4402079460018")
def test_plain_international_parse_equals_phonenumbers(compact: str) -> None:
    quick = _parse_plain_international(compact)
    if quick is None:
        return
    number = phonenumbers.parse(compact, None)
    assert quick == number
    assert (quick.italian_leading_zero, quick.number_of_leading_zeros) == \
        (number.italian_leading_zero, number.number_of_leading_zeros)


@pytest.mark.parametrize("compact", ["+66812345678", "+8613800138000", "+8562023123456",
                                     "+9592123456", "+12025550123"])
def test_plain_international_parse_is_taken(compact: str) -> None:
    assert _parse_plain_international(compact) == phonenumbers.parse(compact)


def _example_numbers() -> list[phonenumbers.PhoneNumber]:
    """Every region's example number of every type, and each with its last digit changed
    (often no longer of that type, or of none)."""
    numbers = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for number_type in range(12):
            example = phonenumbers.example_number_for_type(region, number_type)
            if example is None:
                continue
            numbers.append(example)
            e164 = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
            numbers.append(phonenumbers.parse(e164[:-1] + str((int(e164[-1]) + 3) % 10)))
    return numbers


def test_number_type_equals_phonenumbers_on_every_example() -> None:
    numbers = _example_numbers()
    assert len(numbers) > 2000
    differ = [(n, _number_type(n), phonenumbers.number_type(n)) for n in numbers
              if _number_type(n) != phonenumbers.number_type(n)]
    assert differ == []


@SETTINGS
@given(INTERNATIONAL)
def test_number_type_equals_phonenumbers(compact: str) -> None:
    try:
        number = phonenumbers.parse(compact)
    except phonenumbers.NumberParseException:
        return
    assert _number_type(number) == phonenumbers.number_type(number)


def _normalize_phone_before(compact: str, region: str | None) -> tuple[Any, ...] | None:
    """(value, valid, details) as phonenumbers' full parse and validity calls give them,
    for numbers phonenumbers can parse; None otherwise."""
    if compact.startswith("00") and region is None:
        compact = "+" + compact[2:]  # as normalize_phone reads it
    try:
        number = phonenumbers.parse(compact, region)
    except phonenumbers.NumberParseException:
        return None
    identifier = _identifier(number)
    return identifier.value, identifier.valid, identifier.details


@SETTINGS
@given(st.one_of(INTERNATIONAL, st.text("0123456789", min_size=7, max_size=13)),
       st.sampled_from([None, "TH", "CN", "IT", "US"]))
@example("+66812345678", None)
@example("0812345678", "TH")
def test_phone_readers_agree_with_phonenumbers(compact: str, region: str | None) -> None:
    before = _normalize_phone_before(compact, region)
    try:
        identifier = normalize_phone(compact, region)
    except InvalidIdentifier:
        assert before is None or not before[1]
    else:
        assert (identifier.value, identifier.valid, identifier.details) == before
    found = find_phone(compact, region)
    if found is not None:
        assert before is not None and before[1]
        assert (found.value, found.valid, found.details) == before


# ------------------------------------------------------------------ golden file

def _golden_cases() -> list[dict[str, Any]]:
    return [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines()]


CASES = _golden_cases()


@pytest.mark.parametrize("case", CASES, ids=[f"golden-{i:03d}" for i in range(len(CASES))])
def test_extract_finds_what_it_found_before(case: dict[str, Any]) -> None:
    assert _found(case["text"], case["region"]) == case["found"]


def _record() -> None:
    """Rewrite the golden file's expectations with what ``extract`` finds now."""
    lines = [json.dumps({"text": c["text"], "region": c["region"],
                         "found": _found(c["text"], c["region"])}, ensure_ascii=False)
             for c in _golden_cases()]
    GOLDEN.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__" and sys.argv[1:] == ["--record"]:
    _record()
