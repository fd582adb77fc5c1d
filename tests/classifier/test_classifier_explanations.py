"""Explanations: whole words and phrases of the message as received, with spans that
slice it, cues as reasons, and contributions that add up to the score."""

from __future__ import annotations

import math
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counterfraud.classifier import TextModel
from counterfraud.classifier.cues import CUE_NAMES
from counterfraud.classifier.explanations import MAX_UNSPACED, Reason

MESSAGES = [
    ("en-prize", "Congratulations! You won 5000 USD, claim at http://lucky-gold.top/claim"),
    ("en-obfuscated", "C o n g r a t u l a t i o n s! Y0u w0n 5000 USD, claim http://x.top"),
    ("en-otp", "Your verification code is 482913. Do not share this code with anyone."),
    ("zh-police", "【公安局】您的账户涉嫌洗钱，请立即转账5000元到安全账户配合调查"),
    ("zh-fullwidth", "兼职刷单日赚５００元，加微信ｇｏｌｄ８８８了解详情"),
    ("zh-hant", "【中華電信】您的帳單繳費失敗，請盡快至 https://payme-hk.xyz 更新"),
    ("th-prize", "ยินดีด้วย คุณได้รับรางวัลเงินสด 9000 บาท กดลิงก์ http://star.top เพื่อรับ"),
    ("th-otp", "รหัส OTP ของคุณคือ 774411 ใช้ภายใน 5 นาที ห้ามเปิดเผยรหัสนี้"),
    ("lo-prize", "ຍິນດີນຳ ທ່ານຖືກລາງວັນ 5,000,000 ກີບ ກົດລິ້ງ http://lao-prize.vip ດ່ວນ"),
    ("my-prize", "ဂုဏ်ယူပါတယ် သင် ဆုကြေး ၅၀၀၀၀၀ ကျပ် ရရှိပါသည် အမြန် ဆက်သွယ်ပါ"),
    ("km-prize", "អបអរសាទរ អ្នកឈ្នះរង្វាន់ ១០០០ ដុល្លារ សូមចុច http://kh-win.top ភ្លាមៗ"),
    ("vi-locked", "Tài khoản của bạn bị khóa, vui lòng nhấn vào link bit.ly/abc để xác minh"),
    ("id-otp", "Kode OTP Anda 482913. JANGAN berikan kode ini kepada siapapun."),
    ("empty", ""),
    ("punctuation", "!!! ???"),
]


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


@pytest.mark.parametrize("text", [m[1] for m in MESSAGES], ids=[m[0] for m in MESSAGES])
def test_contributions_add_up_to_the_score(model: TextModel, text: str) -> None:
    reasons = model.explain(text, top=10_000)
    total = sum(r.weight for r in reasons) + model.intercept
    assert total == pytest.approx(_logit(model.score(text)), abs=1e-6)


@pytest.mark.parametrize("text", [m[1] for m in MESSAGES], ids=[m[0] for m in MESSAGES])
def test_reasons_quote_the_message_as_received(model: TextModel, text: str) -> None:
    reasons = model.explain(text, top=10_000)
    for reason in reasons:
        assert text[reason.start:reason.end] == reason.text
        assert reason.kind in ("words", "cue")
        assert (reason.cue in CUE_NAMES) == (reason.kind == "cue")
    weights = [r.weight for r in reasons]
    assert weights == sorted(weights, reverse=True)
    assert len(model.explain(text, top=3)) <= 3


def _is_latin_or_digit(char: str) -> bool:
    return char.isascii() and char.isalnum()


@pytest.mark.parametrize("text", [m[1] for m in MESSAGES], ids=[m[0] for m in MESSAGES])
def test_words_are_never_fragments(model: TextModel, text: str) -> None:
    """A words reason never starts or ends inside a Latin word, and a group of an
    unspaced script holds at most MAX_UNSPACED characters (marks go with their letter)."""
    for reason in model.explain(text, top=10_000):
        if reason.kind != "words" or not reason.text:
            continue
        start, end = reason.start, reason.end
        if _is_latin_or_digit(text[start]):
            assert start == 0 or not _is_latin_or_digit(text[start - 1]), reason
        if _is_latin_or_digit(text[end - 1]):
            assert end == len(text) or not _is_latin_or_digit(text[end]), reason
        assert not unicodedata.category(text[start]).startswith("M"), reason
        letters = [c for c in reason.text if not unicodedata.category(c).startswith("M")]
        if all("\u4e00" <= c <= "\u9fff" for c in letters):
            assert len(letters) <= MAX_UNSPACED


