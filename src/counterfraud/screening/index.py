"""``BlocklistIndex``: the blocklist and allowlist compiled for fast in-memory lookups.

Built once per blocklist version from :class:`BlocklistEntry` and :class:`AllowlistEntry`
lists, then read-only (so any number of threads may share it, and the engine swaps a whole
new index in when the version changes).

How each match type is looked up (``n`` = entries, ``L`` = distinct lengths present):

* EXACT: one dict per identifier kind, value -> entry. URLs are keyed without their
  scheme (``http://x/a`` and ``https://x/a`` are the same short link).
* PHONE_PREFIX (``+8617012``): a dict of prefixes, probed with the number cut at every
  prefix length present, longest first - O(L) dict probes; first a set of every prefix's
  head (its first characters, as long as the shortest prefix) turns most numbers away
  with one probe: screening looks up the sender of every message, nearly always a miss.
* NETWORK (IPv4/IPv6 CIDR): per prefix length a dict ``network >> host_bits -> entry``;
  an address is shifted and probed for each length present, most specific first. Pure
  Python measured ~1 M IPv4 lookups/s here with a dozen lengths, so pytricia/py-radix
  would not pay for an extra native dependency.
* DOMAIN_TREE (``evil.com`` covers ``a.b.evil.com``): a dict of names; the host and each
  parent (drop the leftmost label) is probed. ``notevil.com`` is a different label, so it
  never matches. An EXACT domain entry matches only identifiers whose registrable domain
  is its value.

A URL is also checked through its host (domain entries, or IP entries for an IP host), an
e-mail address through its domain, a WhatsApp handle through its phone number: those are
the "containers" of the identifier. The allowlist uses the same match rules and always
wins over what it covers: an identifier it matches yields no hit and an ``allowlisted``
entry instead. It protects what it names and what lies under it, not what is finer: an
allowlisted domain ``bit.ly`` suppresses domain hits on ``bit.ly`` but an exact URL entry
for ``https://bit.ly/abc`` still hits that URL (block the short link, never the shortener).

Memory: the maps hold references to the entry objects themselves (no copies, no per-value
wrapper; a second entry on the same value turns the slot into a tuple). Entry values must
already be canonical for their kind (as ``normalize`` gives them): building does not
re-normalize 2 million values. Malformed entries are skipped and listed in ``rejected``;
one bad row never aborts a build.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, Protocol, TypeVar

from counterfraud.domain import (
    AllowlistEntry,
    BlocklistEntry,
    EntryStatus,
    MatchType,
)
from counterfraud.identifiers import Identifier, IdentifierKind

__all__ = ["BlocklistIndex", "Hit", "LookupResult", "RejectedEntry"]

_K = IdentifierKind


class _Entry(Protocol):
    """What the maps need of a blocklist or allowlist entry."""

    @property
    def kind(self) -> IdentifierKind: ...
    @property
    def value(self) -> str: ...
    @property
    def match(self) -> MatchType: ...


_E = TypeVar("_E", bound=_Entry)

_ALLOWED_MATCHES: dict[IdentifierKind, frozenset[MatchType]] = {
    _K.PHONE: frozenset({MatchType.EXACT, MatchType.PHONE_PREFIX}),
    _K.DOMAIN: frozenset({MatchType.EXACT, MatchType.DOMAIN_TREE}),
    _K.IP: frozenset({MatchType.EXACT, MatchType.NETWORK}),
    _K.CIDR: frozenset({MatchType.EXACT, MatchType.NETWORK}),
}
_EXACT_ONLY = frozenset({MatchType.EXACT})


@dataclass(frozen=True, slots=True)
class Hit:
    """One blocklist entry that matched ``identifier``; ``matched`` is the value compared
    (the number, the host or parent name, the URL, the address)."""

    entry: BlocklistEntry
    identifier: Identifier
    matched: str


@dataclass(frozen=True, slots=True)
class LookupResult:
    """Hits, most specific first; or none and the allowlist entry that protected it."""

    hits: list[Hit]
    allowlisted: AllowlistEntry | None = None


@dataclass(frozen=True, slots=True)
class RejectedEntry:
    """An entry left out of the index, and why (the build goes on without it)."""

    entry_id: int | None  # None for allowlist entries, which have no id
    kind: str
    value: str
    reason: str


def _url_key(url: str) -> str:
    """A canonical URL without its scheme: ``https://bit.ly/a`` -> ``bit.ly/a``."""
    cut = url.find("://")
    return url[cut + 3:] if cut >= 0 else url


