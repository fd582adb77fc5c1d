"""Phone numbers: E.164 via ``phonenumbers``.

Contract of :func:`normalize_phone`:

* the value is E.164 (``+8613800138000``); ``region`` (ISO 3166 alpha-2) is the default
  region used to read national formats (``081 234 5678`` with TH -> ``+66812345678``);
* a number that parses and has a possible length for its country but is not an allocated
  number is KEPT with ``valid=False`` and ``details["reason"]`` (new ranges appear before
  the metadata knows them, and a report should not lose the number);
* a number whose length is impossible for its country, or a local number without its
  area code, is rejected;
* short codes and hotlines (``96110``, ``1199``) are rejected, with or without a region:
  they are not E.164, mean different things in different countries, and so cannot be
  shared across borders as an identifier. Any invalid number of 6 national digits or fewer
  is treated as such; the reason names the region when ``phonenumbers`` knows the code as
  a valid short number there ("short code: a valid short number in CN ...").

:func:`find_phone` is the cached, validity-only variant that ``extract`` uses.

Speed: screening reads the sender of every message, so this runs per message. A number
already written as ``+`` and ASCII digits (every E.164 sender, most numbers in text) skips
``phonenumbers.parse``'s free-text machinery (extension, RFC 3966 and vanity-letter
handling, per-character digit normalisation: ~20 us) for the few steps it would take on
such input, built from the library's own helpers (see :func:`_parse_plain_international`,
held equal to ``parse`` by a property test); and a number's type is computed once, with
its validity read from it (``is_valid_number`` is ``number_type(n) != UNKNOWN``).
"""

from __future__ import annotations

import functools
import re

import phonenumbers
from phonenumbers import (
    PhoneNumber,
    PhoneNumberFormat,
    PhoneNumberType,
    ValidationResult,
    shortnumberinfo,
)
from phonenumbers import phonenumberutil as _util

from counterfraud.errors import InvalidInput
from counterfraud.identifiers.types import Identifier, IdentifierKind, InvalidIdentifier

__all__ = ["check_region", "find_phone", "national_prefix", "normalize_phone"]

_KIND = IdentifierKind.PHONE
_SEPARATORS = str.maketrans("", "", " \t-.()/\u00a0")
_MAX_RAW = 64
_SHORT_DIGITS = 6  # an invalid number this short is taken for a short code
_TYPE_NAMES = {
    value: name.lower()
    for name, value in vars(PhoneNumberType).items()
    if name.isupper() and isinstance(value, int)
}
_LENGTH_REASONS = {
    ValidationResult.TOO_SHORT: "too short",
    ValidationResult.TOO_LONG: "too long",
    ValidationResult.INVALID_LENGTH: "impossible length",
    ValidationResult.INVALID_COUNTRY_CODE: "unknown country calling code",
}
_PARSE_REASONS = {
    phonenumbers.NumberParseException.INVALID_COUNTRY_CODE: "unknown country calling code",
    phonenumbers.NumberParseException.NOT_A_NUMBER: "too short to be a phone number",
    phonenumbers.NumberParseException.TOO_SHORT_AFTER_IDD:
        "too short after the international prefix",
    phonenumbers.NumberParseException.TOO_SHORT_NSN: "too short",
    phonenumbers.NumberParseException.TOO_LONG: "too long",
}


def check_region(region: str | None) -> str | None:
    """Upper-case a region code and check ``phonenumbers`` knows it; ``None`` passes."""
    if region is None:
        return None
    code = region.strip().upper()
    if code not in phonenumbers.SUPPORTED_REGIONS:
        raise InvalidInput(f"unknown region {region!r}; expected ISO 3166 alpha-2",
                           field="region")
    return code


@functools.cache
def national_prefix(region: str) -> str | None:
    """The trunk prefix dialled before national numbers in ``region`` (``0`` in TH)."""
    meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
    return meta.national_prefix if meta is not None else None


