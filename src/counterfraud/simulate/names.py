"""Multilingual suspect names and their canonical person identifiers.

A suspect is written the same way in every row that names them (one spelling, one
set of fields), up to case and spacing, so the ground truth can hold exactly one
canonical value per person. ``person_canonical`` mirrors the normaliser's contract:
NFKC + casefold, punctuation other than hyphen/apostrophe dropped, whitespace
collapsed, then ``|b:`` birth date, ``|n:`` nationality, ``|d:`` document segments.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

__all__ = ["Person", "make_person", "person_canonical", "thai_id_ok"]

# (hanzi, pinyin) pairs so a Chinese suspect can be recorded in either script.
_CN_SURNAMES = (("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"),
                ("杨", "Yang"), ("黄", "Huang"), ("赵", "Zhao"), ("吴", "Wu"), ("周", "Zhou"),
                ("徐", "Xu"), ("孙", "Sun"), ("马", "Ma"), ("朱", "Zhu"), ("胡", "Hu"),
                ("郭", "Guo"), ("何", "He"), ("林", "Lin"), ("罗", "Luo"), ("郑", "Zheng"),
                ("梁", "Liang"), ("谢", "Xie"), ("宋", "Song"), ("唐", "Tang"), ("许", "Xu"),
                ("邓", "Deng"), ("冯", "Feng"), ("韩", "Han"), ("曹", "Cao"), ("魏", "Wei"),
                ("白", "Bai"), ("明", "Ming"), ("徐", "Hsu"), ("鲍", "Bao"))
_CN_GIVEN = (("伟", "Wei"), ("强", "Qiang"), ("磊", "Lei"), ("军", "Jun"), ("勇", "Yong"),
             ("杰", "Jie"), ("涛", "Tao"), ("斌", "Bin"), ("超", "Chao"), ("明", "Ming"),
             ("国华", "Guohua"), ("建国", "Jianguo"), ("志强", "Zhiqiang"), ("海涛", "Haitao"),
             ("文龙", "Wenlong"), ("俊杰", "Junjie"), ("家豪", "Jiahao"), ("子轩", "Zixuan"),
             ("丽", "Li"), ("静", "Jing"), ("敏", "Min"), ("燕", "Yan"), ("芳", "Fang"),
             ("晓东", "Xiaodong"), ("学成", "Xuecheng"), ("国平", "Guoping"), ("永强", "Yongqiang"),
             ("天佑", "Tianyou"), ("嘉欣", "Jiaxin"), ("雪梅", "Xuemei"))
_TH_FIRST = (("สมชาย", "Somchai"), ("สมศักดิ์", "Somsak"), ("ประเสริฐ", "Prasert"),
             ("วิชัย", "Wichai"), ("สุรชัย", "Surachai"), ("อนันต์", "Anan"),
             ("กิตติ", "Kitti"), ("ธนพล", "Thanaphon"), ("ณัฐพล", "Nattaphon"),
             ("สุดารัตน์", "Sudarat"), ("มาลี", "Malee"), ("วันเพ็ญ", "Wanpen"),
             ("ปิยะ", "Piya"), ("ชัยวัฒน์", "Chaiwat"), ("พงศกร", "Phongsakon"))
_TH_LAST = (("วงศ์สกุล", "Wongsakul"), ("ศรีสุข", "Srisuk"), ("แสงทอง", "Saengthong"),
            ("บุญมา", "Boonma"), ("ทองดี", "Thongdee"), ("สายบุญ", "Saiboon"),
            ("จันทร์เพ็ญ", "Chanphen"), ("รัตนพันธ์", "Rattanaphan"), ("เกษมสุข", "Kasemsuk"),
            ("พรหมมา", "Phromma"), ("อินทร์แก้ว", "Inkaew"))
_LA_FIRST = ("Souksavanh", "Khamphone", "Bounmy", "Phonesavanh", "Vilayphone", "Somphone",
             "Keo", "Sengdao", "Thongsavanh", "Noy", "Bouasone", "Chanthala", "Viengsay")
_LA_LAST = ("Phommachanh", "Sisouphanh", "Vongsavath", "Keomany", "Inthavong", "Sayavong",
            "Douangmala", "Phanthavong", "Luangrath", "Chanthavong")
_MM_PARTS = ("Aung", "Kyaw", "Zaw", "Min", "Htet", "Naing", "Soe", "Win", "Myint", "Thein",
             "Tun", "Hlaing", "Moe", "Ko", "Thura", "Nyein", "Khin", "Su", "Hnin", "Lwin",
             "Saw", "Zin", "Oo", "Phyo", "Wai", "Yan", "Paing")
_MM_HONORIFIC = ("", "", "U ", "Ko ", "Daw ", "Saw ")
_KH_FIRST = ("Dara", "Sokha", "Vannak", "Bopha", "Sophal", "Rithy", "Chanthou", "Pisey")
_KH_LAST = ("Sok", "Chan", "Kim", "Heng", "Meas", "Pich", "Ouk", "Seng")
_MY_LAST = ("Tan", "Lim", "Lee", "Ng", "Ong", "Wong", "Chong", "Teh")
_MY_GIVEN = ("Wei Ming", "Chee Keong", "Kah Hoe", "Boon Huat", "Siew Ling", "Jun Hao")

_DOC_PREFIX = {"CN": "E", "TH": "AA", "LA": "P", "MM": "MB", "KH": "N", "MY": "A"}
_DOC_DIGITS = {"CN": 8, "TH": 7, "LA": 7, "MM": 6, "KH": 7, "MY": 8}


@dataclass(frozen=True, slots=True)
class Person:
    """One suspect: ``raw`` is the row spelling, ``value`` the canonical identifier."""

    name: str
    birth: str
    nationality: str
    document: str
    raw: str
    value: str


def _strip_punct(text: str) -> str:
    return "".join(ch for ch in text
                   if ch in "-'" or not unicodedata.category(ch).startswith("P"))


def person_canonical(name: str, birth: str = "", nationality: str = "",
                     document: str = "") -> str:
    """The canonical person value, built exactly as the normaliser documents it."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    value = " ".join(_strip_punct(folded).split())
    if birth:
        value += f"|b:{birth}"
    if nationality:
        value += f"|n:{nationality.upper()}"
    if document:
        value += f"|d:{document.upper()}"
    return value


