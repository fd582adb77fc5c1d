"""Who may read and write takedown requests and suspects, on SQLite and PostgreSQL:
the case's owner (an analyst, and an operator key, which reads nothing here), a partner
whose agreement names these record types and one whose agreement names the case only,
a joint-case participant invited with them and one invited into the case only, and an
agency with no agreement at all (``case_requests_world``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from case_requests_world import (
    JOINT,
    JOINT_CASE_ONLY,
    OWNER,
    PARTNER,
    READS_CASE,
    SITE,
    STRANGER,
    build,
    viewer,
)
from counterfraud.domain import OPERATOR, ApiRole, Viewer
from counterfraud.errors import NotFound, PermissionDenied
from counterfraud.services import suspects, takedowns
from counterfraud.services.store import Store

ACTIONS = ["takedown list", "takedown show", "takedown report", "takedown request",
           "takedown move", "suspect list", "suspect show", "suspect add", "suspect move",
           "suspect propose"]
ALL = dict.fromkeys(ACTIONS, "ok")
READS = {**ALL, "takedown request": "403", "takedown move": "403", "suspect add": "403",
         "suspect move": "403"}
CASE_ONLY = {"takedown list": "none", "takedown show": "404", "takedown report": "404",
             "takedown request": "403", "takedown move": "404", "suspect list": "none",
             "suspect show": "404", "suspect add": "403", "suspect move": "404",
             "suspect propose": "ok"}
MATRIX: dict[str, tuple[Viewer, dict[str, str]]] = {
    "owner analyst": (viewer(OWNER), ALL),
    "owner operator key": (viewer(OWNER, ApiRole.OPERATOR), dict.fromkeys(ACTIONS, "403")),
    "partner naming the types": (viewer(PARTNER), READS),
    "partner naming the case only": (viewer(READS_CASE), CASE_ONLY),
    "joint participant with the types": (viewer(JOINT), ALL),
    "joint participant in the case only": (viewer(JOINT_CASE_ONLY), CASE_ONLY),
    "no agreement": (viewer(STRANGER), {**dict.fromkeys(ACTIONS, "404"),
                                        "takedown list": "none", "suspect list": "none"}),
}


def _outcome(call: Callable[[], Any]) -> str:
    try:
        result = call()
    except PermissionDenied:
        return "403"
    except NotFound:
        return "404"
    if isinstance(result, tuple):  # a list: (total, page)
        return "ok" if result[0] else "none"
    return "ok"


@pytest.mark.parametrize("row", list(MATRIX))
def test_permission_matrix(store: Store, row: str) -> None:
    world = build(store, reports=False)
    case_id = world.case_id
    request = takedowns.request_takedown(store, OPERATOR, case_id, "url", SITE,
                                         addressee="Registrar")
    suspect = suspects.add_suspect(store, OPERATOR, case_id, name="Boss Li")
    who, expected = MATRIX[row]
    calls: dict[str, Callable[[], Any]] = {
        "takedown list": lambda: takedowns.list_takedowns(store, who, case_id=case_id),
        "takedown show": lambda: takedowns.get_takedown(store, who, request.id),
        "takedown report": lambda: takedowns.abuse_report(store, who, request.id),
        "takedown request": lambda: takedowns.request_takedown(
            store, who, case_id, "url", SITE, addressee="Host"),
        "takedown move": lambda: takedowns.move_takedown(store, who, request.id,
                                                         "acknowledged"),
        "suspect list": lambda: suspects.list_suspects(store, who, case_id=case_id),
        "suspect show": lambda: suspects.get_suspect(store, who, suspect.id),
        "suspect add": lambda: suspects.add_suspect(store, who, case_id, name="Aide"),
        "suspect move": lambda: suspects.move(store, who, suspect.id, "wanted"),
        "suspect propose": lambda: suspects.proposals(store, who, case_id),
    }
    got = {action: _outcome(calls[action]) for action in ACTIONS}
    assert got == expected
    # a refused write leaves nothing behind
    written = {"takedown request": 2, "suspect add": 2}
    assert takedowns.list_takedowns(store, OPERATOR)[0] == (
        written["takedown request"] if expected["takedown request"] == "ok" else 1)
    assert suspects.list_suspects(store, OPERATOR)[0] == (
        written["suspect add"] if expected["suspect add"] == "ok" else 1)
