"""The one visibility rule. Every read path applies it: the SQL form in
``counterfraud.store.visibility`` is generated from the same constants and is tested
against :func:`can_see` over every agency × marking × record type × read path.

- An agency always sees its own records; the local operator (``Viewer(agency=None)``)
  sees everything its instance holds.
- TLP:CLEAR is public: everyone sees it.
- TLP:RED never leaves its owner: no agreement can carry it.
- Anything else another agency owns is visible only through an active agreement from the
  owner to the viewer that names both the record's marking and its record type.
- Records without an owning agency (the operator's own blocklist entries) are visible to
  the instance's agencies when CLEAR or GREEN (TLP 2.0: the instance is their community).
- A joint-case agreement (``Agreement.case_id``) lets its grantee into one case: the
  records of that case only (``case_id`` given to :func:`can_see`), never anything else.
- A request addressed to an agency registered here (a freeze request to a bank: the
  ``addressee`` given to :func:`can_see`) is visible to that agency whatever the
  agreements, unless TLP:RED: it cannot act on what it may not read. It sees that
  request only, never the case or anything else of its sender's.
- Only the owner's agreements count, so a recipient can never pass a record on: an
  AMBER+STRICT record never leaves its recipient, and federation exports only records
  owned by the exporting instance's own agencies.

And the one ownership rule (:func:`can_change`): seeing a record never gives the right to
change it. Only its owning agency (and the local operator) may.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from counterfraud.domain import CASE_RECORD_TYPES, Agreement, Marking, RecordType, Viewer
from counterfraud.errors import InvalidInput

PUBLIC: frozenset[Marking] = frozenset({Marking.CLEAR})
NEVER_SHARED: frozenset[Marking] = frozenset({Marking.RED})
OPERATOR_RECORDS_SHARED: frozenset[Marking] = frozenset({Marking.CLEAR, Marking.GREEN})
SHAREABLE: frozenset[Marking] = frozenset(Marking) - NEVER_SHARED


def can_see(viewer: Viewer, *, owner: str | None, marking: Marking, record_type: RecordType,
            agreements: Iterable[Agreement], at: datetime, case_id: str | None = None,
            addressee: str | None = None) -> bool:
    """Whether ``viewer`` may read a record of ``record_type`` owned by ``owner``;
    ``case_id`` is the case a case record belongs to (joint-case agreements count for
    that case only), ``addressee`` the agency a request is addressed to (it sees the
    request unless TLP:RED)."""
    if viewer.agency is None or viewer.agency == owner:
        return True
    if marking in PUBLIC:
        return True
    if addressee is not None and viewer.agency == addressee:
        return marking not in NEVER_SHARED
    if owner is None:
        return marking in OPERATOR_RECORDS_SHARED
    if marking in NEVER_SHARED:
        return False
    return any(a.grantor == owner and a.grantee == viewer.agency and marking in a.markings
               and record_type in a.record_types and a.active_at(at)
               and (a.case_id is None or a.case_id == case_id) for a in agreements)


def can_change(viewer: Viewer, *, owner: str | None) -> bool:
    """Whether ``viewer`` may change (delist, relist, decide appeals on) a record owned by
    ``owner``: its own agency's keys and the local operator, never a reader through an
    agreement nor a public marking. Records without an owning agency (the operator's own)
    are changed by the operator only. Whether the key's role may write at all is
    ``services.access``'s question; a caller also has to see the record (:func:`can_see`,
    always true for the owner)."""
    return viewer.agency is None or viewer.agency == owner


def can_answer(viewer: Viewer, *, owner: str | None, addressee: str | None) -> bool:
    """Whether ``viewer`` may answer a request owned by ``owner``: the agency it is
    addressed to, or, when the addressee is not registered here (``addressee`` None: the
    request went by letter or phone), the owner recording the answer it received; the
    local operator always. Never a reader through an agreement, nor the owner of a
    request addressed to a registered agency: only the addressee says what it froze."""
    if viewer.agency is None:
        return True
    if addressee is None:
        return viewer.agency == owner
    return viewer.agency == addressee


def validate_agreement(agreement: Agreement) -> Agreement:
    """Refuse an agreement that could never be honoured, naming the field at fault."""
    if agreement.grantor == agreement.grantee:
        raise InvalidInput("an agreement needs two different agencies", field="grantee")
    if not agreement.markings:
        raise InvalidInput("an agreement must name at least one marking", field="markings")
    if agreement.markings & NEVER_SHARED:
        raise InvalidInput("TLP:RED never leaves its agency: no agreement can carry it",
                           field="markings")
    if not agreement.record_types:
        raise InvalidInput("an agreement must name at least one record type",
                           field="record_types")
    if agreement.case_id is not None and not agreement.record_types <= CASE_RECORD_TYPES:
        known = ", ".join(sorted(r.value for r in CASE_RECORD_TYPES))
        raise InvalidInput(f"a joint-case agreement carries only the case's records ({known})",
                           field="record_types")
    if not agreement.purpose.strip():
        raise InvalidInput("an agreement must state its purpose", field="purpose")
    if agreement.valid_from.tzinfo is None:
        raise InvalidInput("valid_from needs a timezone", field="valid_from")
    if agreement.valid_to is not None and agreement.valid_to <= agreement.valid_from:
        raise InvalidInput("valid_to must be after valid_from", field="valid_to")
    return agreement