def thai_id_ok(number: str) -> bool:
    """Thai national ID checksum (13 digits, mod 11)."""
    if len(number) != 13 or not number.isdigit():
        return False
    total = sum(int(d) * (13 - i) for i, d in enumerate(number[:12]))
    return (11 - total % 11) % 10 == int(number[12])


def _thai_id(rng: random.Random) -> str:
    body = str(rng.randint(1, 8)) + "".join(rng.choices("0123456789", k=11))
    total = sum(int(d) * (13 - i) for i, d in enumerate(body))
    return body + str((11 - total % 11) % 10)


def _name(rng: random.Random, nationality: str) -> str:
    if nationality == "CN":
        (s_hz, s_py), (g_hz, g_py) = rng.choice(_CN_SURNAMES), rng.choice(_CN_GIVEN)
        return s_hz + g_hz if rng.random() < 0.5 else f"{s_py} {g_py}"
    if nationality == "TH":
        (f_th, f_en), (l_th, l_en) = rng.choice(_TH_FIRST), rng.choice(_TH_LAST)
        return f"{f_th} {l_th}" if rng.random() < 0.4 else f"{f_en} {l_en}"
    if nationality == "LA":
        return f"{rng.choice(_LA_FIRST)} {rng.choice(_LA_LAST)}"
    if nationality == "MM":
        parts = rng.sample(_MM_PARTS, rng.choice((2, 3, 3)))
        return rng.choice(_MM_HONORIFIC) + " ".join(parts)
    if nationality == "KH":
        return f"{rng.choice(_KH_LAST)} {rng.choice(_KH_FIRST)}"
    return f"{rng.choice(_MY_LAST)} {rng.choice(_MY_GIVEN)}"


def _document(rng: random.Random, nationality: str) -> str:
    if nationality == "TH" and rng.random() < 0.4:
        return _thai_id(rng)
    digits = "".join(rng.choices("0123456789", k=_DOC_DIGITS[nationality]))
    return _DOC_PREFIX[nationality] + digits


def _vary_case(rng: random.Random, name: str) -> str:
    roll = rng.random()
    if roll < 0.15:
        return name.upper()
    if roll < 0.25:
        return "  ".join(name.split())
    return name


def make_person(rng: random.Random, nationality: str, *, detailed: float = 0.6) -> Person:
    """A suspect with a fixed row spelling.

    With probability ``detailed`` the row carries birth date, nationality and document
    (``Name|YYYY-MM-DD|CC|DOCNO``); otherwise only some fields, or only the name.
    """
    name = _name(rng, nationality)
    birth = f"{rng.randint(1965, 2003)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    document = _document(rng, nationality)
    roll = rng.random()
    if roll < detailed:
        fields = (birth, nationality, document)
    elif roll < detailed + 0.15:
        fields = ("", nationality, document)
    elif roll < detailed + 0.25:
        fields = (birth, nationality, "")
    else:
        fields = ("", "", "")
    spelled = _vary_case(rng, name)
    raw = spelled if not any(fields) else "|".join((spelled, *fields))
    return Person(name=name, birth=fields[0], nationality=fields[1], document=fields[2],
                  raw=raw, value=person_canonical(name, *fields))
