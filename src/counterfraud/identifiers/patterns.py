"""Precompiled candidate patterns for ``extract``, applied to de-obfuscated text.

Patterns only propose candidates; every candidate is then validated by the kind's
normalizer (public suffix, checksum, phone metadata).

Speed notes (``extract`` must handle tens of thousands of SMS per second per core): Python's
``re`` scans fast only for patterns that start with a literal or a character class and
carry no ``IGNORECASE`` or leading look-behind. So case-insensitive matching is done on a
lower-cased copy of the text (same length, same offsets), patterns are anchored on a rare
character (``.``, ``@``, ``://``, a digit) or on a literal context word, and word-boundary
checks are done in Python on the few candidates. Boundaries are explicit ASCII classes, not
``\\b``: in Unicode mode a CJK or Thai character is a word character, and Chinese or Thai
text runs identifiers straight into the surrounding words (``加微信abc123456谢谢``).

A pattern that ``search``/``finditer`` runs over whole messages must also begin with a
literal or a single character class (not an optional group, a repeat, a look-behind or an
alternation of classes): then ``re`` skips to the next possible first character in C;
otherwise it starts a full match attempt at every position (``DIGIT_RUN`` over a 70-character
message took ~6 us that way). The ``*_HINT`` patterns are cheap necessary conditions that
``extract`` checks before running a scanner (see ``extraction``).
"""

from __future__ import annotations

import re

# Host-name characters: ASCII, Latin-1/Extended, Greek, Cyrillic (homograph domains), but
# not CJK or Thai, which cannot be told apart from the surrounding unspaced text.
HOST_CHARS = "a-z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff"
_HC = HOST_CHARS
_LABEL = rf"[{_HC}]+(?:-+[{_HC}]+)*"
_TLD = r"(?:[a-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]{2,63}|xn--[a-z0-9-]{2,59})"
_HOST_END = rf"(?![{_HC}_-]|\.[{_HC}])"

# All of these run on the lower-cased text.
# A URL host may be CJK/Thai/Korean IDN; where it runs into the following words, the
# scanner trims it back to a known public suffix.
_IDN = "\u0e00-\u0e7f\u3400-\u9fff\uac00-\ud7af"
URL = re.compile(rf"https?://[{_HC}{_IDN}\-._~%!$&'()*+,;=:@\[\]]+(?:[/?#][!#-;=?-~]*)?")
DOT = re.compile(rf"\.[{_HC}]")
# Every DOMAIN (and so every e-mail host) ends in a dot and a TLD of 2+ letters.
TLD_HINT = re.compile(r"\.[a-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]{2}")
DOMAIN = re.compile(rf"(?<![{_HC}._@/-])(?:{_LABEL}\.)+{_TLD}{_HOST_END}")
PATH = re.compile(r"/[!#-;=?-~]*")
EMAIL = re.compile(rf"(?<![a-z0-9._%+-])[a-z0-9._%+-]+@(?:{_LABEL}\.)+{_TLD}{_HOST_END}")
LOCAL_PART_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._%+-")

_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
# ``\d\.\d{1,3}\.\d`` anchored on its first dot (a rare literal) rather than on a digit.
IPV4_HINT = re.compile(r"\.(?<=\d\.)\d{1,3}\.\d")
IPV4 = re.compile(
    rf"(?<![0-9a-z_.])(?<!\d/){_OCTET}(?:\.{_OCTET}){{3}}(?:/(?:3[0-2]|[12]?\d))?"
    r"(?![0-9a-z_]|\.\d)")
IPV6 = re.compile(r"(?<![0-9a-z_:.])[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}"
                  r"(?:/(?:12[0-8]|1[01]\d|[1-9]?\d))?(?![0-9a-z_:])")

# These run on the original-case text (case carries meaning).
_B58 = "1-9A-HJ-NP-Za-km-z"
LONG_TOKEN = re.compile(r"[0-9A-Za-z]{26}")
WALLET = re.compile(
    r"(?<![0-9A-Za-z])(?:0[xX][0-9a-fA-F]{40}"
    r"|(?:bc1|BC1)[02-9ac-hj-np-zAC-HJ-NP-Z]{8,87}"
    rf"|[13][{_B58}]{{25,34}}"
    rf"|T[{_B58}]{{33}})(?![0-9A-Za-z])")
# What a base58 WALLET (Bitcoin 1/3..., TRON T...) needs; 0x and bc1 are checked as literals.
WALLET_HINT = re.compile(rf"[13T][{_B58}]{{25}}")
IBAN = re.compile(r"[A-Z][A-Z]\d\d(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?")

