"""The word lists the structural cues look for (:mod:`.cues`), one tuple per cue.

Within a tuple, one line per language (English first, then Chinese, Thai, Lao, Burmese,
Khmer, Vietnamese, Indonesian/Malay) so a reader of that language can check it. Chinese
is written Simplified: canonicalisation maps Traditional to it. Terms are canonicalised
when the cue engine first needs them, so they are written as people write them.
"""

from __future__ import annotations

SHORTENERS = ("bit.ly", "tinyurl.com", "t.co", "cutt.ly", "s.id", "rb.gy", "is.gd",
              "goo.gl", "ow.ly", "t.ly", "shorturl.at", "tiny.cc", "rebrand.ly", "v.gd",
              "bl.ink", "buff.ly", "t.cn", "url.cn", "dwz.cn", "suo.im", "u.to", "x.co",
              "shorte.st", "adf.ly", "lnkd.in", "tr.ee", "linktr.ee", "qr.net", "bitly.com",
              "s.id", "shope.ee", "lin.ee", "short.gy", "urlz.fr", "clck.ru", "bit.do")
CHEAP_TLDS = ("top", "xyz", "vip", "cc", "icu", "shop", "click", "buzz", "club", "live",
              "site", "online", "fun", "win", "bet", "loan", "work", "rest", "cyou", "sbs",
              "cfd", "bond", "monster", "quest", "tk", "ml", "ga", "cf", "gq", "pw", "ws",
              "today", "store", "life", "xin", "ltd", "asia", "link", "lol", "mom", "pics",
              "hair", "skin", "beauty", "boats", "autos", "yachts", "homes", "motorcycles",
              "best", "kim", "men", "party", "racing", "review", "stream", "trade", "date",
              "download", "accountant", "science", "cricket", "faith", "space", "website",
              "tech", "host", "press", "fit", "uno", "gdn", "bid")
# Common TLDs, for links written without http:// or www.
TLDS = ("com", "net", "org", "info", "biz", "io", "co", "me", "app", "cn", "th", "la",
        "mm", "kh", "vn", "id", "my", "ph", "sg", "hk", "tw", "gov", *CHEAP_TLDS)

MESSAGING = (
    "telegram", "tele", "tg", "whatsapp", "whats app", "watsap", "wasap", "wechat",
    "we chat", "weixin", "vx", "wx", "line id", "id line", "add line", "line official",
    "zalo", "viber", "kakaotalk", "imo", "skype",
    "qq", "微信", "薇信", "威信", "徽信", "加v", "加vx", "企鹅", "电报", "纸飞机", "飞机号",
    "ไลน์", "ไอดีไลน์", "แอดไลน์", "เทเลแกรม", "วอทส์แอพ", "วอทแอพ",
    "ໄລນ໌", "ເທເລແກຣມ", "ວັອດແອັບ",
    "တယ်လီဂရမ်", "ဗိုင်ဘာ", "ဗိုက်ဘာ",
    "តេឡេក្រាម", "តេលេក្រាម",
)

CURRENCY_BEFORE = ("¥", "$", "us$", "usd", "usdt", "rmb", "cny", "฿", "thb", "₭", "lak",
                   "kip", "₫", "vnd", "rp", "idr", "rm", "myr", "₱", "php", "sgd", "s$",
                   "mmk", "ks", "khr", "៛", "€", "£", "hk$", "hkd", "nt$", "twd", "¥")
CURRENCY_AFTER = (
    "元", "块", "块钱", "万", "万元", "亿", "美元", "美金", "rmb", "yuan", "usd", "usdt", "u",
    "dollar", "dollars", "bucks", "baht", "บาท", "฿", "ล้าน", "หมื่น", "แสน",
    "kip", "ກີບ", "₭", "ລ້ານ", "ໂດລາ",
    "kyat", "kyats", "ks", "ကျပ်", "သိန်း", "ဒေါ်လာ",
    "riel", "riels", "រៀល", "៛", "ដុល្លារ", "លាន",
    "đồng", "dong", "đ", "vnd", "₫", "k", "triệu", "nghìn", "ngàn", "tr",
    "rp", "rupiah", "ribu", "rb", "juta", "jt", "rm", "ringgit", "myr", "sen",
    "₱", "peso", "pesos", "php", "sgd", "€", "eur", "euro", "£", "gbp", "hkd",
)

