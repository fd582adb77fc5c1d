"""``ScreeningEngine``: block, warn or allow a message, a call or a URL, and say why.

For a message: ``extract`` the identifiers in the text, look each (and the sender) up in
the :class:`BlocklistIndex`, score the text with the :class:`TextScorer`, run the rules
the policy turns on, and combine:

* decision = the most severe of every reason's decision: a CONFIRMED blocklist hit does
  ``policy.confirmed_hit`` (block), a PREDICTED one ``policy.predicted_hit`` (warn); the
  model blocks at ``block_at`` and warns at ``warn_at`` (numbers, or the names of the
  scorer's operating points, resolved once when the engine is built); a rule does its
  ``effect``; allowlisted identifiers only inform (they never block, and produce no hit).
* score = the strongest single piece of evidence: max(model score, 1.0 per confirmed hit,
  0.9 per predicted hit, weight of each fired rule); 0.0 when there is none.

``explain`` (slow, ~1-2 ms) runs only when the model's own decision is what the verdict
is: it warned or blocked, and no blocklist hit or rule had already decided as much (the
model reason is then listed with its score and point, without words). ``screen_messages``
scores all texts in one ``score_many`` call - the throughput path; ``screen_message`` is
the same code on a batch of one, so both give identical verdicts.

The index is swappable at runtime (``swap_index``): each screening call reads the index
reference once and uses that one object for every lookup of the item (or batch), so a
verdict always comes from one consistent blocklist version, named in ``index_version``.
Rebinding an attribute is atomic in Python, so no lock is needed and screening never waits.

Given a ``counter`` (:class:`VerdictCounter`), the engine tells it every verdict it gives,
by channel, once per call (a batch of messages is one call): what the instance
intercepted, which ``services.interceptions`` counts per day and adds up in the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from counterfraud.domain import (
    AllowlistEntry,
    BlocklistEntry,
    Channel,
    Confidence,
    Decision,
)
from counterfraud.errors import CounterfraudError, InvalidInput
from counterfraud.identifiers import (
    Extracted,
    Identifier,
    IdentifierKind,
    InvalidIdentifier,
    extract,
    normalize,
)
from counterfraud.screening.index import BlocklistIndex
from counterfraud.screening.items import CallItem, Gateway, MessageItem, TextScorer, UrlItem
from counterfraud.screening.policy import ChannelPolicy, Policy, operating_points_of
from counterfraud.screening.rules import DEFAULT_RULES, Rule, RuleContext, rules_by_id
from counterfraud.screening.verdict import (
    AllowlistReason,
    BlocklistReason,
    ModelEvidence,
    ModelReason,
    Reason,
    RuleReason,
    Verdict,
)

__all__ = ["CONFIRMED_HIT_SCORE", "PREDICTED_HIT_SCORE", "ScreeningEngine", "VerdictCounter",
           "url_identifier"]

CONFIRMED_HIT_SCORE = 1.0
PREDICTED_HIT_SCORE = 0.9
_SEVERITY = {d: d.severity for d in Decision}
_BY_SEVERITY = {d.severity: d for d in Decision}
_NUMBER_SEPARATORS = str.maketrans("", "", " -().\u00a0")
_SHORT_CODE_DIGITS = range(3, 7)
_EMPTY: frozenset[str] = frozenset()


class VerdictCounter(Protocol):
    """Told the verdicts of every screening call. Called on the screening path, so it
    must be cheap (no I/O: count in memory) and must not raise."""

    def counted(self, channel: Channel, verdicts: Sequence[Verdict]) -> None:
        ...


class ScreeningEngine:
    """Screens messages, calls and URLs against one blocklist index, a text scorer and a
    policy. ``scorer=None`` screens with lists and rules only. ``default_region`` (the
    operator's country, ISO 3166) reads national-format numbers and tells domestic from
    foreign senders.

    Thresholds the policy names (``"warn"``, ``"block"``, ...) are resolved against the
    scorer's ``operating_points`` (:data:`~.policy.DEFAULT_OPERATING_POINTS` for a scorer
    without them) when the engine is built: an unknown name, or a warn threshold above
    the block threshold, is an InvalidInput naming the channel and field, and
    :attr:`policy` is the resolved policy (numbers, with the names they came from)."""

    def __init__(self, index: BlocklistIndex, scorer: TextScorer | None = None,
                 policy: Policy | None = None, *, default_region: str | None = None,
                 rules: Sequence[Rule] = DEFAULT_RULES, explain_top: int = 5,
                 party_cache_size: int = 100_000,
                 counter: VerdictCounter | None = None) -> None:
        if not isinstance(index, BlocklistIndex):
            raise InvalidInput("index: expected a BlocklistIndex", field="index")
        self._index = index
        self._scorer = scorer
        self._points = operating_points_of(scorer)
        self._policy = (policy if policy is not None else Policy.default()).resolve(
            self._points)
        self._region = _check_region(default_region)
        known = rules_by_id(rules)
        self._rules: dict[Channel, tuple[Rule, ...]] = {}
        for channel in Channel:
            ids = self._policy[channel].rules
            missing = [r for r in ids if r not in known]
            if missing:
                raise InvalidInput(f"{channel.value}.rules: unknown rule {missing[0]!r}",
                                   field=f"{channel.value}.rules")
            self._rules[channel] = tuple(known[r] for r in ids)
        self._explain_top = explain_top
        self._parties: dict[str, Identifier | None] = {}
        self._party_cache_size = party_cache_size
        self.counter = counter  # told every verdict (see VerdictCounter); None counts nothing

    # -- index ---------------------------------------------------------------------------

    @property
    def index(self) -> BlocklistIndex:
        return self._index

    def swap_index(self, new_index: BlocklistIndex) -> BlocklistIndex:
        """Replace the index atomically; returns the old one. Screening in progress
        finishes on the index it started with."""
        if not isinstance(new_index, BlocklistIndex):
            raise InvalidInput("index: expected a BlocklistIndex", field="index")
        old, self._index = self._index, new_index
        return old

    @property
    def policy(self) -> Policy:
        """The policy in use, every threshold a number (see :meth:`Policy.resolve`)."""
        return self._policy

    @property
    def operating_points(self) -> dict[str, float]:
        """The named thresholds the policy was resolved against."""
        return dict(self._points)

    @property
    def default_region(self) -> str | None:
        return self._region

    # -- messages ------------------------------------------------------------------------

    def screen_message(self, item: MessageItem) -> Verdict:
        return self.screen_messages([item])[0]

    def screen_messages(self, items: Sequence[MessageItem]) -> list[Verdict]:
        """Verdicts in input order; all texts scored in one ``score_many`` call."""
        index = self._index  # one index for the whole batch
        policy = self._policy[Channel.MESSAGE]
        scores = self._scores([item.text for item in items], policy)
        rules = self._rules[Channel.MESSAGE]
        region = self._region
        # Two passes (extract all, then look up all): each keeps its own caches warm.
        found = [extract(item.text, region) for item in items]
        verdict = self._message_verdict
        verdicts = [verdict(index, item, policy=policy, rules=rules, found=found[i],
                            score=scores[i] if scores is not None else None)
                    for i, item in enumerate(items)]
        if self.counter is not None:
            self.counter.counted(Channel.MESSAGE, verdicts)
        return verdicts

    def _message_verdict(self, index: BlocklistIndex, item: MessageItem, *,
                         policy: ChannelPolicy, rules: tuple[Rule, ...],
                         found: list[Extracted], score: float | None) -> Verdict:
        # Fast path: nothing is allocated for a message until something speaks.
        resolve = index.resolve
        acc: _Reasons | None = None
        sender = self.party(item.sender) if item.sender else None
        sender_allowlisted = False
        if sender is not None:
            pairs, allowed = resolve(sender)
            if pairs or allowed is not None:
                acc = _Reasons(policy)
                sender_allowlisted = acc.add(sender, pairs, allowed, "sender", None)
        for ex in found:
            pairs, allowed = resolve(ex.identifier)
            if pairs or allowed is not None:
                if acc is None:
                    acc = _Reasons(policy)
                acc.add(ex.identifier, pairs, allowed, "text", (ex.start, ex.end))
        if rules:
            ctx = RuleContext(Channel.MESSAGE, self._region, item.text, found,
                              acc.allowlisted_values if acc is not None else _EMPTY,
                              sender, sender_allowlisted)
            for rule in rules:
                detail = rule.check(ctx)
                if detail is not None:
                    if acc is None:
                        acc = _Reasons(policy)
                    acc.rule(rule, detail)
        if acc is None:
            if score is None or score < policy.warn_threshold:
                return Verdict(item.id, Channel.MESSAGE, Decision.ALLOW, score or 0.0, [],
                               index.version)
            acc = _Reasons(policy)
        if score is not None:
            acc.model(score, self._scorer, item.text, self._explain_top)
        return acc.verdict(item.id, Channel.MESSAGE, index.version)

    # -- calls ---------------------------------------------------------------------------

    def screen_call(self, item: CallItem) -> Verdict:
        """Caller looked up in the lists (callee never: it is the one protected), call rules
        applied. Calls carry no text, so the model does not take part."""
        index = self._index
        policy = self._policy[Channel.CALL]
        acc = _Reasons(policy)
        caller = self.party(item.caller) if item.caller else None
        caller_allowlisted = False
        if caller is not None:
            caller_allowlisted = acc.lookup(index, caller, "caller", None)
        rules = self._rules[Channel.CALL]
        if rules:
            callee = self.party(item.callee) if item.callee else None
            ctx = RuleContext(Channel.CALL, self._region, caller_raw=item.caller, caller=caller,
                              caller_allowlisted=caller_allowlisted, callee=callee,
                              origin_country=item.origin_country,
                              gateway=Gateway.parse(item.gateway))
            acc.rules(rules, ctx)
        return self._counted(acc.verdict(item.id, Channel.CALL, index.version))

    # -- URLs ----------------------------------------------------------------------------

    def screen_url(self, item: UrlItem) -> Verdict:
        """A URL, domain, IP address or CIDR: normalized, looked up, and the canonical
        string scored by the model. An allowlisted value is allowed without scoring.
        Raises ``InvalidIdentifier`` when the value is none of those."""
        index = self._index
        policy = self._policy[Channel.URL]
        identifier = url_identifier(item.value)
        acc = _Reasons(policy)
        if acc.lookup(index, identifier, "value", None):
            return self._counted(acc.verdict(item.id, Channel.URL, index.version))
        scores = self._scores([identifier.value], policy)
        if scores is not None:
            acc.model(scores[0], self._scorer, identifier.value, self._explain_top)
        return self._counted(acc.verdict(item.id, Channel.URL, index.version))

    # -- helpers -------------------------------------------------------------------------

    def _counted(self, verdict: Verdict) -> Verdict:
        if self.counter is not None:
            self.counter.counted(verdict.channel, (verdict,))
        return verdict

    def _scores(self, texts: list[str], policy: ChannelPolicy) -> list[float] | None:
        if self._scorer is None or not policy.model or not texts:
            return None
        raw: Any = self._scorer.score_many(texts)
        scores: list[float] = raw.tolist() if hasattr(raw, "tolist") else [float(s) for s in raw]
        if len(scores) != len(texts):
            raise CounterfraudError(f"scorer returned {len(scores)} scores for {len(texts)} texts")
        return scores

    def party(self, raw: str) -> Identifier | None:
        """A sender or caller as an identifier: a phone number (national formats in the
        default region), a short code (3-6 digits, ``details.short_code``), or an e-mail
        address; None for anything else (alphanumeric sender IDs). Cached."""
        cache = self._parties
        if raw in cache:
            return cache[raw]
        found = _party(raw, self._region)
        if len(cache) >= self._party_cache_size:
            cache.clear()
        cache[raw] = found
        return found


class _Reasons:
    """Collects the reasons of one verdict and its running decision and score."""

    __slots__ = ("allow", "allowlisted_values", "hits", "model_reasons", "policy",
                 "rule_reasons", "score", "seen", "severity")

    def __init__(self, policy: ChannelPolicy) -> None:
        self.policy = policy
        self.hits: list[Reason] = []
        self.rule_reasons: list[Reason] = []
        self.model_reasons: list[Reason] = []
        self.allow: list[AllowlistReason] = []
        self.allowlisted_values: frozenset[str] | set[str] = _EMPTY
        self.seen: set[int] | None = None
        self.severity = 0
        self.score = 0.0

    def lookup(self, index: BlocklistIndex, identifier: Identifier, found_in: str,
               span: tuple[int, int] | None) -> bool:
        """Look ``identifier`` up and record the outcome. True if allowlisted."""
        pairs, allowed = index.resolve(identifier)
        return self.add(identifier, pairs, allowed, found_in, span)

    def add(self, identifier: Identifier, pairs: list[tuple[BlocklistEntry, str]],
            allowed: AllowlistEntry | None, found_in: str,
            span: tuple[int, int] | None) -> bool:
        """Record a lookup's hits or its allowlisting. True if allowlisted."""
        if allowed is not None:
            self._allowlisted(allowed, identifier, found_in, span)
            return True
        if pairs:
            self._hits(pairs, identifier, found_in, span)
        return False

    def _allowlisted(self, entry: AllowlistEntry, identifier: Identifier, found_in: str,
                     span: tuple[int, int] | None) -> None:
        if not isinstance(self.allowlisted_values, set):
            self.allowlisted_values = set()
        self.allowlisted_values.add(identifier.value)
        if any(r.entry is entry and r.identifier == identifier for r in self.allow):
            return
        self.allow.append(AllowlistReason(entry, identifier, found_in, span))

    def _hits(self, pairs: list[tuple[BlocklistEntry, str]], identifier: Identifier,
              found_in: str, span: tuple[int, int] | None) -> None:
        if self.seen is None:
            self.seen = set()
        policy = self.policy
        for entry, matched in pairs:
            if entry.id in self.seen:  # the same entry via a URL and via its domain
                continue
            self.seen.add(entry.id)
            confirmed = entry.confidence is Confidence.CONFIRMED
            decision = policy.confirmed_hit if confirmed else policy.predicted_hit
            self.hits.append(BlocklistReason(entry, identifier, matched, decision, found_in,
                                             span))
            self._raise(decision, CONFIRMED_HIT_SCORE if confirmed else PREDICTED_HIT_SCORE)

    def rules(self, rules: tuple[Rule, ...], ctx: RuleContext) -> None:
        for rule in rules:
            detail = rule.check(ctx)
            if detail is not None:
                self.rule(rule, detail)

    def rule(self, rule: Rule, detail: str) -> None:
        self.rule_reasons.append(RuleReason(rule.id, rule.description, detail, rule.effect,
                                            rule.weight))
        self._raise(rule.effect, rule.weight)

    def model(self, score: float, scorer: TextScorer | None, text: str, top: int) -> None:
        policy = self.policy
        decision = policy.model_decision(score)
        if decision is not Decision.ALLOW:
            threshold, point = ((policy.block_threshold, policy.block_point)
                                if decision is Decision.BLOCK
                                else (policy.warn_threshold, policy.warn_point))
            decides = _SEVERITY[decision] > self.severity
            grams = (tuple(ModelEvidence.of(r) for r in scorer.explain(text, top))
                     if decides and scorer is not None and top > 0 else ())
            self.model_reasons.append(ModelReason(score, threshold, decision, grams,
                                                  point=point))
        self._raise(decision, score)

    def _raise(self, decision: Decision, score: float) -> None:
        severity = _SEVERITY[decision]
        self.severity = max(self.severity, severity)
        self.score = max(self.score, score)

    def verdict(self, item_id: str, channel: Channel, version: int) -> Verdict:
        reasons: list[Reason] = [*self.hits, *self.rule_reasons, *self.model_reasons,
                                 *self.allow]
        return Verdict(item_id, channel, _BY_SEVERITY[self.severity], float(self.score),
                       reasons, version)


