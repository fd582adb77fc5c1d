"""STIX 2.1 vocabulary shared by export and import. Pure: no I/O.

- Markings are the official TLP 2.0 marking definitions (OASIS extension
  ``extension-definition--60a3c5c5-...``, the ids OpenCTI and MISP use); TLP 1.0 ids are
  read on import.
- Identifiers map to observables by the conventions OpenCTI and MISP share: phone
  numbers, bank accounts and crypto wallets are the OpenCTI SCO types ``phone-number``,
  ``bank-account`` and ``cryptocurrency-wallet``, declared here as ``new-sco`` extensions
  so that validators accept them; the rest are standard SCOs, persons are individuals.
- Ids are deterministic: SCOs by their id-contributing properties (UUIDv5 in the STIX
  namespace, exactly as ``stix2`` computes them), everything else by UUIDv5 over a stable
  key in our own namespace, so re-exporting the same records gives the same objects.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime
from enum import StrEnum
from functools import lru_cache
from typing import Any

from counterfraud.domain import Agency, Marking
from counterfraud.errors import InvalidInput
from counterfraud.identifiers import Identifier, IdentifierKind, normalize

SPEC = "2.1"
STIX_SCO_NAMESPACE = uuid.UUID("00abedb4-aa42-466c-9c01-fed23315a9b7")
NAMESPACE = uuid.UUID("b90baf4a-e772-52b8-a29f-0a77db625a63")  # counterfraud's own ids
EPOCH = datetime(2020, 1, 1, tzinfo=UTC)  # created/modified of objects with no time of their own

TLP2_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
TLP2_IDS: dict[Marking, str] = {
    Marking.CLEAR: "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    Marking.GREEN: "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    Marking.AMBER: "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    Marking.AMBER_STRICT: "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    Marking.RED: "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}
TLP1_IDS: dict[str, Marking] = {
    "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9": Marking.CLEAR,  # white
    "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da": Marking.GREEN,
    "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82": Marking.AMBER,
    "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed": Marking.RED,
    # OpenCTI's own AMBER+STRICT (its other TLP levels keep the TLP 1.0 ids)
    "marking-definition--826578e1-40ad-459f-bc73-ede076f81f37": Marking.AMBER_STRICT,
}
MARKING_BY_ID: dict[str, Marking] = {**TLP1_IDS, **{v: k for k, v in TLP2_IDS.items()}}

# OpenCTI's own SCO types, declared by an extension definition of ours (``new-sco``).
CUSTOM_SCO_TYPES = ("phone-number", "bank-account", "cryptocurrency-wallet")


def stable_id(object_type: str, key: str) -> str:
    """The id of an SDO/SRO derived from ``key`` (e.g. ``report:CN-MPS/R1``)."""
    return f"{object_type}--{uuid.uuid5(NAMESPACE, key)}"


def sco_id(object_type: str, contributing: dict[str, Any]) -> str:
    """The id ``stix2`` would give an SCO with these id-contributing properties: UUIDv5
    over their JSON canonical form (RFC 8785), which for string values is sorted keys,
    no whitespace and minimal escaping, exactly what ``json.dumps`` writes below."""
    data = json.dumps({k: v for k, v in contributing.items() if v is not None},
                      sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return f"{object_type}--{uuid.uuid5(STIX_SCO_NAMESPACE, data)}"


PRODUCER_ID = stable_id("identity", "producer:counterfraud")
EXTENSION_ID = stable_id("extension-definition", "extension:counterfraud-properties")
SCO_EXTENSION_ID = stable_id("extension-definition", "extension:counterfraud-scos")


def timestamp(moment: datetime | None) -> str:
    """STIX timestamp, UTC with milliseconds (``2024-05-01T08:30:00.000Z``)."""
    at = (moment or EPOCH).astimezone(UTC)
    return at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}Z"


def parse_timestamp(raw: object) -> datetime | None:
    """A STIX timestamp as an aware datetime, or None when missing or unreadable."""
    if not isinstance(raw, str) or not raw:
        return None
    try:
        at = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def marking_definition(marking: Marking) -> dict[str, Any]:
    """The official TLP 2.0 marking-definition object for ``marking``."""
    level = marking.value.removeprefix("TLP:").lower()
    return {"type": "marking-definition", "spec_version": SPEC, "id": TLP2_IDS[marking],
            "created": "2022-10-01T00:00:00.000Z", "name": marking.value,
            "extensions": {TLP2_EXTENSION: {"extension_type": "property-extension",
                                            "tlp_2_0": level}}}


def marking_of_definition(obj: dict[str, Any]) -> Marking | None:
    """The TLP level a marking-definition object states (by known id, TLP 2.0 extension
    or TLP 1.0 ``definition``), or None for other kinds of marking."""
    known = MARKING_BY_ID.get(str(obj.get("id")))
    if known is not None:
        return known
    extensions = obj.get("extensions")
    extension = extensions.get(TLP2_EXTENSION) if isinstance(extensions, dict) else None
    level = extension.get("tlp_2_0") if isinstance(extension, dict) else None
    if level is None and str(obj.get("definition_type")).lower() == "tlp":
        definition = obj.get("definition")
        if isinstance(definition, dict):
            level = definition.get("tlp", definition.get("TLP"))
    if not isinstance(level, str):
        return None
    try:
        return Marking.parse(level)
    except ValueError:
        return None


@lru_cache(maxsize=1024)
def agency_identity_id(code: str) -> str:
    return stable_id("identity", f"agency:{code}")


def agency_identity(agency: Agency, *, created: datetime | None) -> dict[str, Any]:
    """An agency as an organisation in the government sector, with its code and country
    in our property extension (how an importer knows which agency owns a record)."""
    return {"type": "identity", "spec_version": SPEC, "id": agency_identity_id(agency.code),
            "created": timestamp(created), "modified": timestamp(created),
            "name": agency.name, "identity_class": "organization", "sectors": ["government"],
            "extensions": {EXTENSION_ID: {"extension_type": "property-extension",
                                          "agency_code": agency.code,
                                          "country": agency.country}}}


def producer_identity() -> dict[str, Any]:
    """The author of our extension definitions."""
    return {"type": "identity", "spec_version": SPEC, "id": PRODUCER_ID,
            "created": timestamp(EPOCH), "modified": timestamp(EPOCH),
            "name": "counterfraud", "identity_class": "system"}


def extension_definitions() -> list[dict[str, Any]]:
    """Our two extension definitions: extra properties of reports, indicators,
    relationships and identities; and the OpenCTI SCO types as new SCOs."""
    common = {"type": "extension-definition", "spec_version": SPEC,
              "created": timestamp(EPOCH), "modified": timestamp(EPOCH),
              "created_by_ref": PRODUCER_ID, "version": "1.0"}
    return [
        {**common, "id": EXTENSION_ID, "name": "counterfraud properties",
         "description": "Victim-report facts (scam type, loss, victim country, external id, "
                        "roles of identifiers), blocklist provenance, link types and agency "
                        "codes of counterfraud records.",
         "schema": "https://counterfraud.readthedocs.io/en/latest/sharing/#stix-21",
         "extension_types": ["property-extension"]},
        {**common, "id": SCO_EXTENSION_ID, "name": "counterfraud observables",
         "description": "Phone numbers, bank accounts and cryptocurrency wallets as the SCO "
                        "types phone-number (value), bank-account (iban, account_number) and "
                        "cryptocurrency-wallet (value), as OpenCTI defines them.",
         "schema": "https://counterfraud.readthedocs.io/en/latest/sharing/#stix-21",
         "extension_types": ["new-sco"]},
    ]


class Dialect(StrEnum):
    """How phone numbers, bank accounts, wallets and persons are written. OpenCTI's SCO
    types (and individual identities) are the default; MISP's converter refuses SCO types
    it does not know, so bundles meant for MISP carry them as MISP attributes
    (``x-misp-attribute``/``x-misp-object``), as MISP's own exports do, and are read with
    its converter for MISP-made content. Everything else is the same in both."""

    OPENCTI = "opencti"
    MISP = "misp"


MISP_KINDS: dict[str, IdentifierKind] = {
    "phone-number": IdentifierKind.PHONE, "iban": IdentifierKind.BANK_ACCOUNT,
    "bank-account-nr": IdentifierKind.BANK_ACCOUNT, "btc": IdentifierKind.CRYPTO_WALLET,
    "xmr": IdentifierKind.CRYPTO_WALLET, "dash": IdentifierKind.CRYPTO_WALLET,
    "domain": IdentifierKind.DOMAIN, "hostname": IdentifierKind.DOMAIN,
    "url": IdentifierKind.URL, "link": IdentifierKind.URL, "ip-dst": IdentifierKind.IP,
    "ip-src": IdentifierKind.IP, "email": IdentifierKind.EMAIL,
    "email-src": IdentifierKind.EMAIL, "email-dst": IdentifierKind.EMAIL,
    "full-name": IdentifierKind.PERSON,
}
MISP_WALLET_RELATIONS = frozenset({"address", "address-crypto", "address-xmr"})
# kind -> (MISP attribute type, category) for the kinds MISP has one attribute type for
_MISP_TYPES: dict[IdentifierKind, tuple[str, str]] = {
    IdentifierKind.PHONE: ("phone-number", "Person"),
    IdentifierKind.PERSON: ("full-name", "Person"),
    IdentifierKind.URL: ("url", "Network activity"),
    IdentifierKind.DOMAIN: ("domain", "Network activity"),
    IdentifierKind.IP: ("ip-dst", "Network activity"),
    IdentifierKind.CIDR: ("ip-dst", "Network activity"),
    IdentifierKind.EMAIL: ("email", "Social network"),
}


def observable(identifier: Identifier, dialect: Dialect = Dialect.OPENCTI) -> dict[str, Any]:
    """The SCO (or individual identity, for persons) that stands for ``identifier``."""
    kind, value = identifier.kind, identifier.value
    if dialect is Dialect.MISP:
        return _misp_observable(identifier)
    if kind is IdentifierKind.PERSON:
        return {"type": "identity", "spec_version": SPEC,
                "id": stable_id("identity", f"person:{value}"), "created": timestamp(EPOCH),
                "modified": timestamp(EPOCH), "name": value, "identity_class": "individual"}
    object_type, properties, contributing = _sco_properties(identifier)
    obj: dict[str, Any] = {"type": object_type, "spec_version": SPEC,
                           "id": sco_id(object_type, contributing), **properties}
    if object_type in CUSTOM_SCO_TYPES:
        obj["extensions"] = {SCO_EXTENSION_ID: {"extension_type": "new-sco"}}
    return obj


def _misp_observable(identifier: Identifier) -> dict[str, Any]:
    """MISP's form: one attribute, or an object where MISP has no attribute type (wallets
    other than bitcoin as coin-address, messaging handles as user-account)."""
    kind, value = identifier.kind, identifier.value
    key = f"misp:{kind.value}:{value}"
    common = {"spec_version": SPEC, "created": timestamp(EPOCH), "modified": timestamp(EPOCH)}
    chain = _chain(identifier)
    if kind is IdentifierKind.HANDLE or (kind is IdentifierKind.CRYPTO_WALLET
                                         and chain != "bitcoin"):
        name, attributes = _misp_object_attributes(identifier)
        category = "misc" if kind is IdentifierKind.HANDLE else "financial"
        return {"type": "x-misp-object", "id": stable_id("x-misp-object", key), **common,
                "labels": [f'misp:name="{name}"', f'misp:meta-category="{category}"'],
                "x_misp_name": name, "x_misp_meta_category": category,
                "x_misp_attributes": attributes}
    misp_type, category = _MISP_TYPES.get(kind) or (
        ("btc", "Financial fraud") if kind is IdentifierKind.CRYPTO_WALLET else
        ("iban" if bank_account_property(value) == "iban" else "bank-account-nr",
         "Financial fraud"))
    return {"type": "x-misp-attribute", "id": stable_id("x-misp-attribute", key), **common,
            "labels": [f'misp:type="{misp_type}"', f'misp:category="{category}"'],
            "x_misp_type": misp_type, "x_misp_category": category, "x_misp_value": value}


def _chain(identifier: Identifier) -> str | None:
    """A wallet's chain: from its details, else worked out again from its value."""
    chain = identifier.details.get("chain")
    if chain is None and identifier.kind is IdentifierKind.CRYPTO_WALLET:
        try:
            chain = normalize(identifier.kind, identifier.value).details.get("chain")
        except InvalidInput:
            return None
    return chain if isinstance(chain, str) else None


