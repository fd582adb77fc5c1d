# ruff: noqa: E501  (message templates read better unbroken)
"""Message templates for the labelled corpus, by label, language and category.

Placeholders: ``{link}`` ``{handle}`` ``{phone}`` ``{wallet}`` ``{account}`` ``{amount}``
``{code}`` ``{brand}`` ``{bank}`` ``{tail}`` ``{balance}`` ``{tracking}`` ``{time}``
``{date}`` ``{name}`` ``{hotline}`` ``{place}`` ``{salary}``. Legitimate templates
deliberately reuse scam vocabulary (验证码, 诈骗, transfer, refund, police) and scam
templates borrow legitimate formats (bank headers, delivery notices), so a classifier
cannot key on a single token.
"""

from __future__ import annotations

__all__ = ["LEGIT", "PREFIXES", "SCAM", "SUFFIXES"]

# Shared by both labels, so neither a greeting nor an opt-out line gives the label away.
PREFIXES: dict[str, tuple[str, ...]] = {
    "zh": ("", "", "", "【温馨提示】", "您好，", "亲，", "[通知] ", "在吗？", "{name}，"),
    "en": ("", "", "", "Hi, ", "Hello {name}, ", "Dear customer, ", "[Notice] ", "FYI: "),
    "th": ("", "", "", "สวัสดีค่ะ ", "เรียนลูกค้า ", "แจ้งเตือน: ", "{name} ", "ด่วน! "),
}
SUFFIXES: dict[str, tuple[str, ...]] = {
    "zh": ("", "", "", " 退订回T", "😊", "！", " 谢谢", " 回复1了解详情", "~"),
    "en": ("", "", "", " Reply STOP to opt out.", " :)", "!", " Thanks.", " Reply 1 for details."),
    "th": ("", "", "", " ขอบคุณค่ะ", " 🙏", "!!", " ยกเลิกกด *137", " ตอบกลับ 1"),
}

