"""The synthetic demo world: groups, victims, reports, messages and ground truth.

Pure and deterministic: no I/O, no clock, no global ``random``. The same ``seed``
and ``size`` always give byte-identical rows, ground truth and corpus; the caller
decides where to write them.

    world = build_world(seed=7, size="small")
    for agency_code, row in world.reports():   # lazy, fixed order
        ...
    truth = world.ground_truth()                 # JSON-serialisable answer key
    messages = world.corpus()                    # labelled scam/legit texts

Rows use the ingest columns (:data:`COLUMNS`), every value a string, ``""`` for
absent, identifier columns ``;``-separated.
"""

from __future__ import annotations

from counterfraud.simulate.corpus import CORPUS_SIZES
from counterfraud.simulate.rows import COLUMNS, ID_COLUMNS
from counterfraud.simulate.truth import noise_identifiers
from counterfraud.simulate.world import AGENCIES, GROUP_COUNTS, SIZES, World, build_world

__all__ = [
    "AGENCIES",
    "COLUMNS",
    "CORPUS_SIZES",
    "GROUP_COUNTS",
    "ID_COLUMNS",
    "SIZES",
    "World",
    "build_world",
    "noise_identifiers",
]
