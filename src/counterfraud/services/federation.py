"""Federation between instances: serving signed pages to partners, and pulling from them.

Serving: :func:`pull` answers a partner agency's key with one page of what this
instance's own agencies let that agency see (``services.stix.export_page``), sealed in a
signed envelope (``sharing.federation``) bound to that request: the caller's agency and
key prefix, its cursor, its nonce, and a lifetime of five minutes.

Pulling: :func:`sync_partner` asks a partner for pages from the stored cursor until it has
no more, each with a fresh random nonce. For each page it verifies the signature with the
partner's stored public key before reading anything else, refuses a page for another
agency, key, cursor or nonce, or one that had expired when it arrived (a replayed page),
imports the bundle (an idempotent upsert keeping the owner's newest version, so an update
conflict resolves by the owner's version), mirrors the agreements the page carries, and
only then stores the next cursor. A process killed between import and cursor update
repeats one page and duplicates nothing; nothing acknowledged is lost.

A failed pull raises :class:`SyncFailed` (naming the partner and its URL), counts the
failure and schedules the next attempt: doubling from 30 s up to one hour for an
unreachable or failing partner, one hour at once for a refused key or envelope, or a
stored key this instance's secret does not open (a person has to act; retrying sooner
would only storm the partner).

The API key a partner issued to our agency is stored sealed with the instance secret
(``sharing.at_rest``); keys an earlier version stored in plain text are sealed the first
time partners are listed or synced.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy.orm import Session

from counterfraud.domain import Agency, Agreement, Viewer, parse_agency_code
from counterfraud.errors import CounterfraudError, InvalidInput, PermissionDenied
from counterfraud.services import audit, stix
from counterfraud.services.access import PREFIX_LENGTH
from counterfraud.services.audit import Access, Action
from counterfraud.services.instance_key import public_key, signing_key
from counterfraud.services.store import Store
from counterfraud.settings import Environment
from counterfraud.sharing.at_rest import SecretUnreadable, open_api_key, seal_api_key
from counterfraud.sharing.federation import (
    RETRY_CAP,
    Envelope,
    Partner,
    check_public_key,
    open_envelope,
    retry_delay,
    seal_envelope,
)
from counterfraud.sharing.policy import validate_agreement
from counterfraud.sharing.signing import canonical_json, fingerprint
from counterfraud.store import agencies as stored_agencies
from counterfraud.store import partners as stored

logger = logging.getLogger(__name__)

PULL_PATH = "/v1/federation/pull"
DEFAULT_PAGE = 500
MAX_PAGE = 5000
MAX_API_KEY = 128  # sealed, it still fits the partners table's column
TIMEOUT = httpx.Timeout(60.0, connect=5.0)
REPORTED = "raised_to_caller"  # log records of failures also raised as SyncFailed
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_NONCE = re.compile(r"^[A-Za-z0-9_-]{16,128}$")
_LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
_NOT_RECORDS = frozenset({"marking-definition", "identity", "extension-definition"})


class SyncFailed(CounterfraudError):
    """A pull that did not complete. ``kind`` is ``unreachable``, ``server`` (5xx or an
    unexpected status), ``authentication`` (401/403), ``refused`` (an envelope that
    failed verification or a bundle that could not be imported) or ``secret`` (the
    partner's stored API key does not open with this instance's secret)."""

    def __init__(self, message: str, *, partner: str, url: str, kind: str) -> None:
        super().__init__(f"sync with {partner} ({url}): {message}")
        self.partner, self.url, self.kind = partner, url, kind


@dataclass
class SyncResult:
    partner: str
    pages: int = 0
    objects: int = 0  # STIX objects received
    skipped: list[str] = field(default_factory=list)
    agreements_changed: bool = False
    cursor: str = ""
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"partner": self.partner, "pages": self.pages, "objects": self.objects,
                "skipped": len(self.skipped), "agreements_changed": self.agreements_changed,
                "seconds": round(self.seconds, 3)}


# --- serving -------------------------------------------------------------------------


def instance_identity(store: Store) -> dict[str, str]:
    """This instance's public key, the form partners register, and its fingerprint."""
    key = public_key(store.settings)
    return {"public_key": key, "fingerprint": fingerprint(key)}