SCAM: dict[str, dict[str, tuple[str, ...]]] = {
    "zh": {
        "investment": ("老师今天带单，跟上就是稳赚，进群领取内部策略：{link}",
                       "【内部消息】数字货币新项目上线，日收益8%，注册地址 {link} 联系助理{handle}",
                       "恭喜您获得VIP投资名额，充值{amount}元即送体验金，客服电报{handle}",
                       "您好，我是李老师的助理，今天的牛股已经发群里了，加我微信{handle}领取"),
        "romance": ("亲爱的，我在迪拜的项目只差最后一步，你先帮我在{link}充值{amount}，回国就还你",
                    "宝贝，平台显示你的账户有收益，按我说的操作就能提现，别告诉别人哦"),
        "impersonation": ("【公安局】您的身份证涉嫌一起洗钱案件，请立即联系办案民警{phone}，否则将冻结名下账户",
                          "这里是市检察院，您涉嫌非法集资，请将资金转入安全账户{account}配合调查",
                          "【通知】您的医保卡异常，详情请点击 {link} 核实，逾期将停用"),
        "customer_service": ("【{brand}】您购买的商品质量问题，现为您办理双倍退款，请联系客服{phone}",
                             "您好，我是{brand}客服，您误开通了会员，每月扣费{amount}元，取消请点 {link}",
                             "【快递理赔】您的包裹已丢失，可获赔偿{amount}元，添加客服微信{handle}办理"),
        "task_job": ("在家兼职，点赞关注一单3元，日结200+，加导师{handle}",
                     "招聘刷单员，时间自由，佣金秒返，下载APP：{link}",
                     "【兼职】抖音点赞任务，动动手指日赚500，联系{handle}"),
        "loan": ("无抵押秒批贷款，最高50万，不看征信，申请入口{link}",
                 "您的贷款已审批通过，因银行卡号填写错误被冻结，请联系{phone}解冻"),
        "shopping": ("品牌手机清仓价{amount}元，仅限今天，下单链接 {link}",
                     "微商代购正品包包一折，加我{handle}看实拍"),
        "prize": ("恭喜您被抽中二等奖，奖品为现金{amount}元，领取请访问{link}",
                  "【抖音】您获得幸运大奖，请添加客服{handle}领取，需先缴纳手续费"),
        "sextortion": ("你的视频我已经录下来了，不想发到你通讯录就转{amount}到{wallet}",
                       "看看你自己的样子，24小时内联系{handle}，否则全网公开"),
        "gambling": ("百家乐真人在线，首充送100%，提款秒到，官网 {link}",
                     "老虎机爆分技巧，跟着导师玩稳赢，入群加{handle}",
                     "体育博彩推荐，今晚稳单，充值USDT地址 {wallet}"),
        "kidnapping_ransom": ("你儿子在我们手上，准备{amount}元，打到这个账户{account}，不许报警",
                              "想要人回去就付赎金，USDT转到{wallet}，联系{handle}"),
        "job_lure": ("泰国高薪招聘客服，月薪3万起，包吃住包机票，联系{handle}",
                     "海外游戏推广，不需要经验，月入5万，有意加{handle}，护照我们办"),
    },
    "en": {
        "investment": ("Hi dear, my uncle is a crypto analyst, today's signal is 100% profit. Register: {link}",
                       "Exclusive USDT staking pool, 3% daily return, guaranteed. Join {handle} on Telegram",
                       "Congratulations! Your trading account got a bonus of {amount} USD. Withdraw at {link}"),
        "romance": ("Darling I miss you so much. The customs need {amount} to release my package to you, pls send to {account}",
                    "Baby, I can't access my funds from the rig, can you help me buy USDT and send to {wallet}?"),
        "impersonation": ("This is the police cyber unit. Your bank account is linked to a drug case. Call {phone} immediately.",
                          "Immigration notice: your visa is cancelled. To avoid arrest verify at {link}"),
        "customer_service": ("{brand}: your parcel could not be delivered due to incomplete address. Update here: {link}",
                             "Dear customer, your {brand} account is locked. Contact our support {phone} to unlock."),
        "task_job": ("Part-time job: like YouTube videos and earn 50-500 USD/day. WhatsApp {phone}",
                     "Hello, I'm a recruiter from an e-commerce company. Simple tasks, daily pay. Add {handle}"),
        "loan": ("Instant loan approved up to 50,000. No documents needed. Apply: {link}",),
        "shopping": ("Flash sale! iPhone only {amount}. Limited stock, order at {link}",),
        "prize": ("You have won a lucky draw prize of {amount}! Claim at {link} before midnight.",
                  "Congratulations, your number was selected. Contact {handle} to receive your reward."),
        "sextortion": ("I have your video. Pay {amount} in USDT to {wallet} or I send it to all your friends.",),
        "gambling": ("Online casino, 200% welcome bonus, fast withdraw. Play now {link}",
                     "Baccarat VIP room open, deposit via USDT {wallet}, agent {handle}"),
        "kidnapping_ransom": ("We have your brother. Send {amount} to {wallet} in 48 hours or you will not see him again.",),
        "job_lure": ("Job in Thailand, customer service, salary {salary}, free flight and hotel. Contact {handle}",
                     "Casino marketing staff needed in {place}, no experience, high commission. Apply {handle}"),
    },
    "th": {
        "investment": ("ลงทุนหุ้นกับโค้ชมืออาชีพ กำไรวันละ 10% สมัครเลย {link}",
                       "กลุ่มเทรดคริปโต VIP รับสมาชิกจำกัด แอดไลน์ {handle}"),
        "romance": ("ที่รัก ผมส่งของขวัญมาให้ แต่ต้องจ่ายค่าภาษี {amount} บาท โอนเข้า {account} นะครับ",),
        "impersonation": ("ตำรวจไซเบอร์แจ้ง บัญชีของท่านพัวพันการฟอกเงิน กรุณาติดต่อ {phone} ด่วน",
                          "การไฟฟ้าแจ้งคืนเงินประกันมิเตอร์ กดลิงก์ {link} เพื่อรับเงิน"),
        "customer_service": ("{brand} แจ้ง: คำสั่งซื้อของคุณมีปัญหา รับเงินคืนได้ที่ {link}",
                             "พัสดุของท่านตกค้าง กรุณาชำระค่าธรรมเนียมที่ {link} ติดต่อ {phone}"),
        "task_job": ("งานออนไลน์ กดไลก์รับเงิน วันละ 500-3000 บาท แอดไลน์ {handle}",),
        "loan": ("สินเชื่อด่วน อนุมัติไว ไม่เช็คบูโร สมัคร {link}",),
        "shopping": ("โปรแรง! มือถือลด 90% เหลือ {amount} บาท สั่งซื้อ {link}",),
        "prize": ("ยินดีด้วย คุณได้รับรางวัลเงินสด {amount} บาท ติดต่อรับรางวัล {handle}",),
        "sextortion": ("คลิปของคุณอยู่ที่เรา โอน {amount} บาทเข้า {account} ไม่งั้นจะส่งให้ทุกคน",),
        "gambling": ("เว็บตรง ไม่ผ่านเอเย่นต์ ฝาก-ถอน ออโต้ สมัครรับโบนัส 100% {link}",
                     "บาคาร่าออนไลน์ สล็อตแตกง่าย แอดไลน์ {handle}"),
        "kidnapping_ransom": ("ถ้าอยากให้ลูกกลับบ้าน โอน {amount} บาทเข้าบัญชี {account} ห้ามแจ้งตำรวจ",),
        "job_lure": ("รับสมัครแอดมินทำงานต่างประเทศ เงินเดือน {salary} มีที่พักฟรี ติดต่อ {handle}",),
    },
}

