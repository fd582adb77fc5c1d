# ruff: noqa: E501  (template sentences read better unbroken)
"""Victim-report narratives in each agency's language.

Chinese for CN-MPS, Thai for TH-CCIB, English with Lao or Burmese words for LA-MPS and
MM-MPF. A narrative is an opening that fits the scam type, optional identifier
mentions (already spelled, possibly obfuscated, by the row builder), and optional
hub noise: an official hotline or a big legitimate brand. Templates are plain
``str.format`` strings so a million rows stay fast.
"""

from __future__ import annotations

import random

__all__ = ["LANG_BY_COUNTRY", "narrative"]

LANG_BY_COUNTRY = {"CN": "zh", "TH": "th", "LA": "lo", "MM": "my"}

_OPEN: dict[str, dict[str, tuple[str, ...]]] = {
    "zh": {
        "investment": ("受害人在社交平台结识自称投资导师的网友，被拉入炒币群，在虚假平台充值{money}后无法提现。",
                       "受害人被“老师”带单炒股，下载所谓交易APP后多次转账共计{money}，平台显示盈利却不能出金。"),
        "romance": ("受害人在交友软件认识一名“海外高管”，确立恋爱关系后被诱导投资，累计转账{money}。",
                    "网恋对象以见面需要路费、清关费为由，先后向受害人索要{money}。"),
        "impersonation": ("受害人接到自称公安局民警的电话，称其涉嫌洗钱，需将资金转入“安全账户”，被骗{money}。",
                          "对方冒充检察院工作人员发送“通缉令”，要求受害人配合资金核查，转账{money}。"),
        "customer_service": ("受害人接到自称{brand}客服的电话，称其订单异常需办理退款，按指示操作后被转走{money}。",
                             "对方冒充快递客服称包裹丢失可理赔，诱导受害人开启屏幕共享，损失{money}。"),
        "task_job": ("受害人在网上看到点赞刷单兼职广告，前几单返利后被要求垫付大额任务，损失{money}。",
                     "受害人参与“做任务赚佣金”，被拉进群后连续充值{money}，对方称任务未完成无法提现。"),
        "loan": ("受害人在网贷APP申请贷款，对方以流水不足、解冻费为由要求先转账，共被骗{money}。",
                 "对方自称贷款平台客服，称受害人填错银行卡被冻结，需缴纳保证金{money}。"),
        "shopping": ("受害人在二手平台购买低价手机，对方要求私下交易，付款{money}后被拉黑。",
                     "受害人在虚假购物网站下单，付款{money}后未收到货物，网站无法打开。"),
        "prize": ("受害人收到中奖短信，称获得大奖需先缴纳手续费和税费，先后转账{money}。",),
        "sextortion": ("受害人与网友裸聊后被对方以录像相威胁，要求转账{money}，否则发给通讯录好友。",),
        "gambling": ("受害人被拉入博彩群，在网络赌博平台充值{money}，先小赢后大输，提现被拒。",
                     "受害人在境外赌博网站下注，平台以“流水不足”为由冻结账户，损失{money}。"),
        "kidnapping_ransom": ("受害人家属报称，其亲属被高薪招聘骗至{base}，现被非法拘禁，对方索要赎金{money}。",
                              "家属收到视频，亲属在{base}园区被殴打，对方要求支付{money}“赔偿金”才放人。"),
        "job_lure": ("受害人被网上“高薪客服”招聘吸引，对方承诺包机票，经泰国偷渡至{base}后被控制。",
                     "受害人报称被熟人介绍出国打工，到达{base}后护照被收走，被迫从事电诈。"),
        "other": ("受害人报称被网友以各种理由骗取{money}，具体情况不详。",),
    },
    "th": {
        "investment": ("ผู้เสียหายถูกชักชวนให้ลงทุนเทรดคริปโต โอนเงินรวม {money} แล้วถอนเงินไม่ได้",
                       "ผู้เสียหายถูกดึงเข้ากลุ่มลงทุนหุ้น ได้กำไรในระบบแต่ถอนไม่ได้ เสียหาย {money}"),
        "romance": ("ผู้เสียหายรู้จักคนร้ายผ่านแอปหาคู่ หลอกให้รักแล้วให้โอนเงินลงทุน {money}",
                    "แฟนออนไลน์อ้างว่าส่งพัสดุของขวัญมา ต้องจ่ายค่าภาษี {money}"),
        "impersonation": ("คนร้ายโทรอ้างเป็นเจ้าหน้าที่ตำรวจ แจ้งว่าบัญชีพัวพันการฟอกเงิน ให้โอนเงินตรวจสอบ {money}",
                          "คนร้ายแอบอ้างเป็นเจ้าหน้าที่ DSI ส่งหมายจับปลอม ผู้เสียหายโอนเงิน {money}"),
        "customer_service": ("คนร้ายอ้างเป็นพนักงาน {brand} แจ้งคืนเงินสินค้า ให้กดลิงก์แล้วเงินถูกโอนออก {money}",
                             "คนร้ายโทรอ้างเป็นการไฟฟ้า ให้แอดไลน์และติดตั้งแอป ผู้เสียหายเสียเงิน {money}"),
        "task_job": ("ผู้เสียหายสมัครงานออนไลน์กดไลก์รับค่าคอม ช่วงแรกได้เงินจริง ต่อมาต้องโอนเติมงาน {money}",),
        "loan": ("ผู้เสียหายกู้เงินออนไลน์ คนร้ายให้โอนค่าธรรมเนียมก่อนอนุมัติ รวม {money}",),
        "shopping": ("ผู้เสียหายสั่งซื้อสินค้าราคาถูกทางเพจ โอนเงิน {money} แล้วไม่ได้รับของ",),
        "prize": ("ผู้เสียหายได้รับ SMS แจ้งได้รับรางวัล ต้องโอนค่าภาษีก่อน {money}",),
        "sextortion": ("ผู้เสียหายถูกบันทึกภาพขณะวิดีโอคอล แล้วถูกข่มขู่ให้โอนเงิน {money}",),
        "gambling": ("ผู้เสียหายเล่นพนันออนไลน์ เว็บไม่ยอมให้ถอนเงิน เสียหาย {money}",
                     "ผู้เสียหายถูกชวนเล่นบาคาร่าออนไลน์ ฝากเงินรวม {money} ถอนไม่ได้"),
        "kidnapping_ransom": ("ญาติแจ้งว่าผู้เสียหายถูกหลอกไปทำงานที่ {base} ถูกกักขังและเรียกค่าไถ่ {money}",),
        "job_lure": ("ผู้เสียหายถูกชักชวนไปทำงานแอดมินเงินเดือนสูงที่ {base} ถูกยึดพาสปอร์ตและบังคับให้หลอกลวง",),
        "other": ("ผู้เสียหายถูกหลอกลวงทางออนไลน์ เสียหาย {money}",),
    },
    "en": {
        "investment": ("Victim met an 'investment mentor' online and was added to a crypto group; deposited {money} on a trading site and cannot withdraw.",
                       "Victim was told to buy USDT and 'trade' on a platform showing big profits; lost {money}."),
        "romance": ("Victim met a foreign 'businessman' on a dating app; after weeks of chat was asked to invest, lost {money}.",
                    "Online partner asked for money for travel and customs fees, total {money}."),
        "impersonation": ("Caller claimed to be police and said victim's account was used for money laundering; victim transferred {money}.",),
        "customer_service": ("Caller said he was from {brand} customer service and offered a refund; victim installed an app and lost {money}.",),
        "task_job": ("Victim joined an online 'like and earn' task job, paid in advance for tasks, lost {money}.",),
        "loan": ("Victim applied for an online loan and was asked to pay 'unlock fees' first, lost {money}.",),
        "shopping": ("Victim ordered goods from a cheap online shop, paid {money}, nothing delivered.",),
        "prize": ("Victim received a message saying he won a prize and paid 'tax' of {money}.",),
        "sextortion": ("Victim was recorded during a video call and blackmailed, paid {money}.",),
        "gambling": ("Victim played on an online casino site, deposits of {money} were blocked from withdrawal.",
                     "Victim was invited to a baccarat group and lost {money} on a betting site."),
        "kidnapping_ransom": ("Family reports relative was lured with a job offer to {base} and is held; the group demands ransom of {money}.",
                              "Relative sent a video from a compound near {base}; captors demand {money} to release him."),
        "job_lure": ("Victim answered a high-salary job advert, was taken across the border to {base} and forced to work in a scam compound.",),
        "other": ("Victim reports an online fraud, loss {money}.",),
    },
}
_LOCAL_FLAVOUR = {
    "lo": ("Sabaidee. ", "Report at district police, Vientiane. ", "Report taken in Savannakhet. ",
           "Bo pen nyang, victim came with family. ", ""),
    "my": ("Mingalaba. ", "Report from Yangon township police. ", "Report taken in Mandalay. ",
           "Complaint via ward administrator. ", ""),
}
_KIND_PHRASE: dict[str, dict[str, str]] = {
    "zh": {"phone": "电话{x}", "url": "网址{x}", "domain": "网站{x}", "ip": "服务器IP {x}",
           "email": "邮箱{x}", "bank_account": "收款账户{x}", "crypto_wallet": "USDT地址{x}",
           "handle": "{p}号{x}", "person": "嫌疑人{x}"},
    "th": {"phone": "เบอร์โทร {x}", "url": "ลิงก์ {x}", "domain": "เว็บไซต์ {x}",
           "ip": "ไอพี {x}", "email": "อีเมล {x}", "bank_account": "บัญชีรับเงิน {x}",
           "crypto_wallet": "กระเป๋า USDT {x}", "handle": "{p} {x}",
           "person": "ผู้ต้องสงสัย {x}"},
    "en": {"phone": "phone {x}", "url": "link {x}", "domain": "website {x}", "ip": "IP {x}",
           "email": "email {x}", "bank_account": "account {x}", "crypto_wallet": "USDT wallet {x}",
           "handle": "{p} {x}", "person": "suspect {x}"},
}
_LEAD = {
    "zh": ("涉案信息：", "对方使用：", "受害人提供：", "经查，"),
    "th": ("ข้อมูลคนร้าย: ", "คนร้ายใช้ ", "ผู้เสียหายให้ข้อมูล: "),
    "en": ("Details given: ", "Scammers used ", "Victim provided: ", "Contact was via "),
}
_SEP = {"zh": "，", "th": ", ", "en": ", "}
_END = {"zh": "。", "th": "", "en": "."}
_PLATFORM = {
    "zh": {"telegram": "Telegram", "wechat": "微信", "line": "LINE"},
    "th": {"telegram": "เทเลแกรม", "wechat": "WeChat", "line": "ไลน์"},
    "en": {"telegram": "Telegram", "wechat": "WeChat", "line": "LINE"},
}
_HOTLINE = {
    "zh": ("受害人拨打{h}咨询后报警。", "事后拨打{h}反诈专线求助。", "已拨打{h}。"),
    "th": (" ผู้เสียหายโทร {h} แจ้งเหตุ", " แจ้งความผ่านสายด่วน {h}"),
    "en": (" Victim called {h} afterwards.", " Reported via hotline {h}.", " I called {h}."),
}
_BRAND = {
    "zh": ("对方自称{b}工作人员。", "对方发来的链接仿冒{b}页面。"),
    "th": (" คนร้ายแอบอ้างเป็น {b}", " ลิงก์ปลอมหน้าเว็บ {b}"),
    "en": (" They pretended to be {b}.", " The page looked like {b}."),
}
_NOTHING = {
    "zh": "受害人未能提供对方联系方式及账户信息。",
    "th": " ผู้เสียหายจำข้อมูลคนร้ายไม่ได้",
    "en": " Victim could not give any contact or account details.",
}
_CURRENCY_WORD = {
    "zh": {"CNY": "元", "USD": "美元(USDT)", "THB": "泰铢", "LAK": "基普", "MMK": "缅元"},
    "th": {"THB": "บาท", "CNY": "หยวน", "USD": "ดอลลาร์ (USDT)", "LAK": "กีบ", "MMK": "จ๊าด"},
    "en": {"LAK": "kip", "MMK": "kyat", "THB": "baht", "CNY": "yuan", "USD": "USD (USDT)"},
}


