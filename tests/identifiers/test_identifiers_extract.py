"""extract: identifiers in free text (zh/en/th), obfuscations, spans, negatives."""

from __future__ import annotations

from collections import Counter

import pytest

from counterfraud.errors import InvalidInput
from counterfraud.identifiers import Extracted, extract


def found(text: str, region: str | None = None) -> set[tuple[str, str, str]]:
    """(kind, value, raw) of everything extracted, checking every span on the way."""
    results = extract(text, region)
    for item in results:
        assert item.raw == text[item.start:item.end]
    return {(e.identifier.kind.value, e.identifier.value, e.raw) for e in results}


POSITIVE = [
    # (id, text, region, expected (kind, value, raw))
    ("url-and-domain", "点击 https://Evil-Invest.com/Login?id=5 领取", None,
     {("url", "https://evil-invest.com/Login?id=5", "https://Evil-Invest.com/Login?id=5"),
      ("domain", "evil-invest.com", "Evil-Invest.com")}),
    ("url-www-host-span", "visit http://www.abc.co.th/x.", None,
     {("url", "http://www.abc.co.th/x", "http://www.abc.co.th/x"),
      ("domain", "abc.co.th", "www.abc.co.th")}),
    ("url-in-parens", "(see https://a.b.co.uk/x).", None,
     {("url", "https://a.b.co.uk/x", "https://a.b.co.uk/x"),
      ("domain", "b.co.uk", "a.b.co.uk")}),
    ("url-ip-host", "go to http://45.33.2.1:8080/admin now", None,
     {("url", "http://45.33.2.1:8080/admin", "http://45.33.2.1:8080/admin"),
      ("ip", "45.33.2.1", "45.33.2.1")}),
    ("bare-domain", "Invest at example-invest.com today", None,
     {("domain", "example-invest.com", "example-invest.com")}),
    ("bare-www", "网站www.abc.xyz谢谢", None, {("domain", "abc.xyz", "www.abc.xyz")}),
    ("bare-with-path", "登录 abc-invest.com/login 即可", None,
     {("url", "http://abc-invest.com/login", "abc-invest.com/login"),
      ("domain", "abc-invest.com", "abc-invest.com")}),
    ("psl-private", "my blog foo.blogspot.com", None,
     {("domain", "foo.blogspot.com", "foo.blogspot.com")}),
    ("idn-url", "https://例子.中国/x", None,
     {("url", "https://xn--fsqu00a.xn--fiqs8s/x", "https://例子.中国/x"),
      ("domain", "xn--fsqu00a.xn--fiqs8s", "例子.中国")}),
    ("idn-url-glued", "访问https://例子.中国谢谢", None,
     {("url", "https://xn--fsqu00a.xn--fiqs8s/", "https://例子.中国"),
      ("domain", "xn--fsqu00a.xn--fiqs8s", "例子.中国")}),
    ("homograph", "login at аpple.com now", None,
     {("domain", "xn--pple-43d.com", "аpple.com")}),
    ("email", "write to Kefu.01@Example.co.th.", None,
     {("email", "kefu.01@example.co.th", "Kefu.01@Example.co.th")}),
    ("ipv4-cidr-ipv6", "from 203.0.113.9 in 10.0.0.0/8 or 2001:db8::1", None,
     {("ip", "203.0.113.9", "203.0.113.9"), ("cidr", "10.0.0.0/8", "10.0.0.0/8"),
      ("ip", "2001:db8::1", "2001:db8::1")}),
    ("eth", "USDT到0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed提现", None,
     {("crypto_wallet", "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
       "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")}),
    ("btc-tron", "BTC 3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy TRC20 TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
     None, {("crypto_wallet", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
             "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"),
            ("crypto_wallet", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
             "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t")}),
    ("bech32", "send to bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq.", None,
     {("crypto_wallet", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
       "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq")}),
    ("iban", "IBAN DE89 3704 0044 0532 0130 00, thanks", None,
     {("bank_account", "DE89370400440532013000", "DE89 3704 0044 0532 0130 00")}),
    ("card-luhn-no-context", "pay 4111 1111 1111 1111 now", None,
     {("bank_account", "4111111111111111", "4111 1111 1111 1111")}),
    ("account-zh", "请转账到账号：6222 0212 3456 7890 123", None,
     {("bank_account", "6222021234567890123", "6222 0212 3456 7890 123")}),
    ("account-zh-bank", "工商银行 6222021234567890124 张三", None,
     {("bank_account", "6222021234567890124", "6222021234567890124")}),
    ("account-th", "โอนเข้าบัญชี 123-4-56789-0 ธนาคารกสิกร", None,
     {("bank_account", "1234567890", "123-4-56789-0")}),
    ("account-th-full", "เลขที่บัญชี 9876543210", None,
     {("bank_account", "9876543210", "9876543210")}),
    ("account-en", "acct no. 0012345678901", None,
     {("bank_account", "0012345678901", "0012345678901")}),
    ("phone-cn-spaces", "电话 138 0013 8000", "CN",
     {("phone", "+8613800138000", "138 0013 8000")}),
    ("phone-cn-glued", "致电13800138000咨询", "CN",
     {("phone", "+8613800138000", "13800138000")}),
    ("phone-intl-dashes", "call +66-81-234-5678.", None,
     {("phone", "+66812345678", "+66-81-234-5678")}),
    ("phone-th-national", "โทร 081-234-5678 ด่วน", "TH",
     {("phone", "+66812345678", "081-234-5678")}),
    ("phone-two-in-a-row", "call 081 234 5678 02 123 4567", "TH",
     {("phone", "+66812345678", "081 234 5678"), ("phone", "+6621234567", "02 123 4567")}),
    ("phone-colon", "Tel:0812345678", "TH", {("phone", "+66812345678", "0812345678")}),
    ("phone-la", "ໂທ 020 23 123 456", "LA", {("phone", "+8562023123456", "020 23 123 456")}),
    ("phone-sg-no-trunk-prefix", "call 6123 4500", "SG", {("phone", "+6561234500", "6123 4500")}),
]