def pull(store: Store, viewer: Viewer, *, nonce: str, cursor: str = "",
         limit: int = DEFAULT_PAGE, via: Access | None = None) -> bytes:
    """One signed page, as canonical JSON, of what this instance's agencies let the
    caller's agency see, changed since ``cursor``, answering the caller's ``nonce`` (see
    :func:`requester` for whom it names). The audit trail gets one export entry naming
    the objects sent and the SHA-256 of the envelope, which the subscriber's import
    entry repeats."""
    if viewer.agency is None:
        raise PermissionDenied("pulling needs a partner agency's key")
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput(f"limit must be between 1 and {MAX_PAGE}", field="limit")
    if not _NONCE.match(nonce):
        raise InvalidInput("nonce must be 16-128 letters, digits, '-' or '_'", field="nonce")
    page = stix.export_page(store, for_agency=viewer.agency, cursor=cursor, limit=limit)
    with store.transaction() as session:
        grantors = [stored_agencies.get_agency(session, code)[1]
                    for code in sorted({a.grantor for a in page.agreements})]
    who = audit.access_of(via, viewer, path="federation pull")
    body = canonical_json(seal_envelope(
        signing_key(store.settings), for_agency=viewer.agency, requester=who.actor,
        nonce=nonce, cursor=cursor, next_cursor=page.cursor, has_more=page.has_more,
        issued_at=datetime.now(UTC), agencies=grantors, agreements=page.agreements,
        bundle=page.bundle))
    if page.bundle.get("objects"):
        _audit(store, who, Action.EXPORT, bundle=page.bundle, envelope=body,
               detail={"for_agency": viewer.agency, "has_more": page.has_more})
    return body


def _audit(target: Store | Session, who: Access, action: Action, *, bundle: dict[str, Any],
           envelope: bytes, detail: dict[str, Any]) -> None:
    """One entry for a page: the STIX ids of its records (or their count and digest)."""
    refs, summary = audit.summarised(sorted(
        str(o.get("id")) for o in bundle.get("objects", [])
        if isinstance(o, dict) and o.get("type") not in _NOT_RECORDS))
    audit.record(target, actor=who.actor, action=action, path=who.path, record_type="stix",
                 records=refs, detail={**detail, **summary,
                                       "envelope_sha256": hashlib.sha256(envelope).hexdigest()})


def requester(agency: str, api_key: str) -> str:
    """Whom a page answers: the pulling agency and its key's public prefix, as the
    partner's audit trail names the caller (never the secret)."""
    return f"{agency}:{api_key[:PREFIX_LENGTH]}"


# --- partners ------------------------------------------------------------------------


def add_partner(store: Store, *, name: str, url: str, api_key: str, public_key: str,
                agency: str, speaks_for: Sequence[str] = ()) -> Partner:
    """Subscribe this instance's ``agency`` to the partner instance at ``url``.

    ``speaks_for`` pins the agencies whose records the partner may send (their owners);
    left empty, the first verified page pins the agencies it declares. Either way a page
    claiming any other owner is refused, so a partner cannot speak for a third agency."""
    name = name.strip()
    if not _NAME.match(name):
        raise InvalidInput(f"partner name {name!r} must be 1-64 letters, digits, '.', '_' "
                           "or '-'", field="name")
    api_key = api_key.strip()
    if not api_key or any(c.isspace() for c in api_key):
        raise InvalidInput("the partner's API key must be one word", field="api_key")
    if len(api_key) > MAX_API_KEY or not (api_key.isascii() and api_key.isprintable()):
        raise InvalidInput(f"the partner's API key must be at most {MAX_API_KEY} printable "
                           "ASCII characters", field="api_key")
    subscriber = parse_agency_code(agency)
    with store.transaction() as session:
        if subscriber not in stored.home_agency_codes(session):
            raise InvalidInput(f"{subscriber} is not an agency of this instance",
                               field="agency")
        owners = sorted({parse_agency_code(code) for code in speaks_for})
        if set(owners) & stored.home_agency_codes(session):
            raise InvalidInput("a partner cannot speak for this instance's own agencies",
                               field="speaks_for")
        sealed = seal_api_key(store.settings.secret_key, partner=name, api_key=api_key)
        return stored.add_partner(session, name=name, url=_check_url(store, url),
                                  api_key=sealed, public_key=check_public_key(public_key),
                                  subscriber=subscriber, speaks_for=owners)


def list_partners(store: Store) -> list[Partner]:
    with store.transaction() as session:
        _seal_plain_api_keys(store, session)
        return stored.list_partners(session)


def _seal_plain_api_keys(store: Store, session: Session) -> None:
    """Seal the API keys an earlier version stored in plain text: the first time partners
    are listed or synced after an upgrade, every key ends up sealed."""
    for name, api_key in stored.plain_api_keys(session):
        stored.set_api_key(session, name, seal_api_key(store.settings.secret_key,
                                                       partner=name, api_key=api_key))


def remove_partner(store: Store, name: str) -> None:
    with store.transaction() as session:
        stored.remove_partner(session, name)


