"""The one visibility rule, used by every read path (API, CLI lookups, statistics).

Until agreements between agencies exist, an agency sees its own records and the
records of other agencies marked TLP:CLEAR or TLP:GREEN (community-wide by TLP 2.0).
AMBER, AMBER+STRICT and RED never leave their owner without an agreement.
"""

from __future__ import annotations

from counterfraud.domain import Marking, Viewer

SHARED_WITHOUT_AGREEMENT: frozenset[Marking] = frozenset({Marking.CLEAR, Marking.GREEN})


def can_see(viewer: Viewer, *, owner: str, marking: Marking) -> bool:
    if viewer.agency is None or viewer.agency == owner:
        return True
    return marking in SHARED_WITHOUT_AGREEMENT


def markings_visible_from_others(viewer: Viewer) -> frozenset[Marking] | None:
    """The markings ``viewer`` may read in other agencies' records; None means all."""
    if viewer.agency is None:
        return None
    return SHARED_WITHOUT_AGREEMENT