def _check_region(region: str | None) -> str | None:
    if region is None:
        return None
    code = region.strip().upper()
    extract("", code)  # raises InvalidInput naming the region when phonenumbers lacks it
    return code


def _party(raw: str, region: str | None) -> Identifier | None:
    text = raw.strip()
    if "@" in text:
        try:
            return normalize(IdentifierKind.EMAIL, text)
        except InvalidIdentifier:
            return None
    compact = text.translate(_NUMBER_SEPARATORS)
    digits = compact.removeprefix("+")
    if not (digits.isdigit() and digits.isascii()):
        return None  # empty, or an alphanumeric sender ID
    try:
        return normalize(IdentifierKind.PHONE, text, region)
    except InvalidIdentifier:
        if not compact.startswith("+") and len(digits) in _SHORT_CODE_DIGITS:
            return Identifier(IdentifierKind.PHONE, digits, valid=False,
                              details={"short_code": True, "region": region})
        return None


def url_identifier(value: str) -> Identifier:
    """Read a URL, a domain (or host name), an IP address or a CIDR network."""
    text = value.strip()
    if not text:
        raise InvalidIdentifier(IdentifierKind.URL, value, "empty")
    bare = text.strip("[]")
    if ("/" in bare and "://" not in bare and bare.rpartition("/")[2].isdigit()
            and _looks_like_ip(bare.partition("/")[0])):
        return normalize(IdentifierKind.CIDR, bare)
    if _looks_like_ip(bare):
        return normalize(IdentifierKind.IP, bare)
    if "://" in text or "/" in text or "?" in text or ":" in text:
        return normalize(IdentifierKind.URL, text)
    try:
        return normalize(IdentifierKind.DOMAIN, text)
    except InvalidIdentifier:
        return normalize(IdentifierKind.URL, text)


def _looks_like_ip(text: str) -> bool:
    if text.count(".") == 3 and text.replace(".", "").isdigit():
        return True
    return text.count(":") >= 2 and all(c in "0123456789abcdefABCDEF:." for c in text)
