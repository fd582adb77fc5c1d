"""Screening as a service: a policy file's operating points resolved against the model in
use, with errors naming the file, the field and the model, before any worker starts."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from counterfraud.domain import Channel, Decision
from counterfraud.errors import InvalidInput
from counterfraud.screening import MessageItem
from counterfraud.services.batch_screening import screen_file
from counterfraud.services.models import train_from_csv
from counterfraud.services.screening import Screener, check_policy
from counterfraud.services.store import Store, open_store
from counterfraud.settings import Settings

SCAM = "恭喜您中奖 请加微信 kefu{} 领取"
LEGIT = "Dinner at {} tonight?"


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("screening-model")
    path = folder / "train.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["text", "label"])
        for i in range(20):
            writer.writerows([[SCAM.format(1000 + i), "scam"], [LEGIT.format(i), "ham"]])
    return train_from_csv(path, folder / "model").model_dir


@pytest.fixture
def model_dir(trained: Path, tmp_path: Path) -> Path:
    """The trained model with an extra operating point, ``lenient``, below ``warn``."""
    copy = tmp_path / "model"
    shutil.copytree(trained, copy)
    document = json.loads((copy / "model.json").read_text(encoding="utf-8"))
    document["operating_points"] = {"warn": 0.6, "block": 0.9, "lenient": 0.2}
    (copy / "model.json").write_text(json.dumps(document), encoding="utf-8")
    return copy


def settings_with(tmp_path: Path, model_dir: Path, policy: dict[str, object] | None
                  ) -> Settings:
    policy_file = None
    if policy is not None:
        policy_file = tmp_path / "policy.json"
        policy_file.write_text(json.dumps(policy), encoding="utf-8")
    return Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path}/cf.db",
                    model_dir=model_dir, policy_file=policy_file)


StoreFor = Callable[[dict[str, object] | None], Store]


@pytest.fixture
def store_for(tmp_path: Path, model_dir: Path) -> Iterator[StoreFor]:
    """Opens a store whose settings name ``model_dir`` and a policy file holding the
    policy given (none for None); closed at the end of the test."""
    opened: list[Store] = []

    def open_with(policy: dict[str, object] | None) -> Store:
        store = open_store(settings_with(tmp_path, model_dir, policy))
        opened.append(store)
        return store

    yield open_with
    for store in opened:
        store.close()


def test_policy_file_points_follow_the_model(store_for: StoreFor) -> None:
    store = store_for({"message": {"warn_at": "lenient", "block_at": "warn"}})
    screener = Screener.open(store)
    message = screener.engine.policy[Channel.MESSAGE]
    assert (message.warn_at, message.warn_point, message.block_at, message.block_point) == (
        0.2, "lenient", 0.6, "warn")
    [verdict] = screener.screen([MessageItem(id="m", text=SCAM.format(7777))])
    assert verdict.decision is Decision.BLOCK
    model = next(r.as_dict() for r in verdict.reasons if r.as_dict()["type"] == "model")
    assert (model["point"], model["threshold"]) == ("warn", 0.6)


def test_default_policy_uses_the_models_own_points(store_for: StoreFor) -> None:
    screener = Screener.open(store_for(None))
    message = screener.engine.policy[Channel.MESSAGE]
    assert (message.warn_at, message.block_at) == (0.6, 0.9)
    assert screener.engine.policy[Channel.URL].block_at == 0.99


def test_unknown_point_names_the_file_the_field_and_the_model(
        store_for: StoreFor, tmp_path: Path, model_dir: Path) -> None:
    store = store_for({"message": {"block_at": "strict"}})
    with pytest.raises(InvalidInput) as err:
        Screener.open(store)
    assert str(err.value) == (f"{tmp_path / 'policy.json'}: message.block_at: the model has "
                              "no operating point 'strict'; it has: block, lenient, warn "
                              f"(model: {model_dir})")
    assert err.value.field == "message.block_at"


def test_check_policy(tmp_path: Path, model_dir: Path) -> None:
    assert check_policy(settings_with(tmp_path, model_dir, None)) is None
    checked = check_policy(settings_with(tmp_path, model_dir, {"message": {"warn_at": 0.1}}))
    assert checked is not None and checked[Channel.MESSAGE].block_point == "block"
    with pytest.raises(InvalidInput, match="above block_at"):
        check_policy(settings_with(tmp_path, model_dir, {"message": {"warn_at": 0.95}}))


def test_many_workers_fail_once_on_a_bad_policy(tmp_path: Path, model_dir: Path) -> None:
    """Checked before the pool starts: one clear error, not a broken pool."""
    settings = settings_with(tmp_path, model_dir, {"message": {"warn_at": "strict"}})
    path = tmp_path / "messages.jsonl"
    path.write_text(json.dumps({"id": "m1", "text": "hello"}) + "\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"message\.warn_at: the model has no operating"):
        screen_file(settings, path, Channel.MESSAGE, out=io.StringIO(), workers=2)