def normalize_phone(raw: str, region: str | None = None) -> Identifier:
    """Read ``raw`` as a phone number; see the module docstring for the contract."""
    region = check_region(region)
    text = raw.strip()
    if not text or len(text) > _MAX_RAW:
        raise InvalidIdentifier(_KIND, raw, "empty or too long")
    if text.lower().startswith("tel:"):
        text = text[4:]
    compact = text.translate(_SEPARATORS)
    if not compact.lstrip("+").isdigit() or compact.count("+") > 1:
        raise InvalidIdentifier(_KIND, raw, "a phone number has only digits, '+' and separators")
    if compact.startswith("00") and region is None:
        compact = "+" + compact[2:]  # the common international prefix, ITU-T E.123
    number, number_type = _read(raw, compact, region)
    return _identifier(number, number_type is not None, number_type)


def _read(raw: str, compact: str,
          region: str | None) -> tuple[PhoneNumber, int | None]:
    """Parse and apply the short-code and possible-length rules: (number, its type when
    valid, else None)."""
    if not compact.startswith("+") and region is None:
        raise InvalidIdentifier(_KIND, raw, _short_or(compact, None,
                                "no '+' country code and no region to read it in"))
    try:
        number = _parse(compact, region)
    except phonenumbers.NumberParseException as e:
        reason = _PARSE_REASONS.get(e.error_type, "not a phone number")
        raise InvalidIdentifier(_KIND, raw, _short_or(compact, region, reason)) from None
    number_type = _number_type(number)
    if number_type != PhoneNumberType.UNKNOWN:  # valid (see the module docstring)
        return number, number_type
    if len(str(number.national_number)) <= _SHORT_DIGITS:
        raise InvalidIdentifier(_KIND, raw, _short_or(compact, region, "too short"))
    possible = phonenumbers.is_possible_number_with_reason(number)
    if possible == ValidationResult.IS_POSSIBLE_LOCAL_ONLY:
        raise InvalidIdentifier(_KIND, raw, "a local number without its area code")
    if possible != ValidationResult.IS_POSSIBLE:
        reason = _LENGTH_REASONS.get(possible, "impossible number")
        raise InvalidIdentifier(_KIND, raw, _short_or(compact, region, reason))
    return number, None


def _short_or(compact: str, region: str | None, reason: str) -> str:
    """Explain a short code as such, otherwise give ``reason``."""
    digits = compact.lstrip("+")
    if len(digits) > _SHORT_DIGITS:
        return reason
    if region is not None and _is_short_number(digits, region):
        return (f"short code: a valid short number in {region}, but short codes are "
                "not E.164 and are not kept as phone identifiers")
    return f"{reason}; short codes and hotlines are not kept as phone identifiers"


def _is_short_number(digits: str, region: str) -> bool:
    """Whether ``digits`` dialled in ``region`` is a valid short number there (``110``);
    digits ``phonenumbers`` cannot even parse (``0``, ``00``) are no short number."""
    try:
        short = phonenumbers.parse(digits, region)
    except phonenumbers.NumberParseException:
        return False
    return bool(shortnumberinfo.is_valid_short_number_for_region(short, region))


def _identifier(number: PhoneNumber, valid: bool | None = None,
                number_type: int | None = None) -> Identifier:
    """Build the identifier: E.164 value, region and type details, validity."""
    if valid is None:
        valid = phonenumbers.is_valid_number(number)
    region = (phonenumbers.region_code_for_number(number)
              or phonenumbers.region_code_for_country_code(number.country_code or 0))
    details: dict[str, object] = {"region": region}
    if valid:
        if number_type is None:
            number_type = phonenumbers.number_type(number)
        details["type"] = _TYPE_NAMES.get(number_type, "unknown")
    else:
        details["reason"] = "not an allocated number in the phonenumbers metadata"
    value = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    return Identifier(_KIND, value, valid=valid, details=details)


_NOT_STRIPPED = (ValidationResult.TOO_SHORT, ValidationResult.IS_POSSIBLE_LOCAL_ONLY,
                 ValidationResult.INVALID_LENGTH)


