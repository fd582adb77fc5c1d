"""Person matching across scripts: the same suspect recorded in Chinese or Thai script by
one agency and in Latin letters by another, among strangers born on the same days.

    .venv/bin/python benchmarks/networks_persons.py
    .venv/bin/python benchmarks/networks_persons.py --suspects 5000 --seed 3

Names come from the demo world's tables (hanzi with pinyin, Thai with the spelling Thai
documents use). Each suspect is recorded twice, native script and Latin, with the same
birth date (half of the Latin records in upper case, family name last); each stranger has
another name from the same tables, one of the suspects' birth dates and a document.
The tables are small, so two suspects born the same day can be namesakes: such pairs
are listed (score 0.55, no edge) and count against precision. Figures: recall of the true pairs
(score >= 0.5, listed), precision among everything listed, and the time
``person_matches`` takes (the first call loads the transliteration tables: shown apart).
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, timedelta

from counterfraud.identifiers import Identifier, IdentifierKind, normalize
from counterfraud.networks import person_matches
from counterfraud.simulate import names

Pair = tuple[str, str]  # (native script, Latin)


def name_pairs() -> dict[str, list[Pair]]:
    cn = [(s_hz + g_hz, f"{s_py} {g_py}") for s_hz, s_py in names._CN_SURNAMES
          for g_hz, g_py in names._CN_GIVEN]
    th = [(f"{f_th} {l_th}", f"{f_en} {l_en}") for f_th, f_en in names._TH_FIRST
          for l_th, l_en in names._TH_LAST]
    return {"CN": cn, "TH": th}


def world(suspects: int, seed: int) -> tuple[list[Identifier], set[frozenset[str]]]:
    rng = random.Random(seed)
    pairs = name_pairs()
    people: list[Identifier] = []
    truth: set[frozenset[str]] = set()
    days = [(date(1970, 1, 1) + timedelta(days=rng.randrange(365 * 30))).isoformat()
            for _ in range(max(1, suspects // 4))]  # shared birth days: strangers collide
    for n in range(suspects):
        country = rng.choice(("CN", "TH"))
        native, latin = rng.choice(pairs[country])
        born = rng.choice(days)
        if rng.random() < 0.5:
            latin = " ".join(reversed(latin.split())).upper()
        a = normalize(IdentifierKind.PERSON, f"{native}|{born}|{country}|")
        b = normalize(IdentifierKind.PERSON, f"{latin}|{born}||")
        stranger_native, stranger_latin = rng.choice(pairs[country])
        while stranger_native == native:  # a namesake born the same day is no error
            stranger_native, stranger_latin = rng.choice(pairs[country])
        stranger = stranger_native if rng.random() < 0.5 else stranger_latin
        c = normalize(IdentifierKind.PERSON, f"{stranger}|{born}||S{n}")
        if a != b:
            truth.add(frozenset((a.value, b.value)))
        people += [a, b, c]
    return people, truth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--suspects", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    people, truth = world(args.suspects, args.seed)
    t0 = time.perf_counter()
    person_matches(people[:30])  # both scripts: loads the pinyin and RTGS tables
    warm = time.perf_counter() - t0
    t0 = time.perf_counter()
    found = person_matches(people)
    seconds = time.perf_counter() - t0
    listed = {frozenset((m.a.value, m.b.value)) for m in found}
    hits = len(listed & truth)
    print("| suspects | persons | true pairs | listed | recall | precision | s | first call s |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    print(f"| {args.suspects} | {len(set(people))} | {len(truth)} | {len(listed)} | "
          f"{hits / max(1, len(truth)):.3f} | {hits / max(1, len(listed)):.3f} | "
          f"{seconds:.2f} | {warm:.2f} |")
    missed = sorted(truth - listed, key=sorted)[:5]
    for pair in missed:
        print("  missed:", " / ".join(sorted(pair)))


if __name__ == "__main__":
    main()