@pytest.mark.parametrize(("text", "region", "expected"), [p[1:] for p in POSITIVE],
                         ids=[p[0] for p in POSITIVE])
def test_extracts(text: str, region: str | None, expected: set[tuple[str, str, str]]) -> None:
    assert found(text, region) == expected


OBFUSCATED = [
    ("hxxp", "hxxp://evil.com/a", {("url", "http://evil.com/a"), ("domain", "evil.com")}),
    ("hxxps", "hXXps://evil.com/a", {("url", "https://evil.com/a"), ("domain", "evil.com")}),
    ("bracket-dot", "evil[.]com", {("domain", "evil.com")}),
    ("paren-dot", "evil(.)com", {("domain", "evil.com")}),
    ("word-dot-paren", "evil(dot)com", {("domain", "evil.com")}),
    ("word-dot-bracket", "evil[dot]com", {("domain", "evil.com")}),
    ("spaced-dot", "go to evil dot com", {("domain", "evil.com")}),
    ("spaced-bracket", "evil [.] com", {("domain", "evil.com")}),
    ("bracket-colon", "hxxps[:]//evil[.]com/x",
     {("url", "https://evil.com/x"), ("domain", "evil.com")}),
    ("full-width-domain", "ｗｗｗ．ｅｘａｍｐｌｅ．ｃｏｍ", {("domain", "example.com")}),
    ("ideographic-stop", "访问example。com", {("domain", "example.com")}),
    ("full-width-digits", "电话：１３８００１３８０００", {("phone", "+8613800138000")}),
    ("zero-width-phone", "13\u200b8001\u200c3800\u200d0", {("phone", "+8613800138000")}),
    ("zero-width-domain", "evil\u2060.co\ufeffm", {("domain", "evil.com")}),
    ("email-at", "kefu[at]evil[.]com", {("email", "kefu@evil.com")}),
    ("full-width-email", "ｋｅｆｕ＠ｅｖｉｌ．ｃｏｍ", {("email", "kefu@evil.com")}),
]


@pytest.mark.parametrize(("text", "expected"), [o[1:] for o in OBFUSCATED],
                         ids=[o[0] for o in OBFUSCATED])
