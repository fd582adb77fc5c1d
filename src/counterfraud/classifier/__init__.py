"""The scam-text classifier used by real-time screening.

Multilingual (Chinese, English, Thai, ...) and robust to the usual obfuscations: text is
canonicalised (:mod:`.canonical`), hashed into character n-gram and word features with
numpy (:mod:`.features`), read for the structure of scams in every language of the region
(:mod:`.cues`: a link, an amount, a request for a code ...), and scored by a calibrated
linear model (:mod:`.model`) trained by :mod:`.training`; :mod:`.explanations` says why,
in the words of the message. :mod:`.evaluation` holds the metrics and cross-validation,
:mod:`.data` reads labelled CSV. Model files are JSON plus plain numpy arrays, never
pickle. scikit-learn is only imported when training.
"""

from counterfraud.classifier.canonical import (
    canonicalise,
    canonicalise_many,
    canonicalise_with_origin,
)
from counterfraud.classifier.cues import CUE_NAMES
from counterfraud.classifier.data import LabelledRows, RowError, read_labelled_csv
from counterfraud.classifier.evaluation import (
    Confusion,
    CrossValidation,
    best_f1_threshold,
    confusion,
    cross_validate,
    f1,
    false_positive_rate,
    precision,
    recall,
    roc_auc,
    threshold_for_fpr,
)
from counterfraud.classifier.explanations import Reason
from counterfraud.classifier.features import FeatureConfig
from counterfraud.classifier.model import ModelFileError, TextModel
from counterfraud.classifier.training import TrainOptions, train, train_default_model

__all__ = [
    "CUE_NAMES",
    "Confusion",
    "CrossValidation",
    "FeatureConfig",
    "LabelledRows",
    "ModelFileError",
    "Reason",
    "RowError",
    "TextModel",
    "TrainOptions",
    "best_f1_threshold",
    "canonicalise",
    "canonicalise_many",
    "canonicalise_with_origin",
    "confusion",
    "cross_validate",
    "f1",
    "false_positive_rate",
    "precision",
    "read_labelled_csv",
    "recall",
    "roc_auc",
    "threshold_for_fpr",
    "train",
    "train_default_model",
]
