"""How each case of the demo's case world is drawn (see :mod:`.cases` for the kinds).

One generator, passed in, draws everything in a fixed order: the same world gives the
same cases. Times follow the report that opened the case (victims, ransom demands,
freeze requests and their answers) or, for a network case, the end of the group's
activity (the raid); the case's own times and its suspects' are :mod:`.case_times`'.
"""

from __future__ import annotations

import math
import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from counterfraud.simulate.case_specs import (
    BANKS,
    Bank,
    CaseMove,
    CaseSpec,
    FreezeSpec,
    IdRef,
    RansomSpec,
    SuspectSpec,
    SuspectStepSpec,
    TakedownSpec,
    VictimMove,
    VictimSpec,
)
from counterfraud.simulate.case_times import (
    case_moves,
    clock,
    last_event,
    opening,
    suspect_times,
)
from counterfraud.simulate.groups import Group, Ident, rng_for

if TYPE_CHECKING:
    from counterfraud.simulate.world import World

__all__ = ["SampledReport", "Steps", "addressee"]

EPOCH = datetime(2023, 1, 1, tzinfo=UTC)  # the reports' first day
GUARDED = ("PAP:AMBER", "PAP:RED")
CASE_KINDS = ("phone", "url", "domain", "ip", "email", "bank_account", "crypto_wallet",
              "handle")
FREEZABLE = ("bank_account", "crypto_wallet")
TAKEDOWN = ("url", "domain", "handle", "phone", "email", "ip")
PLACES = {  # where the compounds are, roughly
    "Myawaddy/KK Park": (16.63, 98.52), "Shwe Kokko": (16.83, 98.54),
    "Golden Triangle SEZ (Bokeo)": (20.35, 100.08), "Laukkaing": (23.69, 98.76),
    "Tachileik": (20.45, 99.88), "Sihanoukville": (10.63, 103.50)}
OFFICERS = {"CN-MPS": ("Inspector Zhao Lei", "Officer Chen Jing"),
            "TH-CCIB": ("Pol. Capt. Somchai Srisuk", "Pol. Lt. Napat Wongsa"),
            "LA-MPS": ("Captain Khamphone Sisavath", "Lt. Vilayphone Keo"),
            "MM-MPF": ("Police Major Aung Ko Ko", "Police Captain Thiri Win")}
RELATIVES = ("mother", "father", "brother", "sister", "wife", "husband", "cousin")
# (answer, weight, median hours to it): mostly frozen or partly within hours; money
# already gone, an unknown account or a refusal now and then; a few still waiting
ANSWERS = (("frozen", 0.45, 2.5), ("partly_frozen", 0.2, 4.0),
           ("already_withdrawn", 0.13, 7.0), ("not_found", 0.08, 5.0),
           ("refused", 0.07, 16.0), (None, 0.07, 0.0))
REFUSALS = ("no court order from this country is attached",
            "the account holder's name in the request does not match the account",
            "requests from abroad must come through the central bank")
TAKEDOWN_REFUSALS = ("the registrar asks for a court order of its own jurisdiction",
                     "the platform finds no breach of its terms",
                     "the host says the site has already moved elsewhere")
# the legal basis of a handover from one country to another
BASES_OF_HANDOVER = {("TH", "CN"): "extradition_treaty", ("LA", "CN"): "extradition_treaty",
                     ("LA", "TH"): "mlat", ("TH", "MM"): "mlat", ("LA", "MM"): "mlat"}


class SampledReport:
    """A sampled report: where it came from and, once resolved, its group and the
    canonical identifiers of that group it names."""

    __slots__ = ("code", "group", "idents", "position", "row")

    def __init__(self, position: int, code: str, row: dict[str, str]) -> None:
        self.position, self.code, self.row = position, code, row
        self.group: Group | None = None
        self.idents: list[Ident] = []

    @property
    def reported_at(self) -> datetime:
        return datetime.fromisoformat(self.row["reported_at"]).astimezone(UTC)