def test_sees_through_obfuscation(text: str, expected: set[tuple[str, str]]) -> None:
    assert {(k, v) for k, v, _ in found(text, "CN")} == expected


def test_obfuscated_span_covers_the_original_text() -> None:
    text = "点 hxxps://evil[.]com/x 领"
    [url, domain] = [e for e in extract(text) if e.identifier.kind.value in ("url", "domain")]
    assert url.raw == "hxxps://evil[.]com/x"
    assert domain.raw == "evil[.]com"
    zero = "a 13\u200b8001\u200b38000 b"
    [phone] = extract(zero, "CN")
    assert phone.raw == "13\u200b8001\u200b38000"


HANDLES = [
    ("wechat-zh", "加微信 abc123456 咨询", "wechat:abc123456"),
    ("wechat-glued", "加微信abc123456谢谢", "wechat:abc123456"),
    ("wechat-vxin", "V信：kefu_888", "wechat:kefu_888"),
    ("wechat-vx", "加vx: kefu_888", "wechat:kefu_888"),
    ("wechat-weixin-hao", "微信号：Kefu_888", "wechat:kefu_888"),
    ("wechat-homophone", "威信 kefu_888", "wechat:kefu_888"),
    ("wechat-en", "add my WeChat id: kefu_888", "wechat:kefu_888"),
    ("qq", "客服QQ 12345678", "qq:12345678"),
    ("qq-group", "QQ群：987654321", "qq:987654321"),
    ("telegram-en", "add me on telegram @crypto_king", "telegram:crypto_king"),
    ("telegram-plane", "联系飞机 @crypto_king", "telegram:crypto_king"),
    ("telegram-paper-plane", "纸飞机：crypto_king", "telegram:crypto_king"),
    ("telegram-tg", "TG: @Crypto_King", "telegram:crypto_king"),
    ("telegram-link", "https://t.me/crypto_king", "telegram:crypto_king"),
    ("telegram-bare-link", "join t.me/crypto_king", "telegram:crypto_king"),
    ("line-thai-add", "แอดไลน์ @shop88", "line:shop88"),
    ("line-thai", "ไลน์ไอดี shop88 นะคะ", "line:shop88"),
    ("line-id-en", "line id: xyz", "line:xyz"),
    ("line-upper", "LINE shop_88", "line:shop_88"),
    ("line-at", "line @shop88.", "line:shop88"),
    ("line-link", "line.me/ti/p/~kefu99", "line:kefu99"),
    ("whatsapp", "WhatsApp +66 81 234 5678", "whatsapp:+66812345678"),
    ("whatsapp-link", "wa.me/66812345678", "whatsapp:+66812345678"),
    ("whatsapp-thai", "วอทส์แอพ 0812345678", "whatsapp:+66812345678"),
]


@pytest.mark.parametrize(("text", "value"), [h[1:] for h in HANDLES], ids=[h[0] for h in HANDLES])
def test_handles_from_context(text: str, value: str) -> None:
    handles = {v for k, v, _ in found(text, "TH") if k == "handle"}
    assert handles == {value}


