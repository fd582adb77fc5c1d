"""Building worlds for the tests of the ministry's figures: rows written straight through
the store's tables (the figures read only their query columns; ``document`` holds the
pure record where one is made), agencies CN-MPS, TH-CCIB and LA-MPS from the shared
``store`` fixture. No tests here."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from counterfraud.cases.model import Pap, create_case
from counterfraud.domain import Marking, ScamType
from counterfraud.services.store import Store
from counterfraud.store.case_records import to_document
from counterfraud.store.case_tables import (
    CaseRow,
    FreezeRequestRow,
    SuspectRow,
    TakedownRequestRow,
    VictimRow,
)
from counterfraud.store.tables import (
    AgencyRow,
    AgreementGrantRow,
    AgreementRow,
    BlocklistEntryRow,
    ReportRow,
)

CN, TH, LA = "CN-MPS", "TH-CCIB", "LA-MPS"
# the period most tests read: March 2025
FIRST = datetime(2025, 3, 1, tzinfo=UTC)
AFTER = datetime(2025, 4, 1, tzinfo=UTC)  # the first moment after it
INSIDE = datetime(2025, 3, 15, 12, tzinfo=UTC)
TICK = timedelta(microseconds=1)


@dataclass
class World:
    """Writes rows into ``store``; every record gets a fresh id."""

    store: Store
    ids: itertools.count[int] = field(default_factory=itertools.count)

    def _agency(self, code: str | None) -> int | None:
        if code is None:
            return None
        with self.store.transaction() as session:
            found = session.scalar(select(AgencyRow.id).where(AgencyRow.code == code))
        assert found is not None, code
        return found

    def _add(self, row: Any) -> str:
        with self.store.transaction() as session:
            session.add(row)
        return str(getattr(row, "id", ""))

    def case(self, owner: str = CN, *, marking: str = "TLP:AMBER",
             opened_at: datetime = INSIDE, status: str = "open",
             closed_at: datetime | None = None) -> str:
        case_id = f"{owner[:2]}-2025-{next(self.ids):04d}"
        made = create_case(id=case_id, owner=owner, title="Fake gold trading platform",
                           scam_type=ScamType.INVESTMENT, tlp=Marking(marking), pap=Pap.GREEN,
                           actor="officer-7", at=min(opened_at, datetime.now(UTC)))
        return self._add(CaseRow(
            id=case_id, agency_id=self._agency(owner), title=made.title,
            scam_type="investment", marking=marking, pap="PAP:GREEN", status=status,
            opened_at=opened_at, closed_at=closed_at, document=to_document(made)))

    def victim(self, case_id: str, owner: str = CN, *, marking: str = "TLP:AMBER",
               located_at: datetime | None = None, rescued_at: datetime | None = None,
               repatriated_at: datetime | None = None) -> str:
        return self._add(VictimRow(
            id=f"V-{next(self.ids)}", case_id=case_id, agency_id=self._agency(owner),
            marking=marking, kind="lured_abroad", nationality="CN", status="located",
            located_at=located_at, rescued_at=rescued_at, repatriated_at=repatriated_at,
            document={}))

    def freeze(self, case_id: str, owner: str = CN, *, marking: str = "TLP:AMBER",
               requested_at: datetime = INSIDE, status: str = "requested",
               answered_at: datetime | None = None, amount_frozen: str | None = None,
               currency: str | None = None, institution: str | None = None) -> str:
        return self._add(FreezeRequestRow(
            id=f"F-{next(self.ids)}", case_id=case_id, agency_id=self._agency(owner),
            institution_id=self._agency(institution), addressee=institution or "Bank",
            marking=marking, status=status,
            amount=Decimal(amount_frozen) if amount_frozen else None, currency=currency,
            requested_at=requested_at, answered_at=answered_at,
            amount_frozen=Decimal(amount_frozen) if amount_frozen else None,
            frozen_currency=currency if amount_frozen else None, document={}))

    def takedown(self, case_id: str, owner: str = CN, *, marking: str = "TLP:AMBER",
                 sent_at: datetime = INSIDE, status: str = "sent",
                 answered_at: datetime | None = None) -> str:
        return self._add(TakedownRequestRow(
            id=f"T-{next(self.ids)}", case_id=case_id, agency_id=self._agency(owner),
            addressee="Registrar", target_kind="domain", target_value="scam.example",
            marking=marking, status=status, sent_at=sent_at, answered_at=answered_at,
            document={}))

    def suspect(self, case_id: str, owner: str = CN, *, marking: str = "TLP:AMBER",
                arrested_at: datetime | None = None,
                handed_over_at: datetime | None = None) -> str:
        return self._add(SuspectRow(
            id=f"S-{next(self.ids)}", case_id=case_id, agency_id=self._agency(owner),
            marking=marking, status="arrested", identified_at=FIRST - timedelta(days=30),
            arrested_at=arrested_at, handed_over_at=handed_over_at, document={}))

    def report(self, owner: str = CN, *, marking: str = "TLP:AMBER",
               reported_at: datetime = INSIDE, loss: str | None = "1000.00",
               currency: str | None = "CNY") -> str:
        number = next(self.ids)
        self._add(ReportRow(
            agency_id=self._agency(owner), external_id=f"R{number}", reported_at=reported_at,
            scam_type="investment", loss_amount=Decimal(loss) if loss else None,
            loss_currency=currency, marking=marking))
        return f"R{number}"

    def blocked(self, kind: str = "domain", owner: str | None = CN, *,
                marking: str = "TLP:GREEN", created_at: datetime = INSIDE,
                status: str = "active", confidence: str = "confirmed",
                match: str = "exact") -> str:
        number = next(self.ids)
        return self._add(BlocklistEntryRow(
            kind=kind, value=f"{kind}-{number}", match=match, source="manual",
            confidence=confidence, status=status, agency_id=self._agency(owner),
            marking=marking, version=number + 1, created_at=created_at))

    def bank(self, code: str, country: str) -> None:
        """A bank or exchange registered here: the agency freeze requests go to."""
        self._add(AgencyRow(code=code, country=country, name=code, kind="bank"))

    def agreement(self, grantor: str, grantee: str, *, record_types: list[str],
                  markings: list[str], case_id: str | None = None) -> None:
        with self.store.transaction() as session:
            row = AgreementRow(
                grantor_id=self._agency(grantor), grantee_id=self._agency(grantee),
                purpose="joint investigation", legal_basis="bilateral_mou",
                valid_from=FIRST - timedelta(days=365), case_id=case_id)
            session.add(row)
            session.flush()
            for record_type in record_types:
                for marking in markings:
                    session.add(AgreementGrantRow(agreement_id=row.id,
                                                  record_type=record_type, marking=marking))
