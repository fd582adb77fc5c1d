"""``/console/search?q=``: one box for any identifier, as people paste them.

The text is read the way reports are: de-obfuscated first (``hxxp://x[.]top``,
full-width digits, zero-width characters, ``example (dot) com``), then every identifier
in it is found (``identifiers.extract``: national phone formats in the agency's own
country); ``KIND:VALUE`` names the kind outright, and a value that none of that finds is
tried as each kind in turn. Each candidate is shown in its canonical form with its kind,
linking to its page. Nothing here reads a record: the pages linked do, under their rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from counterfraud.errors import InvalidInput
from counterfraud.identifiers import Identifier, IdentifierKind, extract, normalize
from counterfraud.identifiers.deobfuscate import deobfuscate
from counterfraud.web.nav import N_
from counterfraud.web.pages import record_forms as forms
from counterfraud.web.pages.vocabulary import LABELS, identifier_link
from counterfraud.web.session import CurrentUser, get_store
from counterfraud.web.templating import render, translate

router = APIRouter()

MAX_QUERY = 2000
MAX_CANDIDATES = 50
# a whole value tried as each kind, in this order, when nothing in it was found; persons
# only when named (any text reads as a name)
WHOLE_VALUE_KINDS = (IdentifierKind.PHONE, IdentifierKind.URL, IdentifierKind.DOMAIN,
                     IdentifierKind.IP, IdentifierKind.CIDR, IdentifierKind.EMAIL,
                     IdentifierKind.CRYPTO_WALLET, IdentifierKind.HANDLE,
                     IdentifierKind.BANK_ACCOUNT)


KIND_NAMES = frozenset(k.value for k in IdentifierKind)
TOO_LONG = N_("The text is too long: at most %(limit)s characters.")


@dataclass(frozen=True, slots=True)
class Candidate:
    identifier: Identifier
    written: str  # as it appeared in the text


def candidates(text: str, *, region: str | None) -> list[Candidate]:
    """Every identifier ``text`` may stand for, in the order found, each once."""
    found: dict[Identifier, Candidate] = {}

    def add(identifier: Identifier, written: str) -> None:
        if identifier not in found and len(found) < MAX_CANDIDATES:
            found[identifier] = Candidate(identifier, written)

    named = _named(text, region=region)
    if named is not None:
        add(named, text)
    for extracted in extract(text, region):
        add(extracted.identifier, extracted.raw)
    if not found:
        cleaned = deobfuscate(text).text.strip()
        for kind in WHOLE_VALUE_KINDS:
            try:
                add(normalize(kind, cleaned, region=region), text)
            except InvalidInput:
                continue
    return list(found.values())


def _named(text: str, *, region: str | None) -> Identifier | None:
    """``phone:+66 81 234 5678``: the kind named, the value read as that kind."""
    kind, sep, value = text.partition(":")
    if not sep or kind.strip().lower() not in KIND_NAMES or not value.strip():
        return None
    try:
        return normalize(IdentifierKind(kind.strip().lower()), value.strip(), region=region)
    except InvalidInput:
        return None


@router.get("/search", response_class=HTMLResponse, name="search")
def search(request: Request, user: CurrentUser, q: str = "") -> Response:
    text = q.strip()
    errors: dict[str, str] = {}
    found: list[Candidate] = []
    if len(text) > MAX_QUERY:
        errors["q"] = translate(request, user, TOO_LONG) % {"limit": f"{MAX_QUERY:,}"}
    elif text:
        found = candidates(text, region=forms.agency_country(get_store(request), user))
    rows = [{**identifier_link(c.identifier), "written": c.written,
             "valid": c.identifier.valid} for c in found]
    return render(request, user, "search.html",
                  {"q": q, "searched": bool(text) and not errors, "rows": rows,
                   "errors": errors, "labels": LABELS},
                  status_code=forms.refused_status(request, 422) if errors else 200)
