"""ScreeningEngine: verdicts, provenance, policy per channel, batch == single, hot swap."""

from __future__ import annotations

import json
import threading
import time
from types import SimpleNamespace

import pytest
from screening_world import BLOCKLIST, KeywordScorer, build, entry

from counterfraud.domain import Channel, Decision, EntrySource, MatchType
from counterfraud.errors import InvalidInput
from counterfraud.identifiers import IdentifierKind, InvalidIdentifier
from counterfraud.screening import (
    BlocklistIndex,
    CallItem,
    MessageItem,
    Policy,
    ScreeningEngine,
    UrlItem,
    Verdict,
)

K = IdentifierKind
MODEL_URL = "https://transfer-safeaccount-guaranteed-urgent.example.com/"  # scores ~0.989


def kinds(verdict: Verdict) -> list[str]:
    return [r.as_dict()["type"] for r in verdict.reasons]


@pytest.fixture
def engine(index: BlocklistIndex, scorer: KeywordScorer) -> ScreeningEngine:
    return ScreeningEngine(index, scorer, default_region="TH")


def test_blocklist_reason_carries_provenance_and_span(engine: ScreeningEngine) -> None:
    text = "Call 081-234-5678 now"
    verdict = engine.screen_message(MessageItem("m1", text))
    assert verdict.decision is Decision.BLOCK
    assert verdict.score == 1.0
    reason = verdict.reasons[0].as_dict()
    assert reason["entry_id"] == 1
    assert reason["agency"] == "TH-CCIB"
    assert reason["report_ids"] == ["TH-2025-001", "TH-2025-002"]
    assert reason["source"] == "reports" and reason["confidence"] == "confirmed"
    assert reason["identifier"] == {"kind": "phone", "value": "+66812345678"}
    start, end = reason["span"]
    assert text[start:end] == "081-234-5678"
    assert reason["found_in"] == "text"


def test_network_id_and_sender_hit(engine: ScreeningEngine) -> None:
    verdict = engine.screen_message(MessageItem("m2", "hello", sender="+86 170 1234 5678"))
    hits = [r.as_dict() for r in verdict.reasons]
    assert [(h["entry_id"], h["network_id"], h["found_in"], h["span"]) for h in hits] == [
        (3, "NET-42", "sender", None), (2, None, "sender", None)]


def test_same_entry_through_url_and_domain_reported_once(engine: ScreeningEngine) -> None:
    verdict = engine.screen_message(MessageItem("m3", "go to https://pay.evil.com/x now"))
    assert [r.as_dict().get("entry_id") for r in verdict.reasons] == [4]


@pytest.mark.parametrize(("text", "decision", "types"), [
    pytest.param("hello, lunch at noon?", Decision.ALLOW, [], id="clean"),
    pytest.param("请立即转账到安全账户 urgent", Decision.WARN, ["model"], id="model-warn"),
    pytest.param("请转账到安全账户，刷单返利", Decision.BLOCK, ["model"], id="model-block"),
    pytest.param("call +86 139 0000 0001", Decision.WARN, ["blocklist"], id="predicted-hit-warns"),
    pytest.param("call +66 81 234 5678", Decision.BLOCK, ["blocklist"], id="confirmed-hit-blocks"),
    pytest.param("dial 96110 or see https://www.mps.gov.cn/", Decision.ALLOW,
                 ["allowlisted", "allowlisted"], id="allowlisted-only"),
    pytest.param("点击 bit.ly/abc12", Decision.BLOCK, ["blocklist", "allowlisted"],
                 id="blocked-short-link-on-allowlisted-shortener"),
])
def test_message_decisions(engine: ScreeningEngine, text: str, decision: Decision,
                           types: list[str]) -> None:
    verdict = engine.screen_message(MessageItem("m", text))
    assert verdict.decision is decision
    assert kinds(verdict) == types


