# ruff: noqa: E501  (word tables read better one language to a line)
"""Per-language words that fill the multilingual corpus templates.

Names, places, cities, salaries and month names are written in the language's own
script, so a Lao message names a Lao person and a Burmese job lure names Myawaddy in
Burmese. ``native_digits`` is the share of numbers (amounts, dates, times) written in
the script's own digits, as many Burmese and Khmer senders do.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LANG_WORDS", "LangWords"]


@dataclass(frozen=True, slots=True)
class LangWords:
    """The words one language contributes; every tuple is non-empty."""

    names: tuple[str, ...]
    places: tuple[str, ...]  # where job lures send people (scam compounds)
    cities: tuple[str, ...]
    salaries: tuple[str, ...]
    months: tuple[str, ...]  # January first
    digits: str  # "0123456789" in the script's own digits
    native_digits: float


_LATIN = "0123456789"

LANG_WORDS: dict[str, LangWords] = {
    "zh-Hans": LangWords(
        names=("小王", "阿明", "老李", "丽丽", "张姐", "小陈", "刘洋", "王芳", "陈静", "建国"),
        places=("柬埔寨西港", "缅甸妙瓦底", "金三角", "迪拜", "菲律宾马尼拉", "老挝"),
        cities=("北京", "上海", "广州", "深圳", "成都", "昆明", "南宁", "杭州"),
        salaries=("2万起", "3-5万", "底薪8000加提成", "1.5万", "3万保底"),
        months=("1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"),
        digits=_LATIN, native_digits=0.0),
    "zh-Hant": LangWords(
        names=("志明", "春嬌", "怡君", "家豪", "陳小姐", "林先生", "阿傑", "美玲", "淑芬", "冠宇"),
        places=("柬埔寨西港", "緬甸妙瓦底", "金三角", "杜拜", "菲律賓", "寮國"),
        cities=("台北", "台中", "高雄", "新竹", "台南", "桃園", "香港", "澳門"),
        salaries=("10萬起", "15萬", "3000美金", "8萬保底", "12萬以上"),
        months=("1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"),
        digits=_LATIN, native_digits=0.0),
    "th": LangWords(
        names=("สมชาย", "สมหญิง", "น้องเมย์", "พี่ต้น", "คุณวิภา", "นิด", "ต่าย", "ป้าแดง", "บอย", "แนน"),
        places=("กัมพูชา", "ปอยเปต", "เมียวดี", "สามเหลี่ยมทองคำ", "สีหนุวิลล์", "ดูไบ"),
        cities=("กรุงเทพฯ", "เชียงใหม่", "ขอนแก่น", "หาดใหญ่", "อุดรธานี", "ภูเก็ต", "โคราช"),
        salaries=("50,000 บาท", "35,000-80,000 บาท", "2,000 ดอลลาร์", "60,000 บาทขึ้นไป", "45,000 บาท"),
        months=("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."),
        digits="๐๑๒๓๔๕๖๗๘๙", native_digits=0.03),
    "lo": LangWords(
        names=("ສົມສັກ", "ບົວພັນ", "ຄຳຫຼ້າ", "ມະນີ", "ແສງເດືອນ", "ພອນສະຫວັນ", "ນ້ອຍ", "ຕຸ້ຍ", "ວັນນາ", "ຄຳແພງ"),
        places=("ສາມຫຼ່ຽມຄຳ", "ກຳປູເຈຍ", "ສີຫານຸວິນ", "ມຽນມາ", "ດູໄບ", "ເມືອງຕົ້ນເຜິ້ງ"),
        cities=("ວຽງຈັນ", "ຫຼວງພະບາງ", "ປາກເຊ", "ສະຫວັນນະເຂດ", "ອຸດົມໄຊ", "ວັງວຽງ"),
        salaries=("1,000 ໂດລາ", "15 ລ້ານກີບ", "1,500-3,000 USD", "20 ລ້ານກີບ", "800 ໂດລາ"),
        months=("ມັງກອນ", "ກຸມພາ", "ມີນາ", "ເມສາ", "ພຶດສະພາ", "ມິຖຸນາ", "ກໍລະກົດ", "ສິງຫາ", "ກັນຍາ", "ຕຸລາ", "ພະຈິກ", "ທັນວາ"),
        digits="໐໑໒໓໔໕໖໗໘໙", native_digits=0.1),
    "my": LangWords(
        names=("ကိုအောင်", "မမြင့်မြင့်", "ဇော်ဇော်", "မသီတာ", "ကိုမင်း", "ဒေါ်ခင်", "သူဇာ", "ဦးလှ", "နွေးနွေး", "ကိုဝင်း"),
        places=("မြဝတီ", "ရွှေကုက္ကိုလ်", "ကမ္ဘောဒီးယား", "တာချီလိတ်", "ထိုင်း", "ဒူဘိုင်း"),
        cities=("ရန်ကုန်", "မန္တလေး", "နေပြည်တော်", "မော်လမြိုင်", "ပုသိမ်", "တောင်ကြီး"),
        salaries=("ဒေါ်လာ ၁၀၀၀", "သိန်း ၃၀ ကျော်", "USD 800-1500", "ဒေါ်လာ ၁၂၀၀", "သိန်း ၅၀"),
        months=("ဇန်နဝါရီ", "ဖေဖော်ဝါရီ", "မတ်", "ဧပြီ", "မေ", "ဇွန်", "ဇူလိုင်", "ဩဂုတ်", "စက်တင်ဘာ", "အောက်တိုဘာ", "နိုဝင်ဘာ", "ဒီဇင်ဘာ"),
        digits="၀၁၂၃၄၅၆၇၈၉", native_digits=0.4),
    "km": LangWords(
        names=("សុខា", "ដារ៉ា", "វណ្ណា", "ស្រីនាង", "បូរ៉ា", "សុភា", "ចាន់ថា", "រតនា", "សុខលី", "វិចិត្រ"),
        places=("ថៃ", "មីយ៉ាន់ម៉ា", "ម៉ាឡេស៊ី", "ឡាវ", "ដូបៃ", "ព្រំដែនថៃ"),
        cities=("ភ្នំពេញ", "សៀមរាប", "បាត់ដំបង", "កំពត", "ព្រះសីហនុ", "កំពង់ចាម"),
        salaries=("1000-1500 ដុល្លារ", "$1,200", "៨០០ ដុល្លារ", "2000 ដុល្លារ", "$1,500"),
        months=("មករា", "កុម្ភៈ", "មីនា", "មេសា", "ឧសភា", "មិថុនា", "កក្កដា", "សីហា", "កញ្ញា", "តុលា", "វិច្ឆិកា", "ធ្នូ"),
        digits="០១២៣៤៥៦៧៨៩", native_digits=0.35),
    "vi": LangWords(
        names=("Lan", "Minh", "Hùng", "Thảo", "Tuấn", "Hương", "anh Nam", "chị Mai", "Quân", "Linh"),
        places=("Campuchia", "Sihanoukville", "Bavet", "Myanmar", "Dubai", "Lào"),
        cities=("Hà Nội", "TP.HCM", "Đà Nẵng", "Hải Phòng", "Cần Thơ", "Nha Trang", "Huế"),
        salaries=("25-40 triệu/tháng", "1.500 USD", "30 triệu", "2.000 USD/tháng", "35 triệu trở lên"),
        months=("tháng 1", "tháng 2", "tháng 3", "tháng 4", "tháng 5", "tháng 6", "tháng 7", "tháng 8", "tháng 9", "tháng 10", "tháng 11", "tháng 12"),
        digits=_LATIN, native_digits=0.0),
    "id": LangWords(
        names=("Budi", "Siti", "Rina", "Agus", "Dewi", "Andi", "Putri", "Eko", "Yanti", "Fajar"),
        places=("Kamboja", "Myanmar", "Thailand", "Dubai", "Laos", "Filipina"),
        cities=("Jakarta", "Surabaya", "Bandung", "Medan", "Yogyakarta", "Makassar", "Denpasar"),
        salaries=("Rp 15-25 juta", "1.000 USD", "Rp 20 juta", "1.500 USD", "Rp 30 juta"),
        months=("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"),
        digits=_LATIN, native_digits=0.0),
    "ms": LangWords(
        names=("Aisyah", "Faiz", "Nurul", "Hafiz", "Siti", "Amir", "Kak Ros", "Abang Din", "Mei Ling", "Kumar"),
        places=("Kemboja", "Myanmar", "Thailand", "Dubai", "Laos", "Filipina"),
        cities=("Kuala Lumpur", "Johor Bahru", "Pulau Pinang", "Ipoh", "Kota Bharu", "Kuching", "Melaka"),
        salaries=("RM8,000-RM12,000", "USD 1,500", "RM10k", "RM9,000", "USD 2,000"),
        months=("Januari", "Februari", "Mac", "April", "Mei", "Jun", "Julai", "Ogos", "September", "Oktober", "November", "Disember"),
        digits=_LATIN, native_digits=0.0),
    "en": LangWords(
        names=("Wei Ling", "Jason", "Aisyah", "Maricel", "Raj", "Mei", "Kevin", "Joy", "Nok", "Daniel"),
        places=("Cambodia", "Sihanoukville", "Myawaddy", "the Golden Triangle", "Bavet", "Dubai", "Laos"),
        cities=("Singapore", "Kuala Lumpur", "Manila", "Cebu", "Bangkok", "Penang", "Davao"),
        salaries=("USD 1,500-3,000", "$2,000", "USD 3,000", "USD 2,500", "$1,800 + commission"),
        months=("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
        digits=_LATIN, native_digits=0.0),
}
