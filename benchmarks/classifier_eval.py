"""Evaluate the scam-text classifier on the real corpora in shared/data, beside a peer.

What matters is text nobody trained on, so the main figures are leave-one-corpus-out:
for each real corpus (UCI SMS, Mendeley smishing not in UCI, Thai SMS, two Chinese
corpora), OURS (``counterfraud.classifier.train`` with the default model's recipe,
``scripts/default_model_recipe.py``) and the PEER (scikit-learn ``TfidfVectorizer``
char_wb 2-4 + word 1-2, sublinear_tf, + ``LinearSVC``, threshold 0) are trained on all
the other corpora plus the synthetic ones, and score the corpus left out. Ours is read at
the shipped model's named points (warn, block) through its out-of-corpus calibration
(``scripts/build_default_model.py``: 12 held-out sets, of which each shippable corpus is
one); the peer at its own boundary. Each system's recall at the other's false-positive
rate is printed beside.

Then: a model trained on everything (at the shipped model's points), the
"before" default (trained on the demo corpus only) and the shipped default model, each on
every corpus and on the hand-written messages of the region
(``benchmarks/data/regional_messages.csv``, never trained on); in-corpus cross-validation
with ``--in-corpus``; scoring speed beside the peer. Usage::

    .venv/bin/python benchmarks/classifier_eval.py [--data DIR] [--only uci,thai]
        [--in-corpus] [--no-synthetic] [--no-speed] [--cache folds.npz]
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from default_model_recipe import OPTIONS, synthetic_rows
from shared_corpora import CORPORA, DEFAULT_DATA, MENDELEY_FULL, REPO, Corpus, Loaded, load

from counterfraud.classifier import (
    TextModel,
    TrainOptions,
    confusion,
    cross_validate,
    roc_auc,
    threshold_for_fpr,
    train,
    train_default_model,
)
from counterfraud.classifier.evaluation import stratified_folds


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
        return model.replace()  # every part (cues included), an empty cache

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


@dataclass
class Fold:
    """One corpus scored by our model and the peer, neither trained on it."""

    key: str
    y: np.ndarray
    ours: np.ndarray
    peer: np.ndarray


def train_set(loaded: Sequence[Loaded], synthetic: Sequence[tuple[str, int, str]],
              leave_out: str | None) -> tuple[list[str], np.ndarray]:
    texts = [t for corpus in loaded if corpus.corpus.key != leave_out for t in corpus.texts]
    labels = [v for corpus in loaded if corpus.corpus.key != leave_out
              for v in corpus.train_labels]
    texts += [text for text, _, _ in synthetic]
    labels += [label for _, label, _ in synthetic]
    return texts, np.array(labels)


def leave_one_corpus_out(loaded: Sequence[Loaded], synthetic: Sequence[tuple[str, int, str]],
                         options: TrainOptions) -> list[Fold]:
    """Train ours and the peer on every corpus but one (plus the synthetic corpora), score
    the one left out; once per corpus."""
    fit_peer = peer_factory()
    folds: list[Fold] = []
    for corpus in loaded:
        texts, y = train_set(loaded, synthetic, corpus.corpus.key)
        started = time.perf_counter()
        ours = train(texts, y, options=options)
        peer = fit_peer(texts, y)
        held = np.array(corpus.labels)
        folds.append(Fold(corpus.corpus.key, held, ours.margins(corpus.texts),
                          np.asarray(peer(corpus.texts), dtype=np.float64)))
        print(f"  left out {corpus.corpus.key}: trained both on {len(texts):,} texts in "
              f"{time.perf_counter() - started:.0f} s", flush=True)
    return folds


def _at(scores: np.ndarray, y: np.ndarray, threshold: float) -> str:
    matrix = confusion(scores, y, threshold=threshold)
    if not y.any():
        return f"{'-':>5} {'-':>5} {matrix.false_positive_rate:6.2%}"
    return f"{matrix.f1:5.3f} {matrix.recall:5.3f} {matrix.false_positive_rate:6.2%}"


def _recall_at_fpr(scores: np.ndarray, y: np.ndarray, fpr: float) -> float:
    return confusion(scores, y, threshold=threshold_for_fpr(scores, y, fpr)).recall


def print_loco(folds: Sequence[Fold], margin_points: dict[str, float]) -> None:
    """Per corpus left out: ours at the shipped model's points (as margins, through its
    out-of-corpus calibration), the peer at its own threshold (SVM margin 0), ROC AUC,
    and each one's recall at the other's false-positive rate (threshold-free)."""
    print("\nLeave-one-corpus-out: F1 / recall / FPR at each system's own operating point")
    header = (f"{'left out':15} {'n/pos':>12} | {'ours @warn':^18} | {'ours @block':^18} | "
              f"{'peer @0':^18} | {'AUC ours':>8} {'peer':>6} | "
              f"{'R@peerFPR ours':>14} {'peer':>5}")
    print(header)
    print("-" * len(header))
    points = margin_points
    for fold in folds:
        peer_fpr = confusion(fold.peer, fold.y, threshold=0.0).false_positive_rate
        ours_fpr = confusion(fold.ours, fold.y,
                             threshold=points["warn"]).false_positive_rate
        both = fold.y.any() and not fold.y.all()
        auc = (f"{roc_auc(fold.ours, fold.y):8.4f} {roc_auc(fold.peer, fold.y):6.4f}"
               if both else f"{'-':>8} {'-':>6}")
        matched = (f"{_recall_at_fpr(fold.ours, fold.y, peer_fpr):14.3f} "
                   f"{_recall_at_fpr(fold.peer, fold.y, ours_fpr):5.3f}" if both
                   else f"{'-':>14} {'-':>5}")
        print(f"{fold.key:15} {len(fold.y):>6,}/{int(fold.y.sum()):<5,} | "
              f"{_at(fold.ours, fold.y, points['warn'])} | "
              f"{_at(fold.ours, fold.y, points['block'])} | {_at(fold.peer, fold.y, 0.0)} | "
              f"{auc} | {matched}")
    print("  Ours: each fold model's margins read at the shipped model's points through its "
          "calibration (chosen on 12 held-out sets: the 3 shippable corpora and 9 synthetic "
          "languages, each left out in turn; so uci, mendeley_indep and thai each had a "
          "1-in-12 say in them). R@peerFPR: ours = our recall at the peer's FPR on that "
          "corpus; peer = the peer's recall at our warn point's FPR.")


def cached_folds(path: Path) -> list[Fold]:
    with np.load(path, allow_pickle=False) as data:
        keys = dict.fromkeys(name.split(".")[0] for name in data.files)
        return [Fold(k, data[f"{k}.y"], data[f"{k}.ours"], data[f"{k}.peer"]) for k in keys]


def margin_points(model: TextModel) -> dict[str, float]:
    """The shipped model's points as margins of a model before its out-of-corpus
    calibration (P = sigmoid(slope * margin + offset))."""
    calibration = model.metadata["calibration"]
    assert isinstance(calibration, dict)
    slope, offset = float(calibration["slope"]), float(calibration["offset"])
    return {name: (math.log(p / (1.0 - p)) - offset) / slope
            for name, p in model.operating_points.items()}


def print_model_on(name: str, model: TextModel, loaded: Sequence[Loaded],
                   trained_on: set[str], margin_points: dict[str, float] | None = None) -> None:
    """One model on every corpus, at its named points (warn, block); with
    ``margin_points``, at those thresholds on its margins instead."""
    points = margin_points or model.operating_points
    scale = "margin" if margin_points else "P(scam)"
    print(f"\n{name}: {scale} points warn {points['warn']:.3f}, block {points['block']:.3f}")
    print(f"{'corpus':15} {'n/pos':>12} | {'@warn F1':>8} {'R':>5} {'FPR':>6} | "
          f"{'@block F1':>9} {'R':>5} {'FPR':>6} | {'AUC':>6}")
    for corpus in loaded:
        y = np.array(corpus.labels)
        scores = (model.margins(corpus.texts) if margin_points
                  else model.score_many(corpus.texts))
        auc = f"{roc_auc(scores, y):6.4f}" if y.any() and not y.all() else f"{'-':>6}"
        seen = " (trained on)" if corpus.corpus.key in trained_on else ""
        print(f"{corpus.corpus.key:15} {len(y):>6,}/{int(y.sum()):<5,} | "
              f"   {_at(scores, y, points['warn'])} |     {_at(scores, y, points['block'])} | "
              f"{auc}{seen}")


def in_corpus(loaded: Sequence[Loaded], folds: int, seed: int) -> None:
    print(f"\nIn-corpus {folds}-fold stratified CV (same folds for ours and the peer); "
          "F1 and FPR at each model's own threshold")
    header = (f"{'corpus':15} {'n/pos':>12} | {'ours F1':>7} {'FPR':>6} {'AUC':>6} "
              f"{'train':>6} | {'peer F1':>7} {'FPR':>6} {'AUC':>6} {'train':>6} | published")
    print(header)
    print("-" * len(header))
    for corpus in loaded:
        y = np.array(corpus.labels)
        ours = run_ours(corpus.texts, y, folds, seed, None)
        peer = run_peer(corpus.texts, y, folds, seed)
        print(f"{corpus.corpus.key:15} {len(y):>6,}/{int(y.sum()):<5,} | {ours.f1:7.3f} "
              f"{ours.fpr:6.2%} {ours.auc:6.4f} {ours.train_s:5.2f}s | {peer.f1:7.3f} "
              f"{peer.fpr:6.2%} {peer.auc:6.4f} {peer.train_s:5.2f}s | "
              f"{corpus.corpus.published}")


def regional(path: Path) -> list[Loaded]:
    """The hand-written messages of the region (evaluation only), one corpus per language."""
    if not path.exists():
        print(f"skipping the regional messages: {path} not found")
        return []
    import csv

    by_lang: dict[str, Loaded] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(line for line in handle if not line.startswith("#")):
            lang = row["lang"]
            entry = by_lang.setdefault(lang, Loaded(
                Corpus(f"regional_{lang}", str(path), None, lang, False, "", ""), [], []))
            entry.texts.append(row["text"])
            entry.labels.append(1 if row["label"] == "scam" else 0)
    return list(by_lang.values())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", default="", help="comma-separated corpus keys to leave out")
    parser.add_argument("--in-corpus", action="store_true",
                        help="also run in-corpus cross-validation per corpus")
    parser.add_argument("--no-synthetic", action="store_true",
                        help="train without the synthetic corpora")
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--cache", type=Path,
                        help="keep the leave-one-corpus-out scores in this .npz and reuse them")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", category=FutureWarning)
    from counterfraud.simulate import build_world

    loaded = load(CORPORA, args.data)
    extra = regional(REPO / "benchmarks" / "data" / "regional_messages.csv")
    synthetic = [] if args.no_synthetic else synthetic_rows()
    print(f"synthetic training rows: {len(synthetic):,}")
    wanted = {k for k in args.only.split(",") if k}
    loaded = [c for c in loaded if not wanted or c.corpus.key in wanted]
    folds = cached_folds(args.cache) if args.cache and args.cache.exists() else \
        leave_one_corpus_out(loaded, synthetic, OPTIONS)
    if args.cache and not args.cache.exists():
        np.savez(args.cache, **{f"{f.key}.{part}": getattr(f, part) for f in folds
                                for part in ("y", "ours", "peer")})
    shipped = shipped_model()
    if shipped is None:
        print("the shipped model is missing: scripts/build_default_model.py builds it")
        return 2
    points = margin_points(shipped)
    print_loco(folds, points)
    everything, y = train_set(loaded, synthetic, None)
    print_model_on("Ours trained on every shared corpus + synthetic, at the shipped model's "
                   "points", train(everything, y, options=OPTIONS),
                   loaded + extra, {c.corpus.key for c in loaded}, points)
    before = train_default_model(build_world(seed=7, size="small").corpus())
    print_model_on("Before: the demo-corpus default model", before, loaded + extra, set())
    trained = set(str(k) for k in shipped.metadata.get("corpora", []))  # type: ignore[union-attr]
    print_model_on("The shipped default model", shipped, loaded + extra, trained)
    if args.in_corpus:
        in_corpus(loaded + load([MENDELEY_FULL], args.data), args.folds, args.seed)
    if not args.no_speed:
        sample = [t for corpus in loaded for t in corpus.texts[:3000]]
        random.Random(0).shuffle(sample)
        speed(shipped, sample[:10_000])
    return 0


def shipped_model() -> TextModel | None:
    from counterfraud.services.models import default_model_dir

    folder = default_model_dir()
    return TextModel.load(folder) if (folder / "model.json").exists() else None


if __name__ == "__main__":
    sys.exit(main())