def _ipv4_int(text: str) -> int | None:
    parts = text.split(".")
    if len(parts) != 4:
        return None
    try:
        a, b, c, d = (int(p) for p in parts)
    except ValueError:
        return None
    return (a << 24) | (b << 16) | (c << 8) | d


@functools.lru_cache(maxsize=8192)
def _ipv6_int(text: str) -> int | None:
    try:
        return int(ipaddress.IPv6Address(text))
    except ValueError:
        return None


def _ip_int(text: str) -> tuple[int, int] | None:
    """(version, integer) of an address in canonical form, or None."""
    if ":" not in text:
        n = _ipv4_int(text)
        return None if n is None else (4, n)
    n = _ipv6_int(text)  # ipaddress takes ~3 us; the allowlist and blocklist both ask
    return None if n is None else (6, n)


def _join(old: _E | tuple[_E, ...] | None, entry: _E) -> _E | tuple[_E, ...]:
    """A map slot with ``entry`` added: the entry alone, or a tuple once there are two."""
    if old is None:
        return entry
    if isinstance(old, tuple):
        return (*old, entry)
    return (old, entry)


def _emit(found: _E | tuple[_E, ...], matched: str, out: list[tuple[_E, str]]) -> None:
    if isinstance(found, tuple):
        out.extend((e, matched) for e in found)
    else:
        out.append((found, matched))