CRYPTO = (
    "usdt", "btc", "bitcoin", "eth", "ethereum", "trc20", "trc-20", "erc20", "erc-20",
    "bep20", "bep-20", "tether", "binance", "okx", "huobi", "bybit", "crypto",
    "cryptocurrency", "wallet address", "metamask", "trust wallet", "imtoken",
    "钱包地址", "虚拟币", "数字货币", "加密货币", "币安", "火币", "泰达币", "比特币", "以太坊",
    "u币", "冷钱包", "矿机", "挖矿",
    "คริปโต", "บิทคอยน์", "เหรียญดิจิทัล", "กระเป๋าเงินดิจิทัล",
    "ຄຣິບໂຕ", "ບິດຄອຍ",
    "ခရစ်ပတို", "ဘစ်ကွိုင်",
    "គ្រីបតូ", "ប៊ីតខញ",
    "tiền ảo", "tiền điện tử", "tiền mã hóa", "tiền mã hoá",
    "kripto", "aset kripto", "mata wang kripto", "dompet kripto",
)

URGENCY = (
    "urgent", "urgently", "immediately", "right now", "act now", "asap", "today only",
    "last chance", "final notice", "final warning", "expires today", "expire", "expires",
    "expiring", "deadline", "hurry", "don't miss", "limited time", "as soon as possible",
    "before it's too late", "within 24 hours", "within 24h", "within 48 hours",
    "立即", "马上", "尽快", "立刻", "逾期", "紧急", "最后一次", "最后机会", "限时", "今天内",
    "今日内", "小时内", "过期", "即将", "赶快", "抓紧", "速回", "否则",
    "ด่วน", "ภายใน", "ทันที", "เร่งด่วน", "วันนี้เท่านั้น", "โอกาสสุดท้าย", "หมดเขต",
    "ก่อนหมดเวลา", "รีบ",
    "ດ່ວນ", "ທັນທີ", "ພາຍໃນ", "ໂອກາດສຸດທ້າຍ", "ມື້ນີ້ເທົ່ານັ້ນ", "ຮີບ",
    "အမြန်", "ချက်ချင်း", "အရေးပေါ်", "ယနေ့သာ", "နောက်ဆုံးအခွင့်အရေး", "နာရီအတွင်း",
    "បន្ទាន់", "ភ្លាមៗ", "ក្នុងរយៈពេល", "ថ្ងៃនេះប៉ុណ្ណោះ", "ឱកាសចុងក្រោយ",
    "ngay", "ngay lập tức", "khẩn cấp", "gấp", "trong vòng", "cơ hội cuối", "hết hạn",
    "nhanh chóng",
    "segera", "sekarang juga", "secepatnya", "hari ini saja", "kesempatan terakhir",
    "batas waktu", "kedaluwarsa", "mendesak", "dengan segera", "hari ini sahaja",
    "peluang terakhir", "tamat tempoh",
)

