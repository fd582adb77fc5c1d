"""Named screening rules. A rule set is data: a list of :class:`Rule` the operator picks
from by id in its :class:`~counterfraud.screening.policy.Policy`.

A rule looks at a :class:`RuleContext` (what the engine already worked out for one item:
the identifiers in the text, the parsed sender or caller, which of them the allowlist
protects) and returns a short detail string when it fires, ``None`` otherwise. Rules are
cheap by construction: each checks its structured precondition (a foreign sender, a
shortener URL) before it scans the text, so most messages cost a few attribute reads.

``weight`` is the rule author's estimate of P(scam | rule fired); it feeds the verdict's
score. ``effect`` is what firing does (warn or block).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from counterfraud.domain import Channel, Decision
from counterfraud.errors import InvalidInput
from counterfraud.identifiers import Extracted, Identifier, IdentifierKind
from counterfraud.screening.items import Gateway

__all__ = [
    "DEFAULT_RULES",
    "HIDDEN_CALLER_IDS",
    "OFFICIAL_WORDS",
    "URGENCY_WORDS",
    "URL_SHORTENERS",
    "Rule",
    "RuleContext",
    "RuleHit",
    "rules_by_id",
]

URL_SHORTENERS = frozenset({
    "bit.ly", "bit.do", "buff.ly", "cutt.ly", "dwz.cn", "goo.gl", "is.gd", "lnkd.in",
    "ow.ly", "rb.gy", "rebrand.ly", "reurl.cc", "s.id", "shorturl.at", "suo.im", "t.cn",
    "t.co", "t.ly", "tiny.cc", "tinyurl.com", "url.cn", "v.gd",
})

# Lower-cased text is searched; English words need a non-letter on both sides.
URGENCY_WORDS = re.compile(
    r"紧急|緊急|立即|立刻|马上|馬上|尽快|盡快|限时|限時|24小时|24小時|冻结|凍結|逾期|最后通知|最後通知"
    r"|ด่วน|ทันที|ภายใน ?24 ?ชั่วโมง|ภายในวันนี้|ระงับ|อายัด|หมดอายุ"
    r"|(?<![a-z])(?:urgent(?:ly)?|immediately|right away|act now|within 24 ?h(?:ours?)?"
    r"|today only|final notice|last chance|suspended|frozen|expires?|expired)(?![a-z])")
OFFICIAL_WORDS = re.compile(
    r"公安|警察|警方|民警|派出所|银行|銀行|海关|海關|法院|检察院|檢察院|公检法|反诈|反詐"
    r"|ตำรวจ|ธนาคาร|ศุลกากร|ศาล|อัยการ|ดีเอสไอ|กรมสอบสวนคดีพิเศษ"
    r"|(?<![a-z])(?:police|bank|customs|court|prosecutor|interpol|immigration"
    r"|ministry of public security)(?![a-z])")
HIDDEN_CALLER_IDS = frozenset({"", "anonymous", "private", "unknown", "withheld", "restricted",
                               "unavailable", "hidden"})


@dataclass(slots=True)
class RuleContext:
    """What the engine knows about one item when the rules run."""

    channel: Channel
    region: str | None  # the operator's country (the engine's default_region)
    text: str = ""
    identifiers: Sequence[Extracted] = ()
    allowlisted: frozenset[str] | set[str] = frozenset()  # identifier values it protects
    sender: Identifier | None = None
    sender_allowlisted: bool = False
    caller_raw: str | None = None
    caller: Identifier | None = None
    caller_allowlisted: bool = False
    callee: Identifier | None = None
    origin_country: str | None = None
    gateway: Gateway | None = None
    _lowered: str | None = field(default=None, repr=False)

    def lowered(self) -> str:
        if self._lowered is None:
            self._lowered = self.text.lower()
        return self._lowered


@dataclass(frozen=True, slots=True)
class RuleHit:
    id: str
    description: str
    effect: Decision
    weight: float
    detail: str


@dataclass(frozen=True, slots=True)
class Rule:
    """A named rule: ``check`` returns a detail when it fires on a context, else None."""

    id: str
    description: str
    channels: frozenset[Channel]
    effect: Decision
    weight: float
    check: Callable[[RuleContext], str | None]

    def apply(self, ctx: RuleContext) -> RuleHit | None:
        detail = self.check(ctx)
        if detail is None:
            return None
        return RuleHit(self.id, self.description, self.effect, self.weight, detail)


def _phone_region(phone: Identifier | None, home: str | None) -> str | None:
    """The country a phone number belongs to; a short code belongs to the home country."""
    if phone is None or phone.kind is not IdentifierKind.PHONE:
        return None
    if phone.details.get("short_code"):
        return home
    region = phone.details.get("region")
    return region if isinstance(region, str) else None


def _spoofed_domestic_caller(ctx: RuleContext) -> str | None:
    home = _phone_region(ctx.callee, None) or ctx.region
    claimed = _phone_region(ctx.caller, home)
    if ctx.caller is None or home is None or claimed != home:
        return None
    origin = ctx.origin_country.upper() if ctx.origin_country else None
    if ctx.gateway is Gateway.INTERNATIONAL:
        came = f" from {origin}" if origin else ""
        return (f"caller ID {ctx.caller.value} is a {home} number but the call came in over "
                f"an international gateway{came}")
    if origin is not None and origin != claimed:
        return f"caller ID {ctx.caller.value} is a {home} number but the call came from {origin}"
    return None


def _hidden_or_invalid_caller(ctx: RuleContext) -> str | None:
    raw = (ctx.caller_raw or "").strip()
    if raw.lower() in HIDDEN_CALLER_IDS:
        return "caller ID withheld" if raw else "no caller ID"
    if ctx.caller_allowlisted:
        return None
    if ctx.caller is None:
        return f"caller ID {raw!r} is not a phone number"
    if ctx.caller.details.get("short_code"):
        return f"caller ID {raw} is a short code that is not on the allowlist"
    if not ctx.caller.valid:
        return f"caller ID {ctx.caller.value} is not an allocated number"
    return None


def _international_caller_claims_official(ctx: RuleContext) -> str | None:
    sender_region = _phone_region(ctx.sender, None)
    if sender_region is None or ctx.region is None or sender_region == ctx.region:
        return None
    found = OFFICIAL_WORDS.search(ctx.lowered())
    if found is None:
        return None
    return (f"sender {ctx.sender.value if ctx.sender else ''} is a {sender_region} number "
            f"and the message speaks of {found.group(0)!r}")


def _shortener_and_urgency(ctx: RuleContext) -> str | None:
    for ex in ctx.identifiers:
        ident = ex.identifier
        if (ident.kind is IdentifierKind.URL and ident.details.get("domain") in URL_SHORTENERS
                and not ident.value.endswith("/")):
            urgent = URGENCY_WORDS.search(ctx.lowered())
            if urgent is None:
                return None
            return f"short link {ident.value} with urgency {urgent.group(0)!r}"
    return None


def _allowlisted_sender_unknown_url(ctx: RuleContext) -> str | None:
    if not ctx.sender_allowlisted or ctx.sender is None:
        return None
    for ex in ctx.identifiers:
        ident = ex.identifier
        if ident.kind is IdentifierKind.URL and ident.value not in ctx.allowlisted:
            return (f"sender {ctx.sender.value} is allowlisted but the message links to "
                    f"{ident.value}, which is not")
    return None


_MESSAGE = frozenset({Channel.MESSAGE})
_CALL = frozenset({Channel.CALL})

DEFAULT_RULES: tuple[Rule, ...] = (
    Rule("spoofed_domestic_caller",
         "A caller ID of the callee's own country (or a domestic short code) on a call that "
         "came in over an international gateway or from another country: caller-ID spoofing.",
         _CALL, Decision.BLOCK, 0.95, _spoofed_domestic_caller),
    Rule("hidden_or_invalid_caller",
         "No caller ID, a withheld one, or one that is not a valid allocated number.",
         _CALL, Decision.WARN, 0.6, _hidden_or_invalid_caller),
    Rule("international_caller_claims_official",
         "A message from a foreign number that speaks of police, a bank, customs or a court.",
         _MESSAGE, Decision.WARN, 0.8, _international_caller_claims_official),
    Rule("message_with_shortener_and_urgency",
         "A shortened link together with urgency words (urgent, 立即, ด่วน ...).",
         _MESSAGE, Decision.WARN, 0.7, _shortener_and_urgency),
    Rule("sender_is_allowlisted_brand_but_contains_unknown_url",
         "The sender is an allowlisted brand number but the message links to a URL that is "
         "not allowlisted: a spoofed sender ID.",
         _MESSAGE, Decision.WARN, 0.8, _allowlisted_sender_unknown_url),
)


def rules_by_id(rules: Iterable[Rule]) -> dict[str, Rule]:
    """Map ids to rules; raises ``InvalidInput`` on a duplicate id."""
    found: dict[str, Rule] = {}
    for rule in rules:
        if rule.id in found:
            raise InvalidInput(f"duplicate rule id {rule.id!r}", field="rules")
        found[rule.id] = rule
    return found
