"""Shared values for the tests of counterfraud.cases: a fixed clock and identifiers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from counterfraud.cases.model import Case, Pap, create_case
from counterfraud.domain import Marking, ScamType
from counterfraud.identifiers.types import Identifier, IdentifierKind

T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
OFFICER = "officer-7"
ACCOUNT = Identifier(IdentifierKind.BANK_ACCOUNT, "TH:0123456789")
WALLET = Identifier(IdentifierKind.CRYPTO_WALLET, "TQ2r8b6XjSLQfCZ4F2XU1dR9Qr7zU5Yc8M")
SITE = Identifier(IdentifierKind.URL, "https://goldharvest-trade.example/login")
DOMAIN = Identifier(IdentifierKind.DOMAIN, "goldharvest-trade.example")
HANDLE = Identifier(IdentifierKind.HANDLE, "telegram:@golden_mentor88")
PERSON = Identifier(IdentifierKind.PERSON, "chen wei")

# The lifecycles as the officers describe them, written out independently of the
# tables in the code: a change to either must be deliberate.
EXPECTED: dict[str, set[tuple[str, str]]] = {
    "case": {("open", "investigating"), ("investigating", "action"),
             ("action", "closed_solved"), ("action", "closed_unsolved"),
             ("closed_solved", "investigating"), ("closed_unsolved", "investigating")},
    "victim": {("missing", "located"), ("located", "rescued"), ("rescued", "repatriated")},
    "freeze request": {("requested", answer) for answer in (
        "frozen", "partly_frozen", "already_withdrawn", "not_found", "refused")},
    "takedown request": {("sent", "acknowledged"), ("sent", "taken_down"),
                         ("sent", "refused"), ("acknowledged", "taken_down"),
                         ("acknowledged", "refused")},
    "suspect": {("identified", "wanted"), ("wanted", "arrested"), ("arrested", "handed_over"),
                ("arrested", "charged"), ("handed_over", "charged"), ("charged", "convicted")},
}


def later(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def new_case(**overrides: object) -> Case:
    values: dict[str, object] = {
        "id": "TH-2025-0001", "owner": "TH-CCIB", "title": "Fake gold trading platform",
        "scam_type": ScamType.INVESTMENT, "tlp": Marking.AMBER, "pap": Pap.GREEN,
        "actor": OFFICER, "at": T0}
    values.update(overrides)
    return create_case(**values)  # type: ignore[arg-type]