def addressee(ref: IdRef) -> str:
    """Whom a takedown of ``ref`` goes to, in words."""
    kind, value = ref
    if kind == "domain":
        return f"registrar of {value}"
    if kind == "url":
        return f"hosting provider of {urlsplit(value).hostname or value}"
    if kind == "handle":
        platform = value.split(":", 1)[0]
        return {"telegram": "Telegram abuse desk", "wechat": "WeChat security centre",
                "line": "LINE trust and safety"}.get(platform, f"{platform} abuse desk")
    if kind == "email":
        return f"email provider of {value.rpartition('@')[2]}"
    if kind == "phone":
        return f"mobile operator of {value}"
    return f"hosting provider of {value}"


def _hours(rng: random.Random, median: float, *, low: float, high: float) -> float:
    return round(min(high, max(low, median * math.exp(rng.gauss(0.0, 0.8)))), 2)


def _later(at: datetime, h: float) -> datetime:
    return at + timedelta(hours=h)


def _refs(idents: list[Ident], kinds: tuple[str, ...] = CASE_KINDS) -> list[IdRef]:
    return list(dict.fromkeys((i.kind, i.value) for i in idents if i.kind in kinds))


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


class Steps:
    """Draws the cases one by one (keys C01, C02, ... in order), then the takedown
    requests, which depend on every case's identifiers and PAP (:meth:`finish`)."""

    def __init__(self, rng: random.Random, world: World, networks: dict[str, str]) -> None:
        self.rng, self.world, self.networks = rng, world, networks
        self.police = {a.country: a.code for a in world.agencies}
        self.country = {a.code: a.country for a in world.agencies}
        # case key -> (targets it would take down, when, the owner's reason under PAP)
        self.targets: dict[str, tuple[list[IdRef], datetime, str]] = {}
        # case key -> (the statuses it moves to, the raid), timed once all is drawn
        self.plans: dict[str, tuple[tuple[str, ...], datetime | None]] = {}
        self.clocks: dict[str, random.Random] = {}  # case key -> its times' generator

    def _key(self) -> str:
        return f"C{len(self.targets) + 1:02d}"

    def _clock(self, key: str) -> random.Random:
        return self.clocks.setdefault(key, clock(self.world.seed, self.world.size, key))

    def holder(self, ident: Ident) -> Bank | None:
        """The registered bank holding an account; None for a wallet or an account of a
        bank not registered here."""
        if ident.kind != "bank_account":
            return None
        if ident.country == "CN":
            return next((b for b in BANKS if b.country == "CN"
                         and ident.value.startswith(b.prefixes)), None)
        roll = rng_for(self.world.seed, self.world.size, f"bank:{ident.value}").random()
        thai = [b for b in BANKS if b.country == "TH"]
        return thai[0] if roll < 0.45 else thai[1] if roll < 0.8 else None

    def _money(self, currency: str, median_cny: float) -> str:
        rates = {"CNY": 1.0, "THB": 5.0, "LAK": 3000.0, "MMK": 290.0, "USD": 0.14}
        value = median_cny * math.exp(self.rng.gauss(0.0, 0.7)) * rates.get(currency, 1.0)
        if currency in ("LAK", "MMK"):
            return str(max(100, int(round(value, -2))))
        return str(Decimal(str(max(round(value, 2), 10.0))).quantize(Decimal("0.01")))

    def freeze(self, accounts: tuple[IdRef, ...], bank: Bank | None, at: datetime, *,
               currency: str, amount: tuple[str, str] | None = None, words: str = "",
               by_ransom: bool = False) -> FreezeSpec:
        """A request and the answer it gets, hours later (or none yet)."""
        rng = self.rng
        answer, _, median = rng.choices(ANSWERS, [w for _, w, _ in ANSWERS])[0]
        answered = None if answer is None else _later(at, _hours(rng, median, low=0.25,
                                                                  high=70.0))
        frozen: tuple[str, str] | None = None
        if answer == "frozen":
            frozen = amount or (self._money(currency, 30_000), currency)
        elif answer == "partly_frozen":
            if amount is not None:
                part = Decimal(amount[0]) * Decimal(str(round(rng.uniform(0.15, 0.8), 2)))
                frozen = (str(part.quantize(Decimal("1" if currency in ("LAK", "MMK")
                                                    else "0.01"))), amount[1])
            else:
                frozen = (self._money(currency, 8_000), currency)
        return FreezeSpec(
            accounts=accounts, institution=bank.code if bank else None,
            addressee=bank.code if bank else words, requested_at=at, answer=answer,
            answered_at=answered, amount=amount,
            deadline=None if by_ransom else _later(at, 24.0), amount_frozen=frozen,
            refusal_reason=rng.choice(REFUSALS) if answer == "refused" else "",
            by_ransom=by_ransom)

    def _ransom(self, report: SampledReport, group: Group, at: datetime,
                pap: str) -> tuple[RansomSpec, tuple[FreezeSpec, ...]]:
        """The demand: the group's accounts and wallets (and a captor's handle); the
        requests it raises, as services.victims raises them (one per registered bank,
        accounts in order; one per other account)."""
        rng, row = self.rng, report.row
        payable = [i for i in group.pool if i.kind in FREEZABLE]
        chosen = rng.sample(payable, min(len(payable), rng.choice((1, 2, 2, 3))))
        handles = [i for i in group.core if i.kind == "handle"]
        if handles and rng.random() < 0.5:
            chosen.append(handles[0])
        payments = tuple(dict.fromkeys(
            (i.kind, i.value, b.code if (b := self.holder(i)) else None) for i in chosen))
        currency = row["loss_currency"] or "USD"
        amount = row["loss_amount"] if row["loss_amount"] not in ("", "0") else \
            self._money(currency, 150_000)
        ransom = RansomSpec(at, (amount, currency), payments, blocked=pap == "PAP:GREEN")
        banks = {b.code: b for b in BANKS}
        by_bank: dict[str, list[IdRef]] = {}
        others: list[IdRef] = []
        for kind, value, code in payments:
            if kind in FREEZABLE:
                (by_bank.setdefault(code, []) if code else others).append((kind, value))
        asks: list[tuple[Bank | None, tuple[IdRef, ...]]] = [
            (banks[c], tuple(by_bank[c])) for c in sorted(by_bank)]
        asks += [(None, (ref,)) for ref in others]
        return ransom, tuple(self.freeze(accounts, bank, at, currency=currency,
                                         by_ransom=True) for bank, accounts in asks)

    def _victim_moves(self, start: VictimMove, *, final: str, found_by: tuple[str, ...],
                      home: str) -> tuple[VictimMove, ...]:
        """From ``start`` on to ``final``, days apart, with the agencies of each step."""
        order = ("missing", "located", "rescued", "repatriated")
        agencies = {"located": found_by,
                    "rescued": tuple(dict.fromkeys((*found_by, home))),
                    "repatriated": (home,)}
        moves, at = [start], start.at
        for status in order[order.index(start.status) + 1:order.index(final) + 1]:
            at = _later(at, 24 * self.rng.uniform(1.0, 12.0))
            moves.append(VictimMove(status, at, agencies[status]))
        return tuple(moves)

    def from_report(self, category: str, report: SampledReport) -> CaseSpec:
        """A case opened from a victim's report (ransom, lure or fraud)."""
        rng, row, key, group = self.rng, report.row, self._key(), report.group
        assert group is not None
        owner, at, when = (report.code, report.reported_at,
                           opening(self._clock(key), report_at=report.reported_at))
        base = group.base
        found_by = (self.police.get(base.country) or owner,)
        place = (base.country, base.name, *PLACES[base.name])
        officer = (rng.choice(OFFICERS[owner]), owner)
        identifiers = _refs(report.idents)
        freezes: tuple[FreezeSpec, ...] = ()
        suspects: tuple[SuspectSpec, ...] = ()
        victim_id = f"V-{key}-1"
        if category == "fraud":
            pap, scam = "PAP:GREEN", row["scam_type"]
            loss = (row["loss_amount"], row["loss_currency"])
            victim = VictimSpec(victim_id, "defrauded", row["victim_country"], officer,
                                (VictimMove("located", at, (owner,)),), losses=loss)
            freezes = self._fraud_freezes(report, owner, at, loss, row["victim_country"])
            targets = _refs(report.idents, TAKEDOWN)[:2]
            title = f"{key}: {scam.replace('_', ' ')} fraud reported as {row['report_id']}"
            moves = self._fraud_moves(freezes)
            link = rng.random() < 0.3
            self.targets[key] = (targets, _later(at, 26.0), "")
        else:
            family = f"{rng.choice(RELATIVES)}, via the local police station"
            final = _pick(rng, {"missing": 0.15, "located": 0.2, "rescued": 0.15,
                                "repatriated": 0.5})
            if category == "ransom":
                scam, kind = "kidnapping_ransom", "held_for_ransom"
                pap = "PAP:GREEN" if rng.random() < 0.34 else "PAP:RED"
                ransom, freezes = self._ransom(report, group, _later(
                    at, rng.uniform(0.3, 2.0)), pap)
                identifiers = list(dict.fromkeys(
                    [*identifiers, *((k, v) for k, v, _ in ransom.payments)]))
                start = VictimMove("missing", at)
                title = f"{key}: held for ransom at {base.name}"
            else:
                scam, pap, ransom = "job_lure", "PAP:AMBER", None
                kind = "lured_abroad" if rng.random() < 0.6 else "trafficked_into_scam_work"
                start = VictimMove("located", at, found_by) if (
                    kind != "lured_abroad" and rng.random() < 0.3) else VictimMove(
                    "missing", at)
                if start.status == "located" and final == "missing":
                    final = "located"
                title = f"{key}: lured abroad to {base.name}"
            moves_of = self._victim_moves(start, final=final, found_by=found_by, home=owner)
            victim = VictimSpec(victim_id, kind, row["victim_country"], officer, moves_of,
                                location=place, family_contact=family, ransom=ransom)
            if rng.random() < 0.5:
                suspects = self._suspects(group, owner, count=1, year=moves_of[-1].at.year,
                                          clock=self._clock(key), identified=when.linked_at)
            link = bool(suspects)
            moves = ("investigating",) + (("action",) if final != "missing" else ()) + (
                ("closed_solved",) if final == "repatriated" else ())
            safe = final in ("rescued", "repatriated")
            targets = ([] if pap == "PAP:RED" or (pap == "PAP:AMBER" and not safe)
                       else _refs(report.idents, ("handle", "phone"))[:1])
            self.targets[key] = (targets, moves_of[-1].at, "" if pap == "PAP:GREEN" else
                                 "the victim is safe; the recruiter still lures others")
        joint = () if category == "fraud" else tuple(
            p for p in found_by if p != owner and p in self.country)
        self.plans[key] = (moves, None)
        return CaseSpec(key=key, owner=owner, scam_type=scam, title=title, pap=pap,
                        identifiers=tuple(identifiers), reports=((owner, row["report_id"]),),
                        group=group.gid, network=self.networks[group.gid],
                        link_network=link, participants=joint, victims=(victim,),
                        freezes=freezes, takedowns=(), suspects=suspects, moves=(),
                        opened_at=when.opened_at,
                        invited_at=when.invited_at if joint else None,
                        linked_at=when.linked_at if link else None)

    def _fraud_freezes(self, report: SampledReport, owner: str, at: datetime,
                       loss: tuple[str, str], nationality: str) -> tuple[FreezeSpec, ...]:
        """One request per account or wallet paid (two at most), to the bank holding it;
        a foreign bank only when the owner is the police of the victim's country."""
        found: list[FreezeSpec] = []
        home = self.country[owner]
        for ident in [i for i in report.idents if i.kind in FREEZABLE][:2]:
            bank = self.holder(ident)
            if bank is not None and home not in (bank.country, nationality):
                continue
            words = ("exchange or custodian of this wallet" if ident.kind == "crypto_wallet"
                     else f"bank holding this {ident.country or home} account")
            asked = _later(at, _hours(self.rng, 2.0, low=0.3, high=12.0))
            found.append(self.freeze(((ident.kind, ident.value),), bank, asked,
                                     currency=loss[1], amount=None if found else loss,
                                     words=words))
        return tuple(found)

    def _fraud_moves(self, freezes: tuple[FreezeSpec, ...]) -> tuple[str, ...]:
        roll = self.rng.random()
        if any(f.answer in ("frozen", "partly_frozen") for f in freezes):
            return ("investigating", "action") + (("closed_solved",) if roll < 0.6 else ())
        if freezes and all(f.answer for f in freezes) and roll < 0.5:
            return "investigating", "action", "closed_unsolved"
        return () if roll > 0.85 else ("investigating",)

    def network_case(self, gid: str) -> CaseSpec:
        """A case to dismantle the network of group ``gid``, raided after its activity."""
        rng, key = self.rng, self._key()
        group = next(g for g in self.world.groups if g.gid == gid)
        owner = self.police[group.targets[0]]
        raid = EPOCH + timedelta(days=group.start_day + group.span_days
                                 + rng.uniform(10.0, 40.0))
        when = opening(self._clock(key), raid=raid)
        base = group.base
        local = self.police.get(base.country)
        domains = group.by_kind.get("domain", [])[:2]
        accounts = [i for i in group.by_kind.get("bank_account", [])
                    if (b := self.holder(i)) is not None and b.country == self.country[owner]]
        identifiers = _refs([*group.core, *domains, *accounts[:1]])
        suspects = self._suspects(group, owner, count=min(3, rng.choice((2, 3))),
                                  year=raid.year, clock=self._clock(key),
                                  identified=when.linked_at, raid=raid)
        victims: tuple[VictimSpec, ...] = ()
        if any(s.status not in ("identified", "wanted") for s in suspects):
            victims = tuple(self._worker(key, n, owner, group, raid)
                            for n in range(1, rng.choice((2, 3))))
        freezes = tuple(self.freeze(((i.kind, i.value),), self.holder(i), _later(raid, -6.0),
                                    currency="CNY" if i.country == "CN" else "THB")
                        for i in accounts[:1])
        handles = [i for i in group.core if i.kind == "handle"][:1]
        self.targets[key] = (_refs([*domains, *handles], TAKEDOWN), _later(raid, -48.0), "")
        charged = any(s.status in ("charged", "convicted") for s in suspects)
        moves = ("investigating", "action") + (("closed_solved",) if charged else ())
        participants = tuple(dict.fromkeys(
            p for p in (local, self.police.get(group.targets[1])) if p and p != owner))
        scam = "gambling" if group.type == "gambling" else "other"
        self.plans[key] = (moves, raid)
        return CaseSpec(key=key, owner=owner, scam_type=scam,
                        title=f"{key}: dismantle the network operating from {base.name}",
                        pap="PAP:GREEN", identifiers=tuple(identifiers), reports=(),
                        group=gid, network=self.networks[gid], link_network=True,
                        participants=participants, victims=victims, freezes=freezes,
                        takedowns=(), suspects=suspects, moves=(),
                        opened_at=when.opened_at,
                        invited_at=when.invited_at if participants else None,
                        linked_at=when.linked_at)

    def _worker(self, key: str, n: int, owner: str, group: Group, raid: datetime) -> VictimSpec:
        """A worker trafficked into the compound, found in the raid."""
        rng = self.rng
        nationality = self.country[owner] if rng.random() < 0.7 else rng.choice(
            ("VN", "ID", "PH", "MY"))
        base = group.base
        found_by = (self.police.get(base.country) or owner,)
        final = "repatriated" if rng.random() < 0.7 else "rescued"
        moves = self._victim_moves(VictimMove("located", raid, found_by), final=final,
                                   found_by=found_by, home=owner)
        return VictimSpec(f"V-{key}-{n}", "trafficked_into_scam_work", nationality,
                          (rng.choice(OFFICERS[owner]), owner), moves,
                          location=(base.country, base.name, *PLACES[base.name]))

    def _suspects(self, group: Group, owner: str, *, count: int, year: int,
                  clock: random.Random, identified: datetime,
                  raid: datetime | None = None) -> tuple[SuspectSpec, ...]:
        """Core members (persons) of the group, identified when the case links the
        network, wanted, arrested where the compound is (in the ``raid``, if any), handed
        over to the country that prosecutes them, charged, convicted; the times drawn
        from the case's ``clock``."""
        rng = self.rng
        persons = [i for i in group.core if i.kind == "person"]
        chosen = rng.sample(persons, min(count, len(persons)))
        drawn = [self._suspect(person, owner, group, year) for person in chosen]
        timed = []
        for suspect, path in drawn:
            times = suspect_times(clock, [p.status for p in path], identified=identified,
                                  raid=raid)
            steps = tuple(replace(p, at=t) for p, t in zip(path, times, strict=True))
            timed.append(replace(suspect, identified_at=identified,
                                 steps=steps[:len(suspect.steps)]))
        return tuple(timed)

    def _suspect(self, person: Ident, owner: str, group: Group,
                 year: int) -> tuple[SuspectSpec, list[SuspectStepSpec]]:
        """The suspect, untimed, and the whole path its steps are the start of."""
        rng = self.rng
        name, *facts = person.value.split("|")
        nationality = next((f[2:].upper() for f in facts if f.startswith("n:")), None)
        judge = nationality if nationality in self.police else self.country[owner]
        caught = group.base.country
        final = _pick(rng, {"identified": 0.1, "wanted": 0.25, "arrested": 0.2,
                            "handed_over": 0.2, "charged": 0.15, "convicted": 0.1})
        number = rng.randint(100, 9999)
        path = [SuspectStepSpec("wanted", self.police[judge],
                                f"Interpol Red Notice A-{number}/{year}", EPOCH),
                SuspectStepSpec("arrested", self.police.get(caught, f"police of {caught}"),
                                f"raid on {group.base.name}", EPOCH)]
        handover = None
        if caught != judge:
            basis = BASES_OF_HANDOVER.get((caught, judge), "deportation")
            reference = f"{caught}-{judge} {basis.replace('_', ' ')} {year}/{number}"
            handover = (caught, judge, basis, reference)
            path.append(SuspectStepSpec("handed_over", self.police[judge], reference, EPOCH))
        elif final == "handed_over":
            final = "charged"
        path += [SuspectStepSpec("charged", self.police[judge], f"case file {year}-{number}",
                                 EPOCH),
                 SuspectStepSpec("convicted", f"court of {judge}", f"judgment {year}/{number}",
                                 EPOCH)]
        order = [s.status for s in path]
        steps = () if final == "identified" else tuple(path[:order.index(final) + 1])
        reached = any(s.status == "handed_over" for s in steps)
        return SuspectSpec((person.kind, person.value), name.strip(), nationality, EPOCH,
                           steps, handover if reached else None), path

    def finish(self, drafts: list[CaseSpec]) -> tuple[CaseSpec, ...]:
        """Each case with its takedown requests (no target that another case under
        PAP:AMBER or PAP:RED holds: that case's owner alone may decide to act on it),
        then its moves, timed after everything done within it."""
        guarded = [(c.key, set(c.identifiers)) for c in drafts if c.pap in GUARDED]
        done = []
        for draft in drafts:
            targets, at, override = self.targets[draft.key]
            free = [t for t in targets if not any(t in held for key, held in guarded
                                                  if key != draft.key)]
            case = replace(draft, takedowns=tuple(
                self._takedown(t, at, override) for t in free))
            done.append(replace(case, moves=self._moves(case)))
        return tuple(done)

    def _moves(self, case: CaseSpec) -> tuple[CaseMove, ...]:
        statuses, raid = self.plans[case.key]
        since = case.linked_at or case.invited_at or case.opened_at
        return case_moves(self._clock(case.key), statuses, since=since, raid=raid,
                          end=last_event(case))

    def _takedown(self, target: IdRef, at: datetime, override: str) -> TakedownSpec:
        rng = self.rng
        ack = _hours(rng, 4.0, low=0.5, high=48.0)
        down = round(ack + _hours(rng, 20.0, low=2.0, high=240.0), 2)
        roll = rng.random()
        steps: tuple[tuple[str, float], ...] = (
            (("acknowledged", ack), ("taken_down", down)) if roll < 0.55 else
            (("taken_down", down),) if roll < 0.7 else
            (("acknowledged", ack), ("refused", down)) if roll < 0.82 else
            (("acknowledged", ack),) if roll < 0.92 else ())
        reason = rng.choice(TAKEDOWN_REFUSALS) if steps and steps[-1][0] == "refused" else ""
        return TakedownSpec(target, addressee(target), at, steps, reason, override)

