"""Message templates of the multilingual corpus, by language, label and category.

One module per language group holds the sentences; this one joins them and names
the vocabulary. Scam categories are :class:`counterfraud.domain.ScamType` values
(bank and e-wallet phishing and one-time-code theft count as ``impersonation``,
parcel and refund lures as ``customer_service``); legitimate categories are
:data:`LEGIT_CATEGORIES`.

Placeholders (drawn per message by :mod:`counterfraud.simulate.multilingual_slots`):
``{amount}`` an everyday sum, ``{exact}`` an exact sum for statements, ``{fee}`` a
small fee, ``{big}`` a large sum, ``{balance}``, ``{salary}``, ``{phone}``,
``{hotline}`` an official anti-fraud line, ``{short}`` a telecom short code,
``{link}`` a scam link (often obfuscated), ``{site}`` an official site, ``{handle}``
a messaging handle, ``{usdt}`` a TRON wallet, ``{account}`` a bank account,
``{tail}`` its last four digits, ``{code}`` a one-time code, ``{ref}`` a case or
reference number, ``{order}``, ``{tracking}``, ``{bank}``, ``{wallet}`` an e-wallet
brand, ``{brand}`` a shop or app, ``{telco}``, ``{courier}``, ``{flight}``,
``{name}``, ``{place}`` where job lures send people, ``{city}``, ``{date}``,
``{time}``, ``{pct}`` a percentage, ``{n}`` a small number.

The design rule, in every language: legitimate templates reuse the scam vocabulary
(transfer, code, account, police, prize, link) and scam templates borrow the
legitimate formats (bank headers, delivery notices, short codes), so no single word
gives the label away.
"""

from __future__ import annotations

from counterfraud.simulate import multilingual_templates_malay as _malay
from counterfraud.simulate import multilingual_templates_my_km as _my_km
from counterfraud.simulate import multilingual_templates_tai as _tai
from counterfraud.simulate import multilingual_templates_vi_en as _vi_en
from counterfraud.simulate import multilingual_templates_zh as _zh

__all__ = ["LANGS", "LEGIT", "LEGIT_CATEGORIES", "SCAM", "Table"]

Table = dict[str, dict[str, tuple[str, ...]]]

LANGS: tuple[str, ...] = ("zh-Hans", "zh-Hant", "th", "lo", "my", "km", "vi", "id", "ms", "en")

LEGIT_CATEGORIES: tuple[str, ...] = (
    "otp", "bank_notice", "salary", "ewallet", "delivery", "appointment", "official_warning",
    "telecom", "family", "marketing", "travel", "utility", "public_notice", "work", "school",
)

_GROUPS = (_zh, _tai, _my_km, _vi_en, _malay)
SCAM: Table = {lang: group.SCAM[lang] for group in _GROUPS for lang in group.SCAM}
LEGIT: Table = {lang: group.LEGIT[lang] for group in _GROUPS for lang in group.LEGIT}
