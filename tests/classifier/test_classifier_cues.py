"""Structural cues: each fires on its structure in every language of the region, stays
quiet on neutral text, and the batch path agrees with the one-message path."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counterfraud.classifier.canonical import canonicalise, canonicalise_joined
from counterfraud.classifier.cues import CUE_NAMES, CUES, cue_counts, cue_matches
from counterfraud.errors import InvalidInput

# (cue, language, message): the cue must fire on the message.
FIRES = [
    ("link", "en", "Track your parcel at https://post-track.example.com/p/1"),
    ("link", "zh", "详情请访问 jd-tuikuan.xyz/login 查看"),
    ("link", "th", "ดูรายละเอียดที่ www.example.co.th"),
    ("shortener", "en", "Claim here: bit.ly/3xYz"),
    ("shortener", "vi", "Nhấn vào link https://tinyurl.com/abc để nhận quà"),
    ("shortener", "id", "Cek di s.id/promo sekarang"),
    ("risky_link", "en", "Verify at http://secure-login.top/verify"),
    ("risky_link", "zh", "请登录 http://103.45.67.89/bank 更新资料"),
    ("risky_link", "km", "ចុច http://kh-win.vip ដើម្បីទទួល"),
    ("risky_link", "zh-lookalike", "工行提醒：请访问 icbc-cn.com 完成认证"),
    ("messaging", "en", "Add me on telegram @goldprofit_vip for signals"),
    ("messaging", "zh", "加微信 vip8888 了解详情"),
    ("messaging", "th", "แอดไลน์ @promo99 รับโบนัส"),
    ("messaging", "vi", "Kết bạn zalo 0901234567 để nhận việc"),
    ("messaging", "en-host", "Join https://t.me/freemoney now"),
    ("phone", "en", "Call +66 81 234 5678 now"),
    ("phone", "zh", "请拨打13800138000联系客服"),
    ("phone", "th", "โทร 081-234-5678 ด่วน"),
    ("phone", "my", "ဖုန်း ၀၉၄၅၁၂၃၄၅၆၇ ကိုဆက်ပါ"),
    ("money", "en", "You won 5000 USD today"),
    ("money", "zh", "日赚500元，轻松到手"),
    ("money", "zh-numerals", "奖金五千元已到账"),
    ("money", "th", "รับเงิน 9,000 บาท ทันที"),
    ("money", "lo", "ທ່ານໄດ້ຮັບ 5,000,000 ກີບ"),
    ("money", "my", "ဆုကြေး ၅၀၀၀၀၀ ကျပ် ရရှိပါသည်"),
    ("money", "km", "ប្រាក់រង្វាន់ ១០០០ ដុល្លារ"),
    ("money", "vi", "Nhận ngay 500.000đ vào tài khoản"),
    ("money", "id", "Hadiah Rp 50.000.000 untuk Anda"),
    ("money", "ms", "Menang RM500 hari ini"),
    ("crypto", "en", "Deposit USDT (TRC20) to double your money"),
    ("crypto", "zh", "充值地址 0x52908400098527886e0f7030069857d2e4169ee7 虚拟币"),
    ("crypto", "th", "ลงทุนคริปโตกำไรทุกวัน"),
    ("crypto", "vi", "Đầu tư tiền ảo lãi cao"),
    ("urgency", "en", "Act now, offer expires today"),
    ("urgency", "en-within", "Pay within 24 hours or lose access"),
    ("urgency", "zh", "请立即处理，逾期将冻结"),
    ("urgency", "th", "ติดต่อด่วนภายในวันนี้"),
    ("urgency", "lo", "ກະລຸນາຕິດຕໍ່ດ່ວນ"),
    ("urgency", "my", "အမြန် ဆက်သွယ်ပါ"),
    ("urgency", "km", "សូមទាក់ទងជាបន្ទាន់"),
    ("urgency", "vi", "Vui lòng xác nhận ngay trong vòng 2 giờ"),
    ("urgency", "id", "Segera konfirmasi data Anda"),
    ("action", "en", "Click the link below"),
    ("action", "zh", "点击链接领取"),
    ("action", "th", "กดลิงก์เพื่อรับสิทธิ์"),
    ("action", "lo", "ກົດລິ້ງເພື່ອຮັບ"),
    ("action", "my", "လင့်ခ်ကို နှိပ်ပါ"),
    ("action", "km", "សូមចុចតំណនេះ"),
    ("action", "vi", "Nhấn vào đây để nhận"),
    ("action", "id", "Klik tautan ini"),
    ("code_request", "en", "Hi, please send me the code you just received"),
    ("code_request", "zh", "麻烦把验证码发给我一下"),
    ("code_request", "th", "ช่วยส่งรหัสที่ได้รับมาให้หน่อย"),
    ("code_request", "lo", "ກະລຸນາສົ່ງລະຫັດມາໃຫ້ແດ່"),
    ("code_request", "my", "ရလာတဲ့ ကုဒ်ကိုပို့ပေးပါ"),
    ("code_request", "km", "សូមផ្ញើលេខកូដមកខ្ញុំ"),
    ("code_request", "vi", "Bạn gửi lại mã OTP cho mình nhé"),
    ("code_request", "id", "Tolong kirimkan kode OTP yang masuk"),
    ("never_share", "en", "Your code is 4821. Do not share this code with anyone."),
    ("never_share", "zh", "验证码551234，请勿泄露给他人"),
    ("never_share", "th", "รหัส OTP 774411 ห้ามเปิดเผยรหัสนี้"),
    ("never_share", "lo", "ລະຫັດ 1234 ຫ້າມບອກຜູ້ອື່ນ"),
    ("never_share", "my", "ကုဒ်ကို ဘယ်သူ့ကိုမှ မမျှဝေပါနှင့်"),
    ("never_share", "km", "លេខកូដ 1234 កុំប្រាប់អ្នកដទៃ"),
    ("never_share", "vi", "Mã OTP 123456. Không chia sẻ mã này cho bất kỳ ai."),
    ("never_share", "id", "Kode OTP 482913. JANGAN berikan kode ini kepada siapapun."),
    ("fraud_warning", "en", "Scam alert: the bank will never ask for your PIN"),
    ("fraud_warning", "zh", "【反诈提醒】要你提供验证码的，都是诈骗"),
    ("fraud_warning", "th", "ระวังมิจฉาชีพ อย่าหลงเชื่อ"),
    ("fraud_warning", "vi", "Cảnh giác với các cuộc gọi lừa đảo"),
    ("fraud_warning", "id", "Waspada penipuan mengatasnamakan bank"),
    ("payment", "en", "Transfer the fee to the safe account"),
    ("payment", "zh", "请转账到安全账户"),
    ("payment", "th", "โอนเงินค่าธรรมเนียมก่อน"),
    ("payment", "lo", "ກະລຸນາໂອນເງິນຄ່າທຳນຽມ"),
    ("payment", "my", "ဝန်ဆောင်ခ ငွေလွှဲပေးပါ"),
    ("payment", "km", "សូមផ្ទេរប្រាក់ថ្លៃសេវា"),
    ("payment", "vi", "Vui lòng chuyển khoản phí xử lý"),
    ("payment", "id", "Silakan transfer ke rekening berikut"),
    ("prize", "en", "Congratulations, you have won a prize"),
    ("prize", "zh", "恭喜您中奖了"),
    ("prize", "th", "ยินดีด้วย คุณได้รับรางวัล"),
    ("prize", "lo", "ຍິນດີນຳ ທ່ານຖືກລາງວັນ"),
    ("prize", "my", "ဂုဏ်ယူပါတယ် ဆုကြေးရရှိပါသည်"),
    ("prize", "km", "អបអរសាទរ អ្នកឈ្នះរង្វាន់"),
    ("prize", "vi", "Chúc mừng bạn trúng thưởng"),
    ("prize", "id", "Selamat Anda pemenang undian"),
    ("authority", "en", "This is the police, your ID was used in a crime"),
    ("authority", "zh", "我是公安局民警，你涉嫌洗钱"),
    ("authority", "zh-hant", "這裡是檢察院，請配合調查"),
    ("authority", "th", "ตำรวจแจ้งว่าคุณมีหมายจับ"),
    ("authority", "lo", "ນີ້ແມ່ນຕຳຫຼວດ"),
    ("authority", "my", "တရားရုံးမှ အကြောင်းကြားစာ"),
    ("authority", "km", "នេះជាប៉ូលីស"),
    ("authority", "vi", "Đây là công an quận"),
    ("authority", "id", "Ini dari kepolisian"),
    ("account_threat", "en", "Your account has been suspended"),
    ("account_threat", "zh", "您的账户已被冻结"),
    ("account_threat", "th", "บัญชีของคุณถูกระงับ"),
    ("account_threat", "lo", "ບັນຊີຂອງທ່ານຖືກລະງັບ"),
    ("account_threat", "my", "သင့်အကောင့်ကို ပိတ်ဆို့ထားသည်"),
    ("account_threat", "km", "គណនីរបស់អ្នកត្រូវបានបិទ"),
    ("account_threat", "vi", "Tài khoản của bạn bị khóa"),
    ("account_threat", "id", "Rekening Anda diblokir"),
    ("easy_money", "en", "Part-time job, daily income guaranteed"),
    ("easy_money", "zh", "兼职刷单，日赚三百"),
    ("easy_money", "th", "งานออนไลน์ รายได้ดี"),
    ("easy_money", "lo", "ວຽກອອນລາຍ ລາຍໄດ້ດີ"),
    ("easy_money", "my", "အွန်လိုင်းအလုပ် ဝင်ငွေကောင်း"),
    ("easy_money", "km", "ការងារអនឡាញ ប្រាក់ចំណូលល្អ"),
    ("easy_money", "vi", "Việc nhẹ lương cao, làm tại nhà"),
    ("easy_money", "id", "Kerja sampingan dari rumah"),
    ("script_mix", "zh", "加v信了解"),
    ("script_mix", "th", "แอดไลน์xไลน์"),
    ("script_mix", "en-cyrillic", "Log in at p\u0430ypal now"),
    ("disguised", "en-leet", "Y0u w0n a free 0ffer"),
    ("disguised", "en-spaced", "W i n n e r of the week"),
    ("disguised", "zh-spaced", "加 微 信 领取"),
    ("disguised", "en-fancy", "\U0001d41f\U0001d42b\U0001d41e\U0001d41e money"),
    ("disguised", "zh-fullwidth", "加微信ｇｏｌｄ８８８"),
    ("disguised", "en-invisible", "w\u200bin big"),
]

NEUTRAL = [
    ("en", "Hi Anna, dinner at 7 tonight? Let me know."),
    ("en-address", "The address is 12 Main Street, see you online"),
    ("zh", "妈，我晚上回家吃饭，帮我留点汤。"),
    ("zh-warning", "千万不要告诉别人我们的惊喜"),
    ("th", "พรุ่งนี้เจอกัน 5 โมงที่เดิมนะ"),
    ("lo", "ມື້ອື່ນພົບກັນເດີ"),
    ("my", "မနက်ဖြန် တွေ့ကြမယ်"),
    ("km", "ថ្ងៃស្អែកជួបគ្នា"),
    ("vi", "Chiều nay mình đi ăn phở nhé"),
    ("id", "Besok kita makan siang bersama ya"),
    ("date", "Meeting on 2024-05-01 10:00 in room 12"),
    ("model", "I bought an iPhone13 at 3pm"),
    ("empty", ""),
]


def _fired(text: str) -> dict[str, float]:
    counts = cue_counts(canonicalise_joined([text]), [text])[0]
    return {name: float(v) for name, v in zip(CUE_NAMES, counts, strict=True) if v}


@pytest.mark.parametrize(("cue", "text"), [(c, t) for c, _, t in FIRES],
                         ids=[f"{c}-{lang}" for c, lang, _ in FIRES])
def test_cue_fires_in_every_language(cue: str, text: str) -> None:
    assert cue in _fired(text), _fired(text)


@pytest.mark.parametrize("text", [t for _, t in NEUTRAL], ids=[i for i, _ in NEUTRAL])
def test_no_cue_fires_on_neutral_text(text: str) -> None:
    assert _fired(text) == {}


def test_every_cue_has_examples_in_three_languages() -> None:
    for name in CUE_NAMES:
        languages = {lang.split("-")[0] for cue, lang, _ in FIRES if cue == name}
        assert len(languages) >= 2 if name in ("script_mix", "disguised") else len(
            languages) >= 3, name


NOT_CUES = [
    ("add-in-address", "address", "action"),
    ("line-in-online", "shop online", "messaging"),
    ("money-warning", "千万不要转账", "money"),
    ("otp-notice-is-no-request", "Your OTP is 1234. Do not send this code to anyone.",
     "code_request"),
    ("zh-notice-is-no-request", "请勿将验证码告诉他人", "code_request"),
    ("zh-bank-never-asks", "本行不会要求您提供验证码", "code_request"),
    ("th-notice-is-no-request", "อย่าแจ้งรหัสนี้กับใคร", "code_request"),
    ("vi-notice-is-no-request", "Không cung cấp mã OTP cho bất kỳ ai", "code_request"),
    ("id-notice-is-no-request", "Jangan berikan kode OTP kepada siapa pun", "code_request"),
    ("email-is-no-handle", "mail a.b@example.com", "messaging"),
    ("phone-glued-to-letters", "ref th15674743", "phone"),
    ("short-number", "Your code is 4821", "phone"),
    ("vi-day-is-not-now", "Hẹn gặp ngày mai", "urgency"),
]


@pytest.mark.parametrize(("text", "cue"), [n[1:] for n in NOT_CUES],
                         ids=[n[0] for n in NOT_CUES])
def test_cue_does_not_fire_on_look_alikes(text: str, cue: str) -> None:
    assert cue not in _fired(text)


SPANS = [
    ("money-after", "You won 5000 USD", "money", "5000 usd"),
    ("money-before", "Hadiah Rp 50.000.000 untuk Anda", "money", "rp 50.000.000"),
    ("near-rule", "please send me the code now", "code_request", "send me the code"),
    ("host", "see bit.ly/abc", "shortener", "bit.ly"),
    ("url", "go to https://x.top/a/b", "risky_link", "\u27e8url\u27e9x.top"),
    ("overlap-merged", "【公安局】通知", "authority", "公安局"),
]


@pytest.mark.parametrize(("text", "cue", "expected"), [s[1:] for s in SPANS],
                         ids=[s[0] for s in SPANS])
def test_match_spans_cover_the_evidence(text: str, cue: str, expected: str) -> None:
    canonical = canonicalise(text)
    found = [canonical[m.start:m.end] for m in cue_matches(canonical, text)
             if CUE_NAMES[m.cue] == cue]
    assert found == [expected]


def test_raw_cues_slice_the_text_as_received() -> None:
    text = "Y0u w0n"
    matches = [m for m in cue_matches(canonicalise(text), text) if m.raw]
    assert [text[m.start:m.end] for m in matches] == ["Y0u w0n"] or [
        text[m.start:m.end] for m in matches] == ["Y0u", "w0n"]


def test_counts_are_capped() -> None:
    text = "立即 马上 尽快 紧急 ด่วน"
    row = dict(zip(CUE_NAMES, cue_counts(canonicalise_joined([text]), [text])[0],
                   strict=True))
    assert row["urgency"] == CUES[CUE_NAMES.index("urgency")].cap == 2


def test_batch_equals_one_message_at_a_time() -> None:
    texts = [t for _, _, t in FIRES] + [t for _, t in NEUTRAL]
    batch = cue_counts(canonicalise_joined(texts), texts)
    singles = np.vstack([cue_counts(canonicalise_joined([t]), [t]) for t in texts])
    assert np.array_equal(batch, singles)


PIECES = [*"ab 0189+-.@$:/\n", "加", "微", "信", "元", "ด", "่", "ว", "น", "\u200b", "ｇ",
          "http://x.top/", "bit.ly", "usdt", "转账", "send code", "do not share", "12345678",
          "5000 usd", "\u0430", "y0u"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(st.sampled_from(PIECES), max_size=12).map("".join), min_size=1,
                max_size=6))
def test_batch_agrees_with_matches_on_any_text(texts: list[str]) -> None:
    batch = cue_counts(canonicalise_joined(texts), texts)
    caps = np.array([c.cap for c in CUES], dtype=np.float32)
    for row, text in zip(batch, texts, strict=True):
        canonical = canonicalise(text)
        counts = np.zeros(len(CUES), dtype=np.float32)
        for match in cue_matches(canonical, text):
            counts[match.cue] += 1
            source = text.replace("\n", " ") if match.raw else canonical
            assert 0 <= match.start < match.end <= len(source)
        assert np.array_equal(row, np.minimum(counts, caps))


def test_names_and_descriptions() -> None:
    assert len(set(CUE_NAMES)) == len(CUE_NAMES)
    assert all(cue.description and cue.cap >= 1 for cue in CUES)
    assert all(canonicalise(term) for cue in CUES for term in cue.terms)


def test_empty_batch() -> None:
    assert cue_counts("", []).shape == (0, len(CUES))


def test_a_batch_of_another_size_is_refused() -> None:
    with pytest.raises(InvalidInput, match="holds 2 messages, not 1"):
        cue_counts("a\nb", ["a"])