def test_predicted_hit_score_and_confirmed_score(engine: ScreeningEngine) -> None:
    predicted = engine.screen_message(MessageItem("m", "call +86 139 0000 0001"))
    assert predicted.score == 0.9
    assert predicted.reasons[0].as_dict()["decision"] == "warn"


def test_explain_only_when_model_speaks(index: BlocklistIndex) -> None:
    scorer = KeywordScorer()
    engine = ScreeningEngine(index, scorer, default_region="TH")
    engine.screen_messages([MessageItem("a", "hello"), MessageItem("b", "call +66 81 234 5678")])
    assert scorer.explained == 0
    verdict = engine.screen_message(MessageItem("c", "请转账到安全账户，刷单返利"))
    assert scorer.explained == 1
    model = verdict.reasons[0].as_dict()
    assert (model["threshold"], model["point"]) == (0.97, "block")  # the default points
    assert [r["text"] for r in model["top"]] == ["安全账户", "刷单", "转账"]


def test_no_explanation_when_the_blocklist_already_decided(index: BlocklistIndex) -> None:
    scorer = KeywordScorer()
    engine = ScreeningEngine(index, scorer, default_region="TH")
    verdict = engine.screen_message(MessageItem("d", "Call 081-234-5678 now: 转账 安全账户 刷单"))
    assert verdict.decision is Decision.BLOCK and scorer.explained == 0
    model = [r.as_dict() for r in verdict.reasons if r.as_dict()["type"] == "model"]
    assert len(model) == 1 and model[0]["point"] == "block" and model[0]["top"] == []


class _SpanScorer(KeywordScorer):
    """Explains like the text classifier: words with their spans, and cues."""

    def explain(self, text: str, top: int = 5) -> list[SimpleNamespace]:  # type: ignore[override]
        start = text.index("安全账户")
        return [SimpleNamespace(text="安全账户", start=start, end=start + 4, weight=1.5,
                                kind="words", cue=None, description=None),
                SimpleNamespace(text="转账", start=1, end=3, weight=0.5, kind="cue",
                                cue="payment", description="asks to transfer or pay money")]


def test_model_reasons_carry_spans_and_cues(index: BlocklistIndex) -> None:
    engine = ScreeningEngine(index, _SpanScorer(), default_region="TH")
    verdict = engine.screen_message(MessageItem("c", "请转账到安全账户，刷单返利"))
    top = verdict.reasons[0].as_dict()["top"]
    assert top[0] == {"text": "安全账户", "weight": 1.5, "start": 4, "end": 8,
                      "kind": "words", "cue": None, "description": None}
    assert top[1]["cue"] == "payment"
    assert "'安全账户' at 4-8 +1.50" in verdict.explain_text()
    assert "asks to transfer or pay money ('转账' at 1-3) +0.50" in verdict.explain_text()

def test_batch_scores_in_one_call_and_equals_single(index: BlocklistIndex) -> None:
    items = [
        MessageItem("1", "call 081-234-5678", sender="+8617012399999"),
        MessageItem("2", "请转账到安全账户，刷单返利 https://login.evil.com/a"),
        MessageItem("3", "ordinary text"),
        MessageItem("4", "紧急 bit.ly/zzz111 立即", sender="0812000111"),
        MessageItem("5", "dial 96110", sender="+6621111111"),
        MessageItem("6", "transfer to safe account 0x52908400098527886E0F7030069857D2E4169EE7"),
    ]
    scorer = KeywordScorer()
    engine = ScreeningEngine(index, scorer, default_region="TH")
    batch = engine.screen_messages(items)
    assert scorer.batches == [len(items)]
    single = [engine.screen_message(i) for i in items]
    assert [v.as_dict() for v in batch] == [v.as_dict() for v in single]
    assert [v.id for v in batch] == [i.id for i in items]