def _misp_object_attributes(identifier: Identifier) -> tuple[str, list[dict[str, Any]]]:
    value = identifier.value
    if identifier.kind is IdentifierKind.HANDLE:
        platform, _, login = value.partition(":")
        return "user-account", [
            {"type": "text", "object_relation": "username", "value": login, "to_ids": True},
            {"type": "text", "object_relation": "account-type", "value": platform}]
    attributes = [{"type": "text", "object_relation": "address-crypto", "value": value,
                   "category": "Financial fraud", "to_ids": True}]
    chain = _chain(identifier)
    if chain is not None:
        attributes.append({"type": "text", "object_relation": "symbol", "value": chain,
                           "category": "Financial fraud"})
    return "coin-address", attributes


def _sco_properties(identifier: Identifier) -> tuple[str, dict[str, Any], dict[str, Any]]:
    kind, value = identifier.kind, identifier.value
    if kind is IdentifierKind.BANK_ACCOUNT:
        key = bank_account_property(value)
        return "bank-account", {key: value}, {key: value}
    if kind is IdentifierKind.HANDLE:
        platform, _, login = value.partition(":")
        props = {"account_type": platform, "account_login": login}
        return "user-account", props, props
    if kind in (IdentifierKind.IP, IdentifierKind.CIDR):
        object_type = "ipv6-addr" if ":" in value else "ipv4-addr"
        return object_type, {"value": value}, {"value": value}
    return SCO_TYPES[kind], {"value": value}, {"value": value}