def test_thai_groups_are_whole_thai_words(model: TextModel) -> None:
    from pythainlp.tokenize import word_tokenize

    text = MESSAGES[6][1]
    bounds = {0}
    position = 0
    for word in word_tokenize(text, engine="newmm"):
        position = text.index(word, position) + len(word)
        bounds.add(position)
        bounds.add(position - len(word))
    for reason in model.explain(text, top=10_000):
        if reason.kind == "words" and "\u0e00" <= reason.text[:1] <= "\u0e7f":
            assert reason.start in bounds and reason.end in bounds, reason


def test_burmese_groups_are_whole_syllables(model: TextModel) -> None:
    """A Burmese group never starts with a final consonant (one followed by an asat
    or a virama) nor with a mark."""
    text = MESSAGES[9][1]
    for reason in model.explain(text, top=10_000):
        if reason.kind == "words" and "\u1000" <= reason.text[:1] <= "\u109f":
            assert reason.text[1:2] not in ("\u103a", "\u1039"), reason


def test_the_url_is_one_reason_and_a_cue(model: TextModel) -> None:
    text = MESSAGES[0][1]
    reasons = model.explain(text, top=10_000)
    url = "http://lucky-gold.top/claim"
    assert [r.kind for r in reasons if r.text == url] == ["words", "cue", "cue"]
    assert {r.cue for r in reasons if r.text == url and r.kind == "cue"} == {
        "link", "risky_link"}


def test_cue_reasons_name_their_cue_and_span(model: TextModel) -> None:
    text = "【公安局】您的账户涉嫌洗钱，请立即转账5000元到安全账户配合调查"
    cues = {r.cue: r for r in model.explain(text, top=10_000) if r.kind == "cue"}
    assert cues["payment"].text == "转账"
    assert cues["money"].text == "5000元"
    assert cues["authority"].description is not None


def test_spaced_out_words_are_quoted_whole(model: TextModel) -> None:
    text = MESSAGES[1][1]
    texts = [r.text for r in model.explain(text, top=10_000) if r.kind == "words"]
    assert "C o n g r a t u l a t i o n s" in texts


def test_a_model_without_cues_still_adds_up(model: TextModel) -> None:
    plain = TextModel(config=model.config, weights=model.weights,
                      norm_weights=model.norm_weights, intercept=model.intercept,
                      threshold=model.threshold)
    text = MESSAGES[3][1]
    reasons = plain.explain(text, top=10_000)
    assert all(r.kind == "words" for r in reasons)
    total = sum(r.weight for r in reasons) + plain.intercept
    assert total == pytest.approx(_logit(plain.score(text)), abs=1e-6)


def test_describe_and_as_dict() -> None:
    words = Reason("安全账户", 3, 7, 1.2, "words")
    cue = Reason("转账", 1, 3, 0.5, "cue", "payment", "asks to transfer or pay money")
    assert words.describe() == "'安全账户' +1.20"
    assert cue.describe() == "asks to transfer or pay money ('转账') +0.50"
    assert list(cue.as_dict()) == ["text", "start", "end", "weight", "kind", "cue",
                                   "description"]


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from([
    *"ab cd1!.@$0", "转", "账", "ด", "่", "ว", "น", "ກ", "ົ", "က", "ု", "ក", "្", "ខ", "é",
    "\u0301", "Ｗ", "\u200b", "\n"]), max_size=50))
def test_any_text_adds_up_and_slices(model: TextModel, text: str) -> None:
    reasons = model.explain(text, top=10_000)
    for reason in reasons:
        assert 0 <= reason.start <= reason.end <= len(text)
        assert text[reason.start:reason.end] == reason.text
    total = sum(r.weight for r in reasons) + model.intercept
    assert total == pytest.approx(_logit(model.score(text)), abs=1e-6)