def _check_url(store: Store, raw: str) -> str:
    try:
        url = httpx.URL(raw.strip())
    except httpx.InvalidURL as e:
        raise InvalidInput(f"partner URL {raw!r}: {e}", field="url") from e
    if url.scheme not in ("http", "https") or not url.host:
        raise InvalidInput(f"partner URL {raw!r} must be http(s)://host[:port]", field="url")
    if (url.scheme == "http" and url.host not in _LOOPBACK
            and store.settings.environment is not Environment.DEVELOPMENT):
        raise InvalidInput("outside development, partners are reached over https",
                           field="url")
    return str(url).rstrip("/")


# --- pulling -------------------------------------------------------------------------


def sync_partner(store: Store, name: str, *, page_size: int = DEFAULT_PAGE,
                 client: httpx.Client | None = None, max_pages: int | None = None,
                 via: Access | None = None) -> SyncResult:
    """Pull everything new from partner ``name`` (at most ``max_pages`` pages); each
    imported page is one import entry on the audit trail."""
    if not 1 <= page_size <= MAX_PAGE:
        raise InvalidInput(f"page size must be between 1 and {MAX_PAGE}", field="page_size")
    started = time.perf_counter()
    with store.transaction() as session:
        _seal_plain_api_keys(store, session)
        partner = stored.get_partner(session, name)
        sealed = stored.partner_api_key(session, name)
        stored.record_attempt(session, name, datetime.now(UTC))
    api_key = _open_api_key(store, partner, sealed)
    result = SyncResult(partner=name, cursor=partner.cursor)
    link = _Link(client or httpx.Client(timeout=TIMEOUT), partner, api_key, page_size,
                 audit.access_of(via, path="cli sync"))
    try:
        _pull_pages(store, link, result, max_pages)
    except SyncFailed as e:
        _record_failure(store, partner, e)
        raise
    finally:
        if client is None:
            link.http.close()
    with store.transaction() as session:
        stored.record_success(session, name, datetime.now(UTC))
    result.seconds = time.perf_counter() - started
    return result


def sync_due(store: Store, *, page_size: int = DEFAULT_PAGE, at: datetime | None = None,
             client: httpx.Client | None = None,
             via: Access | None = None) -> list[SyncResult | SyncFailed]:
    """Sync every partner whose backoff has run out; one partner's failure never stops
    the others."""
    now = at or datetime.now(UTC)
    outcomes: list[SyncResult | SyncFailed] = []
    for partner in list_partners(store):
        if not partner.due(now):
            continue
        try:
            outcomes.append(sync_partner(store, partner.name, page_size=page_size,
                                         client=client, via=via))
        except SyncFailed as e:
            outcomes.append(e)
    return outcomes


@dataclass(frozen=True)
class _Link:
    """One sync's connection to one partner."""

    http: httpx.Client
    partner: Partner
    api_key: str
    page_size: int
    who: Access

    @property
    def requester(self) -> str:
        return requester(self.partner.subscriber, self.api_key)


@dataclass(frozen=True)
class _Answer:
    """A partner's answer to one request, with what that request was."""

    document: Any
    cursor: str
    nonce: str
    received_at: datetime


def _pull_pages(store: Store, link: _Link, result: SyncResult, max_pages: int | None) -> None:
    """Fetch page N+1 while page N is imported: the partner's export and our import
    overlap. The cursor still moves only after a page is stored, so a failure or a kill
    loses at most the page fetched ahead, which the next sync asks for again."""
    with ThreadPoolExecutor(max_workers=1) as ahead:
        pending = ahead.submit(_fetch, link, result.cursor)
        while True:
            answer = pending.result()
            envelope = _open(link, answer)
            last = not envelope.has_more or (max_pages is not None
                                             and result.pages + 1 >= max_pages)
            if not last:
                pending = ahead.submit(_fetch, link, envelope.next_cursor)
            _store_page(store, link, result, answer.document, envelope)
            if last:
                return


def _store_page(store: Store, link: _Link, result: SyncResult, document: Any,
                envelope: Envelope) -> None:
    partner = link.partner
    declared = {a.code for a in envelope.agencies}
    with store.transaction() as session:  # pinned by an earlier page of this very sync?
        pinned = set(stored.get_partner(session, partner.name).speaks_for)
    allowed = pinned or declared
    if not declared <= allowed:
        raise _refused(partner, "envelope refused: it speaks for agencies not pinned to this "
                                f"partner: {', '.join(sorted(declared - allowed))}")
    try:
        imported = stix.import_bundle(store, envelope.bundle, source=f"partner:{partner.name}",
                                      on_trail=False, owners=frozenset(allowed))
    except InvalidInput as e:
        raise _refused(partner, f"the bundle cannot be imported: {e}") from e
    with store.transaction() as session:
        home = stored.home_agency_codes(session)
        agencies, agreements = _grants_to_mirror(partner, envelope, home)
        if stored.replace_mirrored_agreements(session, partner.name, agencies=agencies,
                                              agreements=agreements):
            result.agreements_changed = True
        if not pinned:
            stored.pin_speaks_for(session, partner.name, sorted(allowed))
        stored.set_cursor(session, partner.name, envelope.next_cursor)
        if envelope.bundle.get("objects"):
            _audit(session, link.who, Action.IMPORT, bundle=envelope.bundle,
                   envelope=canonical_json(document),
                   detail={"partner": partner.name, "signed_by": envelope.signed_by})
    result.pages += 1
    result.objects += len(envelope.bundle.get("objects", []))
    result.skipped.extend(imported.skipped)
    result.cursor = envelope.next_cursor


