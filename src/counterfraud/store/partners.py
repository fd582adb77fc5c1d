"""Partner instances this one pulls from: where each pull stopped, how it failed, and the
agreements mirrored from it.

Mirrored agreements are ordinary agreement rows (so the one visibility rule applies to
synced records unchanged) whose ``created_by`` is ``sync:PARTNER``: each verified page
replaces that set, so an agreement the owner revoked disappears here too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from counterfraud.domain import Agency, Agreement
from counterfraud.errors import Conflict, NotFound
from counterfraud.sharing.at_rest import SEALED_PREFIX, api_key_hint
from counterfraud.sharing.federation import Partner
from counterfraud.store.agencies import ensure_agency, get_agency
from counterfraud.store.agreements import add_agreement, list_agreements
from counterfraud.store.tables import AgencyRow, AgreementGrantRow, AgreementRow, PartnerRow

MIRROR_PREFIX = "sync:"


def add_partner(session: Session, *, name: str, url: str, api_key: str, public_key: str,
                subscriber: str, speaks_for: Sequence[str] = ()) -> Partner:
    """``api_key`` is stored as given: the service seals it first (sharing.at_rest)."""
    if session.scalar(select(PartnerRow.id).where(PartnerRow.name == name)) is not None:
        raise Conflict(f"partner {name} already exists; remove it first to change it")
    subscriber_id, _ = get_agency(session, subscriber)
    row = PartnerRow(name=name, url=url, api_key=api_key, public_key=public_key,
                     subscriber_id=subscriber_id, cursor="", failures=0, last_error="",
                     speaks_for=" ".join(sorted(speaks_for)))
    session.add(row)
    session.flush()
    return _partner(row, subscriber)


def get_partner(session: Session, name: str) -> Partner:
    return _partner(*_row(session, name))


def partner_api_key(session: Session, name: str) -> str:
    """The API key as stored: sealed, or plain text if an earlier version stored it."""
    return _row(session, name)[0].api_key


def plain_api_keys(session: Session) -> list[tuple[str, str]]:
    """(partner, API key) for every key an earlier version stored in plain text."""
    rows = session.execute(select(PartnerRow.name, PartnerRow.api_key)
                           .where(PartnerRow.api_key.not_like(SEALED_PREFIX + "%")))
    return [(name, key) for name, key in rows]


def set_api_key(session: Session, name: str, stored: str) -> None:
    session.execute(update(PartnerRow).where(PartnerRow.name == name).values(api_key=stored))


def list_partners(session: Session) -> list[Partner]:
    rows = session.execute(select(PartnerRow, AgencyRow.code)
                           .join(AgencyRow, AgencyRow.id == PartnerRow.subscriber_id)
                           .order_by(PartnerRow.name))
    return [_partner(row, code) for row, code in rows]


def remove_partner(session: Session, name: str) -> None:
    """Forget the partner and the agreements mirrored from it (its records stay, visible
    only as far as the local agreements allow)."""
    row, _ = _row(session, name)
    _delete_mirrored(session, name)
    session.delete(row)
    session.flush()


def pin_speaks_for(session: Session, name: str, agencies: Sequence[str]) -> None:
    _row(session, name)[0].speaks_for = " ".join(sorted(agencies))


def set_cursor(session: Session, name: str, cursor: str) -> None:
    session.execute(update(PartnerRow).where(PartnerRow.name == name).values(cursor=cursor))


def record_attempt(session: Session, name: str, at: datetime) -> None:
    session.execute(update(PartnerRow).where(PartnerRow.name == name)
                    .values(last_attempt_at=at))


def record_success(session: Session, name: str, at: datetime) -> None:
    session.execute(update(PartnerRow).where(PartnerRow.name == name).values(
        last_success_at=at, failures=0, next_attempt_at=None, last_error=""))


def record_failure(session: Session, name: str, *, error: str,
                   next_attempt_at: datetime) -> None:
    session.execute(update(PartnerRow).where(PartnerRow.name == name).values(
        failures=PartnerRow.failures + 1, next_attempt_at=next_attempt_at,
        last_error=error[:2000]))


def home_agency_codes(session: Session) -> set[str]:
    return set(session.scalars(select(AgencyRow.code).where(AgencyRow.home.is_(True))))


def mirrored_agreements(session: Session, name: str) -> list[Agreement]:
    ids = set(_mirrored_ids(session, name))
    return [a for a in list_agreements(session) if a.id in ids] if ids else []


def replace_mirrored_agreements(session: Session, name: str, *, agencies: Sequence[Agency],
                                agreements: Sequence[Agreement]) -> bool:
    """Make ``agreements`` the set mirrored from partner ``name`` (learning its
    ``agencies`` as partner agencies); False when the set was already the same."""
    def key(a: Agreement) -> Agreement:
        return replace(a, id=None, purpose=a.purpose.strip())

    if {key(a) for a in mirrored_agreements(session, name)} == {key(a) for a in agreements}:
        return False
    _delete_mirrored(session, name)
    for agency in agencies:
        ensure_agency(session, agency, home=False)
    for agreement in agreements:
        add_agreement(session, agreement, created_by=MIRROR_PREFIX + name)
    return True


def _mirrored_ids(session: Session, name: str) -> list[int]:
    return list(session.scalars(select(AgreementRow.id)
                                .where(AgreementRow.created_by == MIRROR_PREFIX + name)))


def _delete_mirrored(session: Session, name: str) -> None:
    ids = _mirrored_ids(session, name)
    if ids:
        session.execute(delete(AgreementGrantRow).where(AgreementGrantRow.agreement_id.in_(ids)))
        session.execute(delete(AgreementRow).where(AgreementRow.id.in_(ids)))


def _row(session: Session, name: str) -> tuple[PartnerRow, str]:
    found = session.execute(select(PartnerRow, AgencyRow.code)
                            .join(AgencyRow, AgencyRow.id == PartnerRow.subscriber_id)
                            .where(PartnerRow.name == name)).first()
    if found is None:
        raise NotFound(f"no partner {name}; add it with `counterfraud partners add`")
    return found[0], found[1]


def _partner(row: PartnerRow, subscriber: str) -> Partner:
    return Partner(
        name=row.name, url=row.url, subscriber=subscriber,
        api_key_hint=api_key_hint(row.api_key), public_key=row.public_key,
        cursor=row.cursor, failures=row.failures, created_at=row.created_at,
        last_attempt_at=row.last_attempt_at, last_success_at=row.last_success_at,
        next_attempt_at=row.next_attempt_at, last_error=row.last_error,
        speaks_for=tuple(row.speaks_for.split()))
