# ruff: noqa: E501  (message templates read better unbroken)
"""Vietnamese and English templates.

Vietnamese carries its diacritics (precomposed, NFC). English speaks to readers in
Singapore, Malaysia, the Philippines and Thailand (a region is drawn per message
for currencies, banks, phones and hotlines), with the local words people type
(makan, IC, NRIC, CTOS). Placeholders are listed in :mod:`multilingual_templates`.
"""

from __future__ import annotations

__all__ = ["LEGIT", "SCAM"]

SCAM: dict[str, dict[str, tuple[str, ...]]] = {
    "vi": {
        "investment": (
            "📈 Chuyên gia chứng khoán chia sẻ mã tăng trần miễn phí mỗi ngày, thành viên nhóm lãi trung bình {pct}%/tuần. Kết bạn Zalo {phone} để vào nhóm VIP",
            "Chào anh/chị, em là trợ lý của thầy Phạm. Tối nay 20h thầy livestream phân tích cổ phiếu, vào nhóm miễn phí tại {link}",
            "Đầu tư USDT trên sàn quốc tế, lợi nhuận {pct}% mỗi ngày, rút tiền bất cứ lúc nào. Nạp tối thiểu {amount}. Đăng ký: {link}",
            "Anh ơi em vừa lãi {big} nhờ sàn này, sàn của công ty chú em nên chắc chắn uy tín, anh thử xem nhé {link}",
        ),
        "romance": (
            "Em yêu, anh gửi quà từ Mỹ về cho em nhưng bị giữ ở hải quan, cần đóng thuế {amount} trước, em chuyển vào STK {account} giúp anh nhé ❤️",
            "Nhớ anh quá. Hôm nay sàn có kênh nội bộ, anh thử nạp {amount} trước đi, có lãi rồi mình đi {city} chơi nha",
            "Anh đang làm kỹ sư trên giàn khoan, muốn về gặp em lắm nhưng phải đóng phí nghỉ phép {amount}, em giúp anh trước được không?",
        ),
        "impersonation": (
            "Công an {city} thông báo: tài khoản của ông/bà liên quan đến đường dây rửa tiền, số hồ sơ {ref}. Đề nghị liên hệ cán bộ thụ lý {phone} trong hôm nay, nếu không sẽ bị khởi tố.",
            "Viện kiểm sát thông báo: tên của bạn bị dùng để mở tài khoản cho đường dây lừa đảo. Bạn phải chuyển toàn bộ tiền vào tài khoản tạm giữ {account} để chứng minh trong sạch.",
            "[Nhà mạng] Thuê bao của quý khách chưa chuẩn hóa thông tin, sẽ bị khóa 2 chiều sau 24h. Bấm phím 9 hoặc gọi {phone} để được hỗ trợ.",
            "Cục Hải quan: bưu kiện quốc tế {tracking} của bạn có hàng cấm, vui lòng liên hệ cán bộ {phone} gấp để giải trình.",
            "[EVN] Quý khách được hoàn tiền điện {amount} do tính sai giá. Vui lòng xác nhận thông tin tại {link} trong hôm nay.",
            "{bank}: Tài khoản của quý khách tạm khóa do chưa cập nhật sinh trắc học. Vui lòng cập nhật tại {link} trong 24h để tránh gián đoạn.",
            "{wallet} cảnh báo: tài khoản đăng nhập trên thiết bị lạ. Nếu không phải bạn, hãy xác minh ngay tại {link}",
            "{bank} tri ân khách hàng: điểm thưởng của quý khách đổi được {fee} tiền mặt, hết hạn hôm nay, nhận tại {link}",
            "Xin lỗi bạn, mình lỡ gửi nhầm mã OTP vào số của bạn, bạn đọc giúp mình 6 số đó với được không, gấp lắm ạ 🙏",
            "{name} ơi, mình đổi số mới rồi. Lát nữa có mã xác nhận Zalo gửi về máy bạn, chụp màn hình gửi mình nhé",
            "KHẨN: Tòa án nhân dân gửi giấy triệu tập do bạn nợ quá hạn thẻ tín dụng. Xem chi tiết hồ sơ tại {link}",
            "[Bộ Công an] Tài khoản định danh VNeID của bạn sắp bị khóa, cập nhật lại thông tin tại {link}",
        ),
        "customer_service": (
            "{brand}: đơn hàng của bạn gặp lỗi chất lượng, shop sẽ hoàn tiền gấp đôi. Vui lòng kết bạn Zalo nhân viên {phone} để nhận.",
            "Kính gửi quý khách, hệ thống {brand} trừ tiền trùng {amount}. Vui lòng điền thông tin tài khoản để nhận hoàn tiền tại {link}",
            "{courier}: đơn hàng {tracking} giao không thành công do sai địa chỉ. Vui lòng thanh toán phí giao lại {fee} tại {link}",
            "Bưu kiện của bạn bị thất lạc trong quá trình vận chuyển, công ty sẽ bồi thường {amount}. Liên hệ bộ phận khiếu nại Telegram {handle}",
        ),
        "loan": (
            "Vay tiền online duyệt 5 phút, không thẩm định, không cần thế chấp, hạn mức đến {big}. Đăng ký ngay {link}",
            "Chúc mừng! Khoản vay {big} của bạn đã được duyệt nhưng sai số tài khoản, cần đóng phí mở khóa {fee} trước khi giải ngân. LH {phone}",
            "Cần tiền gấp? Nợ xấu vẫn vay được, chuyển phí hồ sơ {fee} là giải ngân trong ngày. Zalo {phone}",
        ),
        "task_job": (
            "Việc làm thêm tại nhà: like, follow TikTok nhận {fee}/nhiệm vụ, thu nhập 300-800k/ngày. Liên hệ Telegram {handle}",
            "Tuyển CTV đánh giá sản phẩm {brand}, ứng tiền trước hoàn lại kèm hoa hồng 20%, làm đủ 5 nhiệm vụ thưởng {fee} 👉 {link}",
            "Bạn đang rảnh? Việc online chỉ cần điện thoại, rút tiền mỗi ngày, không cần vốn. Nhắn ngay {handle}",
        ),
        "job_lure": (
            "Tuyển nhân viên chăm sóc khách hàng làm việc tại {place}, lương {salary}, không cần kinh nghiệm, bao vé máy bay, ăn ở. Liên hệ {handle}",
            "Công ty game online ở {place} tuyển nhân viên gõ chữ, lương {salary}, xuất cảnh tuần sau, làm hộ chiếu miễn phí. Gọi {phone}",
            "Việc nhẹ lương cao {salary}, có xe đưa đón qua biên giới, chỉ cần biết dùng điện thoại. Inbox {handle}, số lượng có hạn",
        ),
        "gambling": (
            "🎰 Nhà cái uy tín số 1 châu Á, nạp rút tự động 30 giây, thành viên mới thưởng 100%. Chơi ngay {link}",
            "Nổ hũ dễ, baccarat trực tiếp, nạp ít cũng chơi được, tặng {fee} tiền cược miễn phí. Zalo {phone}",
            "Cá độ bóng đá online tỷ lệ cao nhất, hoàn trả 10% tiền thua mỗi tuần, đăng ký hôm nay {link}",
        ),
        "prize": (
            "Chúc mừng! Số điện thoại của bạn trúng thưởng chương trình tri ân {telco} trị giá {big}. Xác nhận trước {date} tại {link}",
            "Bạn là khách hàng may mắn trúng xe máy từ chương trình của {brand}, cần đóng thuế {fee} trước khi nhận giải, liên hệ {phone}",
        ),
        "sextortion": (
            "Clip lúc gọi video của mày tao giữ hết rồi, không muốn bạn bè Facebook thấy thì chuyển {amount} vào {account} trong tối nay",
        ),
        "kidnapping_ransom": (
            "Con trai mày đang ở chỗ tao, chuẩn bị {big} chuyển vào tài khoản {account}, báo công an thì đừng trách",
            "Em gái bạn đang nợ công ty ở {place}, muốn nó về nhà thì chuộc {big}, chuyển USDT vào ví {usdt}",
        ),
        "shopping": (
            "iPhone chính hãng giá sỉ {amount}, chỉ còn 5 máy, chuyển khoản đặt cọc trước rồi ship. Zalo {phone}",
        ),
    },
    "en": {
        "investment": (
            "📈 Our stock mentor shares FREE signals daily. Members made {pct}% last week! Add WhatsApp {phone} to join the VIP group before it closes.",
            "Hi, I'm Prof. Lim's assistant. He is doing a live stock analysis tonight at 8pm, join our free group here: {link}",
            "Earn {pct}% DAILY with our AI crypto arbitrage bot. Guaranteed returns, withdraw anytime. Minimum deposit {amount}. Register {link}",
            "Bro I just made {big} on this platform, my uncle's company runs it so it's legit. Try it {link}",
        ),
        "romance": (
            "Babe, I sent you a gift box from London but customs is holding it. Need {amount} clearance fee first, pls transfer to {account} ❤️",
            "Miss you dear. The platform opened a special channel today, top up {amount} first, when we profit we go {city} together ok",
            "I'm an engineer on an offshore oil rig, I want to come see you but I must pay {amount} leave fee. Can you help me first?",
        ),
        "impersonation": (
            "This is the Commercial Affairs Department. Your bank account is linked to a money laundering case {ref}. Call Inspector Tan at {phone} today or a warrant will be issued.",
            "MAS NOTICE: Your identity was used to open mule accounts. To prove your innocence, transfer all your funds to the safe account {account} for verification.",
            "[IMDA] Your mobile line will be terminated in 2 hours due to fraudulent SMS. Press 9 to speak to an officer or call {phone}.",
            "CUSTOMS: Your parcel {tracking} contains prohibited items. Contact the officer at {phone} immediately to avoid prosecution.",
            "{bank}: Your account has been suspended due to incomplete verification. Update your details at {link} within 24 hours.",
            "{wallet} ALERT: New device login detected. If this was not you, secure your account now at {link}",
            "Dear {bank} customer, your reward points can be redeemed for {fee} cash. Expires today, claim at {link}",
            "Sorry, I sent an OTP to your number by mistake. Can you send me the 6 digits? It's really urgent 🙏",
            "Hey {name}, it's me, new number. You'll get a WhatsApp verification code in a sec, pls forward it to me",
            "URGENT: The court has issued a summons for your unpaid credit card debt. View your case file at {link}",
            "LTA: You have an outstanding traffic fine. Pay within 24 hours to avoid licence suspension: {link}",
        ),
        "customer_service": (
            "{brand}: There is a quality issue with your order and we will refund you double. Please contact our agent on WhatsApp {phone}.",
            "Dear customer, {brand} charged you twice for {amount}. Fill in your bank details to receive the refund: {link}",
            "{courier}: Your parcel {tracking} could not be delivered due to an incomplete address. Pay {fee} redelivery fee at {link}",
            "Your parcel was lost in transit. Our company will compensate you {amount}. Contact our claims team on Telegram {handle}",
        ),
        "loan": (
            "Instant loan approved in 5 mins! No CTOS check, no guarantor, up to {big}. Apply now {link}",
            "Congrats! Your {big} loan is approved but the account number is wrong. Pay {fee} unlock fee first to release the funds. Call {phone}",
            "Need cash fast? Blacklisted also can! Transfer {fee} processing fee and get your money today. WhatsApp {phone}",
        ),
        "task_job": (
            "Part-time job from home! Like & follow TikTok videos, earn {fee} per task, {amount} a day. Telegram {handle}",
            "Hiring product reviewers: prepay orders, get refunded with 20% commission. Complete 5 tasks for a {fee} bonus 👉 {link}",
            "Free now? Online job using only your phone, daily withdrawal, no capital needed. DM {handle}",
        ),
        "job_lure": (
            "Hiring customer service in {place}, salary {salary}, no experience needed, FREE flight ticket, food and accommodation. Contact {handle}",
            "Online gaming company in {place} looking for typists, {salary}/month, depart next week, passport processing free. Call {phone}",
            "EASY JOB HIGH PAY {salary}, transport provided across the border, just need to know how to use a phone. Message {handle}, limited slots",
        ),
        "gambling": (
            "🎰 No.1 trusted online casino, auto deposit/withdraw in 30 seconds, 100% welcome bonus. Play now {link}",
            "Slots easy jackpot, live baccarat, small deposit can play, free credit {fee}! WhatsApp {phone}",
            "Football betting online best odds, 10% rebate on losses every week. Register today {link}",
        ),
        "prize": (
            "Congratulations! Your number won the {telco} anniversary lucky draw worth {big}. Verify before {date} at {link}",
            "You are our lucky winner of an iPhone from {brand}! Pay {fee} delivery & tax to receive it. Contact {phone}",
        ),
        "sextortion": (
            "I have the recording of our video call. Don't want your Facebook friends to see it? Send {amount} to {account} tonight.",
        ),
        "kidnapping_ransom": (
            "Your son is with us. Prepare {big} and transfer to {account}. Call the police and you will never see him again.",
            "Your sister owes our company in {place}. If you want her back home, pay {big} in USDT to {usdt}",
        ),
        "shopping": (
            "Brand new iPhone wholesale price {amount}, only 5 units left. Pay deposit first then we ship. WhatsApp {phone}",
        ),
    },
}

