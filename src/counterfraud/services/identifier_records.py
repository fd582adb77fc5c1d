"""Everything about one identifier that a reader may see, for the console's identifier
page: the reports that name it, the blocklist entries that cover it (with their
history), and the networks it belongs to.

Each answer is what the matching API routes give the same viewer: the reports as
``GET /v1/reports`` would list them, the entries as ``GET /v1/blocklist/{id}`` shows
them (through :func:`services.blocklist.entry` itself), the networks as ``GET
/v1/networks/{id}`` (through :func:`services.networks.network`), all for analysts and
admins only, as there. Every read goes on the audit trail with the records it returned.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from counterfraud.domain import ApiRole, BlocklistEntry, IdentifierKind, MatchType, Report, Viewer
from counterfraud.errors import NotFound
from counterfraud.identifiers import Identifier
from counterfraud.services import access, audit, blocklist
from counterfraud.services.audit import Access, Action
from counterfraud.services.store import Store
from counterfraud.store import identifier_records as rows
from counterfraud.store import suspects as network_members
from counterfraud.store.blocklist import Change
from counterfraud.store.identifier_records import EntryTarget
from counterfraud.store.networks import StoredNetwork

__all__ = ["blocklist_entries", "covering_targets", "networks_holding", "reports_naming"]

MAX_ENTRIES = 20
MAX_NETWORKS = 10
READER = ApiRole.ANALYST  # who reads reports, entries and networks through the API


def reports_naming(store: Store, viewer: Viewer, identifier: Identifier, *,
                   limit: int = 50, offset: int = 0,
                   via: Access | None = None) -> tuple[int, list[Report]]:
    """(how many reports ``viewer`` may read name ``identifier``, one page newest first);
    the page's reports go on the audit trail."""
    access.require_role(viewer, READER)
    who = audit.access_of(via, viewer, path="cli identifier reports")
    with store.transaction() as session:
        total, page = rows.reports_naming(session, identifier, viewer, limit=limit,
                                          offset=offset)
    if page:
        audit.record(store, actor=who.actor, action=Action.READ, path=who.path,
                     record_type="report",
                     records=[audit.report_ref(r.agency, r.report_id) for r in page],
                     detail={"identifier": f"{identifier.kind.value}:{identifier.value}",
                             "total": total, "offset": offset})
    return total, page


def covering_targets(identifier: Identifier) -> list[EntryTarget]:
    """The blocklist entries that would block ``identifier``: its own value (any match
    type); for a domain or a URL's host, that host and every parent domain listed with
    its subdomains; for a phone number, every prefix of it listed as a number range."""
    targets: list[EntryTarget] = [(identifier.kind.value, identifier.value, None)]
    host = None
    if identifier.kind is IdentifierKind.DOMAIN:
        host = identifier.value
    elif identifier.kind is IdentifierKind.URL:
        host = urlsplit(identifier.value).hostname
        if host:
            targets.append((IdentifierKind.DOMAIN.value, host, MatchType.EXACT.value))
    if host:
        labels = host.split(".")
        targets += [(IdentifierKind.DOMAIN.value, ".".join(labels[i:]),
                     MatchType.DOMAIN_TREE.value) for i in range(len(labels) - 1)]
    if identifier.kind is IdentifierKind.PHONE and identifier.value.startswith("+"):
        targets += [(IdentifierKind.PHONE.value, identifier.value[:end],
                     MatchType.PHONE_PREFIX.value)
                    for end in range(2, len(identifier.value) + 1)]
    return targets


def blocklist_entries(store: Store, viewer: Viewer, identifier: Identifier, *,
                      via: Access | None = None) -> list[tuple[BlocklistEntry, list[Change]]]:
    """The entries ``viewer`` may see that cover ``identifier`` (any status), each with
    its history as ``services.blocklist.entry`` shows it (and puts on the trail)."""
    access.require_role(viewer, READER)
    with store.transaction() as session:
        ids = rows.covering_entry_ids(session, covering_targets(identifier), viewer,
                                      limit=MAX_ENTRIES)
    found = []
    for entry_id in ids:
        try:
            found.append(blocklist.entry(store, entry_id, viewer=viewer, via=via))
        except NotFound:  # no longer visible since it was found (an agreement ended)
            continue
    return found


def networks_holding(store: Store, viewer: Viewer, identifier: Identifier, *,
                     via: Access | None = None) -> list[StoredNetwork]:
    """The networks ``identifier`` is a member of, in ``viewer``'s view of the networks
    (its agency's, analysed from only the reports it may read; the latest build for the
    local operator), each read through ``services.networks.network``."""
    access.require_role(viewer, READER)
    from counterfraud.services import networks  # the graph libraries, only when needed

    view_id = networks.agency_view(store, viewer)
    with store.transaction() as session:
        ids = sorted(network_members.networks_holding(session, [identifier],
                                                      view_id=view_id))
    found = []
    for network_id in ids[:MAX_NETWORKS]:
        try:
            found.append(networks.network(store, network_id, viewer, via=via))
        except NotFound:
            continue
    return found
