"""Rows against the real normaliser: every raw value folds back to a member or noise.

Skipped only when ``counterfraud.identifiers.normalize`` does not exist.
"""

from __future__ import annotations

from typing import Any

import pytest

from counterfraud.simulate import ID_COLUMNS, World, build_world

identifiers = pytest.importorskip("counterfraud.identifiers")
normalize = getattr(identifiers, "normalize", None)
if normalize is None:  # pragma: no cover - only while the module is being written
    pytest.skip("counterfraud.identifiers.normalize is not available", allow_module_level=True)

KIND_OF_COLUMN = dict(zip(ID_COLUMNS, ("phone", "url", "domain", "ip", "email", "bank_account",
                                       "crypto_wallet", "handle", "person"), strict=True))


def _known(truth: dict[str, Any]) -> set[tuple[str, str]]:
    return {(m["kind"], m["value"]) for g in truth["groups"] for m in g["members"]} | {
        (m["kind"], m["value"]) for m in truth["noise"]}


@pytest.mark.parametrize(("seed", "size", "every"), [
    (7, "small", 1),
    (99, "small", 1),
    (7, "medium", 25),
], ids=["small-seed7-all-rows", "small-seed99-all-rows", "medium-every-25th-row"])
def test_every_column_value_normalises_to_a_member_or_noise(seed: int, size: str,
                                                           every: int) -> None:
    world: World = build_world(seed=seed, size=size)
    known = _known(world.ground_truth())
    country = {a.code: a.country for a in world.agencies}
    problems: list[tuple[str, str, str]] = []
    checked = 0
    for i, (code, row) in enumerate(world.reports()):
        if i % every:
            continue
        for column, kind in KIND_OF_COLUMN.items():
            for raw in filter(None, row[column].split(";")):
                checked += 1
                ident = normalize(kind, raw, region=country[code])
                if not ident.valid or (kind, ident.value) not in known:
                    problems.append((code, kind, raw))
    assert checked > 1000
    assert not problems, problems[:10]


def test_narrative_identifiers_extract_to_members_or_noise(world: World,
                                                           truth: dict[str, Any]) -> None:
    """Obfuscated mentions (hxxp, [.], (dot), national phones) fold back to members."""
    extract = getattr(identifiers, "extract", None)
    if extract is None:  # pragma: no cover - only while the module is being written
        pytest.skip("counterfraud.identifiers.extract is not available")
    known = _known(truth)
    country = {a.code: a.country for a in world.agencies}
    found = [(str(e.identifier.kind), e.identifier.value)
             for code, row in world.reports()
             for e in extract(row["narrative"], region=country[code])]
    assert len(found) > 300
    share = sum(key in known for key in found) / len(found)
    assert share > 0.95, f"only {share:.1%} of narrative identifiers are members or noise"
