"""``counterfraud victims ...``: record the victims of a case, follow them from missing
to repatriated, where they were last known to be, their losses, their markings, and the
ransom demands of their captors.

The command line is the local operator: it sees and may change every victim of this
instance. ``--as AGENCY`` acts for one agency instead (what its keys may see and do);
``--by`` names the officer, kept on the victim's timeline and the audit trail. A victim
is known by a pseudonym, reached through its case officer, and marked TLP:RED unless
its case's owner re-marks it.
"""

from __future__ import annotations

import os
from datetime import datetime
from typing import Annotated

import typer

from counterfraud.cases.victims import Location, Money
from counterfraud.cli.app import app
from counterfraud.cli.common import (
    LOCAL,
    JsonOption,
    command_group,
    out,
    print_json,
    store_of,
    table,
)
from counterfraud.domain import ApiRole, Viewer, parse_agency_code, parse_time
from counterfraud.errors import InvalidInput
from counterfraud.services import victims
from counterfraud.services.audit import Access
from counterfraud.services.victims import Payment, VictimView

victims_app = command_group("Victims of a case: lured abroad, held for ransom, defrauded.")
app.add_typer(victims_app, name="victims")

VictimArgument = Annotated[str, typer.Argument(help="The victim's pseudonymous id.")]
AsOption = Annotated[str | None, typer.Option(
    "--as", help="Act for this agency (what its keys may see and do); default: the "
                 "local operator, who may do everything.")]
ByOption = Annotated[str, typer.Option("--by", help="Who acts: kept on the timeline.")]
AtOption = Annotated[str | None, typer.Option(
    "--at", help="When it happened (ISO 8601; default now).")]
AgencyOption = Annotated[list[str] | None, typer.Option(
    "--agency", help="An agency that took part (repeat, or separate with commas).")]
CountryOption = Annotated[str | None, typer.Option(
    "--country", help="Last known country (ISO 3166-1 alpha-2: MM, KH, LA).")]
PlaceOption = Annotated[str | None, typer.Option(
    "--place", help="The compound's or site's name, a town.")]
LatOption = Annotated[float | None, typer.Option("--lat", help="Latitude.")]
LonOption = Annotated[float | None, typer.Option("--lon", help="Longitude.")]
DEFAULT_ACTOR = f"console:{os.environ.get('USER', 'operator')}"


def viewer_of(agency: str | None) -> Viewer:
    return Viewer(agency=parse_agency_code(agency), role=ApiRole.ADMIN) if agency else LOCAL


def via_of(by: str, command: str, acting: str | None = None, *,
           group: str = "victims") -> Access:
    """Who acts, for the timeline and the audit trail: the officer, and the agency it
    acts for when it is not the local operator."""
    actor = f"{parse_agency_code(acting)}:{by}" if acting else by
    return Access(actor=actor, path=f"cli {group} {command}")


def split(values: list[str] | None) -> list[str]:
    """Repeated options, each of which may hold several values separated by commas."""
    return [part.strip() for value in values or [] for part in value.split(",")
            if part.strip()]


def when(at: str | None) -> datetime | None:
    return parse_time(at, field_name="at") if at else None


def _money(text: str, field: str) -> Money:
    """``AMOUNT:CURRENCY`` (``1500:USD``)."""
    amount, sep, currency = text.partition(":")
    if not sep:
        raise InvalidInput(f"{field} {text!r} must be AMOUNT:CURRENCY, like 1500:USD",
                           field=field)
    return victims.money_of(amount, currency, field=field)


def _location(country: str | None, place: str | None, lat: float | None,
              lon: float | None) -> Location | None:
    return victims.parse_location(country, place=place, latitude=lat, longitude=lon)


def _done(view: VictimView, as_json: bool) -> None:
    """What a write prints: the victim as it now is (JSON), or its last timeline entry."""
    if as_json:
        print_json(view.as_dict())
        return
    last = view.victim.timeline[-1]
    detail = f": {last.detail}" if last.detail else ""
    out.print(f"{view.victim.id} [{view.victim.status.value}] {last.action}{detail}",
              highlight=False)


