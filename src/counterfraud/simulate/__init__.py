"""The synthetic demo world: groups, victims, reports, messages and ground truth.

Pure and deterministic: no I/O, no clock, no global ``random``. The same ``seed``
and ``size`` always give byte-identical rows, ground truth and corpus; the caller
decides where to write them.

    world = build_world(seed=7, size="small")
    for agency_code, row in world.reports():   # lazy, fixed order
        ...
    truth = world.ground_truth()                 # JSON-serialisable answer key
    messages = world.corpus()                    # labelled scam/legit texts

``multilingual_corpus(seed)`` is apart from the world: labelled scam and legitimate
messages in every language of the region, for training the shipped text model.

Rows use the ingest columns (:data:`COLUMNS`), every value a string, ``""`` for
absent, identifier columns ``;``-separated.
"""

from __future__ import annotations

from counterfraud.simulate.corpus import CORPUS_SIZES
from counterfraud.simulate.multilingual import LANGS as MULTILINGUAL_LANGS
from counterfraud.simulate.multilingual import multilingual_corpus
from counterfraud.simulate.rows import COLUMNS, ID_COLUMNS
from counterfraud.simulate.truth import noise_identifiers
from counterfraud.simulate.world import AGENCIES, GROUP_COUNTS, SIZES, World, build_world

__all__ = [
    "AGENCIES",
    "COLUMNS",
    "CORPUS_SIZES",
    "GROUP_COUNTS",
    "ID_COLUMNS",
    "MULTILINGUAL_LANGS",
    "SIZES",
    "World",
    "build_world",
    "multilingual_corpus",
    "noise_identifiers",
]