ACTION = (
    "click", "tap", "reply", "add", "contact", "join", "call", "visit", "scan", "download",
    "register", "sign up", "log in", "login", "verify", "claim", "open the link",
    "follow the link", "text us", "dm", "inbox",
    "点击", "点开", "加微", "加v", "加我", "加群", "加好友", "加qq", "加入", "添加", "联系",
    "扫码", "扫描", "下载", "登录", "登陆", "回复", "注册", "领取", "咨询", "私聊", "私信",
    "进群",
    "คลิก", "กด", "แอด", "ติดต่อ", "สมัคร", "ลงทะเบียน", "ดาวน์โหลด", "สแกน", "ตอบกลับ",
    "เข้าสู่ระบบ", "ทักแชท", "ทักไลน์", "รับสิทธิ์",
    "ກົດ", "ຄລິກ", "ຕິດຕໍ່", "ເພີ່ມ", "ລົງທະບຽນ", "ດາວໂຫຼດ", "ດາວໂຫລດ", "ສະແກນ", "ແອດ",
    "နှိပ်", "ကလစ်", "ဆက်သွယ်", "စာရင်းသွင်း", "ဒေါင်းလုဒ်", "ဝင်ရောက်", "ပြန်စာ",
    "ចុច", "ទាក់ទង", "ចុះឈ្មោះ", "ទាញយក", "ស្កេន", "ចូលរួម", "ឆ្លើយតប",
    "nhấn", "bấm", "truy cập", "liên hệ", "tham gia", "đăng ký", "đăng kí", "đăng nhập",
    "tải về", "tải app", "quét mã", "kết bạn", "nhắn tin",
    "klik", "tekan", "hubungi", "daftar", "gabung", "bergabung", "sertai", "layari",
    "unduh", "muat turun", "kunjungi", "balas",
)

NEVER_SHARE = (
    "do not share", "don't share", "dont share", "never share", "do not disclose",
    "don't disclose", "do not give", "never give", "do not tell", "never tell",
    "do not send", "don't send", "do not forward", "don't forward", "never ask",
    "will never ask", "keep it secret", "keep this code", "not share",
    "请勿泄露", "请勿告诉", "切勿", "勿将", "请勿将", "不要泄露", "请勿转发", "泄露给",
    "告诉他人", "告诉任何人", "不要把验证码", "不要将验证码", "请勿", "勿泄露",
    "不会向您索要", "不会索取", "不会要求", "不会以任何理由",
    "ห้ามเปิดเผย", "อย่าบอก", "ห้ามบอก", "อย่าให้", "อย่าแชร์", "ห้ามแจ้ง", "อย่าแจ้ง",
    "ไม่ควรเปิดเผย", "อย่าเปิดเผย", "ห้ามให้", "ไม่มีนโยบาย", "จะไม่ขอ", "ไม่เคยขอ",
    "ຫ້າມເປີດເຜີຍ", "ຢ່າບອກ", "ຫ້າມບອກ", "ຢ່າແບ່ງປັນ", "ຢ່າເປີດເຜີຍ", "ຫ້າມໃຫ້",
    "မမျှဝေ", "မပြောပါနှင့်", "မပေးပါနှင့်", "ဘယ်သူ့ကိုမှ", "မျှဝေခြင်းမပြု",
    "កុំចែករំលែក", "កុំប្រាប់", "កុំផ្តល់", "កុំផ្ដល់", "កុំឲ្យ", "កុំអោយ",
    "không chia sẻ", "không cung cấp", "đừng chia sẻ", "tuyệt đối không",
    "không tiết lộ", "đừng cung cấp", "không được cung cấp",
    "jangan berikan", "jangan bagikan", "jangan beritahu", "jangan memberikan",
    "jangan sebarkan", "rahasiakan", "jgn berikan", "jangan kongsi", "jangan dedahkan",
)

FRAUD_WARNING = (
    "beware of", "scam alert", "fraud alert", "is a scam", "are scams", "protect yourself",
    "be careful of", "watch out for scams",
    "谨防诈骗", "反诈", "防骗", "都是诈骗", "均为诈骗", "警惕", "谨防", "防范诈骗",
    "ระวังมิจฉาชีพ", "ระวังภัย", "เตือนภัย", "แก๊งคอลเซ็นเตอร์", "อย่าหลงเชื่อ",
    "ລະວັງ", "ການສໍ້ໂກງ", "ຢ່າຫຼົງເຊື່ອ",
    "သတိထားပါ", "လိမ်လည်မှု", "မယုံကြည်ပါနှင့်",
    "សូមប្រុងប្រយ័ត្ន", "ការបោកប្រាស់", "កុំជឿ",
    "cảnh giác", "cảnh báo lừa đảo", "đề phòng", "lừa đảo",
    "waspada penipuan", "hati-hati penipuan", "awas penipuan", "waspadai", "modus penipuan",
    "berhati-hati", "awas scam",
)