@functools.cache
def _keep_compiled_patterns() -> None:
    """Have ``phonenumbers`` keep its compiled metadata patterns (its own switch, off by
    default) instead of asking ``re.compile``'s cache four times per number; once, on first
    use rather than at import."""
    phonenumbers.enable_pattern_cache()


def _parse(compact: str, region: str | None) -> PhoneNumber:
    """``phonenumbers.parse(compact, region)``, by the short way when it applies."""
    _keep_compiled_patterns()
    number = _parse_plain_international(compact)
    return number if number is not None else phonenumbers.parse(compact, region)


def _parse_plain_international(compact: str) -> PhoneNumber | None:
    """What ``phonenumbers.parse`` returns for ``+`` and 3+ ASCII digits, or None to let
    ``parse`` itself answer (a country code it does not know, a national number that
    would be too short or too long: the cases where it raises or tries harder).

    For such input ``parse`` reads the country code (the region does not matter after a
    ``+``), strips a national prefix when what remains still has a possible length for the
    country (``+44 0 20 ...``), records Italian leading zeros and stores the digits; this
    does the same steps with the library's own helpers.
    """
    digits = compact[1:]
    if not (compact[:1] == "+" and len(digits) >= 3 and digits.isdigit() and digits.isascii()):
        return None
    country_code, national = _util._extract_country_code(digits)
    if country_code == 0 or len(national) < _util._MIN_LENGTH_FOR_NSN:
        return None
    metadata = phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(
        country_code, phonenumbers.region_code_for_country_code(country_code))
    if metadata is None:
        return None
    _, stripped, _ = _util._maybe_strip_national_prefix_carrier_code(national, metadata)
    if stripped != national and (_util._test_number_length(stripped, metadata)
                                 not in _NOT_STRIPPED):
        national = stripped
    if not _util._MIN_LENGTH_FOR_NSN <= len(national) <= _util._MAX_LENGTH_FOR_NSN:
        return None
    number = PhoneNumber(country_code=country_code)
    _util._set_italian_leading_zeros_for_phone_number(national, number)
    number.national_number = int(national)
    return number


# The types phonenumbers tries, in its order, before fixed line and mobile.
_SPECIAL_TYPES = (
    (PhoneNumberType.PREMIUM_RATE, "premium_rate"), (PhoneNumberType.TOLL_FREE, "toll_free"),
    (PhoneNumberType.SHARED_COST, "shared_cost"), (PhoneNumberType.VOIP, "voip"),
    (PhoneNumberType.PERSONAL_NUMBER, "personal_number"), (PhoneNumberType.PAGER, "pager"),
    (PhoneNumberType.UAN, "uan"), (PhoneNumberType.VOICEMAIL, "voicemail"),
)
# For one number length: (general, [(type, pattern)], fixed line, mobile, whether fixed line
# and mobile share one pattern); a description that cannot match that length is left out
# (None), as phonenumbers skips it on its possible lengths.
_Plan = tuple[re.Pattern[str] | None, tuple[tuple[int, re.Pattern[str]], ...],
              re.Pattern[str] | None, re.Pattern[str] | None, bool]
# id(metadata) -> (metadata, {length: plan}); PhoneMetadata is not hashable, and
# phonenumbers keeps one object per region for the life of the process (about 250).
_PLANS: dict[int, tuple[phonenumbers.PhoneMetadata, dict[int, _Plan]]] = {}


