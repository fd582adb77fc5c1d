"""Handles: platform aliases in Chinese, English and Thai; profile links; syntax rules."""

from __future__ import annotations

import pytest

from counterfraud.identifiers import InvalidIdentifier, normalize

HANDLES = [
    # (raw, region, value)
    ("telegram:@Crypto_King", None, "telegram:crypto_king"),
    ("tg:crypto_king", None, "telegram:crypto_king"),
    ("飞机:@crypto_king", None, "telegram:crypto_king"),
    ("纸飞机：crypto_king", None, "telegram:crypto_king"),
    ("https://t.me/Crypto_King", None, "telegram:crypto_king"),
    ("t.me/s/crypto_king", None, "telegram:crypto_king"),
    ("https://telegram.me/crypto_king/123", None, "telegram:crypto_king"),
    ("wechat:Kefu_888", None, "wechat:kefu_888"),
    ("微信:kefu_888", None, "wechat:kefu_888"),
    ("weixin:kefu_888", None, "wechat:kefu_888"),
    ("vx:kefu_888", None, "wechat:kefu_888"),
    ("V信:kefu_888", None, "wechat:kefu_888"),
    ("wx:kefu_888", None, "wechat:kefu_888"),
    ("qq:12345678", None, "qq:12345678"),
    ("QQ:10001", None, "qq:10001"),
    ("line:@Shop88", None, "line:shop88"),
    ("ไลน์:shop88", None, "line:shop88"),
    ("line.me/ti/p/~kefu.99", None, "line:kefu.99"),
    ("https://line.me/R/ti/p/@shop88", None, "line:shop88"),
    ("whatsapp:+66 81 234 5678", None, "whatsapp:+66812345678"),
    ("wa:66812345678", None, "whatsapp:+66812345678"),
    ("whatsapp:081-234-5678", "TH", "whatsapp:+66812345678"),
    ("wa.me/66812345678", "TH", "whatsapp:+66812345678"),
    ("https://api.whatsapp.com/send?phone=8613800138000", None, "whatsapp:+8613800138000"),
    ("ig:scam.shop", None, "instagram:scam.shop"),
]


@pytest.mark.parametrize(("raw", "region", "value"), HANDLES, ids=[r for r, _, _ in HANDLES])
def test_handle(raw: str, region: str | None, value: str) -> None:
    identifier = normalize("handle", raw, region)
    assert identifier.value == value
    assert identifier.details["platform"] == value.partition(":")[0]


HANDLE_REJECTS = [
    ("crypto_king", "platform:handle"),
    ("myspace:abc", "unknown platform"),
    ("telegram:abc", "not a valid telegram"),  # too short
    ("telegram:1abcdef", "not a valid telegram"),  # starts with a digit
    ("telegram:" + "a" * 33, "not a valid telegram"),
    ("qq:0123456", "not a valid qq"),
    ("qq:1234", "not a valid qq"),
    ("qq:123456789012", "not a valid qq"),
    ("wechat:abc", "not a valid wechat"),
    ("line:a b", "not a valid line"),
    ("whatsapp:12", "whatsapp handle"),
    ("https://t.me/+AbCdEfGh", "not a profile link"),  # invite link, not a username
]


@pytest.mark.parametrize(("raw", "reason"), HANDLE_REJECTS, ids=[r[:30] for r, _ in HANDLE_REJECTS])
def test_handle_rejects(raw: str, reason: str) -> None:
    with pytest.raises(InvalidIdentifier) as caught:
        normalize("handle", raw)
    assert reason in caught.value.reason


@pytest.mark.parametrize(("raw", "region"), [
    ("wa:0", "TH"), ("whatsapp:00", "CN"), ("wa.me/0", "TH"), ("[t.me/abcdef", None),
    ("t.me/[x", None),
], ids=["wa-0-TH", "wa-00-CN", "wa.me-0", "bracket-before-t.me", "bracket-in-path"])
def test_handle_rejects_broken_numbers_and_links(raw: str, region: str | None) -> None:
    with pytest.raises(InvalidIdentifier) as caught:
        normalize("handle", raw, region)
    assert caught.value.field == "handle"