@victims_app.command("add")
def add(ctx: typer.Context, case_id: Annotated[str, typer.Argument(help="The case's id.")],
        victim_id: VictimArgument,
        kind: Annotated[str, typer.Option(help="defrauded, lured_abroad, held_for_ransom or "
                                               "trafficked_into_scam_work")],
        nationality: Annotated[str, typer.Option(help="ISO 3166-1 alpha-2 (CN, TH ...).")],
        officer: Annotated[str, typer.Option(help="The case officer through whom the "
                                                  "victim and the family are reached.")],
        officer_agency: Annotated[str | None, typer.Option(
            help="The officer's agency (default: --as, else the case's owner).")] = None,
        family_contact: Annotated[str, typer.Option(
            help="Who in the family reported, and how to reach them.")] = "",
        status: Annotated[str, typer.Option(help="missing or located")] = "missing",
        country: CountryOption = None, place: PlaceOption = None, lat: LatOption = None,
        lon: LonOption = None, agency: AgencyOption = None,
        loss: Annotated[list[str] | None, typer.Option(
            help="A loss as AMOUNT:CURRENCY (repeat).")] = None,
        marking: Annotated[str | None, typer.Option(
            help="Default TLP:RED (the case's owner alone chooses another).")] = None,
        acting: AsOption = None, by: ByOption = DEFAULT_ACTOR,
        as_json: JsonOption = False) -> None:
    """Record a victim on a case under a pseudonym (never a name)."""
    losses = [_money(text, "loss") for text in loss or []]
    with store_of(ctx) as store:
        view = victims.add_victim(
            store, viewer_of(acting), case_id=case_id, victim_id=victim_id, kind=kind,
            nationality=nationality, officer=officer, officer_agency=officer_agency,
            family_contact=family_contact, status=status,
            location=_location(country, place, lat, lon), agencies=split(agency),
            losses=losses, marking=marking, via=via_of(by, "add", acting))
    _done(view, as_json)


@victims_app.command("show")
def show(ctx: typer.Context, victim_id: VictimArgument, acting: AsOption = None,
         by: ByOption = DEFAULT_ACTOR, as_json: JsonOption = False) -> None:
    """One victim: status history, location, losses, ransom demands, timeline."""
    with store_of(ctx) as store:
        view = victims.get_victim(store, viewer_of(acting), victim_id,
                                  via=via_of(by, "show", acting))
    shown = view.as_dict()
    if as_json:
        print_json(shown)
        return
    officer = shown["officer"] or {}
    out.print(f"{shown['id']} ({shown['kind']}, {shown['nationality']}) case "
              f"{shown['case_id']} [{shown['status']}] {shown['marking']}\n"
              f"  officer: {officer.get('name')} ({officer.get('agency')})"
              f"  family: {shown['family_contact'] or '-'}", highlight=False)
    if shown["location"]:
        place = shown["location"]
        out.print(f"  last known: {place['place'] or '-'}, {place['country']}"
                  + (f" ({place['latitude']}, {place['longitude']})"
                     if place["latitude"] is not None else ""), highlight=False)
    for step in shown["history"]:
        out.print(f"  {step['at']} {step['status']} by {step['actor']}"
                  f"{' with ' + ', '.join(step['agencies']) if step['agencies'] else ''}",
                  highlight=False)
    for demand in shown["ransom_demands"]:
        out.print(f"  ransom {demand['amount']} {demand['currency']} at {demand['at']}: "
                  + ", ".join(f"{i['kind']}:{i['value']}"
                              for i in demand["payment_identifiers"]), highlight=False)


@victims_app.command("list")
def list_command(ctx: typer.Context,
                 case_id: Annotated[str | None, typer.Option("--case", help="Only this "
                                                             "case's victims.")] = None,
                 status: Annotated[str | None, typer.Option(help="Only this status.")] = None,
                 limit: Annotated[int, typer.Option(help="At most this many.")] = 100,
                 acting: AsOption = None, by: ByOption = DEFAULT_ACTOR,
                 as_json: JsonOption = False) -> None:
    """The victims you may see, oldest first."""
    with store_of(ctx) as store:
        found = victims.list_victims(store, viewer_of(acting), case_id=case_id,
                                     status=status, limit=limit,
                                     via=via_of(by, "list", acting))
    if as_json:
        print_json([v.as_dict() for v in found])
        return
    listed = table("id", "case", "kind", "nationality", "status", "last known", "marking")
    for v in found:
        place = v.victim.location
        listed.add_row(v.victim.id, v.victim.case_id, v.victim.kind.value,
                       v.victim.nationality, v.victim.status.value,
                       f"{place.place or '-'}, {place.country}" if place else "-",
                       v.marking.value)
    out.print(listed)


