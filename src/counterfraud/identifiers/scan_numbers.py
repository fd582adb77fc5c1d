"""Scanners for phone numbers, bank accounts, cards, IBANs and messaging handles.

Numbers are where free text is most treacherous (OTP codes, order and tracking numbers,
amounts, dates), so the rules are strict:

* a digit run must stand alone: not glued to letters (``SF1234567890123``), nor to another
  number by ``.``, ``,``, ``/``, ``-`` or ``:`` (``12,000.00``, ``01/05/2024``, ``14:30``);
* phones: with ``+``/``00``, or in the national format of ``region``; only numbers that
  ``phonenumbers`` says are VALID are reported; a run of space-separated groups that is
  not one number is split into the numbers it contains;
* bank accounts: 8-34 digits only right after a bank context word (account, 账号, บัญชี,
  ...) and not followed by a currency (an amount);
* cards: 13-19 digits starting with 2-6 that pass Luhn, anywhere;
* IBANs: anywhere, checked by ``stdnum.iban``;
* no national-format phone, and no account or card, right after a code/order/tracking word.

Handles need a context word (微信, QQ, 飞机, telegram, ไลน์, line id, WhatsApp, ...) just
before them; profile links are handled with URLs.
"""

from __future__ import annotations

import functools
import re

from stdnum import luhn

from counterfraud.identifiers import patterns
from counterfraud.identifiers.finance import is_iban_country, normalize_bank_account
from counterfraud.identifiers.handle import normalize_handle
from counterfraud.identifiers.phone import find_phone
from counterfraud.identifiers.scan import Scan, is_ascii_word_char

__all__ = ["scan_banks", "scan_handles", "scan_ibans", "scan_phones_and_cards"]

_PHONE_JUNK = str.maketrans("", "", " -()")
_GROUP = re.compile(r"\S+")
_MAX_GROUPS = 8
_MIN_PHONE_DIGITS = 7  # as _phone_compact requires
_CONTEXT_WINDOW = 16


def _after_code_word(scan: Scan, start: int) -> bool:
    """True when a code/order/tracking word stands just before ``start``."""
    window = max(0, start - _CONTEXT_WINDOW)
    return patterns.NEGATIVE_CONTEXT.search(scan.lower, window, start) is not None


def _digit_runs(scan: Scan) -> list[tuple[int, int]]:
    """Spans of stand-alone digit runs (6+ digits) in the cleaned text.

    ``DIGIT_RUN`` is run only inside the text's digit windows, where it finds what it
    would find over the whole text (see ``patterns.DIGIT_WINDOW``) at a fraction of the
    cost; the glue checks still look at the whole text.
    """
    text = scan.text
    runs = []
    for window_start, window_end in scan.digit_windows():
        for match in patterns.DIGIT_RUN.finditer(text, window_start, window_end):
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


def _glued_before(text: str, start: int) -> bool:
    """A letter/digit/'+' right before, or a digit then one of ``.,/-``."""
    if start == 0:
        return False
    char = text[start - 1]
    if is_ascii_word_char(char) or char == "+":
        return True
    return char in ".,/-" and start > 1 and text[start - 2].isdigit()


def _glued_after(text: str, end: int) -> bool:
    """A letter/digit right after, or one of ``.,/-:`` then a digit."""
    if end >= len(text):
        return False
    char = text[end]
    if is_ascii_word_char(char):
        return True
    return char in ".,/-:" and end + 1 < len(text) and text[end + 1].isdigit()


def scan_phones_and_cards(scan: Scan) -> None:
    """Phones and Luhn-valid cards among the stand-alone digit runs.

    A run shorter than 7 characters holds fewer than the 7 digits of the shortest phone
    (and of any card), nor do its parts: it is passed over unread (OTP codes, mostly).
    """
    for start, end in _digit_runs(scan):
        if end - start >= _MIN_PHONE_DIGITS and not scan.is_taken(start, end):
            _emit_phone_run(scan, scan.text[start:end], start)
            _emit_card(scan, scan.text[start:end], start)


def _phone_compact(candidate: str, region: str | None) -> str | None:
    """Digits (with a leading '+') to look up, or None when this run cannot be a phone."""
    compact = candidate.translate(_PHONE_JUNK)
    if compact.startswith("00") and region is None:
        compact = "+" + compact[2:]
    if not compact.startswith("+") and region is None:
        return None
    digits = len(compact) - compact.startswith("+")
    return compact if _MIN_PHONE_DIGITS <= digits <= 15 else None


