"""Same seed and size => byte-identical output; another seed => another world."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import random
import subprocess
import sys
from collections.abc import Callable, Iterator
from types import GeneratorType
from typing import Any

import pytest

from counterfraud.errors import InvalidInput
from counterfraud.simulate import World, build_world


def _rows(world: World) -> Any:
    return list(world.reports())


def _truth(world: World) -> Any:
    return world.ground_truth()


def _corpus(world: World) -> Any:
    return world.corpus()


OUTPUTS: list[Callable[[World], Any]] = [_rows, _truth, _corpus]
OUTPUT_IDS = ["reports", "ground_truth", "corpus"]


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=False)


@pytest.mark.parametrize("output", OUTPUTS, ids=OUTPUT_IDS)
def test_same_seed_gives_identical_output(output: Callable[[World], Any]) -> None:
    first = _dump(output(build_world(seed=11, size="small")))
    second = _dump(output(build_world(seed=11, size="small")))
    assert first == second


@pytest.mark.parametrize("output", OUTPUTS, ids=OUTPUT_IDS)
def test_other_seed_gives_other_output(output: Callable[[World], Any]) -> None:
    assert _dump(output(build_world(seed=1, size="small"))) != _dump(
        output(build_world(seed=2, size="small")))


@pytest.mark.parametrize("output", OUTPUTS, ids=OUTPUT_IDS)
def test_output_is_repeatable_on_one_world(output: Callable[[World], Any]) -> None:
    world = build_world(seed=5, size="small")
    assert _dump(output(world)) == _dump(output(world))


DIGEST = """
import hashlib, json
from counterfraud.simulate import build_world
world = build_world(seed=4, size="small")
payload = [list(world.reports()), world.ground_truth(), world.corpus()]
print(hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest())
"""


def test_output_does_not_depend_on_hash_randomisation() -> None:
    """Set or dict order keyed by str hash must never leak into the output."""
    digests = set()
    for hash_seed in ("0", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run([sys.executable, "-c", DIGEST], env=env, capture_output=True,
                              text=True, check=True)
        digests.add(done.stdout.strip())
    world = build_world(seed=4, size="small")
    here = [list(world.reports()), world.ground_truth(), world.corpus()]
    digests.add(hashlib.sha256(json.dumps(here, ensure_ascii=False).encode()).hexdigest())
    assert len(digests) == 1


def test_global_random_is_untouched() -> None:
    random.seed(1234)
    state = random.getstate()
    world = build_world(seed=3, size="small")
    list(world.reports())
    world.ground_truth()
    world.corpus()
    assert random.getstate() == state


def test_ground_truth_is_json_serialisable(truth: dict[str, Any]) -> None:
    assert json.loads(json.dumps(truth)) == truth


def test_reports_is_a_lazy_generator(world: World) -> None:
    stream = world.reports()
    assert isinstance(stream, GeneratorType)
    assert isinstance(stream, Iterator)
    code, row = next(stream)
    assert code in {a.code for a in world.agencies} and row["report_id"]


def test_medium_world_streams_without_building_every_row() -> None:
    world = build_world(seed=7, size="medium")
    first = list(itertools.islice(world.reports(), 5))
    assert len(first) == 5
    again = list(itertools.islice(world.reports(), 5))
    assert first == again


def test_a_prefix_of_the_stream_is_the_stream_prefix(world: World, rows: Any) -> None:
    assert list(itertools.islice(world.reports(), 50)) == rows[:50]


@pytest.mark.parametrize("size", ["tiny", "", "SMALL"], ids=["unknown", "empty", "upper"])
def test_unknown_size_is_refused(size: str) -> None:
    with pytest.raises(InvalidInput, match="size"):
        build_world(seed=1, size=size)