def _number_type(number: PhoneNumber) -> int:
    """``phonenumbers.number_type(number)``, with each region's patterns prepared once.

    phonenumbers walks a dozen number descriptions per call, checking each one's possible
    lengths and looking its pattern up by text; this walks the descriptions that can hold
    a number of this length, in the same order, with compiled patterns. Held equal to
    ``number_type`` by a property test.
    """
    region = phonenumbers.region_code_for_number(number)
    if region is None or number.country_code is None:  # no metadata to read it by
        return PhoneNumberType.UNKNOWN
    metadata = phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(
        number.country_code, region)
    if metadata is None:
        return PhoneNumberType.UNKNOWN
    national = phonenumbers.national_significant_number(number)
    general, special, fixed, mobile, same = _plan(metadata, len(national))
    if general is None or general.fullmatch(national) is None:
        return PhoneNumberType.UNKNOWN
    for number_type, pattern in special:
        if pattern.fullmatch(national) is not None:
            return number_type
    is_mobile = mobile is not None and mobile.fullmatch(national) is not None
    if fixed is not None and fixed.fullmatch(national) is not None:
        return (PhoneNumberType.FIXED_LINE_OR_MOBILE if same or is_mobile
                else PhoneNumberType.FIXED_LINE)
    return PhoneNumberType.MOBILE if not same and is_mobile else PhoneNumberType.UNKNOWN


def _plan(metadata: phonenumbers.PhoneMetadata, length: int) -> _Plan:
    """The descriptions of ``metadata`` that a number of ``length`` digits may match."""
    known = _PLANS.get(id(metadata))
    if known is None or known[0] is not metadata:
        known = _PLANS[id(metadata)] = (metadata, {})
    plans = known[1]
    plan = plans.get(length)
    if plan is None:
        def pattern(desc: phonenumbers.PhoneNumberDesc | None) -> re.Pattern[str] | None:
            if desc is None or not desc.national_number_pattern or (
                    desc.possible_length and length not in desc.possible_length):
                return None  # phonenumbers' _is_number_matching_desc says no
            return re.compile(desc.national_number_pattern)
        special = tuple((number_type, found) for number_type, name in _SPECIAL_TYPES
                        if (found := pattern(getattr(metadata, name))) is not None)
        plan = plans[length] = (
            pattern(metadata.general_desc), special, pattern(metadata.fixed_line),
            pattern(metadata.mobile), bool(metadata.same_mobile_and_fixed_line_pattern))
    return plan


@functools.cache
def _national_shape(region: str) -> tuple[re.Pattern[str] | None, frozenset[int]]:
    """(mobile NSN pattern, possible NSN lengths) of ``region``: cheap pre-checks."""
    meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
    if meta is None:
        return None, frozenset()
    mobile = meta.mobile.national_number_pattern if meta.mobile else None
    general = meta.general_desc
    lengths = frozenset(general.possible_length or ()) if general else frozenset[int]()
    return (re.compile(mobile) if mobile else None), lengths


def _plausible_national(compact: str, region: str) -> bool | None:
    """For a number without '+': False if it cannot be a national number of ``region``;
    True if it carries the trunk prefix; None if it can only be a prefix-less mobile."""
    prefix = national_prefix(region)
    mobile, lengths = _national_shape(region)
    if not prefix:  # no trunk prefix in this region (SG, HK): any valid type will do
        return len(compact) in lengths
    if compact.startswith(prefix):
        return len(compact) - len(prefix) in lengths
    if mobile is None or not mobile.fullmatch(compact):
        return False
    return None


@functools.lru_cache(maxsize=65536)
def find_phone(compact: str, region: str | None) -> Identifier | None:
    """A VALID phone for ``compact`` (digits, maybe ``+``) as dialled in free text, or None.

    Without ``+`` the number must be in ``region``'s national format: where the region has a
    trunk prefix it must start with it, or be a mobile number (CN mobiles carry no prefix).
    This keeps dates like ``20240501`` from being read as Bangkok landlines. Cheap metadata
    checks run before the (comparatively slow) full parse.
    """
    needs_mobile = False
    if not compact.startswith("+"):
        if region is None:
            return None
        plausible = _plausible_national(compact, region)
        if plausible is False:
            return None
        needs_mobile = plausible is None
    try:
        number = _parse(compact, region)
    except phonenumbers.NumberParseException:
        return None
    number_type = _number_type(number)
    if number_type == PhoneNumberType.UNKNOWN:  # not a valid number
        return None
    if needs_mobile and number_type not in (PhoneNumberType.MOBILE,
                                            PhoneNumberType.FIXED_LINE_OR_MOBILE):
        return None
    return _identifier(number, True, number_type)