# A run of digits with single space/dash separators, maybe '+'/'(area)' in front; its
# boundaries are checked in Python (see scan_numbers.digit_runs). It starts with optional
# groups, so it is only run inside DIGIT_WINDOW matches: a DIGIT_RUN match is made of
# ``+() -`` and digits and starts with ``+``, ``(`` or a digit, so it lies inside the stretch
# of those characters that DIGIT_WINDOW takes from its first possible start, and within
# that window finditer finds the same matches as over the whole text.
DIGIT_RUN = re.compile(r"(?:\+ ?)?(?:\(\d{1,4}\)[ \-]?)?\d(?:[ \-]?\d){5,40}")
DIGIT_WINDOW = re.compile(r"[+(\d][+() \-\d]{5,}")

# 2024-05-01, 2024 05 01, 01-05-2024: dates, not national phone numbers.
DATE_LIKE = re.compile(r"(?:(?:19|20)\d\d[ \-](?:0?[1-9]|1[0-2])[ \-](?:0?[1-9]|[12]\d|3[01])"
                       r"|(?:0?[1-9]|[12]\d|3[01])[ \-](?:0?[1-9]|1[0-2])[ \-](?:19|20)\d\d)$")

_FILL = (r"[ \t]*(?:(?:号码|号|號|账号|帳號|群|(?:id|username|user name|is)(?![a-z0-9_])"
         r"|是|:|：|=|-)[ \t]*){0,3}")
BANK_HINT = re.compile(
    r"account|acct|a/c|card|iban|卡号|账号|帳號|帐号|账户|帳戶|帐户|银行|銀行|转账|轉帳"
    r"|汇款|匯款|收款|打款|บัญชี|โอน|ธนาคาร")
BANK_NUMBER = re.compile(r"[^\d\n]{0,16}?(?<![0-9a-z_+])(?<![0-9][.,/\-])"
                         r"(?P<num>\d(?:[ \-]?\d){7,33})(?![0-9a-z_])(?![.,/\-:][0-9])")
AMOUNT_AFTER = re.compile(
    r"[ \t]*(?:元|块|塊|圆|万|萬|千|บาท|(?:baht|thb|rmb|cny|usd|usdt|kip|lak|kyat|mmk|ks)"
    r"(?![a-z]))")
AMOUNT_SIGNS = "$¥￥฿€£"

# Words after which a bare number is a code or reference, not a phone/account/card.
NEGATIVE_CONTEXT = re.compile(
    r"otp|code|pin|order|tracking|ref|invoice|parcel|awb|验证码|驗證碼|校验码|动态码"
    r"|口令|订单|訂單|单号|單號|运单|快递|快遞|取件码|รหัส|เลขพัสดุ|พัสดุ|คำสั่งซื้อ|เลขที่สั่งซื้อ")

# Handle context words (lower-cased) -> platform; ASCII ones need a non-letter boundary.
HANDLE_HINT = re.compile(
    r"telegram|tg|wechat|weixin|vx|wx|v信|qq|line|whatsapp|whats app|wa|纸飞机|紙飛機|飞机"
    r"|飛機|电报|電報|微信|威信|薇信|徽信|维信|ไลน์|ไลน|วอทส์แอพ|วอทส์แอป|วอทแอพ|วอทแอป")
HANDLE_WORDS: dict[str, str] = {
    "telegram": "telegram", "tg": "telegram", "纸飞机": "telegram", "紙飛機": "telegram",
    "飞机": "telegram", "飛機": "telegram", "电报": "telegram", "電報": "telegram",
    "wechat": "wechat", "weixin": "wechat", "vx": "wechat", "wx": "wechat", "v信": "wechat",
    "微信": "wechat", "威信": "wechat", "薇信": "wechat", "徽信": "wechat", "维信": "wechat",
    "qq": "qq", "line": "line", "ไลน์": "line", "ไลน": "line",
    "whatsapp": "whatsapp", "whats app": "whatsapp", "wa": "whatsapp",
    "วอทส์แอพ": "whatsapp", "วอทส์แอป": "whatsapp", "วอทแอพ": "whatsapp", "วอทแอป": "whatsapp",
}
HANDLE_TOKENS: dict[str, re.Pattern[str]] = {
    "telegram": re.compile(_FILL + r"(?P<h>@?[a-z][a-z0-9_]{4,31})(?![a-z0-9_])"),
    "wechat": re.compile(_FILL + r"(?P<h>@?[a-z0-9][a-z0-9_-]{5,19})(?![a-z0-9_-])"),
    "qq": re.compile(_FILL + r"(?P<h>[1-9]\d{4,10})(?!\d)"),
    "line": re.compile(r"(?:ไอดี)?" + _FILL + r"(?P<h>@?[a-z0-9._-]{3,20})(?![a-z0-9._-])"),
    "whatsapp": re.compile(_FILL + r"(?P<h>\+?\d(?:[ \-]?\d){6,16})(?![0-9])"),
}
# English "line" is an ordinary word: it needs "id", ":" or "@" before the handle.
LINE_STRICT = re.compile(r"(?:[ \t]*id(?![a-z])[ \t]*[:：=]?|[ \t]*[:：=]|[ \t]+(?=@))[ \t]*"
                         r"(?P<h>@?[a-z0-9._-]{3,20})(?![a-z0-9._-])")