def bank_account_property(value: str) -> str:
    """``iban`` for an IBAN (two letters, two check digits), else ``account_number``."""
    return "iban" if _IBAN.match(value) else "account_number"


_IBAN = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{8,30}$")

SCO_TYPES: dict[IdentifierKind, str] = {
    IdentifierKind.PHONE: "phone-number", IdentifierKind.URL: "url",
    IdentifierKind.DOMAIN: "domain-name", IdentifierKind.EMAIL: "email-addr",
    IdentifierKind.CRYPTO_WALLET: "cryptocurrency-wallet",
    IdentifierKind.BANK_ACCOUNT: "bank-account", IdentifierKind.HANDLE: "user-account",
    IdentifierKind.IP: "ipv4-addr",
}


def raw_identifier(obj: dict[str, Any]) -> tuple[IdentifierKind, str] | None:
    """(kind, raw value) an observable names, before normalisation; None when the object
    is not one we read as an identifier."""
    object_type = str(obj.get("type"))
    reader = _READERS.get(object_type)
    if reader is not None:
        return reader(obj)
    kind = KIND_BY_SCO_TYPE.get(object_type)
    value = obj.get("value")
    if kind is None or not isinstance(value, str):
        return None
    return (IdentifierKind.CIDR if kind is IdentifierKind.IP and "/" in value else kind), value


