"""The small synthetic zh/en/th corpus the classifier tests train on (built here, never
read from the shared data sets)."""

from __future__ import annotations

import random

SCAM = [
    "Congratulations! You won {n} USD. Claim now at http://prize-{w}.top/claim",
    "URGENT: your bank account is suspended, verify at www.{w}-secure.xyz within 24h",
    "Easy job, earn {n} per day, add telegram @{w}_jobs now",
    "Your parcel is held at customs, pay {n} fee at http://{w}-post.cc",
    "恭喜您中奖{n}元，请点击 http://{w}.top 领取，需先缴纳手续费",
    "【公安局】您的账户涉嫌洗钱，请立即转账{n}元到安全账户配合调查",
    "兼职刷单日赚{n}元，加微信{w}888了解详情",
    "您的快递丢失，客服为您理赔{n}元，请点击链接 http://{w}.cc 填写银行卡",
    "ยินดีด้วย คุณได้รับรางวัลเงินสด {n} บาท กดลิงก์ http://{w}.top เพื่อรับ",
    "บัญชีของคุณถูกระงับ กรุณายืนยันตัวตนที่ http://{w}-bank.xyz ด่วน",
    "งานออนไลน์ รายได้วันละ {n} บาท แอดไลน์ {w}99",
    "สินเชื่อด่วน อนุมัติทันที {n} บาท โอนค่าธรรมเนียมก่อน",
]
LEGIT = [
    "Your verification code is {n}. Do not share this code with anyone.",
    "HSBC: A transfer of {n}.00 from account ending {n} was made today. Balance {n}.",
    "Hi {w}, dinner at 7 tonight? Let me know.",
    "Reminder: your appointment at the clinic is on Monday at {n}:00.",
    "【工商银行】您尾号{n}的储蓄卡收入人民币{n}.00元，余额{n}元。",
    "您的登录验证码为{n}，如非本人操作请忽略。",
    "妈，我晚上回家吃饭，帮我留点汤。",
    "【温馨提示】警方提示：请勿点击陌生链接，不要向陌生账户转账。",
    "รหัส OTP ของคุณคือ {n} ใช้ภายใน 5 นาที ห้ามเปิดเผยรหัสนี้",
    "กรุงไทย: เงินเข้าบัญชี {n} บาท คงเหลือ {n} บาท ขอบคุณค่ะ",
    "พรุ่งนี้เจอกัน {n} โมงที่เดิมนะ",
    "พัสดุของคุณกำลังนำส่ง โปรดเตรียมรับสินค้า",
]
WORDS = ["alpha", "lucky", "gold", "star", "asia", "prime", "king", "fast"]


def _fill(template: str, rng: random.Random) -> str:
    text = template
    while "{n}" in text:
        text = text.replace("{n}", str(rng.randint(10, 99999)), 1)
    return text.replace("{w}", rng.choice(WORDS))


def synthetic_corpus(per_template: int = 6, seed: int = 1) -> tuple[list[str], list[int]]:
    rng = random.Random(seed)
    texts: list[str] = []
    labels: list[int] = []
    for _ in range(per_template):
        for template in SCAM:
            texts.append(_fill(template, rng))
            labels.append(1)
        for template in LEGIT:
            texts.append(_fill(template, rng))
            labels.append(0)
    return texts, labels
