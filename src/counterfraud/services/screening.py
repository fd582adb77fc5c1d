"""Screening as a service: an engine kept in step with the store's blocklist.

The index is rebuilt when the blocklist version moves (or an entry's expiry passes) and
swapped in atomically, so screening never stops and every verdict comes from one
consistent index. Checking the version costs one small query, done at most every
``check_every`` seconds; the agreements are re-read at the same pace.

The index holds every active entry (interception is the instance's own decision), but a
verdict is shown to an agency's key as that agency may read it: a hit on an entry it may
not see keeps its decision and drops the entry's provenance, and report ids are limited
to its own reports (the entry's full provenance it may see is at /v1/blocklist/{id}).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from counterfraud.domain import (
    OPERATOR,
    Agreement,
    BlocklistEntry,
    Channel,
    EntryStatus,
    IdentifierKind,
    RecordType,
    Viewer,
)
from counterfraud.errors import InvalidInput
from counterfraud.identifiers import normalize
from counterfraud.screening import (
    BlocklistIndex,
    BlocklistReason,
    CallItem,
    MessageItem,
    Policy,
    ScreeningEngine,
    TextScorer,
    UrlItem,
    Verdict,
    operating_points_of,
    url_identifier,
)
from counterfraud.services.agreements import list_agreements
from counterfraud.services.interceptions import counter_of
from counterfraud.services.models import load_model
from counterfraud.services.store import Store
from counterfraud.settings import Settings
from counterfraud.sharing.policy import can_see
from counterfraud.store import blocklist as rows

Item = MessageItem | CallItem | UrlItem


def build_index(store: Store, *, now: datetime | None = None) -> BlocklistIndex:
    """Compile the active blocklist and the allowlist as they are now in the store."""
    with store.transaction() as session:
        version = rows.current_version(session)
        entries = rows.load_entries(session, status=EntryStatus.ACTIVE)
        allow = rows.load_allowlist(session)
    return BlocklistIndex.build(entries, allow, version=version, now=now or datetime.now(UTC))


@dataclass
class Screener:
    """A ScreeningEngine plus what keeps its index current."""

    store: Store
    engine: ScreeningEngine
    check_every: float = 2.0
    _checked_at: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _agreements: list[Agreement] = field(default_factory=list)

    @classmethod
    def open(cls, store: Store, *, model_dir: Path | None = None,
             scorer: TextScorer | None = None, policy: Policy | None = None,
             region: str | None = None, check_every: float = 2.0,
             count_interceptions: bool = False) -> Screener:
        """The model is ``scorer``, else the one in ``model_dir`` (or the settings'
        ``model_dir``, or the default model); the policy is ``policy``, else the settings'
        ``policy_file``, else the default. The policy's operating points are resolved
        against that model here: a name the model lacks is an error naming the policy
        file, the field and the model. ``count_interceptions``: the engine's verdicts are
        the instance's interceptions, counted into the store (services.interceptions) -
        traffic screened through the API or a file, not an analyst's single check."""
        settings = store.settings
        policy_file = settings.policy_file if policy is None else None
        if policy_file is not None:
            policy = _read_policy(policy_file)
        model_dir = model_dir or settings.model_dir
        if scorer is None:
            scorer = load_model(settings, model_dir)
        if policy is not None:
            policy = _resolved(policy, scorer, policy_file=policy_file,
                               model=str(model_dir) if model_dir else "the default model")
        engine = ScreeningEngine(build_index(store), scorer, policy,
                                 default_region=region or settings.region,
                                 counter=counter_of(store) if count_interceptions else None)
        return cls(store=store, engine=engine, check_every=check_every,
                   _checked_at=time.monotonic(), _agreements=list_agreements(store))

    def refresh(self, *, force: bool = False) -> bool:
        """Rebuild and swap the index if the blocklist changed; True when it did."""
        now = time.monotonic()
        if not force and now - self._checked_at < self.check_every:
            return False
        with self._lock:
            self._checked_at = now
            self._agreements = list_agreements(self.store)
            index = self.engine.index
            expired = index.next_expiry is not None and index.next_expiry <= datetime.now(UTC)
            if not force and not expired and _store_version(self.store) == index.version:
                return False
            self.engine.swap_index(build_index(self.store))
            return True

    def screen(self, items: list[Item], viewer: Viewer = OPERATOR) -> list[Verdict]:
        """Verdicts in the order of ``items``, as ``viewer`` may read them; messages are
        scored in one batch."""
        verdicts = self._screen(items)
        if viewer.agency is None:
            return verdicts
        now = datetime.now(UTC)
        for verdict in verdicts:
            for reason in verdict.reasons:
                if isinstance(reason, BlocklistReason):
                    reason.entry = self._shown(reason.entry, viewer, now)
        return verdicts

    def _shown(self, entry: BlocklistEntry, viewer: Viewer, now: datetime) -> BlocklistEntry:
        own = tuple(r for r in entry.report_ids if r.startswith(f"{viewer.agency}/"))
        if can_see(viewer, owner=entry.agency, marking=entry.marking,
                   record_type=RecordType.BLOCKLIST_ENTRY, agreements=self._agreements,
                   at=now):
            return entry if own == entry.report_ids else replace(entry, report_ids=own)
        return replace(entry, agency=None, reason="not shared with your agency",
                       added_by="", report_ids=own, network_id=None)

    def _screen(self, items: list[Item]) -> list[Verdict]:
        self.refresh()
        messages = [i for i in items if isinstance(i, MessageItem)]
        by_message = iter(self.engine.screen_messages(messages)) if messages else iter(())
        verdicts = []
        for item in items:
            if isinstance(item, MessageItem):
                verdicts.append(next(by_message))
            elif isinstance(item, CallItem):
                verdicts.append(self.engine.screen_call(item))
            else:
                verdicts.append(self.engine.screen_url(item))
        return verdicts