class _Tables(Generic[_E]):
    """The maps of one list (blocklist or allowlist). A slot holds one entry, or a tuple
    of entries when several share a value."""

    __slots__ = ("domains", "exact", "ips", "nets", "phones", "prefix_heads", "prefix_lengths",
                 "prefixes", "trees", "urls")

    def __init__(self) -> None:
        self.exact: dict[IdentifierKind, dict[str, _E | tuple[_E, ...]]] = {}
        self.prefixes: dict[str, _E | tuple[_E, ...]] = {}
        self.prefix_lengths: tuple[int, ...] = ()
        self.prefix_heads: frozenset[str] = frozenset()  # each prefix cut to the shortest
        self.trees: dict[str, _E | tuple[_E, ...]] = {}
        # version -> [(prefix length, host bits, {network >> host bits: entries})], longest first
        self.nets: dict[int, list[tuple[int, int, dict[int, _E | tuple[_E, ...]]]]] = {4: [], 6: []}
        # the hot exact maps, bound directly (set by finish)
        self.phones: dict[str, _E | tuple[_E, ...]] = {}
        self.domains: dict[str, _E | tuple[_E, ...]] = {}
        self.urls: dict[str, _E | tuple[_E, ...]] = {}
        self.ips: dict[str, _E | tuple[_E, ...]] = {}

    # -- building ------------------------------------------------------------------------

    @staticmethod
    def _put(table: dict[str, _E | tuple[_E, ...]], key: str, entry: _E) -> None:
        table[key] = _join(table.get(key), entry)

    def add(self, entry: _E, net_tables: dict[tuple[int, int], dict[int, _E | tuple[_E, ...]]],
            prefix_lengths: set[int]) -> str | None:
        """Index ``entry``; returns why it was rejected, or None."""
        kind, match, value = entry.kind, entry.match, entry.value
        if not isinstance(value, str) or not value:
            return "empty value"
        if match not in _ALLOWED_MATCHES.get(kind, _EXACT_ONLY):
            return f"match {match.value} does not apply to kind {kind.value}"
        if kind is _K.CIDR or match is MatchType.NETWORK:
            return self._add_network(entry, net_tables)
        if match is MatchType.PHONE_PREFIX:
            if not (value.startswith("+") and value[1:].isdigit()):
                return "a phone prefix is '+' and digits, such as +8617012"
            self._put(self.prefixes, value, entry)
            prefix_lengths.add(len(value))
        elif match is MatchType.DOMAIN_TREE:
            self._put(self.trees, value, entry)
        else:
            table = self.exact.get(kind)
            if table is None:
                table = self.exact[kind] = {}
            self._put(table, _url_key(value) if kind is _K.URL else value, entry)
        return None

    @staticmethod
    def _add_network(entry: _E, net_tables: dict[tuple[int, int],
                                                 dict[int, _E | tuple[_E, ...]]]) -> str | None:
        try:
            net = ipaddress.ip_network(entry.value, strict=False)
        except ValueError as e:
            return f"not an IP network: {e}"
        key = int(net.network_address) >> (net.max_prefixlen - net.prefixlen)
        slot = net_tables.setdefault((net.version, net.prefixlen), {})
        slot[key] = _join(slot.get(key), entry)
        return None

    def finish(self, net_tables: dict[tuple[int, int], dict[int, _E | tuple[_E, ...]]],
               prefix_lengths: set[int]) -> None:
        self.prefix_lengths = tuple(sorted(prefix_lengths, reverse=True))
        if prefix_lengths:
            shortest = min(prefix_lengths)
            self.prefix_heads = frozenset(prefix[:shortest] for prefix in self.prefixes)
        for kind in (_K.PHONE, _K.DOMAIN, _K.URL, _K.IP):
            self.exact.setdefault(kind, {})
        self.phones, self.domains = self.exact[_K.PHONE], self.exact[_K.DOMAIN]
        self.urls, self.ips = self.exact[_K.URL], self.exact[_K.IP]
        for version, bits in ((4, 32), (6, 128)):
            self.nets[version] = sorted(
                ((plen, bits - plen, table) for (v, plen), table in net_tables.items()
                 if v == version), key=lambda t: -t[0])

    # -- matching ------------------------------------------------------------------------
    # Each method appends (entry, matched value) pairs to ``out``, most specific first.
    # Straight-line code with local names: this runs a few times per screened message.

    def phone(self, number: str, out: list[tuple[_E, str]]) -> None:
        found = self.phones.get(number)
        if found is not None:
            _emit(found, number, out)
        lengths = self.prefix_lengths
        if lengths and number[:lengths[-1]] in self.prefix_heads:
            prefixes, size = self.prefixes, len(number)
            for length in lengths:
                if length <= size:
                    found = prefixes.get(number[:length])
                    if found is not None:
                        _emit(found, number[:length], out)

    def domain(self, domain: str, host: str, out: list[tuple[_E, str]]) -> None:
        trees, exact = self.trees, self.domains
        if not trees:
            found = exact.get(domain)
            if found is not None:
                _emit(found, domain, out)
            return
        name, reached = host, False
        while True:
            if name == domain:
                reached = True
                found = exact.get(name)
                if found is not None:
                    _emit(found, name, out)
            found = trees.get(name)
            if found is not None:
                _emit(found, name, out)
            dot = name.find(".")
            if dot < 0:
                break
            name = name[dot + 1:]
        if not reached and (found := exact.get(domain)) is not None:
            _emit(found, domain, out)

    def address(self, text: str, out: list[tuple[_E, str]],
                network_prefix: int | None = None) -> None:
        """An IP (exact entries, then networks most specific first) or, with
        ``network_prefix``, a network (the networks at least as wide as it)."""
        if network_prefix is None:
            found = self.ips.get(text)
            if found is not None:
                _emit(found, text, out)
        nets = self.nets[6 if ":" in text else 4]
        if not nets:
            return
        parsed = _ip_int(text)
        if parsed is None:
            return
        number = parsed[1]
        matched = text if network_prefix is None else f"{text}/{network_prefix}"
        for plen, shift, table in nets:
            if network_prefix is None or plen <= network_prefix:
                found = table.get(number >> shift)
                if found is not None:
                    _emit(found, matched, out)

    def own(self, identifier: Identifier, out: list[tuple[_E, str]]) -> None:
        """Match the identifier itself by every rule of its kind."""
        kind, value = identifier.kind, identifier.value
        if kind is _K.PHONE:
            self.phone(value, out)
        elif kind is _K.DOMAIN:
            self.domain(value, identifier.details.get("host") or value, out)
        elif kind is _K.URL:
            key = _url_key(value)
            found = self.urls.get(key)
            if found is not None:
                _emit(found, key, out)
        elif kind is _K.IP:
            self.address(value, out)
        elif kind is _K.CIDR:
            address, _, plen = value.partition("/")
            self.address(address, out, int(plen) if plen.isdigit() else None)
        else:
            table = self.exact.get(kind)
            found = table.get(value) if table is not None else None
            if found is not None:
                _emit(found, value, out)

    def container(self, identifier: Identifier, out: list[tuple[_E, str]]) -> None:
        """Match what ``identifier`` is made of: a URL's host, an e-mail address's domain,
        a WhatsApp handle's phone number."""
        kind, details = identifier.kind, identifier.details
        if kind is _K.URL:
            host, domain = details.get("host"), details.get("domain")
            if host and domain:
                self.domain(domain, host, out)
            elif host:
                self.address(host.strip("[]"), out)
        elif kind is _K.EMAIL:
            domain = details.get("domain")
            if domain:
                self.domain(domain, identifier.value.rpartition("@")[2], out)
        elif kind is _K.HANDLE:
            phone = details.get("phone")
            if phone:
                self.phone(phone, out)

    def size(self) -> int:
        def count(table: dict[Any, Any]) -> int:
            return sum(len(v) if isinstance(v, tuple) else 1 for v in table.values())
        total = sum(count(t) for t in self.exact.values())
        total += count(self.prefixes) + count(self.trees)
        total += sum(count(t) for tables in self.nets.values() for _, _, t in tables)
        return total