def _misp_first(obj: dict[str, Any]) -> tuple[IdentifierKind, str] | None:
    found = misp_identifiers(obj)
    return found[0] if found else None


def _person(obj: dict[str, Any]) -> tuple[IdentifierKind, str] | None:
    name = obj.get("name")
    if obj.get("identity_class") == "individual" and isinstance(name, str):
        return IdentifierKind.PERSON, name
    return None


def _user_account(obj: dict[str, Any]) -> tuple[IdentifierKind, str] | None:
    login = obj.get("account_login") or obj.get("user_id")
    platform = obj.get("account_type")
    if isinstance(login, str) and isinstance(platform, str):
        return IdentifierKind.HANDLE, f"{platform}:{login}"
    return None


def _bank_account(obj: dict[str, Any]) -> tuple[IdentifierKind, str] | None:
    number = obj.get("iban") or obj.get("account_number")
    return (IdentifierKind.BANK_ACCOUNT, number) if isinstance(number, str) else None


_READERS = {"x-misp-attribute": _misp_first, "x-misp-object": _misp_first,
            "identity": _person, "user-account": _user_account,
            "bank-account": _bank_account}

KIND_BY_SCO_TYPE: dict[str, IdentifierKind] = {
    "phone-number": IdentifierKind.PHONE, "url": IdentifierKind.URL,
    "domain-name": IdentifierKind.DOMAIN, "email-addr": IdentifierKind.EMAIL,
    "cryptocurrency-wallet": IdentifierKind.CRYPTO_WALLET, "ipv4-addr": IdentifierKind.IP,
    "ipv6-addr": IdentifierKind.IP, "bank-account": IdentifierKind.BANK_ACCOUNT,
    "user-account": IdentifierKind.HANDLE,
}


def misp_identifiers(obj: dict[str, Any]) -> list[tuple[IdentifierKind, str]]:
    """(kind, raw value) of every attribute of a MISP attribute or object we keep."""
    if obj.get("type") == "x-misp-attribute":
        attributes = [{"type": obj.get("x_misp_type"), "value": obj.get("x_misp_value")}]
    else:
        listed = obj.get("x_misp_attributes")
        attributes = [a for a in listed if isinstance(a, dict)] if isinstance(listed, list) \
            else []
    found: list[tuple[IdentifierKind, str]] = []
    if obj.get("x_misp_name") == "user-account":
        fields = {str(a.get("object_relation")): a.get("value") for a in attributes}
        login, platform = fields.get("username"), fields.get("account-type")
        if isinstance(login, str) and isinstance(platform, str):
            found.append((IdentifierKind.HANDLE, f"{platform}:{login}"))
        return found
    for attribute in attributes:
        kind = MISP_KINDS.get(str(attribute.get("type")))
        if str(attribute.get("object_relation")) in MISP_WALLET_RELATIONS:
            kind = IdentifierKind.CRYPTO_WALLET
        value = attribute.get("value")
        if kind is IdentifierKind.IP and isinstance(value, str) and "/" in value:
            kind = IdentifierKind.CIDR
        if kind is not None and isinstance(value, str):
            found.append((kind, value))
    return found