def test_policy_thresholds_per_channel(index: BlocklistIndex, scorer: KeywordScorer) -> None:
    text = "请立即转账到安全账户 urgent"  # scores ~0.92
    strict = Policy.from_dict({"message": {"warn_at": 0.95, "block_at": 0.99}})
    lax = Policy.from_dict({"message": {"warn_at": 0.5, "block_at": 0.9}})
    assert ScreeningEngine(index, scorer, strict).screen_message(
        MessageItem("m", text)).decision is Decision.ALLOW
    assert ScreeningEngine(index, scorer, lax).screen_message(
        MessageItem("m", text)).decision is Decision.BLOCK
    url_off = Policy.from_dict({"url": {"model": False}})
    verdict = ScreeningEngine(index, scorer, url_off).screen_url(
        UrlItem("u", MODEL_URL))
    assert verdict.decision is Decision.ALLOW and verdict.score == 0.0


class PointedScorer(KeywordScorer):
    """The keyword scorer with operating points of its own, as a trained model has."""

    operating_points = {"warn": 0.9, "block": 0.93, "strict": 0.999}  # noqa: RUF012


@pytest.mark.parametrize(("policy", "text", "decision", "line"), [
    pytest.param({}, "请立即转账到安全账户 urgent", Decision.WARN,  # scores ~0.924
                 "[warn] text model: score 0.92 >= warn point 0.90", id="warn-point"),
    pytest.param({}, "请转账到安全账户，刷单返利", Decision.BLOCK,  # scores ~0.989
                 "[block] text model: score 0.99 >= block point 0.93", id="block-point"),
    pytest.param({"block_at": "strict"}, "请转账到安全账户，刷单返利", Decision.WARN,
                 "[warn] text model: score 0.99 >= warn point 0.90", id="strict-not-reached"),
    pytest.param({"warn_at": 0.5, "block_at": "strict"}, "转账 transfer urgent", Decision.WARN,
                 "[warn] text model: score 0.88 >= warn threshold 0.50", id="number-not-point"),
])
def test_named_points_follow_the_scorer(index: BlocklistIndex, policy: dict[str, object],
                                        text: str, decision: Decision, line: str) -> None:
    engine = ScreeningEngine(index, PointedScorer(), Policy.from_dict({"message": policy}))
    verdict = engine.screen_message(MessageItem("m", text))
    assert verdict.decision is decision
    assert line in verdict.explain_text().splitlines()[1]
    assert engine.operating_points == PointedScorer.operating_points
    assert engine.policy[Channel.MESSAGE].resolved


def test_reason_names_the_point_it_crossed(index: BlocklistIndex) -> None:
    engine = ScreeningEngine(index, PointedScorer())
    [reason] = engine.screen_message(MessageItem("m", "请转账到安全账户，刷单返利")).reasons
    assert {k: reason.as_dict()[k] for k in ("decision", "threshold", "point")} == {
        "decision": "block", "threshold": 0.93, "point": "block"}
    url = engine.screen_url(UrlItem("u", MODEL_URL)).reasons[0].as_dict()
    assert (url["threshold"], url["point"]) == (0.9, None)  # the URL channel's own number


@pytest.mark.parametrize(("scorer", "words"), [
    pytest.param(KeywordScorer(), "it has: block, warn", id="scorer-without-points"),
    pytest.param(PointedScorer(), "it has: block, strict, warn", id="scorer-with-points"),
    pytest.param(None, "it has: block, warn", id="no-scorer"),
])
def test_unknown_point_fails_when_the_engine_is_built(index: BlocklistIndex,
                                                      scorer: KeywordScorer | None,
                                                      words: str) -> None:
    policy = Policy.from_dict({"message": {"warn_at": "lenient"}})
    with pytest.raises(InvalidInput) as err:
        ScreeningEngine(index, scorer, policy)
    assert str(err.value) == ("message.warn_at: the model has no operating point "
                              f"'lenient'; {words}")