def _money(base_lang: str, amount: str, currency: str) -> str:
    if not amount:
        return {"zh": "若干", "th": "จำนวนหนึ่ง", "en": "an unknown amount"}[base_lang]
    word = _CURRENCY_WORD[base_lang].get(currency, currency)
    return f"{amount}{word}" if base_lang == "zh" else f"{amount} {word}"


def narrative(rng: random.Random, *, lang: str, scam: str, amount: str, currency: str,
              mentions: list[tuple[str, str, str]], base: str, hotline: str | None,
              brand: str | None, identified: bool = True) -> str:
    """Compose one narrative.

    ``mentions`` holds ``(kind, spelled, platform)`` triples; ``platform`` is only read
    for handles. ``lang`` is ``zh``, ``th``, ``lo`` or ``my`` (the last two English
    with local words). ``identified`` False means the row names no identifier at all,
    which the narrative sometimes says.
    """
    base_lang = lang if lang in ("zh", "th") else "en"
    opening = rng.choice(_OPEN[base_lang][scam])
    text = opening.format(money=_money(base_lang, amount, currency), base=base,
                          brand=brand or "")
    if lang in _LOCAL_FLAVOUR:
        text = rng.choice(_LOCAL_FLAVOUR[lang]) + text
    if brand is not None and "{brand}" not in opening:
        text += rng.choice(_BRAND[base_lang]).format(b=brand)
    if mentions:
        phrases = _KIND_PHRASE[base_lang]
        platforms = _PLATFORM[base_lang]
        parts = [phrases[kind].format(x=spelled, p=platforms.get(platform, platform))
                 for kind, spelled, platform in mentions]
        sep = "" if base_lang == "zh" else " "
        text += sep + rng.choice(_LEAD[base_lang]) + _SEP[base_lang].join(parts)
        text += _END[base_lang]
    elif not identified and rng.random() < 0.5:
        text += _NOTHING[base_lang]
    if hotline is not None:
        text += rng.choice(_HOTLINE[base_lang]).format(h=hotline)
    return text