@victims_app.command("move")
def move(ctx: typer.Context, victim_id: VictimArgument,
         status: Annotated[str, typer.Argument(help="located, rescued or repatriated")],
         agency: AgencyOption = None, country: CountryOption = None,
         place: PlaceOption = None, lat: LatOption = None, lon: LonOption = None,
         at: AtOption = None, acting: AsOption = None, by: ByOption = DEFAULT_ACTOR,
         as_json: JsonOption = False) -> None:
    """Move a victim on (missing -> located -> rescued -> repatriated), with the agencies
    involved and, when given, where the victim now is."""
    with store_of(ctx) as store:
        _done(victims.move_victim(store, viewer_of(acting), victim_id, status,
                                  agencies=split(agency),
                                  location=_location(country, place, lat, lon),
                                  at=when(at), via=via_of(by, "move", acting)),
              as_json)


@victims_app.command("locate")
def locate(ctx: typer.Context, victim_id: VictimArgument,
           country: Annotated[str, typer.Option(help="ISO 3166-1 alpha-2.")],
           place: PlaceOption = None, lat: LatOption = None, lon: LonOption = None,
           at: AtOption = None, acting: AsOption = None, by: ByOption = DEFAULT_ACTOR,
           as_json: JsonOption = False) -> None:
    """Where the victim was last known to be: a compound or site, its country."""
    location = Location(country, lat, lon, place or "")
    with store_of(ctx) as store:
        _done(victims.locate(store, viewer_of(acting), victim_id, location, at=when(at),
                             via=via_of(by, "locate", acting)), as_json)


@victims_app.command("loss")
def loss(ctx: typer.Context, victim_id: VictimArgument,
         amount: Annotated[str, typer.Argument(help="Like 1500 or 1500.50.")],
         currency: Annotated[str, typer.Argument(help="ISO 4217 (USD, CNY, THB).")],
         acting: AsOption = None, by: ByOption = DEFAULT_ACTOR,
         as_json: JsonOption = False) -> None:
    """Add a loss to the victim's total in its currency."""
    with store_of(ctx) as store:
        _done(victims.add_loss(store, viewer_of(acting), victim_id,
                               victims.money_of(amount, currency),
                               via=via_of(by, "loss", acting)), as_json)


@victims_app.command("mark")
def mark(ctx: typer.Context, victim_id: VictimArgument,
         marking: Annotated[str, typer.Argument(help="A TLP marking, like TLP:AMBER.")],
         acting: AsOption = None, by: ByOption = DEFAULT_ACTOR,
         as_json: JsonOption = False) -> None:
    """Re-mark a victim (the case's owner only): it leaves the agency only once re-marked
    from TLP:RED and where an agreement names record type victim."""
    with store_of(ctx) as store:
        _done(victims.remark(store, viewer_of(acting), victim_id, marking,
                             via=via_of(by, "mark", acting)), as_json)


@victims_app.command("ransom")
def ransom(ctx: typer.Context, victim_id: VictimArgument,
           amount: Annotated[str, typer.Option(help="What the captors demand.")],
           currency: Annotated[str, typer.Option(help="ISO 4217 (USD, CNY, THB).")],
           pay: Annotated[list[str] | None, typer.Option(
               help="Where to pay, as KIND:VALUE (bank_account:..., crypto_wallet:..., "
                    "phone:..., handle:telegram:@...); repeat.")] = None,
           institution: Annotated[str | None, typer.Option(
               help="The registered bank or exchange holding the accounts, when known; "
                    "otherwise one request per account is addressed in words.")] = None,
           region: Annotated[str | None, typer.Option(
               help="Country of national phone formats.")] = None,
           at: AtOption = None, acting: AsOption = None, by: ByOption = DEFAULT_ACTOR,
           as_json: JsonOption = False) -> None:
    """Record a ransom demand: its payment identifiers are blocked at once when the
    case's PAP allows it, and freeze requests raised for its accounts and wallets."""
    payments: list[Payment] = []
    for text in pay or []:
        kind, sep, value = text.partition(":")
        if not sep:
            raise InvalidInput(f"pay {text!r} must be KIND:VALUE", field="pay")
        payments.append(victims.payment_of(kind, value, region=region))
    with store_of(ctx) as store:
        result = victims.record_ransom(
            store, viewer_of(acting), victim_id, victims.money_of(amount, currency), payments,
            institution=institution, at=when(at),
            via=via_of(by, "ransom", acting))
    if as_json:
        print_json(result.as_dict())
        return
    out.print(f"{victim_id}: ransom {amount} {currency.upper()} recorded; {result.blocking}"
              + (f" ({result.blocked.added} new, {result.blocked.already_listed} already "
                 "listed)" if result.blocked else ""), highlight=False)
    for r in result.requests:
        out.print(f"  freeze request {r.request.id} to {r.request.addressee}: "
                  + ", ".join(a.value for a in r.request.accounts), highlight=False)
    for refused in result.not_requested:
        out.print(f"  not requested from {refused['institution']}: {refused['reason']}",
                  highlight=False)