def _open_api_key(store: Store, partner: Partner, sealed: str) -> str:
    """The partner's API key; a failure (recorded like any other) when this instance's
    secret does not open it: a person has to set the right secret or re-add the key."""
    try:
        return open_api_key(store.settings.secret_key, partner=partner.name, stored=sealed)
    except SecretUnreadable as e:
        failure = SyncFailed(str(e).removeprefix(f"partner {partner.name}: "),
                             partner=partner.name, url=partner.url, kind="secret")
        _record_failure(store, partner, failure)
        raise failure from e


def _fetch(link: _Link, cursor: str) -> _Answer:
    """The partner's answer to a pull from ``cursor`` with a fresh nonce, and when it
    arrived (a page fetched ahead is judged fresh or stale by then, not when opened)."""
    partner = link.partner
    nonce = secrets.token_urlsafe(24)

    def failed(message: str, kind: str) -> SyncFailed:
        return SyncFailed(message, partner=partner.name, url=partner.url, kind=kind)

    try:
        response = link.http.get(partner.url + PULL_PATH,
                                 params={"cursor": cursor, "limit": link.page_size,
                                         "nonce": nonce},
                                 headers={"X-API-Key": link.api_key})
    except httpx.TimeoutException as e:
        raise failed(f"timed out ({type(e).__name__})", "unreachable") from e
    except httpx.TransportError as e:
        raise failed(f"unreachable ({type(e).__name__}: {e})", "unreachable") from e
    if response.status_code in (401, 403):
        raise failed(f"authentication problem: the partner answered {response.status_code} "
                     "to our API key; check it with the partner", "authentication")
    if response.status_code != 200:
        raise failed(f"the partner answered {response.status_code}", "server")
    received_at = datetime.now(UTC)
    try:
        return _Answer(response.json(), cursor, nonce, received_at)
    except ValueError as e:
        raise _refused(partner, "the answer is not JSON") from e


def _open(link: _Link, answer: _Answer) -> Envelope:
    partner = link.partner
    try:
        envelope = open_envelope(answer.document, public_key=partner.public_key,
                                 for_agency=partner.subscriber, requester=link.requester,
                                 cursor=answer.cursor, nonce=answer.nonce,
                                 received_at=answer.received_at)
    except InvalidInput as e:
        raise _refused(partner, f"envelope refused: {e}") from e
    if envelope.has_more and envelope.next_cursor == answer.cursor:
        raise _refused(partner, "envelope refused: more pages announced but the cursor "
                                "does not advance")
    return envelope


def _grants_to_mirror(partner: Partner, envelope: Envelope, home: set[str]) -> tuple[
        list[Agency], list[Agreement]]:
    """The envelope's agreements that the partner may grant: to our subscriber agency,
    from an agency the partner names as its own and we do not hold as ours, valid."""
    theirs = {a.code: a for a in envelope.agencies if a.code not in home}
    kept: list[Agreement] = []
    for agreement in envelope.agreements:
        if agreement.grantee != partner.subscriber or agreement.grantor not in theirs:
            logger.warning("partner %s: ignored an agreement %s -> %s it may not grant",
                           partner.name, agreement.grantor, agreement.grantee)
            continue
        try:
            kept.append(validate_agreement(agreement))
        except InvalidInput as e:
            logger.warning("partner %s: ignored an invalid agreement: %s", partner.name, e)
    grantors = {a.grantor for a in kept}
    return [a for code, a in sorted(theirs.items()) if code in grantors], kept


def _refused(partner: Partner, message: str) -> SyncFailed:
    return SyncFailed(message, partner=partner.name, url=partner.url, kind="refused")


def _record_failure(store: Store, partner: Partner, error: SyncFailed) -> None:
    now = datetime.now(UTC)
    with store.transaction() as session:
        failures = stored.get_partner(session, partner.name).failures + 1
        delay: timedelta = (RETRY_CAP if error.kind in ("authentication", "refused", "secret")
                            else retry_delay(failures))
        stored.record_failure(session, partner.name, error=str(error),
                              next_attempt_at=now + delay)
    logger.warning("%s; attempt %d failed, next attempt in %d s", error, failures,
                   int(delay.total_seconds()), extra={REPORTED: True})