CODE_REQUEST = (
    "what is the code", "code you received", "code you just received", "otp you received",
    "验证码发给", "验证码发送给", "把验证码", "将验证码", "验证码告诉", "告诉我验证码",
    "提供验证码", "报一下验证码", "验证码报给", "发验证码给", "验证码截图", "提供一下验证码",
    "收到的验证码",
    "ส่งรหัส", "บอกรหัส", "แจ้งรหัส", "ขอรหัส", "ส่ง otp", "แจ้ง otp", "บอก otp", "ส่งโค้ด",
    "แจ้งโค้ด", "บอกโค้ด", "รหัสที่ได้รับ",
    "ສົ່ງລະຫັດ", "ບອກລະຫັດ", "ແຈ້ງລະຫັດ", "ລະຫັດທີ່ໄດ້ຮັບ",
    "ကုဒ်ပို့", "ကုဒ်ကိုပို့", "ကုဒ်ပြော", "ကုဒ်နံပါတ်ပေး", "otp ပို့",
    "ផ្ញើលេខកូដ", "ប្រាប់លេខកូដ", "ផ្តល់លេខកូដ", "ផ្ដល់លេខកូដ", "ផ្ញើកូដ",
    "gửi mã", "cung cấp mã", "đọc mã", "cho mình mã", "gửi otp", "đọc otp", "cung cấp otp",
    "báo mã", "gửi lại mã",
    "kirim kode", "kirimkan kode", "berikan kode", "beritahu kode", "sebutkan kode",
    "kirim otp", "bagikan kode", "hantar kod", "berikan kod", "beri kod", "kongsi kod",
)

PAYMENT = (
    "transfer", "wire", "pay", "payment", "deposit", "remit", "send money", "safe account",
    "secure account", "top up", "top-up", "processing fee", "release fee", "clearance fee",
    "handling fee", "gift card",
    "转账", "汇款", "打款", "转钱", "安全账户", "缴纳", "缴费", "手续费", "保证金", "解冻费",
    "充值", "垫付", "付款", "支付", "转到", "转入",
    "โอนเงิน", "โอน", "ชำระ", "ค่าธรรมเนียม", "มัดจำ", "บัญชีปลอดภัย", "เติมเงิน",
    "จ่ายเงิน", "วางเงิน",
    "ໂອນເງິນ", "ໂອນ", "ຈ່າຍເງິນ", "ຊຳລະ", "ຄ່າທຳນຽມ", "ເງິນມັດຈຳ", "ເຕີມເງິນ",
    "ငွေလွှဲ", "လွှဲပေး", "ငွေပေးချေ", "ပေးချေ", "ဝန်ဆောင်ခ", "စရံငွေ", "ငွေဖြည့်",
    "ផ្ទេរប្រាក់", "ផ្ទេរលុយ", "បង់ប្រាក់", "បង់លុយ", "វេរលុយ", "វេរប្រាក់", "កម្រៃសេវា",
    "ប្រាក់កក់", "បញ្ចូលលុយ",
    "chuyển khoản", "chuyển tiền", "nộp tiền", "thanh toán", "đặt cọc", "phí", "nạp tiền",
    "tài khoản an toàn",
    "transfer ke", "transfer dana", "kirim uang", "bayar", "pembayaran", "setor",
    "biaya admin", "biaya", "rekening aman", "isi saldo", "pindahkan wang", "bayaran",
    "yuran",
)