NEGATIVE = [
    ("otp-zh", "验证码 123456，5分钟内有效"),
    ("otp-en", "Your OTP 482913 expires soon"),
    ("otp-th", "รหัส OTP คือ 123456"),
    ("otp-code-long", "verification code: 0812345678"),
    ("order-zh", "订单号 2024050112345678 已发货"),
    ("order-en", "Order 4111111111111111 shipped"),
    ("tracking-th", "พัสดุ TH123456789TH ถึงแล้ว"),
    ("tracking-sf", "运单 SF1234567890123"),
    ("tracking-bare", "SF1234567890123 and TH123456789TH"),
    ("amount-baht", "โอน 50,000 baht แล้ว"),
    ("amount-yuan", "转账¥12,000.00给你"),
    ("amount-dollar", "only $1,500 left"),
    ("amount-big-yuan", "转账 100000000元"),
    ("amount-decimal", "balance 12345678.90"),
    ("date-iso", "on 2024-05-01 we met"),
    ("date-dmy-dash", "on 01-05-2024 we met"),
    ("date-slash-time", "at 01/05/2024 14:30 sharp"),
    ("date-dots", "am 01.05.2024 um 14:30:00"),
    ("abbreviations", "e.g. the U.S. and i.e. etc. Inc. No.5"),
    ("file-names", "see report.pdf and photo.jpg and setup.exe"),
    ("missing-space", "It was done.Today we start"),
    ("version", "upgrade to v1.2.3.4 now"),
    ("english-line", "stay on the line between us"),
    ("english-words", "I want to go online with my tg-style wallet"),
    ("wechat-no-handle", "微信转账5000元"),
    ("short-code", "拨打96110咨询"),
    ("bad-eth-checksum", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"),
    ("bad-btc-checksum", "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3"),
    ("bad-iban", "DE89 3704 0044 0532 0130 01"),
    ("card-bad-luhn", "4111 1111 1111 1112"),
    ("time-list", "14:30 15:45 16:00"),
    ("mac-address", "00:1a:2b:3c:4d:5e"),
]


@pytest.mark.parametrize("text", [n[1] for n in NEGATIVE], ids=[n[0] for n in NEGATIVE])
@pytest.mark.parametrize("region", [None, "TH", "CN", "HK"])
def test_finds_nothing(text: str, region: str | None) -> None:
    assert extract(text, region) == []


def test_national_numbers_need_the_region() -> None:
    assert extract("call 0812345678") == []
    assert extract("call 0812345678", "CN") == []
    assert [e.identifier.value for e in extract("call 0812345678", "TH")] == ["+66812345678"]
    assert [e.identifier.value for e in extract("call 0066812345678")] == ["+66812345678"]


def test_sorted_deduplicated_and_typed() -> None:
    text = "call +66812345678 or +66812345678; WhatsApp +66812345678"
    results = extract(text)
    assert all(isinstance(e, Extracted) for e in results)
    assert [e.start for e in results] == sorted(e.start for e in results)
    keys = [(e.identifier.kind, e.identifier.value, e.start) for e in results]
    assert len(keys) == len(set(keys))
    assert [e.identifier.kind.value for e in results] == ["phone", "phone", "handle", "phone"]


def test_as_dict_has_span() -> None:
    [item] = extract("mail a@example.com")
    assert item.as_dict() == {"kind": "email", "value": "a@example.com", "valid": True,
                              "details": {"domain": "example.com"}, "start": 5, "end": 18,
                              "raw": "a@example.com"}


def test_empty_and_unknown_region() -> None:
    assert extract("") == []
    assert extract("   ") == []
    with pytest.raises(InvalidInput):
        extract("x", "ZZ")


def test_mixed_message() -> None:
    text = ("【中奖】恭喜！请访问 hxxps://lucky-draw[.]top/get 领取，"
            "或加V信：lucky_888，电话 +86 138 0013 8000，"
            "USDT 转到 TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t。验证码 123456。")
    kinds = sorted(e.identifier.kind.value for e in extract(text, "CN"))
    assert kinds == ["crypto_wallet", "domain", "handle", "phone", "url"]


#: Inputs that once made a regex backtrack, with what they hold (kind, value) -> count.
#: Their time is measured by benchmarks/identifiers.py, never asserted here.
PATHOLOGICAL: dict[str, tuple[str, dict[tuple[str, str], int]]] = {
    "dots": ("a." * 20000, {}), "digit-dots": ("1." * 20000, {}),
    "spaced-digits": ("1 " * 20000 + "x", {}),
    "emails": ("x@ex.com " * 3000, {("email", "x@ex.com"): 3000}),
    "urls": ("http://a.com/x " * 3000, {("domain", "a.com"): 3000,
                                        ("url", "http://a.com/x"): 3000}),
    "colons": ("a:" * 20000, {}), "brackets": ("[.]" * 15000, {}),
    "long-url": ("http://" + "a" * 40000, {}),
}


@pytest.mark.parametrize(("text", "expected"), PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_large_inputs_are_read_whole(text: str, expected: dict[tuple[str, str], int]) -> None:
    found = Counter((e.identifier.kind.value, e.identifier.value) for e in extract(text, "TH"))
    assert dict(found) == expected
