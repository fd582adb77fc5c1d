"""Messaging-platform handles: canonical ``platform:handle``, lower-case, without ``@``.

Accepted raw forms: ``platform:handle`` (any alias, e.g. ``tg:name``, ``微信:kefu_888``,
``ไลน์:@shop88``) and profile links (``https://t.me/NAME``, ``line.me/ti/p/~NAME``,
``wa.me/66812345678``). WhatsApp handles are phone numbers and are stored in E.164.

LINE official-account IDs (``@shop88``) and personal IDs (``shop88``) are different
namespaces in LINE itself; like every platform here they are stored without the ``@``.
"""

from __future__ import annotations

import re
import urllib.parse

from counterfraud.identifiers.phone import normalize_phone
from counterfraud.identifiers.types import Identifier, IdentifierKind, InvalidIdentifier

__all__ = ["PLATFORM_ALIASES", "canonical_platform", "handle_from_link", "normalize_handle"]

_KIND = IdentifierKind.HANDLE

PLATFORM_ALIASES: dict[str, str] = {
    "telegram": "telegram", "tg": "telegram", "飞机": "telegram", "纸飞机": "telegram",
    "电报": "telegram",
    "wechat": "wechat", "微信": "wechat", "weixin": "wechat", "vx": "wechat",
    "v信": "wechat", "wx": "wechat", "威信": "wechat",
    "qq": "qq",
    "line": "line", "ไลน์": "line",
    "whatsapp": "whatsapp", "wa": "whatsapp",
    "facebook": "facebook", "fb": "facebook",
    "instagram": "instagram", "ig": "instagram",
    "tiktok": "tiktok", "抖音": "tiktok",
    "twitter": "twitter",
}

# Lower-cased handle syntax per platform (the '@' is already stripped).
_SYNTAX: dict[str, re.Pattern[str]] = {
    "telegram": re.compile(r"^[a-z][a-z0-9_]{4,31}$"),
    "wechat": re.compile(r"^[a-z0-9][a-z0-9_-]{5,19}$"),
    "qq": re.compile(r"^[1-9][0-9]{4,10}$"),
    "line": re.compile(r"^[a-z0-9._-]{3,20}$"),
    "facebook": re.compile(r"^[a-z0-9.]{5,50}$"),
    "instagram": re.compile(r"^[a-z0-9._]{1,30}$"),
    "tiktok": re.compile(r"^[a-z0-9._]{2,24}$"),
    "twitter": re.compile(r"^[a-z0-9_]{1,15}$"),
}

_LINK_HOSTS: dict[str, str] = {
    "t.me": "telegram", "telegram.me": "telegram", "telegram.dog": "telegram",
    "line.me": "line", "wa.me": "whatsapp", "api.whatsapp.com": "whatsapp",
}
_LINE_PATH = re.compile(r"^/(?:r/)?ti/p/[~@]?([^/?#]+)", re.IGNORECASE)
_TG_PATH = re.compile(r"^/(?:s/)?@?([a-z0-9_]+)/?(?:\d+/?)?$", re.IGNORECASE)


def canonical_platform(name: str) -> str | None:
    """The canonical platform for a name or alias (``飞机`` -> ``telegram``), else None."""
    return PLATFORM_ALIASES.get(name.strip().casefold())


def normalize_handle(raw: str, region: str | None = None) -> Identifier:
    """``platform:handle`` from a prefixed handle or a profile link; see the module doc."""
    text = raw.strip()
    linked = handle_from_link(text)
    if linked is not None:
        platform, handle = linked
    elif "/" in text:
        raise InvalidIdentifier(_KIND, raw, "not a profile link (t.me/NAME, line.me/ti/p/~ID, "
                                "wa.me/NUMBER); invite and group links name no handle")
    else:
        platform, handle = _split_prefixed(raw, text)
    return _build(raw, platform, handle, region)


def _split_prefixed(raw: str, text: str) -> tuple[str, str]:
    """Split ``alias:handle`` (ASCII or full-width colon) into (platform, handle)."""
    name, sep, handle = text.replace("：", ":").partition(":")
    if not sep:
        raise InvalidIdentifier(_KIND, raw, "expected 'platform:handle' or a profile link")
    platform = canonical_platform(name)
    if platform is None:
        known = ", ".join(sorted(set(PLATFORM_ALIASES.values())))
        raise InvalidIdentifier(_KIND, raw, f"unknown platform {name!r}; known: {known}")
    return platform, handle.strip()


def handle_from_link(text: str) -> tuple[str, str] | None:
    """(platform, raw handle) for a t.me / line.me / wa.me profile link, else None."""
    lowered = text.lower()
    if "." not in lowered or not any(host in lowered for host in _LINK_HOSTS):
        return None
    try:
        parts = urllib.parse.urlsplit(text if "//" in text else "//" + text)
        host = (parts.hostname or "").removeprefix("www.")
    except ValueError:  # an unclosed or bad [IPv6] host: no profile link
        return None
    platform = _LINK_HOSTS.get(host)
    if platform is None:
        return None
    if platform == "line":
        match = _LINE_PATH.match(parts.path)
    elif platform == "telegram":
        match = _TG_PATH.match(parts.path)
    elif host == "wa.me":
        match = re.match(r"^/\+?(\d+)/?$", parts.path)
    else:
        phone = urllib.parse.parse_qs(parts.query).get("phone", [""])[0]
        match = re.match(r"^\+?(\d+)$", phone)
    if match is None:
        return None
    return platform, ("+" + match.group(1) if platform == "whatsapp" else match.group(1))


def _build(raw: str, platform: str, handle: str, region: str | None) -> Identifier:
    """Validate ``handle`` for ``platform`` and build the identifier."""
    if platform == "whatsapp":
        digits = handle.replace(" ", "").replace("-", "")
        if not digits.startswith("+") and region is None:
            digits = "+" + digits  # WhatsApp shows numbers internationally, without '+'
        try:
            phone = normalize_phone(digits, region)
        except InvalidIdentifier as e:
            raise InvalidIdentifier(_KIND, raw, f"whatsapp handle: {e.reason}") from None
        return Identifier(_KIND, f"whatsapp:{phone.value}", valid=phone.valid,
                          details={"platform": platform, "phone": phone.value})
    name = handle.removeprefix("@").lower()
    if not _SYNTAX[platform].match(name):
        raise InvalidIdentifier(_KIND, raw, f"not a valid {platform} handle: {handle!r}")
    return Identifier(_KIND, f"{platform}:{name}", details={"platform": platform})