def _emit_phone_run(scan: Scan, candidate: str, start: int) -> None:
    """Add the run as one phone, or else split it at spaces into the phones it holds."""
    if _try_phone(scan, candidate, start, start + len(candidate)):
        return
    groups = [m.span() for m in _GROUP.finditer(candidate)]
    if not 1 < len(groups) <= _MAX_GROUPS:
        return
    first = 0
    while first < len(groups):
        for last in range(len(groups) - 1, first - 1, -1):
            a, b = groups[first][0], groups[last][1]
            if (first, last) != (0, len(groups) - 1) and _try_phone(
                    scan, candidate[a:b], start + a, start + b):
                first = last
                break
        first += 1


def _try_phone(scan: Scan, candidate: str, start: int, end: int) -> bool:
    """Add ``candidate`` if it is a valid phone; True when added."""
    compact = _phone_compact(candidate, scan.region)
    if compact is None:
        return False
    if not candidate.startswith("+") and (
            _after_code_word(scan, start) or patterns.DATE_LIKE.match(candidate)):
        return False
    identifier = find_phone(compact, scan.region)
    if identifier is None:
        return False
    scan.add(identifier, start, end)
    return True


def _emit_card(scan: Scan, candidate: str, start: int) -> None:
    """A 13-19 digit run starting with 2-6 that passes Luhn (not after a code word)."""
    digits = candidate.translate(_PHONE_JUNK)
    if not (13 <= len(digits) <= 19 and digits[0] in "23456" and digits.isdigit()):
        return
    if luhn.is_valid(digits) and not _after_code_word(scan, start):
        scan.try_add(normalize_bank_account, digits, start, start + len(candidate))


def scan_banks(scan: Scan) -> None:
    """Account numbers right after a bank context word."""
    lower = scan.lower
    for hint in patterns.BANK_HINT.finditer(lower):
        match = patterns.BANK_NUMBER.match(lower, hint.end())
        if match is None:
            continue
        start, end = match.span("num")
        if scan.is_taken(start, end) or _is_amount(lower, start, end):
            continue
        if scan.try_add(normalize_bank_account, match.group("num"), start, end):
            scan.take(start, end)  # an account, not also a phone or card


def _is_amount(lower: str, start: int, end: int) -> bool:
    """A currency sign before, or a currency word after, the number."""
    before = lower[max(0, start - 2):start]
    if any(sign in before for sign in patterns.AMOUNT_SIGNS):
        return True
    return patterns.AMOUNT_AFTER.match(lower, end) is not None


def scan_ibans(scan: Scan) -> None:
    """IBANs; a candidate that over-reached into a following group is trimmed back.

    Parcel and order numbers (``SF1234...``, ``YT2118...``) have the shape of an IBAN but
    no IBAN country code: they are passed over before the checksum and its exception.
    """
    text = scan.text
    for match in patterns.IBAN.finditer(text):
        start, candidate = match.start(), match.group()
        if (start and is_ascii_word_char(text[start - 1])) or not is_iban_country(
                candidate[:2]):
            continue
        while len(candidate.replace(" ", "")) >= 15:
            end = start + len(candidate)
            if not (end < len(text) and is_ascii_word_char(text[end])) and scan.try_add(
                    normalize_bank_account, candidate, start, end):
                break
            candidate = candidate[:-1].rstrip()


def scan_handles(scan: Scan) -> None:
    """Handles after a platform context word, in Chinese, English or Thai."""
    lower = scan.lower
    for hint in patterns.HANDLE_HINT.finditer(lower):
        word = hint.group()
        if word.isascii() and _inside_word(lower, *hint.span()):
            continue
        platform = patterns.HANDLE_WORDS[word]
        token = patterns.HANDLE_TOKENS[platform]
        if word == "line" and scan.text[hint.start():hint.end()] != "LINE":
            token = patterns.LINE_STRICT
        match = token.match(lower, hint.end())
        if match is not None:
            _emit_handle(scan, platform, match)


def _inside_word(lower: str, start: int, end: int) -> bool:
    """An ASCII context word glued to ASCII letters or a hyphen (``wa`` in ``want``,
    ``tg`` in ``tg-style``)."""
    before = lower[start - 1] if start else " "
    after = lower[end] if end < len(lower) else " "
    return any(c.isascii() and (c.isalpha() or c == "-") for c in (before, after))


def _emit_handle(scan: Scan, platform: str, match: re.Match[str]) -> None:
    """Normalize and add the handle token of a context match."""
    token = match.group("h").rstrip(".")  # a full stop ends the sentence, not the handle
    start = match.start("h")
    raw = f"{platform}:{token.removeprefix('@')}"
    scan.try_add(functools.partial(normalize_handle, region=scan.region), raw, start,
                 start + len(token))
