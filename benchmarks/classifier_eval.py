"""Evaluate the scam-text classifier on the real corpora in shared/data, beside a peer.

For every corpus: 5-fold stratified cross-validated F1, false-positive rate and ROC AUC of

* OUR model (``counterfraud.classifier.train`` with default options: hashed char 1-4 +
  word grams, IDF, linear SVM, Platt calibration, threshold chosen inside training);
* the PEER: scikit-learn ``TfidfVectorizer`` (FeatureUnion of char_wb 2-4 and word 1-2,
  sublinear_tf) + ``LinearSVC`` (default C), decision threshold 0, on the same folds;
* the DEFAULT model (trained only on the demo world's synthetic corpus, never on these
  corpora) applied to the whole corpus at its own threshold;

beside the published figures quoted in shared/data/README.md, plus train time and scoring
throughput for ours and the peer. Usage::

    .venv/bin/python benchmarks/classifier_eval.py [--data DIR] [--folds 5] [--only uci,thai]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from counterfraud.classifier import (
    TextModel,
    TrainOptions,
    confusion,
    cross_validate,
    read_labelled_csv,
    roc_auc,
    train_default_model,
)
from counterfraud.classifier.evaluation import stratified_folds

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Corpus:
    key: str
    path: str
    positive: frozenset[str] | None  # None: the default label mapping (fraud_* etc.)
    published: str


CORPORA = (
    Corpus("uci", "uci_sms_spam/sms_spam.csv", frozenset({"spam"}),
           "acc 97.8-99.3% (BERT); SVM best in orig."),
    Corpus("mendeley_indep", "mendeley_smishing/sms_smishing_not_in_uci.csv",
           frozenset({"smishing", "spam"}), "-"),
    Corpus("mendeley", "mendeley_smishing/sms_smishing.csv", frozenset({"smishing", "spam"}),
           "acc 97.4% (authors), F1 0.97 (BERT+aug)"),
    Corpus("mendeley_smish", "mendeley_smishing/sms_smishing.csv", frozenset({"smishing"}),
           "- (smishing vs rest)"),
    Corpus("thai", "thai_sms_spam/th_sms_dedup.csv", frozenset({"scam"}), "-"),
    Corpus("zh_fraud5", "zh_telecom_fraud_texts5/zh_fraud_texts.csv", None,
           "F1 0.977-0.981 (RoBERTa)"),
    Corpus("zh_spam", "zh_spam_sms_80w_sample/zh_sms_spam.csv", frozenset({"spam"}), "-"),
)


def peer_factory() -> Callable[[list[str], np.ndarray], Callable[[list[str]], np.ndarray]]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion
    from sklearn.svm import LinearSVC

    def fit(texts: list[str], y: np.ndarray) -> Callable[[list[str]], np.ndarray]:
        vectoriser = FeatureUnion([
            ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)),
            ("word", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)),
        ])
        svm = LinearSVC().fit(vectoriser.fit_transform(texts), y)
        return lambda batch: svm.decision_function(vectoriser.transform(batch))

    return fit


@dataclass
class Result:
    f1: float
    fpr: float
    auc: float
    train_s: float
    msgs_per_s: float


def run_peer(texts: list[str], y: np.ndarray, folds: int, seed: int) -> Result:
    fit = peer_factory()
    scores = np.zeros(len(y))
    train_s = score_s = 0.0
    for train_rows, test_rows in stratified_folds(y, folds, seed=seed):
        started = time.perf_counter()
        predict = fit([texts[i] for i in train_rows], y[train_rows])
        trained = time.perf_counter()
        scores[test_rows] = predict([texts[i] for i in test_rows])
        score_s += time.perf_counter() - trained
        train_s += trained - started
    matrix = confusion(scores, y, threshold=0.0)
    return Result(matrix.f1, matrix.false_positive_rate, roc_auc(scores, y), train_s / folds,
                  len(y) / score_s)


def run_ours(texts: list[str], y: np.ndarray, folds: int, seed: int,
             options: TrainOptions | None) -> Result:
    cv = cross_validate(texts, y, folds, options, seed=seed)
    tp = sum(f["tp"] for f in cv.folds)
    fp = sum(f["fp"] for f in cv.folds)
    fn = sum(f["fn"] for f in cv.folds)
    tn = sum(f["tn"] for f in cv.folds)
    score_s = sum(f["score_seconds"] for f in cv.folds)
    return Result(2 * tp / (2 * tp + fp + fn), fp / (fp + tn), roc_auc(cv.scores, y),
                  cv.mean["train_seconds"], len(y) / score_s)


def run_default(model: TextModel, texts: list[str], y: np.ndarray) -> Result:
    started = time.perf_counter()
    scores = model.score_many(texts)
    elapsed = time.perf_counter() - started
    matrix = confusion(scores, y, threshold=model.threshold)
    return Result(matrix.f1, matrix.false_positive_rate, roc_auc(scores, y), 0.0,
                  len(y) / elapsed)


def speed(model: TextModel, texts: Sequence[str]) -> None:
    """Scoring throughput of ours vs the peer on unique texts, repeated texts, singles."""
    fit = peer_factory()
    sample = list(texts)
    labels = np.array([i % 2 for i in range(len(sample))])
    peer_predict = fit(sample, labels)
    unique = [f"{text} #{i}" for i, text in enumerate(sample)]  # no cache hits possible

    def best(run: Callable[[], object], n: int, repeat: int = 3) -> float:
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            run()
            times.append(time.perf_counter() - started)
        return n / min(times)

    def fresh() -> TextModel:
        return TextModel(config=model.config, weights=model.weights,
                         norm_weights=model.norm_weights, intercept=model.intercept,
                         threshold=model.threshold)

    print(f"\nScoring speed ({len(unique):,} unique texts, 1 core, best of 3):")
    for size in (100, 1000, 10_000):
        chunks = [unique[i:i + size] for i in range(0, len(unique), size)]
        ours = best(lambda c=chunks: [fresh().score_many(chunk) for chunk in c], len(unique))
        peer = best(lambda c=chunks: [peer_predict(chunk) for chunk in c], len(unique))
        print(f"  batches of {size:>6,}: ours {ours:>9,.0f} msgs/s   peer {peer:>9,.0f} msgs/s")
    repeated = [random.Random(1).choice(sample[:500]) for _ in range(len(sample))]
    warm = fresh()
    warm.score_many(repeated)
    ours = best(lambda: warm.score_many(repeated), len(repeated))
    print(f"  templated traffic (500 distinct texts, cache warm), batches of {len(repeated):,}: "
          f"ours {ours:,.0f} msgs/s")
    singles = unique[:2000]
    cold = fresh()
    ours = best(lambda: [cold.score(t) for t in singles], len(singles), repeat=1)
    peer = best(lambda: [peer_predict([t]) for t in singles], len(singles), repeat=1)
    print(f"  one message at a time: ours {1e6 / ours:,.0f} µs/msg ({ours:,.0f}/s)   "
          f"peer {1e6 / peer:,.0f} µs/msg ({peer:,.0f}/s)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", default="", help="comma-separated corpus keys")
    parser.add_argument("--no-speed", action="store_true")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", category=FutureWarning)
    from counterfraud.simulate import build_world

    started = time.perf_counter()
    default_model = train_default_model(build_world(seed=7, size="small").corpus())
    print(f"default model: trained on the demo corpus in {time.perf_counter() - started:.1f} s "
          f"(threshold {default_model.threshold:.3f})")
    wanted = {k for k in args.only.split(",") if k}
    rows: list[tuple[str, str, Result, Result, Result, str]] = []
    speed_texts: list[str] = []
    for corpus in CORPORA:
        if wanted and corpus.key not in wanted:
            continue
        path = args.data / corpus.path
        if not path.exists():
            print(f"skipping {corpus.key}: {path} not found")
            continue
        texts, labels, errors = read_labelled_csv(path, corpus.positive)
        for error in errors[:3]:
            print(f"  skipped row: {error}")
        y = np.array(labels)
        print(f"{corpus.key}: {len(texts):,} texts, {int(y.sum()):,} positive ...", flush=True)
        ours = run_ours(texts, y, args.folds, args.seed, None)
        peer = run_peer(texts, y, args.folds, args.seed)
        default = run_default(default_model, texts, y)
        rows.append((corpus.key, f"{len(texts):,}/{int(y.sum()):,}", ours, peer, default,
                     corpus.published))
        speed_texts.extend(texts[:3000])
    print(f"\n{args.folds}-fold stratified CV (same folds for ours and the peer); F1 and FPR "
          "at each model's own threshold")
    header = (f"{'corpus':15} {'n/pos':>12} | {'ours F1':>7} {'FPR':>6} {'AUC':>6} "
              f"{'train':>6} | {'peer F1':>7} {'FPR':>6} {'AUC':>6} {'train':>6} | "
              f"{'default F1':>10} {'FPR':>6} {'AUC':>6} | published")
    print(header)
    print("-" * len(header))
    for key, size, ours, peer, default, published in rows:
        print(f"{key:15} {size:>12} | {ours.f1:7.3f} {ours.fpr:6.2%} {ours.auc:6.4f} "
              f"{ours.train_s:5.2f}s | {peer.f1:7.3f} {peer.fpr:6.2%} {peer.auc:6.4f} "
              f"{peer.train_s:5.2f}s | {default.f1:10.3f} {default.fpr:6.2%} "
              f"{default.auc:6.4f} | {published}")
    if rows and not args.no_speed:
        random.Random(0).shuffle(speed_texts)
        speed(default_model, speed_texts[:10_000])
    return 0


if __name__ == "__main__":
    sys.exit(main())