PRIZE = (
    "congratulations", "congrats", "you won", "you have won", "you've won", "winner",
    "prize", "lucky draw", "reward", "jackpot", "bonus", "free gift", "claim your",
    "cash prize", "selected",
    "中奖", "恭喜", "奖金", "领奖", "幸运", "抽奖", "获奖", "大奖", "红包", "礼品", "奖品",
    "积分兑换",
    "รางวัล", "ยินดีด้วย", "โชคดี", "ถูกรางวัล", "แจกฟรี", "ผู้โชคดี", "โบนัส", "เครดิตฟรี",
    "ລາງວັນ", "ຍິນດີນຳ", "ໂຊກດີ", "ຖືກລາງວັນ", "ໂບນັດ",
    "ဆုကြေး", "ဆုရ", "ကံထူး", "ဂုဏ်ယူပါတယ်", "ဆုမဲ", "ကံစမ်းမဲ", "ဘောနပ်စ်",
    "រង្វាន់", "អបអរសាទរ", "ឈ្នះ", "សំណាង", "ប្រាក់រង្វាន់", "ឆ្នោត",
    "trúng thưởng", "chúc mừng", "giải thưởng", "quà tặng", "may mắn", "tri ân",
    "phần thưởng", "trúng",
    "selamat anda", "pemenang", "hadiah", "undian", "menang", "tahniah", "cabutan bertuah",
)

AUTHORITY = (
    "police", "court", "customs", "prosecutor", "interpol", "immigration", "tax office",
    "tax department", "ministry", "anti-fraud centre", "anti-fraud center",
    "law enforcement", "arrest warrant", "warrant", "investigation", "officer",
    "公安", "警察", "检察院", "法院", "海关", "公安局", "刑警", "警官", "税务局", "银保监",
    "通缉", "逮捕", "传票", "反诈中心", "警方",
    "ตำรวจ", "ศาล", "ศุลกากร", "ดีเอสไอ", "ปปง", "กรมสรรพากร", "หมายจับ", "อัยการ", "สอบสวน",
    "ຕຳຫຼວດ", "ຕຳຫລວດ", "ສານປະຊາຊົນ", "ໄອຍະການ", "ກົມພາສີ", "ໝາຍຈັບ", "ຫມາຍຈັບ",
    "ປ້ອງກັນຄວາມສະຫງົບ",
    "ရဲစခန်း", "ရဲတပ်ဖွဲ့", "ရဲအရာရှိ", "တရားရုံး", "အကောက်ခွန်", "ဖမ်းဝရမ်း",
    "ប៉ូលីស", "នគរបាល", "តុលាការ", "អគ្គនាយកដ្ឋានគយ", "ព្រះរាជអាជ្ញា", "ដីកាចាប់ខ្លួន",
    "công an", "tòa án", "toà án", "viện kiểm sát", "hải quan", "cảnh sát", "lệnh bắt",
    "điều tra",
    "polisi", "kepolisian", "pengadilan", "kejaksaan", "bea cukai", "polis", "mahkamah",
    "kastam", "pdrm", "lhdn", "waran tangkap", "penyiasatan",
)

ACCOUNT_THREAT = (
    "suspended", "suspend", "frozen", "freeze", "blocked", "locked", "deactivated",
    "disabled", "restricted", "terminated", "unusual activity", "suspicious activity",
    "unauthorized", "unauthorised", "money laundering", "will be closed",
    "冻结", "停用", "注销", "封号", "异常", "涉嫌", "洗钱", "限制", "封停", "冻卡", "被盗",
    "ระงับ", "ถูกล็อค", "ถูกล็อก", "อายัด", "ปิดบัญชี", "ผิดปกติ", "บัญชีม้า", "ฟอกเงิน",
    "ລະງັບ", "ອາຍັດ", "ລັອກ", "ປິດບັນຊີ", "ຜິດປົກກະຕິ", "ຟອກເງິນ",
    "ပိတ်ဆို့", "ရပ်ဆိုင်း", "အကောင့်ပိတ်", "ငွေမည်းခဝါချ", "ပုံမှန်မဟုတ်",
    "ត្រូវបានបិទ", "ផ្អាក", "បង្កក", "ទប់ស្កាត់", "មិនប្រក្រតី", "លាងលុយ",
    "khóa", "khoá", "đình chỉ", "phong tỏa", "phong toả", "bất thường", "rửa tiền",
    "vô hiệu hóa", "vô hiệu hoá",
    "diblokir", "dibekukan", "ditangguhkan", "dinonaktifkan", "terblokir",
    "pencucian uang", "mencurigakan", "disekat", "digantung", "pengubahan wang haram",
)

