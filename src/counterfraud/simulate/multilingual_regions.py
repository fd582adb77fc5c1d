# ruff: noqa: E501  (value tables read better one region to a line)
"""Per-country values that fill the multilingual corpus templates.

A message is only as convincing as its details: a Vietnamese top-up in đồng from
MoMo, a Lao OTP from BCEL One, a Burmese phone number that starts with 09. Each
:class:`Region` holds what one country's messages name (banks, e-wallets, shops,
telecom operators, couriers, official hotlines, domains, amount ranges); the
languages that are read there draw from it. Everything here is plain data; the
formatting and drawing live in :mod:`counterfraud.simulate.multilingual_slots`.
Domains in scam links are made up (fictitious look-alikes), while legitimate
messages point at the kind of official domain a real sender uses.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LANG_REGIONS", "REGIONS", "Region"]


@dataclass(frozen=True, slots=True)
class Region:
    """What messages read in one country mention.

    ``fee``/``mid``/``big`` are amount ranges in the local currency for a small fee,
    an everyday sum and a large sum (loans, prizes, ransoms); ``currency`` names the
    formatter in :mod:`multilingual_slots`. ``look_alikes`` are the brand-like words
    scam domains borrow; ``official`` are the domains legitimate senders use.
    """

    code: str
    currency: str
    fee: tuple[int, int]
    mid: tuple[int, int]
    big: tuple[int, int]
    banks: tuple[str, ...]
    wallets: tuple[str, ...]
    brands: tuple[str, ...]
    telcos: tuple[str, ...]
    couriers: tuple[str, ...]
    hotlines: tuple[str, ...]
    short_codes: tuple[str, ...]
    airlines: tuple[str, ...]
    official: tuple[str, ...]
    look_alikes: tuple[str, ...]
    tld: str


REGIONS: dict[str, Region] = {
    "CN": Region(
        "CN", "CNY", (10, 300), (500, 50_000), (50_000, 800_000),
        banks=("工商银行", "建设银行", "农业银行", "中国银行", "招商银行", "交通银行", "邮储银行"),
        wallets=("支付宝", "微信支付", "云闪付"),
        brands=("淘宝", "京东", "拼多多", "抖音", "美团", "闲鱼"),
        telcos=("中国移动", "中国联通", "中国电信"),
        couriers=("顺丰速运", "中通快递", "圆通速递", "京东物流", "中国邮政EMS", "极兔速递"),
        hotlines=("96110", "110", "12381"),
        short_codes=("10086", "10010", "10000", "95588", "95533"),
        airlines=("CA", "MU", "CZ", "HO", "9C"),
        official=("www.icbc.com.cn", "www.sf-express.com", "m.jd.com", "www.12306.cn", "www.gov.cn"),
        look_alikes=("icbc-safe", "ccb-verify", "jd-tuikuan", "taobao-kefu", "sf-lipei", "etc-cn", "12123-gov", "yibao-cn"),
        tld="cn"),
    "TW": Region(
        "TW", "TWD", (30, 600), (1_000, 100_000), (200_000, 3_000_000),
        banks=("中國信託", "國泰世華", "台新銀行", "玉山銀行", "臺灣銀行", "郵局", "第一銀行"),
        wallets=("LINE Pay", "街口支付", "全支付", "悠遊付"),
        brands=("蝦皮購物", "momo購物網", "PChome", "7-11", "全家", "露天拍賣"),
        telcos=("中華電信", "台灣大哥大", "遠傳電信"),
        couriers=("黑貓宅急便", "中華郵政", "新竹物流", "7-11交貨便", "蝦皮店到店"),
        hotlines=("165", "110"),
        short_codes=("800", "123", "188", "1966"),
        airlines=("CI", "BR", "JX", "IT"),
        official=("www.post.gov.tw", "shopee.tw", "www.cht.com.tw", "www.nhi.gov.tw", "165.npa.gov.tw"),
        look_alikes=("shopee-tw", "ctbc-safe", "post-gov-tw", "etag-pay", "nhi-tw", "mvdis-gov", "line-tw"),
        tld="com.tw"),
    "HK": Region(
        "HK", "HKD", (20, 400), (500, 60_000), (80_000, 1_500_000),
        banks=("滙豐", "中銀香港", "恒生銀行", "渣打銀行"),
        wallets=("八達通", "PayMe", "AlipayHK", "WeChat Pay HK"),
        brands=("HKTVmall", "百佳", "惠康", "豐澤"),
        telcos=("CSL", "3香港", "中國移動香港", "SmarTone"),
        couriers=("順豐速運", "香港郵政", "嘉里物流"),
        hotlines=("18222", "999"),
        short_codes=("1000", "1833", "2888"),
        airlines=("CX", "UO", "HX"),
        official=("www.hongkongpost.hk", "www.adcc.gov.hk", "www.hktvmall.com", "www.gov.hk"),
        look_alikes=("hkpost-hk", "hsbc-hk-verify", "octopus-refund", "payme-hk", "tolls-hk"),
        tld="com.hk"),
    "MO": Region(
        "MO", "MOP", (20, 400), (500, 50_000), (80_000, 1_000_000),
        banks=("大西洋銀行", "中國銀行澳門分行", "澳門商業銀行", "工銀澳門"),
        wallets=("MPay", "澳門通", "BOC Pay"),
        brands=("澳門通", "OK便利店", "7-11", "Aomi"),
        telcos=("CTM澳門電訊", "3澳門", "數碼通"),
        couriers=("澳門郵電", "順豐速運"),
        hotlines=("88007777", "110"),
        short_codes=("1000", "1118"),
        airlines=("NX",),
        official=("www.macaupost.gov.mo", "www.pj.gov.mo", "www.ctm.net"),
        look_alikes=("macaupass-mo", "ctm-mo", "bnu-verify", "mpay-refund"),
        tld="com.mo"),
    "TH": Region(
        "TH", "THB", (20, 500), (500, 50_000), (50_000, 1_000_000),
        banks=("กสิกรไทย", "ไทยพาณิชย์", "ธ.กรุงเทพ", "กรุงไทย", "ออมสิน", "กรุงศรี", "KBank", "SCB", "ttb"),
        wallets=("TrueMoney", "ทรูมันนี่ วอลเล็ท", "เป๋าตัง", "ShopeePay", "Rabbit LINE Pay"),
        brands=("Shopee", "Lazada", "7-Eleven", "LINE MAN", "Grab", "Big C", "Lotus's"),
        telcos=("AIS", "TRUE", "dtac", "NT"),
        couriers=("Flash Express", "KEX", "ไปรษณีย์ไทย", "J&T Express", "SPX Express"),
        hotlines=("1441", "1599", "191"),
        short_codes=("*137", "*121#", "1175", "*500#", "9900"),
        airlines=("TG", "FD", "SL", "DD", "VZ", "PG"),
        official=("www.kasikornbank.com", "www.scb.co.th", "track.thailandpost.co.th", "shopee.co.th", "www.thaipoliceonline.go.th"),
        look_alikes=("kbank-th", "scb-easy", "thpost-th", "shopee-th", "truemoney-th", "pea-th", "dsi-go", "ktb-netbank"),
        tld="co.th"),
    "LA": Region(
        "LA", "LAK", (10_000, 100_000), (200_000, 20_000_000), (20_000_000, 500_000_000),
        banks=("BCEL", "ທະນາຄານພັດທະນາລາວ", "LDB", "JDB Bank", "ທະນາຄານ ລາວ-ຫວຽດ", "ACLEDA Bank Lao"),
        wallets=("BCEL One", "M-Money", "U-Money", "JDB Yes"),
        brands=("LOCA", "foodpanda", "Vientiane Center", "ITECC", "Joma"),
        telcos=("Unitel", "ລາວໂທລະຄົມ", "ETL", "Best"),
        couriers=("Anousith Express", "HAL Express", "ໄປສະນີລາວ", "Mixay Express"),
        hotlines=("1191", "191"),
        short_codes=("*121#", "*101#", "1555", "*345#"),
        airlines=("QV", "FD", "VN"),
        official=("www.bcel.com.la", "www.laotel.com", "www.unitel.com.la", "www.mps.gov.la"),
        look_alikes=("bcel-one", "bcelone-la", "mmoney-la", "unitel-gift", "laotel-la", "ldb-la"),
        tld="la"),
    "MM": Region(
        "MM", "MMK", (1_000, 20_000), (50_000, 2_000_000), (2_000_000, 50_000_000),
        banks=("KBZ Bank", "CB Bank", "AYA Bank", "ကမ္ဘောဇဘဏ်", "Yoma Bank", "AGD Bank"),
        wallets=("KBZPay", "Wave Money", "AYA Pay", "CB Pay", "OnePay"),
        brands=("City Mart", "Ocean", "Shop.com.mm", "foodpanda", "Grab"),
        telcos=("MPT", "ATOM", "Mytel"),
        couriers=("Royal Express", "Ninja Van", "မြန်မာ့စာတိုက်", "Bee Express"),
        hotlines=("199", "191"),
        short_codes=("*124#", "*106#", "1331", "*997#"),
        airlines=("8M", "UB", "K7"),
        official=("www.kbzbank.com", "www.wavemoney.com.mm", "www.mpt.com.mm", "www.cbbank.com.mm"),
        look_alikes=("kbzpay-mm", "wave-money", "mpt-gift", "aya-verify", "kbz-bonus", "atom-mm"),
        tld="com.mm"),
    "KH": Region(
        "KH", "KHR", (4_000, 40_000), (40_000, 4_000_000), (4_000_000, 200_000_000),
        banks=("ABA", "ACLEDA", "Wing Bank", "Canadia Bank", "ធនាគារ ABA", "ធនាគារ អេស៊ីលីដា"),
        wallets=("ABA Mobile", "Wing", "TrueMoney", "Pi Pay", "ACLEDA mobile"),
        brands=("Nham24", "foodpanda", "AEON", "Lucky Supermarket", "PassApp", "Grab"),
        telcos=("Smart", "Cellcard", "Metfone"),
        couriers=("J&T Express", "VET Express", "Virak Buntham", "ប្រៃសណីយ៍កម្ពុជា"),
        hotlines=("117", "1280"),
        short_codes=("*888#", "*100#", "1303", "*131#"),
        airlines=("K6", "KR", "PG"),
        official=("www.ababank.com", "www.acledabank.com.kh", "www.smart.com.kh", "www.wingbank.com.kh"),
        look_alikes=("aba-kh", "ababank-verify", "wing-gift", "acleda-kh", "smart-bonus", "cellcard-kh"),
        tld="com.kh"),
    "VN": Region(
        "VN", "VND", (10_000, 200_000), (300_000, 50_000_000), (50_000_000, 2_000_000_000),
        banks=("Vietcombank", "Techcombank", "BIDV", "VietinBank", "MB Bank", "ACB", "Agribank", "TPBank"),
        wallets=("MoMo", "ZaloPay", "ViettelPay", "VNPay", "ShopeePay"),
        brands=("Shopee", "Lazada", "Tiki", "Thế Giới Di Động", "Bách Hóa Xanh", "Grab", "Be"),
        telcos=("Viettel", "VinaPhone", "MobiFone"),
        couriers=("Giao Hàng Nhanh", "Giao Hàng Tiết Kiệm", "Viettel Post", "VNPost", "SPX Express", "J&T Express"),
        hotlines=("113", "156"),
        short_codes=("191", "9123", "999", "1414", "*101#"),
        airlines=("VN", "VJ", "QH", "VU"),
        official=("vietcombank.com.vn", "chongluadao.vn", "shopee.vn", "dichvucong.gov.vn", "vietteltelecom.vn"),
        look_alikes=("vcb-digibank", "momo-hoantien", "evn-hoantien", "dichvucong-gov", "shopee-vn", "vneid-capnhat", "tpbank-vn"),
        tld="vn"),
    "ID": Region(
        "ID", "IDR", (10_000, 250_000), (200_000, 20_000_000), (20_000_000, 1_000_000_000),
        banks=("BCA", "Bank Mandiri", "BRI", "BNI", "BSI", "CIMB Niaga"),
        wallets=("Dana", "OVO", "GoPay", "ShopeePay", "LinkAja"),
        brands=("Tokopedia", "Shopee", "Lazada", "Alfamart", "Indomaret", "Gojek", "Blibli"),
        telcos=("Telkomsel", "Indosat", "XL", "Tri", "Smartfren"),
        couriers=("JNE", "J&T Express", "SiCepat", "Pos Indonesia", "AnterAja", "SPX Express"),
        hotlines=("110", "157"),
        short_codes=("*888#", "*363#", "*123#", "3636"),
        airlines=("GA", "JT", "QZ", "ID", "QG"),
        official=("www.bca.co.id", "aduannomor.id", "www.tokopedia.com", "cekrekening.id", "www.posindonesia.co.id"),
        look_alikes=("bca-mobile", "bri-id", "dana-kaget", "ovo-hadiah", "jne-resi", "bansos-kemensos", "mandiri-livin"),
        tld="co.id"),
    "MY": Region(
        "MY", "MYR", (5, 150), (100, 12_000), (12_000, 300_000),
        banks=("Maybank", "CIMB", "Public Bank", "RHB", "Bank Islam", "Hong Leong Bank", "AmBank"),
        wallets=("Touch 'n Go eWallet", "Boost", "GrabPay", "ShopeePay", "MAE"),
        brands=("Shopee", "Lazada", "Grab", "Mr. DIY", "AEON", "99 Speedmart", "foodpanda"),
        telcos=("Maxis", "CelcomDigi", "U Mobile", "Unifi", "Hotlink"),
        couriers=("Pos Laju", "J&T Express", "Ninja Van", "City-Link", "DHL eCommerce"),
        hotlines=("997", "999"),
        short_codes=("*100#", "*118#", "28882", "*128#"),
        airlines=("MH", "AK", "OD", "FY"),
        official=("www.maybank2u.com.my", "semakmule.rmp.gov.my", "www.pos.com.my", "www.tngdigital.com.my", "shopee.com.my"),
        look_alikes=("maybank2u-my", "tng-ewallet", "poslaju-my", "lhdn-refund", "cimb-clicks", "bsh-gov", "mysejahtera"),
        tld="com.my"),
    "SG": Region(
        "SG", "SGD", (5, 150), (100, 12_000), (12_000, 300_000),
        banks=("DBS", "OCBC", "UOB", "POSB", "Standard Chartered"),
        wallets=("PayLah!", "PayNow", "GrabPay", "ShopeePay"),
        brands=("Shopee", "Lazada", "FairPrice", "Grab", "foodpanda", "Qoo10"),
        telcos=("Singtel", "StarHub", "M1", "SIMBA"),
        couriers=("SingPost", "Ninja Van", "Qxpress", "J&T Express"),
        hotlines=("1799", "1800-722-6688", "999"),
        short_codes=("72555", "*100#", "1688"),
        airlines=("SQ", "TR", "3K"),
        official=("www.scamshield.gov.sg", "www.singpost.com", "www.dbs.com.sg", "www.ica.gov.sg"),
        look_alikes=("singpost-sg", "dbs-paylah", "ocbc-secure", "iras-refund", "lta-fines", "ica-sg"),
        tld="com.sg"),
    "PH": Region(
        "PH", "PHP", (50, 1_500), (1_000, 100_000), (100_000, 5_000_000),
        banks=("BDO", "BPI", "Metrobank", "Landbank", "UnionBank", "Security Bank"),
        wallets=("GCash", "Maya", "GrabPay", "ShopeePay"),
        brands=("Shopee", "Lazada", "Jollibee", "SM Supermarket", "Grab", "foodpanda"),
        telcos=("Globe", "Smart", "DITO", "TNT"),
        couriers=("LBC", "J&T Express", "Flash Express", "PHLPost", "Ninja Van"),
        hotlines=("1326", "911"),
        short_codes=("8080", "*143#", "2686", "4438"),
        airlines=("PR", "5J", "Z2", "DG"),
        official=("www.gcash.com", "cicc.gov.ph", "www.bdo.com.ph", "www.lbcexpress.com"),
        look_alikes=("gcash-ph", "bdo-online", "lbc-ph", "maya-verify", "sss-ph", "lto-ph", "bpi-secure"),
        tld="com.ph"),
}

# Which countries a language's messages come from, with weights (one draw per message).
LANG_REGIONS: dict[str, tuple[tuple[str, int], ...]] = {
    "zh-Hans": (("CN", 1),),
    "zh-Hant": (("TW", 6), ("HK", 3), ("MO", 1)),
    "th": (("TH", 1),),
    "lo": (("LA", 1),),
    "my": (("MM", 1),),
    "km": (("KH", 1),),
    "vi": (("VN", 1),),
    "id": (("ID", 1),),
    "ms": (("MY", 1),),
    "en": (("SG", 3), ("MY", 2), ("PH", 3), ("TH", 2)),
}
