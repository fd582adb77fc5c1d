from __future__ import annotations

import pytest
from networks_world import World, make_world


@pytest.fixture
def world() -> World:
    return make_world()
