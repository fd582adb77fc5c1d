"""Internet identifiers: URL, domain, IP address, CIDR network, e-mail address.

Domains are registrable domains by the Public Suffix List *including its private section*
(``foo.blogspot.com`` and ``x.uk.com`` are someone's domain, not the platform's). The list
is tldextract's bundled snapshot, read offline: the extractor is built on first use, never
at import, and never fetches. Hosts are compared in IDNA (punycode) form, lower-case.
"""

from __future__ import annotations

import functools
import ipaddress
import re
import urllib.parse

import tldextract

from counterfraud.identifiers.types import Identifier, IdentifierKind, InvalidIdentifier

__all__ = [
    "canonical_host",
    "host_to_ascii",
    "normalize_cidr",
    "normalize_domain",
    "normalize_email",
    "normalize_ip",
    "normalize_url",
    "registrable_domain",
]

_MAX_RAW = 4096
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):(//)?", re.IGNORECASE)
_SPACE = re.compile(r"\s")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # C0, DEL and C1: never raw in a URL
_DEFAULT_PORTS = {"http": 80, "https": 443}
_LABEL = r"(?!-)[a-z0-9_-]{1,63}(?<!-)"
_HOSTNAME = re.compile(rf"(?:{_LABEL}\.)*{_LABEL}")
_LOCAL_PART = re.compile(r"^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")


@functools.cache
def _extractor() -> tldextract.TLDExtract:
    """The offline PSL extractor (bundled snapshot, private section on, no cache dir)."""
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None,
                                 include_psl_private_domains=True)


@functools.lru_cache(maxsize=16384)
def host_to_ascii(host: str) -> str | None:
    """``host`` as lower-case IDNA (punycode) without a trailing dot, or None if not a name."""
    host = host.strip().rstrip(".").lower()
    if not host or len(host) > 253:
        return None
    if host.isascii():
        ascii_host = host  # IDNA ToASCII leaves ASCII labels as they are
    else:
        try:
            ascii_host = host.encode("idna").decode("ascii").lower()
        except UnicodeError:
            return None
    if not _HOSTNAME.fullmatch(ascii_host):
        return None
    return ascii_host


@functools.lru_cache(maxsize=16384)
def _registrable(ascii_host: str) -> tuple[str, bool] | str:
    """(registrable domain, is_private) for an IDNA host, or the reason there is none."""
    if _is_ip(ascii_host):
        return "an IP address is not a domain"
    parts = _extractor()(ascii_host)
    if not parts.suffix:
        return "no known public suffix"
    if not parts.domain:
        return "is itself a public suffix"
    return f"{parts.domain}.{parts.suffix}", bool(parts.is_private)


def registrable_domain(host: str) -> str:
    """The registrable domain of ``host`` (PSL incl. private section), IDNA, lower-case.

    Raises :class:`InvalidIdentifier` (kind ``domain``) when ``host`` is not a hostname
    under a known public suffix.
    """
    ascii_host = host_to_ascii(host)
    if ascii_host is None:
        raise InvalidIdentifier(IdentifierKind.DOMAIN, host, "not a valid hostname")
    found = _registrable(ascii_host)
    if isinstance(found, str):
        raise InvalidIdentifier(IdentifierKind.DOMAIN, host, found)
    return found[0]


def canonical_host(raw: str) -> str:
    """``raw`` as a whole host name (subdomains kept): lower-case IDNA without a trailing
    dot, under a known public suffix and not itself one (what a domain-tree block covers).

    Raises :class:`InvalidIdentifier` (kind ``domain``) for anything else, control
    characters and labels IDNA cannot encode included.
    """
    ascii_host = host_to_ascii(raw)
    if ascii_host is None:
        raise InvalidIdentifier(IdentifierKind.DOMAIN, raw, "not a valid hostname")
    found = _registrable(ascii_host)
    if isinstance(found, str):
        raise InvalidIdentifier(IdentifierKind.DOMAIN, raw, found)
    return ascii_host


def _host_of(text: str) -> str:
    """The host of a URL or ``host/path`` given where a domain was expected; ``""`` when
    ``urllib`` cannot split it (an unclosed or bad ``[IPv6]`` host)."""
    try:
        return urllib.parse.urlsplit(text if "//" in text else "//" + text).hostname or ""
    except ValueError:
        return ""


def normalize_domain(raw: str) -> Identifier:
    """Registrable domain of a hostname (or of the host of a URL given instead)."""
    text = raw.strip()
    if "/" in text or "@" in text or "[" in text:
        text = _host_of(text)
    ascii_host = host_to_ascii(text)
    if ascii_host is None:
        raise InvalidIdentifier(IdentifierKind.DOMAIN, raw, "not a valid hostname")
    found = _registrable(ascii_host)
    if isinstance(found, str):
        raise InvalidIdentifier(IdentifierKind.DOMAIN, raw, found)
    domain, private = found
    details: dict[str, object] = {"suffix": domain.partition(".")[2], "private": private}
    if ascii_host != domain:
        details["host"] = ascii_host
    return Identifier(IdentifierKind.DOMAIN, domain, details=details)