def test_confirmed_and_predicted_effects_are_policy(index: BlocklistIndex) -> None:
    policy = Policy.from_dict({"message": {"confirmed_hit": "warn", "predicted_hit": "allow"}})
    engine = ScreeningEngine(index, KeywordScorer(), policy)
    assert engine.screen_message(MessageItem("m", "call +66812345678")).decision is Decision.WARN
    assert engine.screen_message(
        MessageItem("m", "call +8613900000001")).decision is Decision.ALLOW


@pytest.mark.parametrize(("value", "decision", "entry_ids"), [
    pytest.param("https://bit.ly/abc12", Decision.BLOCK, [6], id="url-exact"),
    pytest.param("bit.ly", Decision.ALLOW, [], id="allowlisted-domain"),
    pytest.param("https://bit.ly/zzz", Decision.ALLOW, [], id="allowlisted-host"),
    pytest.param("m.evil.com", Decision.BLOCK, [4], id="domain-tree"),
    pytest.param("203.0.113.70", Decision.BLOCK, [8, 7], id="ipv4"),
    pytest.param("[2001:db8:aa::1]", Decision.BLOCK, [11, 10], id="ipv6-bracketed"),
    pytest.param("203.0.113.64/28", Decision.BLOCK, [8, 7], id="cidr"),
    pytest.param("evil.com:8080/x", Decision.BLOCK, [4], id="host-with-port"),
    pytest.param(MODEL_URL, Decision.WARN, [], id="model-warns-on-url-string"),
])
def test_screen_url(engine: ScreeningEngine, value: str, decision: Decision,
                    entry_ids: list[int]) -> None:
    verdict = engine.screen_url(UrlItem("u", value))
    assert verdict.channel is Channel.URL
    assert verdict.decision is decision
    assert [r.as_dict().get("entry_id") for r in verdict.reasons
            if r.as_dict()["type"] == "blocklist"] == entry_ids


def test_screen_url_rejects_garbage(engine: ScreeningEngine) -> None:
    with pytest.raises(InvalidIdentifier):
        engine.screen_url(UrlItem("u", "not a url at all"))


def test_call_lookup_and_allowlisted_hotline(engine: ScreeningEngine) -> None:
    blocked = engine.screen_call(CallItem("c1", "081 234 5678", "0899000111",
                                          gateway="domestic"))
    assert blocked.decision is Decision.BLOCK and blocked.channel is Channel.CALL
    assert blocked.reasons[0].as_dict()["found_in"] == "caller"
    hotline = engine.screen_call(CallItem("c2", "96110", "0899000111", gateway="domestic"))
    assert hotline.decision is Decision.ALLOW  # entry 18 blocks "96110"; the allowlist wins
    assert kinds(hotline) == ["allowlisted"]


def test_verdict_json_shape(engine: ScreeningEngine) -> None:
    verdict = engine.screen_message(MessageItem(
        "m9", "紧急!请转账到安全账户，刷单返利 bit.ly/abc12", sender="+8617012399999"))
    data = json.loads(json.dumps(verdict.as_dict(), ensure_ascii=False))
    assert list(data) == ["id", "channel", "decision", "score", "index_version", "reasons"]
    assert data["decision"] == "block" and data["index_version"] == 1
    by_type = {r["type"]: r for r in data["reasons"]}
    assert list(by_type["blocklist"]) == [
        "type", "decision", "entry_id", "kind", "value", "match", "source", "confidence",
        "agency", "report_ids", "network_id", "entry_reason", "identifier", "matched",
        "found_in", "span"]
    assert list(by_type["rule"]) == ["type", "decision", "rule_id", "description", "detail",
                                     "weight"]
    assert list(by_type["model"]) == ["type", "decision", "score", "threshold", "point",
                                      "top"]
    assert list(by_type["allowlisted"]) == ["type", "decision", "kind", "value", "match",
                                            "entry_reason", "identifier", "found_in", "span"]
    order = [r["type"] for r in data["reasons"]]
    assert order == sorted(order, key=["blocklist", "rule", "model", "allowlisted"].index)
    text = verdict.explain_text()
    assert text.startswith("BLOCK message m9")
    assert "NET-42" in text and "rule message_with_shortener_and_urgency" in text