_NO_HITS: list[tuple[BlocklistEntry, str]] = []
_CONTAINED_KINDS = (_K.URL, _K.EMAIL, _K.HANDLE)  # kinds with a host, domain or phone inside


class BlocklistIndex:
    """The compiled blocklist + allowlist of one blocklist ``version``. Read-only."""

    __slots__ = ("_allow", "_block", "built_at", "next_expiry", "rejected", "version")

    def __init__(self, *, version: int, built_at: datetime) -> None:
        self.version = version
        self.built_at = built_at
        self.next_expiry: datetime | None = None  # rebuild before this: an entry expires
        self.rejected: list[RejectedEntry] = []
        self._block: _Tables[BlocklistEntry] = _Tables()
        self._allow: _Tables[AllowlistEntry] = _Tables()

    @classmethod
    def build(cls, entries: Iterable[BlocklistEntry],
              allowlist: Iterable[AllowlistEntry] = (), *, version: int,
              now: datetime) -> BlocklistIndex:
        """Index the ACTIVE blocklist entries not expired at ``now``, and the allowlist.

        ``entries`` may be a generator (the index keeps only what it indexes). A naive
        ``expires_at`` or ``now`` is read as UTC.
        """
        now_utc = now if now.tzinfo is not None else now.replace(tzinfo=UTC)
        index = cls(version=version, built_at=now_utc)
        nets: dict[tuple[int, int], dict[int, BlocklistEntry | tuple[BlocklistEntry, ...]]] = {}
        lengths: set[int] = set()
        block, rejected, active = index._block, index.rejected, EntryStatus.ACTIVE
        next_expiry: datetime | None = None
        for entry in entries:
            if entry.status is not active:
                continue
            expires = entry.expires_at
            if expires is not None:
                if expires.tzinfo is None:
                    expires = expires.replace(tzinfo=UTC)
                if expires <= now_utc:
                    continue
                if next_expiry is None or expires < next_expiry:
                    next_expiry = expires
            why = block.add(entry, nets, lengths)
            if why is not None:
                rejected.append(RejectedEntry(entry.id, str(entry.kind), str(entry.value), why))
        block.finish(nets, lengths)
        index.next_expiry = next_expiry
        allow_nets: dict[tuple[int, int],
                         dict[int, AllowlistEntry | tuple[AllowlistEntry, ...]]] = {}
        allow_lengths: set[int] = set()
        for item in allowlist:
            why = index._allow.add(item, allow_nets, allow_lengths)
            if why is not None:
                rejected.append(RejectedEntry(None, str(item.kind), str(item.value), why))
        index._allow.finish(allow_nets, allow_lengths)
        return index

    @classmethod
    def empty(cls, *, version: int = 0, now: datetime | None = None) -> BlocklistIndex:
        return cls.build((), (), version=version, now=now or datetime(1970, 1, 1, tzinfo=UTC))

    def __len__(self) -> int:
        """Number of blocklist entries indexed."""
        return self._block.size()

    @property
    def allowlist_size(self) -> int:
        return self._allow.size()

    def lookup(self, identifier: Identifier) -> LookupResult:
        """Every blocklist hit on ``identifier`` (most specific first), or none and the
        allowlist entry that protects it."""
        pairs, allowed = self.resolve(identifier)
        if not pairs:
            return LookupResult([], allowed)
        return LookupResult([Hit(e, identifier, m) for e, m in pairs], None)

    def resolve(self, identifier: Identifier) -> tuple[list[tuple[BlocklistEntry, str]],
                                                       AllowlistEntry | None]:
        """Allocation-light ``lookup``: ([(entry, matched value)], allowlist entry).

        The returned list may be a shared empty list: do not modify it."""
        protect: list[tuple[AllowlistEntry, str]] = []
        self._allow.own(identifier, protect)
        if protect:
            return _NO_HITS, protect[0][0]
        hits: list[tuple[BlocklistEntry, str]] = []
        self._block.own(identifier, hits)
        if identifier.kind in _CONTAINED_KINDS:
            self._allow.container(identifier, protect)
            if protect:  # the container is protected, the identifier itself is not
                return hits, (None if hits else protect[0][0])
            self._block.container(identifier, hits)
        return (hits or _NO_HITS), None