def _is_ip(text: str) -> bool:
    """True for an IPv4 or IPv6 address (cheap rejection of ordinary host names)."""
    if ":" not in text and not text.replace(".", "").isdigit():
        return False
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def normalize_ip(raw: str) -> Identifier:
    """An IPv4 or IPv6 address in ``ipaddress`` compressed form (``[::1]`` accepted)."""
    text = raw.strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    try:
        address = ipaddress.ip_address(text)
    except ValueError as e:
        raise InvalidIdentifier(IdentifierKind.IP, raw, str(e)) from None
    return Identifier(IdentifierKind.IP, address.compressed,
                      details={"version": address.version, "global": address.is_global})


def normalize_cidr(raw: str) -> Identifier:
    """A network ``address/prefix``; host bits are cleared (``10.1.2.3/8`` -> ``10.0.0.0/8``)."""
    text = raw.strip()
    if "/" not in text:
        raise InvalidIdentifier(IdentifierKind.CIDR, raw, "no '/prefix' length")
    try:
        network = ipaddress.ip_network(text, strict=False)
    except ValueError as e:
        raise InvalidIdentifier(IdentifierKind.CIDR, raw, str(e)) from None
    return Identifier(IdentifierKind.CIDR, network.compressed,
                      details={"version": network.version,
                               "addresses": network.num_addresses})


def normalize_email(raw: str) -> Identifier:
    """Lower-case address; the domain in IDNA and under a known public suffix."""
    text = raw.strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    local, at, host = text.rpartition("@")
    local = local.lower()
    if not at or not local or len(local) > 64 or not _LOCAL_PART.match(local):
        raise InvalidIdentifier(IdentifierKind.EMAIL, raw, "bad local part or no '@'")
    ascii_host = host_to_ascii(host)
    if ascii_host is None or isinstance(_registrable(ascii_host), str):
        raise InvalidIdentifier(IdentifierKind.EMAIL, raw,
                                "domain is not a hostname under a known public suffix")
    return Identifier(IdentifierKind.EMAIL, f"{local}@{ascii_host}",
                      details={"domain": registrable_domain(ascii_host)})


def normalize_url(raw: str) -> Identifier:
    """Canonical http(s) URL; see :func:`_split_url` and :func:`_canonical_netloc`.

    Lower-case scheme and host (IDNA), default port dropped, fragment dropped, path and query
    kept byte for byte (an empty path becomes ``/``); ``http://`` is assumed when there is
    no scheme. The host must be an IP address or a name under a known public suffix.
    Control characters (C0, DEL, C1) are refused, not dropped: a URL carries them only
    percent-encoded, and a report's evidence is kept as it was given or not at all.
    """
    text = raw.strip()
    if not text or len(text) > _MAX_RAW or _SPACE.search(text):
        raise InvalidIdentifier(IdentifierKind.URL, raw, "empty, too long or has spaces")
    if _CONTROL.search(text):
        raise InvalidIdentifier(IdentifierKind.URL, raw,
                                "has a control character (percent-encode it)")
    parts = _split_url(raw, text)
    netloc, host, is_ip = _canonical_netloc(raw, parts)
    query = f"?{parts.query}" if parts.query else ""
    value = f"{parts.scheme.lower()}://{netloc}{parts.path or '/'}{query}"
    details: dict[str, object] = {"host": host}
    if not is_ip:
        details["domain"] = registrable_domain(host)
    return Identifier(IdentifierKind.URL, value, details=details)


def _split_url(raw: str, text: str) -> urllib.parse.SplitResult:
    """Split, assuming ``http://`` without a scheme; only http and https are accepted."""
    scheme = _SCHEME.match(text)
    if scheme is None or (scheme.group(2) is None and "." in scheme.group(1)):
        text = "http://" + text  # "example.com/x" or "example.com:8080/x"
    elif scheme.group(1).lower() not in _DEFAULT_PORTS:
        raise InvalidIdentifier(IdentifierKind.URL, raw,
                                f"unsupported scheme {scheme.group(1)!r}; only http and https")
    elif scheme.group(2) is None:
        raise InvalidIdentifier(IdentifierKind.URL, raw, "no '//' after the scheme")
    try:
        return urllib.parse.urlsplit(text)
    except ValueError as e:
        raise InvalidIdentifier(IdentifierKind.URL, raw, str(e)) from None


def _canonical_netloc(raw: str, parts: urllib.parse.SplitResult) -> tuple[str, str, bool]:
    """(netloc, host, host is an IP) with the host canonical and the default port dropped."""
    try:
        port = parts.port
    except ValueError as e:
        raise InvalidIdentifier(IdentifierKind.URL, raw, str(e)) from None
    hostname = parts.hostname or ""
    is_ip = _is_ip(hostname)
    if is_ip:
        address = ipaddress.ip_address(hostname)
        host = address.compressed
        shown = f"[{host}]" if address.version == 6 else host
    else:
        ascii_host = host_to_ascii(hostname)
        if ascii_host is None or isinstance(_registrable(ascii_host), str):
            raise InvalidIdentifier(IdentifierKind.URL, raw,
                                    "host is not an IP or a name under a known public suffix")
        host = shown = ascii_host
    userinfo = parts.netloc.rpartition("@")[0]
    netloc = f"{userinfo}@{shown}" if userinfo else shown
    if port is not None and port != _DEFAULT_PORTS[parts.scheme.lower()]:
        netloc = f"{netloc}:{port}"
    return netloc, host, is_ip
