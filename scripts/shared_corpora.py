"""The real labelled message corpora the text model is built and measured on.

They live outside the repository (``../shared/data`` beside a checkout, or ``--data``):
evaluation scripts and the default model's build script read them; unit tests never do.
Each corpus says whether its licence lets a model trained on it ship in the package
(:attr:`Corpus.shippable`) and what attribution it asks for.

Corpora overlap: 84% of the Mendeley rows are UCI messages word for word, so only
``mendeley_indep`` (the rows not in UCI) is used beside ``uci``; the full Mendeley file
is kept for in-corpus figures only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from counterfraud.classifier import read_labelled_csv

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data"


@dataclass(frozen=True)
class Corpus:
    """One labelled corpus: where it is, which labels count as scam, and its terms."""

    key: str
    path: str
    positive: frozenset[str] | None  # None: the default label mapping (fraud_* etc.)
    language: str
    shippable: bool
    licence: str
    attribution: str
    published: str = "-"
    #: Whether the positive label means fraud (scam, smishing) and the negative one
    #: everything else. ``zh_spam`` labels advertising as spam and its legitimate rows
    #: are web sentences: a different task, reported but never used to choose points.
    fraud_labels: bool = True
    #: The labels read as scam when TRAINING on this corpus, when they differ from
    #: ``positive`` (what its figures are measured against): a model of fraud learns
    #: advertising as legitimate.
    training_positive: frozenset[str] | None = None


CORPORA = (
    Corpus("uci", "uci_sms_spam/sms_spam.csv", frozenset({"spam"}), "en", True,
           "CC BY 4.0",
           "SMS Spam Collection v.1, T. A. Almeida and J. M. Gómez Hidalgo, UCI Machine "
           "Learning Repository (doi:10.24432/C5CC84)",
           "acc 97.8-99.3% (BERT); SVM best in orig."),
    Corpus("mendeley_indep", "mendeley_smishing/sms_smishing_not_in_uci.csv",
           frozenset({"smishing", "spam"}), "en", True, "CC BY 4.0 (Mendeley Data record)",
           "SMS Phishing Dataset for Machine Learning and Pattern Recognition, S. Mishra "
           "and D. Soni, Mendeley Data (doi:10.17632/f45bkkt8pr.1); rows not in the UCI "
           "collection"),
    Corpus("thai", "thai_sms_spam/th_sms_dedup.csv", frozenset({"scam"}), "th", True,
           "MIT", "Thai SMS spam/scam corpus, Copyright (c) 2023 Suphannee Sivakorn (MIT)"),
    Corpus("zh_fraud5", "zh_telecom_fraud_texts5/zh_fraud_texts.csv", None, "zh", False,
           "research use only, no commercial use",
           "Telecom_Fraud_Texts_5 (Appl. Sci. 2024, 14, 11628)",
           "F1 0.977-0.981 (RoBERTa)"),
    Corpus("zh_spam", "zh_spam_sms_80w_sample/zh_sms_spam.csv", frozenset({"spam"}), "zh",
           False, "none stated", "80w Chinese SMS spam sample", fraud_labels=False,
           training_positive=frozenset({"(advertising is not fraud)"})),
)
#: In-corpus only (overlaps ``uci``).
MENDELEY_FULL = Corpus("mendeley", "mendeley_smishing/sms_smishing.csv",
                       frozenset({"smishing", "spam"}), "en", False, "CC BY 4.0",
                       "", "acc 97.4% (authors), F1 0.97 (BERT+aug)")


@dataclass
class Loaded:
    corpus: Corpus
    texts: list[str]
    labels: list[int]  # as the corpus's figures are measured
    training_labels: list[int] | None = None  # as a model is trained on it, when different

    @property
    def train_labels(self) -> list[int]:
        return self.labels if self.training_labels is None else self.training_labels


def load(corpora: Iterable[Corpus], data: Path = DEFAULT_DATA) -> list[Loaded]:
    """Read every corpus that exists under ``data`` (missing ones are named and
    skipped); rows the reader skips are counted on stdout."""
    loaded: list[Loaded] = []
    for corpus in corpora:
        path = data / corpus.path
        if not path.exists():
            print(f"skipping {corpus.key}: {path} not found")
            continue
        texts, labels, errors = read_labelled_csv(path, corpus.positive)
        if errors:
            print(f"{corpus.key}: {len(errors)} row(s) skipped, e.g. {errors[0]}")
        training = None
        if corpus.training_positive is not None:
            again, training, _ = read_labelled_csv(path, corpus.training_positive)
            assert again == texts
        loaded.append(Loaded(corpus, texts, labels, training))
    return loaded
