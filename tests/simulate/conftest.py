"""Shared synthetic worlds: built once per session (they are pure and deterministic)."""

from __future__ import annotations

from typing import Any

import pytest

from counterfraud.simulate import World, build_world

Rows = list[tuple[str, dict[str, str]]]


@pytest.fixture(scope="session")
def world() -> World:
    return build_world(seed=7, size="small")


@pytest.fixture(scope="session")
def rows(world: World) -> Rows:
    return list(world.reports())


@pytest.fixture(scope="session")
def truth(world: World) -> dict[str, Any]:
    return world.ground_truth()


@pytest.fixture(scope="session")
def corpus(world: World) -> list[dict[str, str]]:
    return world.corpus()