EASY_MONEY = (
    "part-time", "part time", "parttime", "daily income", "earn", "per day", "work from home",
    "easy job", "simple task", "commission", "high salary", "high income", "passive income",
    "investment opportunity", "guaranteed profit", "guaranteed return", "double your",
    "日赚", "兼职", "刷单", "日结", "轻松赚", "高薪", "佣金", "返利", "做任务", "点赞", "躺赚",
    "稳赚", "高回报", "投资", "理财", "带单", "收益",
    "งานออนไลน์", "รายได้ดี", "รายได้วันละ", "งานง่าย", "ทำงานที่บ้าน", "ค่าคอม", "พาร์ทไทม์",
    "รายได้เสริม", "ลงทุน", "ผลตอบแทน", "กำไร",
    "ວຽກອອນລາຍ", "ລາຍໄດ້", "ເງິນເດືອນສູງ", "ວຽກງ່າຍ", "ລົງທຶນ", "ກຳໄລ", "ເຮັດວຽກຢູ່ເຮືອນ",
    "အွန်လိုင်းအလုပ်", "ဝင်ငွေ", "လစာကောင်း", "အိမ်မှာအလုပ်", "ရင်းနှီးမြှုပ်နှံ", "အမြတ်",
    "အချိန်ပိုင်း",
    "ការងារអនឡាញ", "ប្រាក់ចំណូល", "ប្រាក់ខែខ្ពស់", "ការងារងាយ", "វិនិយោគ", "ប្រាក់ចំណេញ",
    "ការងារក្រៅម៉ោង",
    "việc nhẹ lương cao", "kiếm tiền", "thu nhập", "làm tại nhà", "cộng tác viên",
    "hoa hồng", "việc làm online", "đầu tư", "lợi nhuận",
    "kerja sampingan", "penghasilan", "gaji harian", "kerja dari rumah", "komisi",
    "paruh waktu", "investasi", "keuntungan", "kerja sambilan", "pendapatan",
    "gaji lumayan", "pelaburan",
)


# Lists for the ``near`` rules and for amounts (not cues themselves).
CODE_VERBS = ("send", "forward", "give", "tell", "read", "provide", "share", "text",
              "reply with", "submit", "kirim", "kirimkan", "berikan", "beri", "beritahu",
              "sebutkan", "bagikan", "hantar", "kongsi", "gửi", "cung cấp", "đọc", "báo")
CODE_NOUNS = ("code", "codes", "otp", "pin", "passcode", "password", "tac", "kode", "kod",
              "sandi", "kata sandi", "kata laluan", "mã", "mật khẩu")
NEGATIONS = ("not", "never", "don't", "don’t", "dont", "jangan", "jgn", "usah", "tidak",
             "tak", "không", "đừng", "chớ")
SHARE_VERBS = ("share", "disclose", "give", "tell", "send", "forward", "reveal",
               "provide", "berikan", "bagikan", "beritahu", "memberikan", "sebarkan",
               "kongsi", "dedahkan", "beri", "chia sẻ", "cung cấp", "tiết lộ", "gửi",
               "đưa")
WITHIN = ("within", "dalam", "trong", "trong vòng")
TIME_UNITS = ("hours", "hour", "h", "hrs", "hr", "minutes", "minute", "mins", "min",
              "days", "day", "jam", "menit", "minit", "hari", "giờ", "tiếng", "phút",
              "ngày")
MESSAGING_HOSTS = frozenset(("t.me", "telegram.me", "telegram.dog", "wa.me", "wa.link",
                             "api.whatsapp.com", "chat.whatsapp.com", "line.me",
                             "lin.ee", "zalo.me", "u.wechat.com", "weixin.qq.com"))
CJK_NUMERALS = "零一二两三四五六七八九十百千"