def test_explain_text_when_nothing_matched(engine: ScreeningEngine) -> None:
    assert "nothing matched" in engine.screen_message(MessageItem("m", "hi")).explain_text()


def test_engine_without_scorer(index: BlocklistIndex) -> None:
    engine = ScreeningEngine(index, None, default_region="TH")
    verdict = engine.screen_message(MessageItem("m", "请转账到安全账户，刷单返利"))
    assert verdict.decision is Decision.ALLOW and verdict.reasons == []


def test_constructor_errors(index: BlocklistIndex) -> None:
    with pytest.raises(InvalidInput, match="region"):
        ScreeningEngine(index, None, default_region="XX")
    with pytest.raises(InvalidInput, match="BlocklistIndex"):
        ScreeningEngine(object(), None)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="gateway"):
        ScreeningEngine(index, None).screen_call(CallItem("c", "+66812000111", None,
                                                          gateway="satellite"))


def _versioned_index(version: int) -> BlocklistIndex:
    """Every entry of version N carries agency "vN": a verdict shows which index it used."""
    entries = [entry(e.id, e.kind, e.value, e.match, agency=f"v{version}",
                     source=EntrySource.MANUAL) for e in BLOCKLIST[:12]]
    extra = entry(100 + version, K.PHONE, f"+6681000000{version}", MatchType.EXACT,
                  agency=f"v{version}")
    return build(version, [*entries, extra])


def test_swap_index_under_concurrent_screening() -> None:
    indexes = [_versioned_index(v) for v in (1, 2, 3)]
    engine = ScreeningEngine(indexes[0], KeywordScorer(), default_region="TH")
    items = [MessageItem(str(i), f"call 081-234-5678 or +6681000000{i % 3 + 1}, "
                                 "see https://a.evil.com/x and 203.0.113.70")
             for i in range(40)]
    errors: list[str] = []
    seen_versions: set[int] = set()
    stop = threading.Event()

    def screen() -> None:
        while not stop.is_set():
            for verdict in engine.screen_messages(items):
                version = verdict.index_version
                seen_versions.add(version)
                agencies = {r.as_dict()["agency"] for r in verdict.reasons
                            if r.as_dict()["type"] == "blocklist"}
                if agencies != {f"v{version}"}:
                    errors.append(f"verdict {verdict.id} v{version} used {agencies}")
                extra = [r for r in verdict.reasons if r.as_dict().get("entry_id", 0) > 100]
                if extra and extra[0].as_dict()["entry_id"] != 100 + version:
                    errors.append(f"verdict {verdict.id} v{version} saw another version's entry")

    threads = [threading.Thread(target=screen) for _ in range(3)]
    for t in threads:
        t.start()
    # Swap at least 60 times, and on until the screening threads have used every index:
    # a busy machine may not schedule them during the first swaps. The bound only ends
    # a run whose threads never screen at all.
    deadline = time.monotonic() + 120
    n = 0
    while n < 60 or (seen_versions != {1, 2, 3} and time.monotonic() < deadline):
        old = engine.swap_index(indexes[n % 3])
        assert isinstance(old, BlocklistIndex)
        n += 1
        time.sleep(0.001)  # lets the screening threads run between swaps
    stop.set()
    for t in threads:
        t.join()
    assert errors == []
    assert seen_versions == {1, 2, 3}
    assert engine.index is indexes[(n - 1) % 3]


def test_swap_index_refuses_non_index(engine: ScreeningEngine) -> None:
    with pytest.raises(InvalidInput):
        engine.swap_index("v2")  # type: ignore[arg-type]