LEGIT: dict[str, dict[str, tuple[str, ...]]] = {
    "zh": {
        "otp": ("【{bank}】验证码 {code}，5分钟内有效，请勿泄露给他人。",
                "您的登录验证码为{code}，如非本人操作请忽略。工作人员不会向您索取验证码。",
                "【{brand}】验证码：{code}，用于修改密码，10分钟内有效。"),
        "bank_notice": ("【{bank}】您尾号{tail}的储蓄卡{date}{time}收入人民币{amount}元，余额{balance}元。",
                        "【{bank}】您尾号{tail}的账户{date}转账支出{amount}元，如有疑问请致电官方客服。"),
        "delivery": ("【顺丰速运】您的快件{tracking}已到达驿站，请凭取件码{code}领取。",
                     "【京东物流】您的订单已发货，运单号{tracking}，预计明天送达。"),
        "official_warning": ("【国家反诈中心】提醒您：凡是自称客服要求退款、刷单返利的都是诈骗！如有疑问请拨打{hotline}。",
                             "【反诈提醒】公检法机关不会通过电话办案，更没有“安全账户”，接到类似电话请立即挂断并拨打{hotline}。",
                             "警方提示：近期出现冒充快递理赔诈骗，请勿点击陌生链接，不要向陌生账户转账。"),
        "appointment": ("【市人民医院】您已预约{date}{time}门诊，请提前30分钟到院取号。",
                        "{name}您好，您的车辆保养预约在{date}，请准时到店。"),
        "family": ("妈，我晚上回家吃饭，帮我留点汤。", "爸，周末我带孩子回来看你们。",
                   "{name}，明天几点去机场接你？", "钱收到了吗？我刚从银行转了{amount}给你交学费。",
                   "{date}是奶奶生日，{time}在老地方吃饭，别迟到。", "{name}，你的快递我帮你拿了，放门口了。",
                   "今晚{time}开家长会，你去还是我去？", "我到了，在{brand}门口等你。"),
        "marketing": ("【{brand}】双十一预售开启，会员领券满300减50，退订回T。",),
    },
    "en": {
        "otp": ("Your {bank} verification code is {code}. Do not share this code with anyone, including bank staff.",
                "{code} is your login code. It expires in 5 minutes."),
        "bank_notice": ("{bank}: A transfer of {amount} from account ending {tail} was made on {date}. Balance {balance}.",),
        "delivery": ("Your parcel {tracking} is out for delivery today between {time}.",
                     "Package {tracking} has been delivered. Thank you for shopping with {brand}."),
        "official_warning": ("POLICE WARNING: scammers pretend to be police or bank staff. Never transfer money to a 'safe account'. Report scams to {hotline}.",
                             "Beware of fake job offers abroad in scam compounds. Call {hotline} if someone you know is held.",
                             "Reminder from the embassy: verify any overseas job offer before travelling."),
        "appointment": ("Reminder: your appointment at the clinic is on {date} at {time}.",
                        "Hi {name}, your visa interview is scheduled for {date}. Bring your passport."),
        "family": ("Mum I'll be home late, don't wait for dinner", "Did you send the money for the rent? I paid my half.",
                   "{name} are we still meeting at {time}?", "Happy birthday grandma! See you on Sunday.",
                   "Picked up your parcel {tracking}, it's on the table.", "{name}, dinner at {time} on {date}?",
                   "Sent you {amount} for the school trip, tell me when you get it."),
        "marketing": ("{brand} members: enjoy 20% off this weekend in store. Reply STOP to opt out.",),
    },
    "th": {
        "otp": ("รหัส OTP ของคุณคือ {code} (Ref: {tail}) ใช้ภายใน 5 นาที ห้ามเปิดเผยรหัสนี้แก่ผู้อื่น",
                "{bank}: รหัสยืนยัน {code} สำหรับเข้าสู่ระบบ"),
        "bank_notice": ("{bank}: เงินเข้าบัญชี x{tail} จำนวน {amount} บาท วันที่ {date} คงเหลือ {balance} บาท",),
        "delivery": ("Kerry Express: พัสดุ {tracking} กำลังนำส่ง โปรดเตรียมรับสินค้า",
                     "พัสดุหมายเลข {tracking} ถึงสาขาปลายทางแล้ว"),
        "official_warning": ("ศูนย์ต่อต้านการฉ้อโกงออนไลน์เตือน! ระวังมิจฉาชีพแอบอ้างเป็นตำรวจหรือธนาคาร หากถูกหลอกโทร {hotline}",
                             "ตำรวจไซเบอร์เตือน อย่ากดลิงก์แปลก อย่าโอนเงินให้คนที่ไม่รู้จัก แจ้งเหตุ {hotline}"),
        "appointment": ("โรงพยาบาลแจ้งนัดหมาย วันที่ {date} เวลา {time} กรุณามาก่อนเวลา 30 นาที",),
        "family": ("แม่ เย็นนี้กินข้าวบ้านนะ", "{name} พรุ่งนี้ไปรับที่สนามบินกี่โมง", "โอนค่าเทอมให้แล้วนะลูก {amount} บาท",
                   "{name} วันที่ {date} เจอกัน {time} ที่เดิมนะ", "ถึงบ้านแล้วโทรหาแม่ด้วย", "รับพัสดุ {tracking} ให้แล้วนะ"),
        "marketing": ("{brand} ลดกระหน่ำ 9.9 ช้อปเลย ยกเลิกรับข่าวสารกด *137",),
    },
}
