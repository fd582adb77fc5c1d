"""Fixtures of the screening tests (the world itself is in screening_world.py)."""

from __future__ import annotations

import pytest
from screening_world import KeywordScorer, build

from counterfraud.screening import BlocklistIndex


@pytest.fixture(scope="session")
def index() -> BlocklistIndex:
    return build()


@pytest.fixture
def scorer() -> KeywordScorer:
    return KeywordScorer()
