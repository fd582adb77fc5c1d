"""``agency add`` and ``agency list``: codes, ISO 3166 countries, names."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from counterfraud.domain import COUNTRIES, parse_country
from counterfraud.errors import InvalidInput

Run = Callable[..., Any]


@pytest.mark.parametrize("country", ["XX", "ZZ", "UK", "EU", "T1", "THA", ""])
def test_a_country_that_iso_3166_does_not_assign_is_refused(run: Run, country: str) -> None:
    result = run("agency", "add", "TH-NEW", "--country", country, "--name", "New")
    assert result.exit_code == 2, result.output
    assert "ISO 3166-1 alpha-2" in result.stderr and "country" in result.stderr
    assert json.loads(run("agency", "list", "--json").stdout) == []


@pytest.mark.parametrize("country", ["TH", "th", " MM ", "GB", "AQ", "XK"])
def test_assigned_countries_are_accepted(run: Run, country: str) -> None:
    result = run("agency", "add", "TH-NEW", "--country", country, "--name", "New")
    assert result.exit_code == 0, result.output
    listed = json.loads(run("agency", "list", "--json").stdout)
    assert listed == [{"code": "TH-NEW", "country": country.strip().upper(), "name": "New"}]


def test_the_country_list_is_iso_3166() -> None:
    assert len(COUNTRIES) >= 249  # the 249 assigned codes (and XK, AC, TA)
    assert {"CN", "TH", "LA", "MM", "KH", "VN", "AQ", "UM"} <= COUNTRIES
    assert not {"XX", "UK", "EU", "ZZ"} & COUNTRIES
    with pytest.raises(InvalidInput) as caught:
        parse_country("XX", field_name="victim_country")
    assert caught.value.field == "victim_country"
