"""The multilingual corpus: determinism, balance, templates, scripts, hard negatives.

Also checks that the hand-written evaluation set (benchmarks/data/regional_messages.csv)
is a separate world: same languages and labels, written in the right scripts, sharing
no sentence with the templates the corpus is generated from.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from counterfraud.domain import ScamType
from counterfraud.errors import InvalidInput
from counterfraud.simulate import MULTILINGUAL_LANGS, multilingual_corpus
from counterfraud.simulate.multilingual_slots import SLOTS, slot_names
from counterfraud.simulate.multilingual_templates import LEGIT, LEGIT_CATEGORIES, SCAM

Rows = list[dict[str, str]]

PER_LANGUAGE = 400
EVALUATION = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "regional_messages.csv"
LABELS = ("scam", "legit")

# Characters written only in Traditional Chinese, and their Simplified counterparts.
TRADITIONAL_ONLY = ("們這說請銀帳號碼網訊錢轉點擊領獎詐騙關聯資辦務業實體國門問題機電話發給現經過還"
                    "進認證驗額錄線費單貨運購買賣開員長區學書車麼讓謝愛媽氣萬樂歲貸飛營記論專紅約"
                    "處險護備獲節鐘償賠確續盤戶順價將別")
SIMPLIFIED_ONLY = ("们这说请银账户号码网讯钱转点击领奖诈骗关联资办务业实体国门问题机电话发给现经"
                   "过还进认证验额录线费单货运购买卖开员长区学书车么让谢爱妈气万乐岁贷飞营记论专红约"
                   "处险护备获节钟偿赔确续盘顺价将别")
VIETNAMESE_LETTERS = frozenset(
    "ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
    "ĂÂĐÊÔƠƯÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ")
# Unicode blocks of the scripts a message may be written in (besides Latin).
SCRIPTS = {
    "thai": (0x0E00, 0x0E7F), "lao": (0x0E80, 0x0EFF), "myanmar": (0x1000, 0x109F),
    "khmer": (0x1780, 0x17FF), "han": (0x4E00, 0x9FFF),
}
NATIVE = {"zh-Hans": "han", "zh-Hant": "han", "th": "thai", "lo": "lao", "my": "myanmar",
          "km": "khmer"}
# Words of each language that both labels must use (so none of them gives the label away).
SHARED_WORDS = {
    "zh-Hans": ("验证码", "转", "账户", "诈骗"), "zh-Hant": ("驗證碼", "帳戶", "詐騙", "匯"),
    "th": ("โอน", "บัญชี", "รหัส", "ตำรวจ"), "lo": ("ໂອນ", "ບັນຊີ", "ລະຫັດ", "ຕຳຫຼວດ"),
    "my": ("လွှဲ", "အကောင့်", "ကုဒ်", "ရဲ"), "km": ("ផ្ទេរ", "គណនី", "លេខកូដ", "ប៉ូលិស"),
    "vi": ("chuyển", "tài khoản", "mã", "lừa đảo"),
    "id": ("transfer", "rekening", "kode", "polisi"),
    "ms": ("akaun", "kod", "transfer", "polis"), "en": ("transfer", "account", "code", "police"),
}
# How each language writes money: at least one of these in many rows.
CURRENCY_MARKS = {
    "zh-Hans": ("元", "¥", "万"), "zh-Hant": ("元", "NT$", "HK$", "MOP", "萬"),
    "th": ("บาท", "฿", "บ."), "lo": ("ກີບ", "LAK", "kip"), "my": ("ကျပ်", "Ks", "MMK", "သိန်း"),
    "km": ("រៀល", "៛", "$", "ដុល្លារ"), "vi": ("đ", "VNĐ", "VND", "triệu"),
    "id": ("Rp", "IDR"), "ms": ("RM",), "en": ("S$", "SGD", "₱", "PHP", "RM", "฿", "THB", "baht"),
}
HARD_NEGATIVES = ("otp", "bank_notice", "ewallet", "delivery", "appointment",
                  "official_warning", "telecom", "family", "salary", "utility")
SCAM_KINDS = ("investment", "romance", "impersonation", "customer_service", "loan", "task_job",
              "job_lure", "gambling", "prize", "sextortion", "kidnapping_ransom")


@pytest.fixture(scope="module")
def rows() -> Rows:
    return multilingual_corpus(seed=7, per_language=PER_LANGUAGE)


@pytest.fixture(scope="module")
def evaluation() -> Rows:
    with EVALUATION.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _in_script(char: str, script: str) -> bool:
    low, high = SCRIPTS[script]
    return low <= ord(char) <= high


def _script_problems(text: str, lang: str) -> list[str]:
    """Why ``text`` is not written as ``lang`` is (empty when it is)."""
    problems = []
    letters = [c for c in text
               if unicodedata.category(c)[0] in "LM" and not 0xFE00 <= ord(c) <= 0xFE0F]
    if unicodedata.normalize("NFC", text) != text:
        problems.append("not NFC")
    native = NATIVE.get(lang)
    foreign = {name for c in letters for name in SCRIPTS if name != native and _in_script(c, name)}
    if foreign:
        problems.append(f"letters of {sorted(foreign)}")
    if native:
        count = sum(_in_script(c, native) for c in letters)
        if count < 4 or count < 0.25 * len(letters):
            problems.append(f"only {count} of {len(letters)} letters in {native}")
        return problems
    not_latin = [c for c in letters if not unicodedata.name(c, "").startswith("LATIN")]
    if not_latin:
        problems.append(f"non-Latin letters {not_latin[:5]}")
    has_vietnamese = any(c in VIETNAMESE_LETTERS for c in text)
    if lang == "vi" and not has_vietnamese:
        problems.append("no Vietnamese letters")
    if lang != "vi" and has_vietnamese:
        problems.append("Vietnamese letters")
    return problems


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{[a-z_]+\}", template)
    return re.compile("(.+?)".join(re.escape(part) for part in parts) + r"\Z", re.DOTALL)


# --- the generator ---------------------------------------------------------------------

def test_same_seed_same_rows_other_seed_other_rows() -> None:
    first = multilingual_corpus(seed=3, per_language=40)
    assert first == multilingual_corpus(seed=3, per_language=40)
    assert first != multilingual_corpus(seed=4, per_language=40)


def test_default_arguments_are_seed_7_and_400_per_language(rows: Rows) -> None:
    assert multilingual_corpus() == rows


@pytest.mark.parametrize("per_language", [1, 0, -5], ids=["one", "zero", "negative"])
def test_too_small_a_corpus_is_refused(per_language: int) -> None:
    with pytest.raises(InvalidInput, match="per_language"):
        multilingual_corpus(per_language=per_language)


def test_rows_have_the_four_fields(rows: Rows) -> None:
    assert len(rows) == PER_LANGUAGE * len(MULTILINGUAL_LANGS)
    for row in rows:
        assert set(row) == {"text", "label", "lang", "category"}
        assert all(isinstance(value, str) and value.strip() for value in row.values())


@pytest.mark.parametrize("lang", MULTILINGUAL_LANGS)
def test_each_language_is_half_scam_half_legit(rows: Rows, lang: str) -> None:
    labels = Counter(row["label"] for row in rows if row["lang"] == lang)
    assert labels == {"scam": PER_LANGUAGE // 2, "legit": PER_LANGUAGE // 2}


def test_an_odd_size_gives_the_extra_row_to_legit() -> None:
    labels = Counter(row["label"] for row in multilingual_corpus(seed=1, per_language=5)
                     if row["lang"] == "km")
    assert labels == {"scam": 2, "legit": 3}


# --- templates ---------------------------------------------------------------------------

@pytest.mark.parametrize("label", LABELS)
@pytest.mark.parametrize("lang", MULTILINGUAL_LANGS)
def test_at_least_35_distinct_templates_used(rows: Rows, lang: str, label: str) -> None:
    table = (SCAM if label == "scam" else LEGIT)[lang]
    templates = [t for category in table.values() for t in category]
    assert len(set(templates)) == len(templates) >= 35
    patterns = {template: _pattern(template) for template in templates}
    used = set()
    for row in rows:
        if row["lang"] == lang and row["label"] == label:
            matched = [t for t, pattern in patterns.items() if pattern.match(row["text"])]
            assert matched, f"text from no template: {row['text']!r}"
            used.update(matched)
    assert len(used) >= 35


@pytest.mark.parametrize("lang", MULTILINGUAL_LANGS)
def test_templates_fill_from_known_slots_only(lang: str) -> None:
    for table in (SCAM[lang], LEGIT[lang]):
        for template in (t for category in table.values() for t in category):
            assert set(slot_names(template)) <= set(SLOTS), template


def test_no_placeholder_is_left_unfilled(rows: Rows) -> None:
    leftovers = [row["text"] for row in rows if "{" in row["text"] or "}" in row["text"]]
    assert leftovers == []


def test_no_text_has_both_labels(rows: Rows) -> None:
    scam = {row["text"] for row in rows if row["label"] == "scam"}
    legit = {row["text"] for row in rows if row["label"] == "legit"}
    assert scam & legit == set()


def test_texts_are_varied(rows: Rows) -> None:
    """Only sentences without placeholders repeat, once per round through the templates."""
    counts = Counter(row["text"] for row in rows)
    assert len(counts) / len(rows) > 0.9
    assert counts.most_common(1)[0][1] <= PER_LANGUAGE // 2 // 35 + 1


# --- languages and scripts -----------------------------------------------------------------

@pytest.mark.parametrize("lang", MULTILINGUAL_LANGS)
def test_every_row_is_in_its_language_script(rows: Rows, lang: str) -> None:
    bad = {row["text"]: problems for row in rows if row["lang"] == lang
           if (problems := _script_problems(row["text"], lang))}
    assert bad == {}


def test_traditional_rows_use_traditional_characters(rows: Rows) -> None:
    for row in rows:
        if row["lang"] == "zh-Hant":
            assert any(c in TRADITIONAL_ONLY for c in row["text"]), row["text"]
            assert not any(c in SIMPLIFIED_ONLY for c in row["text"]), row["text"]


def test_simplified_rows_use_no_traditional_characters(rows: Rows) -> None:
    for row in rows:
        if row["lang"] == "zh-Hans":
            assert not any(c in TRADITIONAL_ONLY for c in row["text"]), row["text"]


# --- what the rows say ------------------------------------------------------------------

def test_categories_are_controlled(rows: Rows) -> None:
    scam_types = {s.value for s in ScamType}
    for row in rows:
        allowed = scam_types if row["label"] == "scam" else set(LEGIT_CATEGORIES)
        assert row["category"] in allowed, row


@pytest.mark.parametrize("lang", MULTILINGUAL_LANGS)
def test_every_scam_kind_and_hard_negative_in_every_language(rows: Rows, lang: str) -> None:
    scams = {row["category"] for row in rows if row["lang"] == lang and row["label"] == "scam"}
    legits = {row["category"] for row in rows if row["lang"] == lang and row["label"] == "legit"}
    assert set(SCAM_KINDS) <= scams
    assert set(HARD_NEGATIVES) <= legits


@pytest.mark.parametrize("lang", MULTILINGUAL_LANGS)
def test_scam_vocabulary_appears_in_both_labels(rows: Rows, lang: str) -> None:
    for word in SHARED_WORDS[lang]:
        labels = {row["label"] for row in rows
                  if row["lang"] == lang and word.lower() in row["text"].lower()}
        assert labels == set(LABELS), f"{word!r} only in {labels}"


@pytest.mark.parametrize("lang", MULTILINGUAL_LANGS)
def test_amounts_are_in_local_currency(rows: Rows, lang: str) -> None:
    marked = sum(any(mark in row["text"] for mark in CURRENCY_MARKS[lang])
                 for row in rows if row["lang"] == lang)
    assert marked >= PER_LANGUAGE // 5


@pytest.mark.parametrize("lang", MULTILINGUAL_LANGS)
def test_scam_links_come_obfuscated_and_shortened(rows: Rows, lang: str) -> None:
    scams = [row["text"] for row in rows if row["lang"] == lang and row["label"] == "scam"]
    for mark in ("hxxp", "[.]", "t.me/", " . "):
        assert any(mark in text for text in scams), mark
    assert any(re.search(r"\b(bit\.ly|tinyurl\.com|s\.id|cutt\.ly|rb\.gy)/", t) for t in scams)


def test_legit_deliveries_carry_long_digit_runs(rows: Rows) -> None:
    tracking = [row["text"] for row in rows if row["category"] == "delivery"]
    assert sum(bool(re.search(r"(999|888|000)", text)) for text in tracking) > 50


def test_otps_and_warnings_talk_like_scams(rows: Rows) -> None:
    legit = [row for row in rows if row["label"] == "legit"]
    otps = [row["text"] for row in legit if row["category"] == "otp"]
    assert all(re.search(r"\d{4,6}|[၀-၉]{4,6}", text) for text in otps)
    warnings = {row["lang"] for row in legit if row["category"] == "official_warning"}
    assert warnings == set(MULTILINGUAL_LANGS)


# --- the hand-written evaluation set ---------------------------------------------------------

def test_evaluation_set_has_every_language_and_both_labels(evaluation: Rows) -> None:
    assert evaluation and set(evaluation[0]) == {"text", "label", "lang"}
    counts = Counter((row["lang"], row["label"]) for row in evaluation)
    for lang in MULTILINGUAL_LANGS:
        for label in LABELS:
            assert counts[lang, label] >= 15, (lang, label)
    assert {row["lang"] for row in evaluation} == set(MULTILINGUAL_LANGS)
    assert {row["label"] for row in evaluation} == set(LABELS)


def test_evaluation_set_is_written_in_each_language_script(evaluation: Rows) -> None:
    bad = {row["text"]: problems for row in evaluation
           if (problems := _script_problems(row["text"], row["lang"]))}
    assert bad == {}
    hant = [row["text"] for row in evaluation if row["lang"] == "zh-Hant"]
    assert all(any(c in TRADITIONAL_ONLY for c in text) for text in hant)
    hans = [row["text"] for row in evaluation if row["lang"] == "zh-Hans"]
    assert not any(c in TRADITIONAL_ONLY for text in hans for c in text)


def test_evaluation_texts_are_unique_and_single_labelled(evaluation: Rows) -> None:
    texts = Counter(row["text"] for row in evaluation)
    assert texts.most_common(1)[0][1] == 1


def test_evaluation_set_shares_no_sentence_with_the_templates(evaluation: Rows,
                                                              rows: Rows) -> None:
    """No evaluation message comes from a template, or repeats a template's wording."""
    corpus = {row["text"] for row in rows}
    fragments = set()
    for table in (*SCAM.values(), *LEGIT.values()):
        for template in (t for category in table.values() for t in category):
            parts = (p.strip(" ，。,.:：!！?？") for p in re.split(r"\{[a-z_]+\}", template))
            fragments.update(part for part in parts if len(part) >= 16)
    for row in evaluation:
        assert row["text"] not in corpus
        shared = [part for part in fragments if part in row["text"]]
        assert shared == [], (row["text"], shared)
        lang = row["lang"]
        for table in (SCAM[lang], LEGIT[lang]):
            for template in (t for category in table.values() for t in category):
                assert not _pattern(template).match(row["text"]), (row["text"], template)