def _store_version(store: Store) -> int:
    with store.transaction() as session:
        return rows.current_version(session)


def _read_policy(path: Path) -> Policy:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise InvalidInput(f"{path}: cannot read the policy ({e.strerror})",
                           field="policy_file") from e
    try:
        return Policy.from_json(text)
    except InvalidInput as e:
        raise InvalidInput(f"{path}: {e}", field=e.field) from e


def check_policy(settings: Settings, *, model_dir: Path | None = None) -> Policy | None:
    """The settings' policy file read and resolved against the model screening will use
    (``model_dir``, else the settings'), or None when there is no policy file (the
    default policy names only the ``warn`` and ``block`` points every model has).

    For callers that start worker processes: an error raised here is one clear message,
    where the same error in every worker's start-up would break the pool."""
    if settings.policy_file is None:
        return None
    policy = _read_policy(settings.policy_file)
    model_dir = model_dir or settings.model_dir
    return _resolved(policy, load_model(settings, model_dir), policy_file=settings.policy_file,
                     model=str(model_dir) if model_dir else "the default model")


def _resolved(policy: Policy, scorer: TextScorer, *, policy_file: Path | None,
              model: str) -> Policy:
    """``policy`` resolved against ``scorer``'s operating points, its errors naming where
    the policy came from and which model it was checked against."""
    try:
        return policy.resolve(operating_points_of(scorer))
    except InvalidInput as e:
        where = f"{policy_file}: " if policy_file is not None else ""
        raise InvalidInput(f"{where}{e} (model: {model})", field=e.field) from e


def item_from_row(channel: Channel, row: Mapping[str, Any], *, fallback_id: str) -> Item:
    """One screening item from a CSV/JSON row or an API body (fields per channel:
    message ``id, text, sender, recipient``; call ``id, caller, callee, time,
    origin_country, gateway``; url ``id, value`` (or ``url``))."""
    item_id = str(row.get("id") or fallback_id)
    if channel is Channel.MESSAGE:
        text = row.get("text")
        if not isinstance(text, str):
            raise InvalidInput("a message needs a text", field="text")
        metadata = row.get("metadata")
        return MessageItem(id=item_id, text=text, sender=_opt(row, "sender"),
                           recipient=_opt(row, "recipient"),
                           metadata=metadata if isinstance(metadata, dict) else {})
    if channel is Channel.CALL:
        return CallItem(id=item_id, caller=_opt(row, "caller"), callee=_opt(row, "callee"),
                        time=_time(row.get("time")), origin_country=_opt(row, "origin_country"),
                        gateway=_opt(row, "gateway"))
    value = row.get("value") or row.get("url")
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput("a url item needs a value", field="value")
    try:
        url_identifier(value)
    except InvalidInput as e:
        raise InvalidInput(str(e), field="value") from e
    return UrlItem(id=item_id, value=value)


def _opt(row: Mapping[str, Any], name: str) -> str | None:
    value = row.get(name)
    if value is None or value == "":
        return None
    return str(value)


def _time(raw: Any) -> datetime | None:
    if raw in (None, ""):
        return None
    try:
        parsed = datetime.fromisoformat(str(raw))
    except ValueError:
        raise InvalidInput(f"{raw!r} is not an ISO 8601 time", field="time") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def check_item(raw: str) -> Item:
    """What ``counterfraud check`` screens: a URL, domain or IP as a URL item, a phone
    number as a call from it, anything else as a message text."""
    text = raw.strip()
    if not text:
        raise InvalidInput("nothing to check", field="text")
    if " " not in text:
        for kind in (IdentifierKind.URL, IdentifierKind.IP, IdentifierKind.CIDR,
                     IdentifierKind.DOMAIN):
            try:
                normalize(kind, text)
            except InvalidInput:
                continue
            if kind is not IdentifierKind.URL or "://" in text or "/" in text:
                return UrlItem(id="check", value=text)
    compact = text.replace(" ", "").replace("-", "")
    if compact.lstrip("+").isdigit() and len(compact) >= 7:
        return CallItem(id="check", caller=text, callee=None)
    return MessageItem(id="check", text=text)
