"""Identifiers: canonical forms of phones, URLs, domains, wallets, handles, ... and finding
them in free text.

Pure functions, no I/O: ``normalize`` reads one raw value of a known kind, ``extract`` finds
every identifier in a report narrative or SMS (Chinese, English, Thai; obfuscated or not)
with its span in the original text, ``display_name`` gives the text people read
(a person as ``Chan Vannak (KH)``), ``registrable_domain`` gives the PSL registrable domain
of a host (offline snapshot, private section included).
"""

from counterfraud.identifiers.display import display_name
from counterfraud.identifiers.extraction import extract
from counterfraud.identifiers.normalization import normalize
from counterfraud.identifiers.types import (
    Extracted,
    Identifier,
    IdentifierKind,
    InvalidIdentifier,
)
from counterfraud.identifiers.web import canonical_host, registrable_domain

__all__ = [
    "Extracted",
    "Identifier",
    "IdentifierKind",
    "InvalidIdentifier",
    "canonical_host",
    "display_name",
    "extract",
    "normalize",
    "registrable_domain",
]
