"""Structural cues and readable explanations of the text classifier: what they cost.

Prints, on one core, for a batch of mixed-language messages (samples of the shared
corpora in ``--data`` when present, the rest from the synthetic multilingual corpus):

* the cue engine (:func:`counterfraud.classifier.cues.cue_counts`, every cue) beside the
  PEER a user writes by hand: one ``re`` alternation per lexicon cue over the whole
  joined batch (``finditer``), positions mapped to messages with ``np.searchsorted``,
  no word boundaries, no shapes (links, phones, amounts ...), so the peer does less;
* scoring throughput of one model with and without its cues: a batch of all the
  messages (no cache hits), and one message at a time;
* the cost of ``explain`` per message the model flags (the screening engine asks only
  for those).

The model is trained on the synthetic corpora (multilingual + demo world), so the
figures need no download. Times are the CPU time of this process (``time.process_time``),
so other work on a shared machine does not count. Usage::

    .venv/bin/python benchmarks/classifier_cues.py [--data DIR] [--messages 10000]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from counterfraud.classifier import TextModel, read_labelled_csv, train
from counterfraud.classifier.canonical import canonicalise, canonicalise_joined
from counterfraud.classifier.cues import CUES, cue_counts

REPO = Path(__file__).resolve().parent.parent
CORPORA = (("uci_sms_spam/sms_spam.csv", frozenset({"spam"})),
           ("thai_sms_spam/th_sms_dedup.csv", frozenset({"scam"})),
           ("zh_telecom_fraud_texts5/zh_fraud_texts.csv", None),
           ("zh_spam_sms_80w_sample/zh_sms_spam.csv", frozenset({"spam"})),
           ("mendeley_smishing/sms_smishing_not_in_uci.csv", frozenset({"smishing", "spam"})))


def messages(data: Path, count: int, seed: int = 0) -> list[str]:
    """Up to 15% of ``count`` from each shared corpus found, the rest synthetic."""
    from counterfraud.simulate.multilingual import multilingual_corpus

    rng = random.Random(seed)
    out: list[str] = []
    for path, positive in CORPORA:
        if (data / path).exists():
            texts, _, _ = read_labelled_csv(data / path, positive)
            out += rng.sample(texts, min(len(texts), count * 15 // 100))
    synthetic = [str(r["text"]) for r in multilingual_corpus(seed=seed + 3)]
    while len(out) < count:
        out += rng.sample(synthetic, min(len(synthetic), count - len(out)))
    rng.shuffle(out)
    return out[:count]


def synthetic_model() -> TextModel:
    from counterfraud.simulate import build_world
    from counterfraud.simulate.multilingual import multilingual_corpus

    rows = [*multilingual_corpus(seed=7), *build_world(seed=7, size="small").corpus()]
    return train([str(r["text"]) for r in rows],
                 [1 if r["label"] == "scam" else 0 for r in rows])


def peer(texts: Sequence[str]) -> Callable[[], np.ndarray]:
    """One regex alternation per lexicon cue (canonicalised terms, longest first)."""
    patterns = [(k, re.compile("|".join(re.escape(t) for t in sorted(
        {canonicalise(term) for term in cue.terms} - {""}, key=lambda t: (-len(t), t)))))
        for k, cue in enumerate(CUES) if cue.terms]
    joined = canonicalise_joined(texts)
    newlines = np.flatnonzero(np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32) == 10)

    def run() -> np.ndarray:
        counts = np.zeros((len(texts), len(CUES)), dtype=np.float32)
        for k, pattern in patterns:
            starts = np.fromiter((m.start() for m in pattern.finditer(joined)), dtype=np.int64)
            np.add.at(counts[:, k], np.searchsorted(newlines, starts), 1)
        return counts

    return run


def best(run: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.process_time()
        run()
        times.append(time.process_time() - started)
    return min(times)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--messages", type=int, default=10_000)
    args = parser.parse_args(argv)
    texts = messages(args.data, args.messages)
    n = len(texts)
    print(f"{n:,} messages, {sum(map(len, texts)) / n:.0f} characters on average, CPU time "
          "of one process, best of 3")

    joined = canonicalise_joined(texts)
    cue_counts(canonicalise_joined(texts[:10]), texts[:10])  # build the tables (~0.3 s)
    ours = best(lambda: cue_counts(joined, texts))
    theirs = best(peer(texts))
    print(f"\ncues of the batch (canonical text given): ours {ours / n * 1e6:.1f} µs/msg "
          f"({len(CUES)} cues)   peer {theirs / n * 1e6:.1f} µs/msg "
          f"({sum(1 for c in CUES if c.terms)} lexicon cues, regex alternations)")

    print("training a model on the synthetic corpora ...", flush=True)
    model = synthetic_model()
    plain = TextModel(config=model.config, weights=model.weights,
                      norm_weights=model.norm_weights, intercept=model.intercept,
                      threshold=model.threshold)
    unique = [f"{text} #{i}" for i, text in enumerate(texts)]  # no cache hits possible
    print(f"\nscoring, a batch of {n:,} / one message at a time:")
    for name, scorer in (("without cues", plain), ("with cues", model)):
        def fresh(m: TextModel = scorer) -> TextModel:
            return m.replace()  # an empty cache

        batch = best(lambda f=fresh: f().score_many(unique))
        singles, cold = unique[:1000], fresh()
        one = best(lambda m=cold, s=singles: [m.score(t) for t in s], repeat=1)
        print(f"  {name:13} {n / batch:>9,.0f} msgs/s ({batch / n * 1e6:5.1f} µs/msg)   "
              f"{one / len(singles) * 1e6:6.0f} µs/msg one at a time")

    scores = model.score_many(texts)
    flagged = [t for t, s in zip(texts, scores.tolist(), strict=True) if s >= model.threshold]
    sample = flagged[:500]
    if sample:
        model.explain(sample[0], 5)
        times = []
        for text in sample:
            started = time.process_time()
            model.explain(text, 5)
            times.append(time.process_time() - started)
        times.sort()
        print(f"\nexplain (top 5), {len(sample)} of {len(flagged):,} flagged messages: median "
              f"{statistics.median(times) * 1e3:.2f} ms, p90 "
              f"{times[int(len(times) * 0.9)] * 1e3:.2f} ms, mean "
              f"{statistics.mean(times) * 1e3:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
