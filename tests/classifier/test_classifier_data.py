"""Reading labelled CSV: label mapping, and bad rows skipped and reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from counterfraud.classifier import read_labelled_csv
from counterfraud.classifier.data import label_value
from counterfraud.errors import InvalidInput

LABELS = [
    ("scam", None, 1), ("SPAM", None, 1), ("smishing", None, 1), ("fraud_loan", None, 1),
    ("1", None, 1), ("true", None, 1), ("ham", None, 0), ("legit", None, 0), ("ok", None, 0),
    ("otp", None, 0), ("0", None, 0), (" Ham ", None, 0), ("maybe", None, None), ("", None, None),
    ("scam", {"scam"}, 1), ("spam", {"scam"}, 0), ("", {"scam"}, None),
]


@pytest.mark.parametrize(("label", "positive", "expected"), LABELS,
                         ids=[f"{label or 'empty'}-{'custom' if p else 'default'}"
                              for label, p, _ in LABELS])
def test_label_value(label: str, positive: set[str] | None, expected: int | None) -> None:
    assert label_value(label, positive) == expected


def test_bad_rows_are_skipped_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "sms.csv"
    path.write_text(
        "text,label\n"
        "Win a prize now,spam\n"
        "See you at 7,ham\n"
        "lonely field\n"
        ",ham\n"
        "What is this,unsure\n"
        '"multi\nline scam",fraud_impersonation\n'
        "last one,0\n",
        encoding="utf-8",
    )
    texts, labels, errors = read_labelled_csv(path)
    assert texts == ["Win a prize now", "See you at 7", "multi\nline scam", "last one"]
    assert labels == [1, 0, 1, 0]
    assert [(e.line, e.field) for e in errors] == [(4, "label"), (5, "text"), (6, "label")]
    assert all(e.path == str(path) for e in errors)
    assert str(errors[2]).startswith(f"{path}:6: field 'label': unknown label 'unsure'")


def test_columns_in_any_order_with_extra_ones(tmp_path: Path) -> None:
    path = tmp_path / "sms.csv"
    path.write_text("\ufeffLabel,source,Text\nscam,x,hello\nok,y,bye\n", encoding="utf-8")
    result = read_labelled_csv(path, positive_labels=["scam"])
    assert (result.texts, result.labels, result.errors) == (["hello", "bye"], [1, 0], [])


@pytest.mark.parametrize("content", ["message,kind\na,b\n", ""], ids=["wrong-header", "empty"])
def test_a_file_without_text_and_label_columns_is_refused(tmp_path: Path,
                                                          content: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"bad\.csv:1"):
        read_labelled_csv(path)


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match=r"nope\.csv"):
        read_labelled_csv(tmp_path / "nope.csv")