LEGIT: dict[str, dict[str, tuple[str, ...]]] = {
    "vi": {
        "otp": (
            "Mã OTP của quý khách là {code}, có hiệu lực trong 5 phút. Tuyệt đối KHÔNG cung cấp mã này cho bất kỳ ai, kể cả nhân viên ngân hàng.",
            "{wallet}: Mã xác thực của bạn là {code}. Không chia sẻ mã này với bất kỳ ai để tránh bị lừa đảo.",
            "{brand}: Mã xác minh số điện thoại của bạn là {code}. Nếu không phải bạn yêu cầu, vui lòng bỏ qua tin nhắn.",
            "<#> {code} là mã đăng nhập Zalo của bạn. Không cung cấp mã cho người khác.",
        ),
        "bank_notice": (
            "{bank}: TK ***{tail} -{exact} lúc {time} {date}. Số dư: {balance}. ND: chuyển tiền",
            "{bank}: Quý khách đã chuyển khoản thành công {exact} đến {name}, STK ***{tail}. Nếu không phải quý khách thực hiện, vui lòng gọi tổng đài ngân hàng.",
            "{bank}: Sao kê thẻ tín dụng kỳ này {exact}, hạn thanh toán {date}. Quý khách có thể thanh toán qua ứng dụng.",
        ),
        "salary": (
            "{bank}: TK ***{tail} +{exact} lúc {time} {date}. ND: CONG TY TRA LUONG. Số dư {balance}",
            "Thông báo: lương tháng này đã được chuyển vào tài khoản của mọi người. Phiếu lương xem trên hệ thống HR, thắc mắc liên hệ {name} phòng nhân sự.",
        ),
        "ewallet": (
            "{wallet}: Nạp tiền điện thoại thành công {fee}. Số dư ví {amount}. Mã giao dịch {order}.",
            "Bạn vừa nhận {amount} từ {name} qua {wallet}. Lời nhắn: tiền ăn trưa nhé",
        ),
        "delivery": (
            "{courier}: Đơn hàng {tracking} sẽ được giao trong hôm nay, shipper sẽ gọi trước khi đến. Vui lòng giữ máy.",
            "{brand}: Đơn hàng {order} của bạn đã được giao cho {courier}, mã vận đơn {tracking}.",
            "Bưu phẩm {tracking} đã đến bưu cục {city}, quý khách mang CCCD đến nhận trong 7 ngày.",
            "Tài xế {brand} đang giao đồ ăn cho bạn, dự kiến đến lúc {time}.",
        ),
        "appointment": (
            "Bệnh viện {city}: Quý khách có lịch khám ngày {date} lúc {time}. Vui lòng đến trước 30 phút và mang theo thẻ BHYT.",
            "Nhắc lịch: họp giao ban lúc {time} ngày mai tại phòng họp tầng 5, ai bận báo {name} nhé.",
            "Nha khoa: {name} có lịch lấy cao răng {date} lúc {time}, nếu muốn đổi lịch vui lòng gọi lại.",
        ),
        "official_warning": (
            "Bộ Công an cảnh báo: Công an không làm việc qua điện thoại và không yêu cầu chuyển tiền vào tài khoản tạm giữ. Nghi ngờ lừa đảo, gọi {hotline}.",
            "CẢNH BÁO: Việc nhẹ lương cao, làm nhiệm vụ like đơn phải nạp tiền trước đều là lừa đảo. Kiểm tra tại chongluadao.vn",
            "{bank} KHÔNG gửi tin nhắn kèm đường link yêu cầu cập nhật thông tin. Quý khách tuyệt đối không bấm vào link lạ.",
            "Cục Viễn thông: cảnh giác với cuộc gọi giả danh nhà mạng dọa khóa SIM. Nhà mạng không yêu cầu bấm phím để chuẩn hóa thuê bao.",
        ),
        "telecom": (
            "{telco}: Cước tháng này của quý khách là {fee}, hạn thanh toán {date}. Tra cứu soạn TC gửi {short}.",
            "{telco}: Quý khách đã sử dụng 80% dung lượng data. Đăng ký thêm gói 5GB, soạn MI5 gửi {short}.",
            "{telco}: Nạp thẻ thành công {fee}. Tài khoản chính của quý khách có hạn đến {date}.",
        ),
        "family": (
            "Mẹ ơi, hôm nay con về muộn, cả nhà cứ ăn cơm trước đi ạ.",
            "{name} ơi, thứ Bảy đi ăn lẩu không? Quán cũ nhé",
            "Chúc mừng năm mới! Chúc cả nhà an khang thịnh vượng, vạn sự như ý 🧧",
            "Bố ơi con đến {city} rồi, đi đường an toàn, bố mẹ đừng lo.",
            "{name}, tiền {fee} hôm qua mượn mình chuyển lại rồi nhé, check giúp mình",
            "Chị ơi, chiều nay đón cháu ở trường giúp em được không, em họp muộn.",
        ),
        "marketing": (
            "{brand} sale 9.9 giảm đến 50%, lưu mã giảm giá ngay trên ứng dụng.",
            "{brand}: Voucher {fee} của bạn sẽ hết hạn vào {date}, đừng quên sử dụng nhé!",
        ),
        "travel": (
            "Xác nhận đặt vé: chuyến bay {flight} ngày {date}. Quý khách vui lòng làm thủ tục trước giờ khởi hành 2 tiếng.",
            "Vé xe khách đi {city}, ngày {date}, {time}, ghế số 12. Vui lòng có mặt trước 15 phút.",
            "Chuyến bay {flight} bị hoãn, dự kiến cất cánh lúc {time}. Xin lỗi quý khách vì sự bất tiện này.",
        ),
        "utility": (
            "EVN: Tiền điện kỳ này của quý khách là {fee}, hạn thanh toán {date}. Có thể thanh toán qua {wallet}.",
            "Cấp nước {city}: Hóa đơn tiền nước {fee} đã được trích nợ tự động thành công. Cảm ơn quý khách.",
        ),
        "public_notice": (
            "Trạm y tế phường thông báo: tiêm vắc xin sởi miễn phí cho trẻ dưới 5 tuổi vào {date}, phụ huynh mang theo sổ tiêm.",
            "Thông báo: từ {date}, người dân có thể nộp hồ sơ trực tuyến trên Cổng dịch vụ công, không cần đến trực tiếp.",
        ),
        "work": (
            "{name} ơi, báo giá mình gửi qua email rồi, nhớ kiểm tra lại số tài khoản trước khi chuyển khoản cho khách nhé.",
        ),
        "school": (
            "Nhà trường thông báo: chiều thứ Sáu tổ chức diễn tập phòng cháy chữa cháy, phụ huynh nhắc các con mặc đồ thể dục.",
        ),
    },
    "en": {
        "otp": (
            "Your OTP is {code}. It expires in 5 minutes. NEVER share this code with anyone, including bank staff.",
            "{wallet}: {code} is your verification code. Do not share it with anyone. We will never ask for your code.",
            "{brand}: Your verification code is {code}. If you did not request this, please ignore this message.",
            "<#> {code} is your WhatsApp code. Don't share it with anyone.",
        ),
        "bank_notice": (
            "{bank}: A transfer of {exact} from your account ending {tail} was made on {date} {time}. If unauthorised, call the number on the back of your card.",
            "{bank}: You have successfully transferred {exact} to {name}, acct ending {tail}.",
            "{bank}: Your credit card statement balance is {exact}, payment due {date}. Pay via the app anytime.",
        ),
        "salary": (
            "{bank}: Salary credit of {exact} received in account ending {tail} on {date}. Available balance {balance}.",
            "Hi all, this month's salary has been credited. Payslips are on the HR portal, any questions pls ask {name}.",
        ),
        "ewallet": (
            "{wallet}: Top-up of {fee} successful. Wallet balance {amount}. Ref {order}.",
            "You received {amount} from {name} via {wallet}. Message: lunch money",
        ),
        "delivery": (
            "{courier}: Your parcel {tracking} is out for delivery today. The driver will call before arriving.",
            "{brand}: Your order {order} has been shipped with {courier}, tracking no. {tracking}.",
            "Your item {tracking} is ready for collection at the post office. Bring your ID within 7 days.",
            "Your {brand} rider is on the way, estimated arrival {time}.",
        ),
        "appointment": (
            "Reminder: your appointment at {city} General Hospital is on {date} at {time}. Please arrive 30 mins early with your IC.",
            "Team meeting tomorrow {time} at level 5 meeting room. Pls inform {name} if you can't make it.",
            "Dental clinic: {name}, you have a scaling appointment on {date} at {time}. Call us to reschedule.",
        ),
        "official_warning": (
            "POLICE ADVISORY: The police will NEVER ask you to transfer money to a 'safe account' over the phone. If in doubt, call {hotline}.",
            "SCAM ALERT: Jobs that pay you to like videos but ask you to top up first are scams. Don't fall for it. Call {hotline}.",
            "{bank} will never send you SMS with clickable links asking for your details. Don't click on links from unknown sources.",
            "Beware of job offers abroad with high pay and free flights. They may be human trafficking. Check with {hotline} before you go.",
        ),
        "telecom": (
            "{telco}: Your bill of {fee} is due on {date}. Pay via the app or dial {short}.",
            "{telco}: You've used 80% of your data. Add 5GB for 7 days, dial {short}.",
            "{telco}: Welcome to roaming! For help call {short}, free from overseas.",
        ),
        "family": (
            "Mum I'll be home late tonight, don't wait for me for dinner.",
            "{name} wanna go makan this Sat? Same place as last time",
            "Happy New Year! Wishing you and your family good health and happiness 🎉",
            "Dad, reached {city} safely. All good, don't worry.",
            "{name}, transferred back the {fee} I borrowed yesterday, pls check",
            "Sis can you pick up the kids from school today? My meeting ends late.",
        ),
        "marketing": (
            "{brand} 9.9 sale up to 70% off! Collect your vouchers in the app now.",
            "{brand}: Your {fee} voucher expires on {date}. Don't forget to use it!",
        ),
        "travel": (
            "Booking confirmed: flight {flight} on {date}. Please check in at least 2 hours before departure.",
            "Bus ticket confirmed: {city}, {date} {time}, seat 12. Please arrive 15 mins before departure.",
            "Flight {flight} is delayed, new departure time {time}. We apologise for the inconvenience.",
        ),
        "utility": (
            "Your electricity bill of {fee} is due on {date}. Pay via {wallet} or at any post office.",
            "Your water bill of {fee} has been auto-debited successfully. Thank you.",
        ),
        "public_notice": (
            "MOH: Free flu vaccination for seniors aged 65 and above at your nearest polyclinic.",
            "Polling day is {date}, 8am to 8pm. Bring your NRIC and poll card to your polling station.",
        ),
        "work": (
            "{name}, sent the quotation to your email. Pls double check the account number before transferring to the client.",
        ),
        "school": (
            "School notice: fire drill this Friday afternoon, please remind your child to wear PE attire.",
        ),
    },
}
