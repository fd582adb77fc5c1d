# ruff: noqa: E501  (message templates read better unbroken)
"""Indonesian and Malay templates (the two standard forms of Malay).

They share most words, so each keeps what tells them apart in real messages:
Indonesian rekening, pinjol, resi, KTP, BPJS, Bea Cukai, Kominfo; Malay akaun, TAC,
saman, MyKad, LHDN, PDRM, JPJ, Kastam. Placeholders are listed in
:mod:`multilingual_templates`.
"""

from __future__ import annotations

__all__ = ["LEGIT", "SCAM"]

SCAM: dict[str, dict[str, tuple[str, ...]]] = {
    "id": {
        "investment": (
            "📈 Mentor saham bagikan sinyal GRATIS tiap hari, member grup profit rata-rata {pct}% per minggu. Chat WA {phone} untuk gabung grup VIP",
            "Halo kak, saya asisten Pak Hendra. Malam ini jam 20.00 ada live analisa saham, gabung grup gratis di {link}",
            "Investasi USDT di platform global, profit {pct}% per hari, bisa tarik kapan saja. Deposit minimal {amount}. Daftar: {link}",
            "Kak, aku baru cuan {big} dari platform ini, punya perusahaan om aku jadi pasti aman. Coba deh {link}",
        ),
        "romance": (
            "Sayang, aku kirim hadiah dari Inggris tapi ditahan bea cukai, harus bayar pajak {amount} dulu, tolong transfer ke rek {account} ya ❤️",
            "Kangen kamu. Hari ini platform buka jalur khusus, coba deposit {amount} dulu, kalau untung kita liburan ke {city} bareng",
            "Aku insinyur di kilang minyak lepas pantai, pengen banget ketemu kamu tapi harus bayar biaya cuti {amount}. Bisa bantu aku dulu?",
        ),
        "impersonation": (
            "Bareskrim Polri: rekening Anda terkait kasus pencucian uang nomor {ref}. Segera hubungi penyidik di {phone} hari ini, jika tidak akan diterbitkan surat penangkapan.",
            "Petugas kepolisian: identitas Anda dipakai membuka rekening penampung sindikat penipuan. Anda wajib memindahkan seluruh dana ke rekening pengamanan {account} untuk pembuktian.",
            "[Kominfo] Nomor Anda akan diblokir dalam 2 jam karena terdeteksi mengirim SMS penipuan. Tekan 9 untuk bicara dengan petugas atau hubungi {phone}.",
            "Bea Cukai: paket internasional {tracking} milik Anda berisi barang terlarang. Segera hubungi petugas {phone} untuk klarifikasi.",
            "[PLN] Anda berhak atas pengembalian dana listrik {amount}. Konfirmasi data Anda di {link} hari ini.",
            "{bank}: Akun Anda diblokir sementara karena data belum diperbarui. Silakan verifikasi di {link} dalam 24 jam.",
            "{wallet} PERINGATAN: ada login dari perangkat baru. Jika bukan Anda, amankan akun sekarang di {link}",
            "Nasabah {bank} yth, poin reward Anda bisa ditukar uang tunai {fee}. Berlaku hari ini saja, klaim di {link}",
            "Maaf kak, saya salah kirim kode OTP ke nomor kakak. Boleh tolong kirim balik 6 angkanya? Penting banget 🙏",
            "{name}, ini aku, ganti nomor baru. Bentar lagi ada kode verifikasi WhatsApp masuk ke HP kamu, tolong kirim ke aku ya",
            "PENTING: Pengadilan menerbitkan surat panggilan atas tunggakan kartu kredit Anda. Lihat berkas perkara di {link}",
            "Selamat! Anda terdaftar penerima bansos {amount} dari Kemensos. Cairkan sebelum {date} melalui {link}",
        ),
        "customer_service": (
            "{brand}: pesanan Anda bermasalah kualitas, kami akan refund 2x lipat. Silakan hubungi CS kami di WA {phone}.",
            "Pelanggan yth, sistem {brand} memotong saldo dua kali {amount}. Isi data rekening untuk refund di {link}",
            "{courier}: paket {tracking} gagal dikirim karena alamat tidak lengkap. Bayar ongkir ulang {fee} di {link}",
            "Kak, ini kurir {courier}, ada paket atas nama kakak. Fotonya saya kirim ya, dibuka file-nya: {link}",
        ),
        "loan": (
            "Pinjol cepat cair 5 menit, tanpa BI checking, tanpa jaminan, limit sampai {big}. Daftar sekarang {link}",
            "Selamat! Pinjaman {big} Anda disetujui tapi nomor rekening salah, wajib bayar biaya buka blokir {fee} sebelum pencairan. Hub {phone}",
            "Butuh dana cepat? Yang BI checking jelek tetap bisa, transfer biaya admin {fee} langsung cair hari ini. WA {phone}",
        ),
        "task_job": (
            "Kerja sampingan dari rumah: like & follow TikTok dapat {fee}/tugas, penghasilan 300-800 ribu/hari. Telegram {handle}",
            "Lowongan reviewer produk {brand}, talangi dulu nanti dikembalikan plus komisi 20%, selesaikan 5 misi dapat bonus {fee} 👉 {link}",
            "Lagi nganggur? Kerja online cuma modal HP, bisa tarik tiap hari, tanpa modal. Chat {handle}",
        ),
        "job_lure": (
            "Dibutuhkan CS online untuk kerja di {place}, gaji {salary}, tanpa pengalaman, tiket pesawat GRATIS, mess dan makan ditanggung. Hubungi {handle}",
            "Perusahaan game online di {place} cari operator ketik, gaji {salary}, berangkat minggu depan, paspor diurus gratis. Telp {phone}",
            "Kerja ringan gaji besar {salary}, dijemput sampai perbatasan, cukup bisa main HP. DM {handle}, kuota terbatas",
        ),
        "gambling": (
            "🎰 Situs slot gacor terpercaya, depo-WD otomatis 30 detik, member baru bonus 100%. Main sekarang {link}",
            "Slot gampang maxwin, live baccarat, depo receh bisa main, freebet {fee}! WA {phone}",
            "Judi bola online odds terbaik, cashback 10% kekalahan tiap minggu. Daftar hari ini {link}",
        ),
        "prize": (
            "Selamat! Nomor Anda memenangkan undian {telco} senilai {big}. Verifikasi sebelum {date} di {link}",
            "Anda pemenang motor dari program {brand}, wajib bayar pajak hadiah {fee} sebelum dikirim. Hubungi {phone}",
        ),
        "sextortion": (
            "Rekaman video call kamu ada di aku. Gak mau teman Facebook kamu lihat? Transfer {amount} ke {account} malam ini",
        ),
        "kidnapping_ransom": (
            "Anak laki-laki Anda ada bersama kami. Siapkan {big} transfer ke rekening {account}. Lapor polisi, jangan harap ketemu lagi.",
            "Adik perempuanmu punya utang ke perusahaan di {place}. Kalau mau dia pulang, bayar {big} dalam USDT ke {usdt}",
        ),
        "shopping": (
            "iPhone baru harga grosir {amount}, sisa 5 unit, transfer DP dulu baru kirim. WA {phone}",
        ),
    },
    "ms": {
        "investment": (
            "📈 Mentor saham kongsi isyarat PERCUMA setiap hari, ahli kumpulan untung purata {pct}% seminggu. WhatsApp {phone} untuk sertai kumpulan VIP",
            "Salam tuan/puan, saya pembantu Dato' Lim. Malam ini pukul 8 ada analisis saham secara langsung, sertai kumpulan percuma di {link}",
            "Pelaburan USDT di platform antarabangsa, pulangan {pct}% sehari, boleh keluarkan bila-bila masa. Deposit minimum {amount}. Daftar: {link}",
            "Bro, aku baru untung {big} dengan platform ni, syarikat pakcik aku yang uruskan, memang selamat. Cuba la {link}",
        ),
        "romance": (
            "Sayang, saya hantar hadiah dari London tapi kastam tahan, kena bayar cukai {amount} dulu, tolong masukkan ke akaun {account} ya ❤️",
            "Rindu awak. Hari ni platform buka saluran khas, cuba top up {amount} dulu, bila untung kita pergi {city} sama-sama",
            "Saya jurutera di pelantar minyak, teringin sangat jumpa awak tapi kena bayar yuran cuti {amount}. Boleh tolong saya dulu?",
        ),
        "impersonation": (
            "PDRM: Akaun bank anda dikaitkan dengan kes pengubahan wang haram no. {ref}. Hubungi Inspektor Razak di {phone} hari ini atau waran tangkap akan dikeluarkan.",
            "Pegawai Bank Negara: identiti anda digunakan untuk membuka akaun keldai. Anda perlu pindahkan semua wang ke akaun selamat {account} untuk siasatan.",
            "[MCMC] Talian anda akan ditamatkan dalam 2 jam kerana menghantar SMS penipuan. Tekan 9 untuk bercakap dengan pegawai atau hubungi {phone}.",
            "Kastam DiRaja: bungkusan antarabangsa {tracking} anda mengandungi barang larangan. Sila hubungi pegawai {phone} dengan segera.",
            "[LHDN] Anda layak menerima bayaran balik cukai {amount}. Sahkan maklumat anda di {link} hari ini.",
            "{bank}: Akaun anda digantung sementara kerana maklumat belum dikemas kini. Sila sahkan di {link} dalam tempoh 24 jam.",
            "{wallet} AMARAN: log masuk dari peranti baharu dikesan. Jika bukan anda, lindungi akaun sekarang di {link}",
            "Pelanggan {bank} yang dihormati, mata ganjaran anda boleh ditebus tunai {fee}. Tamat hari ini, tuntut di {link}",
            "Maaf ya, saya tersalah hantar kod OTP ke nombor awak. Boleh tolong hantar balik 6 digit tu? Penting sangat 🙏",
            "{name}, ni aku, tukar nombor baru. Kejap lagi ada kod pengesahan WhatsApp masuk phone kau, tolong forward kat aku",
            "PENTING: Mahkamah telah mengeluarkan saman atas hutang kad kredit anda yang tertunggak. Lihat fail kes di {link}",
            "[JPJ] Anda mempunyai saman trafik tertunggak. Bayar dalam 24 jam untuk elak lesen digantung: {link}",
        ),
        "customer_service": (
            "{brand}: pesanan anda ada masalah kualiti, kami akan bayar balik 2 kali ganda. Sila hubungi ejen kami di WhatsApp {phone}.",
            "Pelanggan yang dihormati, {brand} telah caj anda dua kali {amount}. Isi maklumat bank untuk terima bayaran balik: {link}",
            "{courier}: bungkusan {tracking} gagal dihantar kerana alamat tidak lengkap. Bayar caj penghantaran semula {fee} di {link}",
            "Bungkusan anda hilang semasa penghantaran, syarikat akan membayar pampasan {amount}. Hubungi pasukan tuntutan di Telegram {handle}",
        ),
        "loan": (
            "Pinjaman segera lulus 5 minit! Tanpa semakan CTOS, tanpa penjamin, sehingga {big}. Mohon sekarang {link}",
            "Tahniah! Pinjaman {big} anda telah diluluskan tetapi nombor akaun salah. Bayar yuran buka kunci {fee} dahulu. Hubungi {phone}",
            "Perlu duit cepat? Blacklist pun boleh! Pindahkan yuran proses {fee} dan terima wang hari ini. WhatsApp {phone}",
        ),
        "task_job": (
            "Kerja sambilan dari rumah: like & follow video TikTok, dapat {fee} setiap tugasan. Telegram {handle}",
            "Jawatan kosong pengulas produk {brand}: bayar dulu, dapat balik dengan komisen 20%. Siapkan 5 misi untuk bonus {fee} 👉 {link}",
            "Tengah free? Kerja online guna phone je, boleh withdraw setiap hari, tak perlu modal. PM {handle}",
        ),
        "job_lure": (
            "Jawatan kosong khidmat pelanggan di {place}, gaji {salary}, tiada pengalaman diperlukan, tiket kapal terbang PERCUMA, makan dan tempat tinggal disediakan. Hubungi {handle}",
            "Syarikat game online di {place} cari penaip, gaji {salary}, bertolak minggu depan, pasport diuruskan percuma. Telefon {phone}",
            "Kerja senang gaji besar {salary}, ada transport sampai sempadan, cukup tahu guna phone. Mesej {handle}, tempat terhad",
        ),
        "gambling": (
            "🎰 Kasino online No.1 dipercayai, deposit/withdraw auto 30 saat, bonus ahli baru 100%. Main sekarang {link}",
            "Slot senang menang, live baccarat, deposit sikit pun boleh main, free kredit {fee}! WhatsApp {phone}",
            "Pertaruhan bola sepak online, odds terbaik, rebat 10% kekalahan setiap minggu. Daftar hari ini {link}",
        ),
        "prize": (
            "Tahniah! Nombor anda memenangi cabutan bertuah {telco} bernilai {big}. Sahkan sebelum {date} di {link}",
            "Anda pemenang motosikal daripada kempen {brand}, perlu bayar cukai hadiah {fee} sebelum penghantaran. Hubungi {phone}",
        ),
        "sextortion": (
            "Rakaman video call kau ada dengan aku. Tak nak kawan Facebook kau tengok? Transfer {amount} ke {account} malam ni",
        ),
        "kidnapping_ransom": (
            "Anak lelaki kau ada dengan kami. Sediakan {big} dan masukkan ke akaun {account}. Lapor polis, jangan harap jumpa dia lagi.",
            "Adik perempuan kau berhutang dengan syarikat di {place}. Kalau nak dia balik, bayar {big} dalam USDT ke {usdt}",
        ),
        "shopping": (
            "iPhone baru harga borong {amount}, tinggal 5 unit je, bayar deposit dulu baru pos. WhatsApp {phone}",
        ),
    },
}

LEGIT: dict[str, dict[str, tuple[str, ...]]] = {
    "id": {
        "otp": (
            "Kode OTP Anda adalah {code}, berlaku 5 menit. JANGAN berikan kode ini kepada siapa pun, termasuk petugas bank.",
            "{wallet}: {code} adalah kode verifikasi Anda. Jangan bagikan ke siapa pun. Kami tidak pernah meminta kode Anda.",
            "{brand}: Kode verifikasi nomor HP Anda {code}. Abaikan pesan ini jika Anda tidak memintanya.",
            "<#> Kode masuk Gojek kamu: {code}. Jangan kasih tahu siapa pun.",
        ),
        "bank_notice": (
            "{bank}: Transfer keluar {exact} dari rek ***{tail} pada {date} {time}. Jika bukan transaksi Anda, hubungi call center.",
            "{bank}: Transfer {exact} ke {name} berhasil. Rek tujuan ***{tail}.",
            "{bank}: Tagihan kartu kredit Anda {exact}, jatuh tempo {date}. Bayar lewat aplikasi kapan saja.",
        ),
        "salary": (
            "{bank}: Dana masuk {exact} ke rek ***{tail} tgl {date}, keterangan GAJI. Saldo {balance}.",
            "Info teman-teman, gaji bulan ini sudah ditransfer ya. Slip gaji bisa dicek di portal HR, kalau ada pertanyaan hubungi {name}.",
        ),
        "ewallet": (
            "{wallet}: Isi saldo {fee} berhasil. Saldo Anda {amount}. No. ref {order}.",
            "Kamu menerima {amount} dari {name} lewat {wallet}. Pesan: buat patungan kado",
        ),
        "delivery": (
            "{courier}: Paket {tracking} sedang diantar hari ini, kurir akan menghubungi sebelum tiba.",
            "{brand}: Pesanan {order} sudah dikirim via {courier}, no. resi {tracking}.",
            "Paket {tracking} sudah sampai di kantor pos {city}, silakan ambil dengan membawa KTP dalam 7 hari.",
            "Driver {brand} sedang mengantar makananmu, perkiraan tiba {time}.",
        ),
        "appointment": (
            "RS {city}: Jadwal kontrol Anda {date} pukul {time}. Mohon datang 30 menit lebih awal dan bawa kartu BPJS.",
            "Rapat tim besok {time} di ruang meeting lantai 5, yang berhalangan tolong kabari {name} ya.",
            "Klinik gigi: {name}, jadwal scaling Anda {date} pukul {time}. Hubungi kami untuk ganti jadwal.",
        ),
        "official_warning": (
            "Himbauan Polri: polisi TIDAK PERNAH meminta transfer dana ke 'rekening aman' lewat telepon. Jika ragu, hubungi {hotline}.",
            "AWAS PENIPUAN: kerja online like-follow yang minta deposit dulu itu penipuan. Laporkan nomor penipu di aduannomor.id",
            "{bank} tidak pernah mengirim SMS berisi link untuk update data. Jangan klik link dari sumber tidak dikenal.",
            "Waspada lowongan kerja luar negeri gaji tinggi dan tiket gratis, bisa jadi perdagangan orang. Cek dulu ke BP2MI sebelum berangkat.",
        ),
        "telecom": (
            "{telco}: Tagihan bulan ini {fee}, jatuh tempo {date}. Cek tagihan di aplikasi atau tekan {short}.",
            "{telco}: Kuota internet Anda sudah terpakai 80%. Beli kuota tambahan 5GB, tekan {short}.",
            "{telco}: Isi pulsa {fee} berhasil. Masa aktif kartu Anda sampai {date}.",
        ),
        "family": (
            "Ma, hari ini aku pulang telat ya, makan duluan aja.",
            "{name}, Sabtu makan bakso yuk? Tempat yang biasa",
            "Selamat Hari Raya Idul Fitri, mohon maaf lahir dan batin untuk keluarga semua 🙏",
            "Pak, aku sudah sampai {city}, perjalanan aman, jangan khawatir.",
            "{name}, uang {fee} yang kemarin aku pinjam sudah aku transfer balik ya, cek deh",
            "Mbak, bisa tolong jemput anak di sekolah hari ini? Rapatku selesai telat.",
        ),
        "marketing": (
            "{brand} promo 9.9 diskon sampai 70%! Klaim voucher di aplikasi sekarang.",
            "{brand}: Voucher {fee} kamu berakhir {date}, jangan lupa dipakai ya!",
        ),
        "travel": (
            "Pemesanan berhasil: penerbangan {flight} tanggal {date}. Mohon check-in paling lambat 2 jam sebelum keberangkatan.",
            "E-tiket kereta ke {city}, {date} {time}, gerbong 3 kursi 12A. Tunjukkan KTP saat boarding.",
            "Penerbangan {flight} mengalami penundaan, perkiraan berangkat {time}. Mohon maaf atas ketidaknyamanannya.",
        ),
        "utility": (
            "PLN: Tagihan listrik bulan ini {fee}, jatuh tempo {date}. Bisa bayar lewat {wallet}.",
            "PDAM {city}: Tagihan air {fee} sudah terdebet otomatis. Terima kasih.",
        ),
        "public_notice": (
            "Puskesmas mengimbau: imunisasi campak gratis untuk balita pada {date}, bawa buku KIA.",
            "KPU: Pemungutan suara tanggal {date}, TPS buka 07.00-13.00. Bawa KTP dan surat undangan memilih.",
        ),
        "work": (
            "{name}, penawaran harga sudah aku kirim ke email ya, tolong cek lagi nomor rekening sebelum transfer ke klien.",
        ),
        "school": (
            "Pemberitahuan sekolah: Jumat siang ada simulasi kebakaran, mohon anak-anak memakai baju olahraga.",
        ),
    },
    "ms": {
        "otp": (
            "Kod TAC anda ialah {code}, sah selama 5 minit. JANGAN kongsi kod ini dengan sesiapa, termasuk kakitangan bank.",
            "{wallet}: {code} ialah kod pengesahan anda. Jangan kongsi dengan sesiapa. Kami tidak akan meminta kod anda.",
            "{brand}: Kod pengesahan nombor telefon anda {code}. Abaikan mesej ini jika anda tidak memintanya.",
            "<#> Kod log masuk Grab anda: {code}. Jangan beritahu sesiapa.",
        ),
        "bank_notice": (
            "{bank}: Pemindahan {exact} dari akaun berakhir {tail} pada {date} {time}. Jika bukan anda, hubungi bank segera.",
            "{bank}: Pemindahan DuitNow {exact} kepada {name} berjaya.",
            "{bank}: Baki penyata kad kredit anda {exact}, tarikh akhir bayaran {date}. Bayar melalui aplikasi bila-bila masa.",
        ),
        "salary": (
            "{bank}: Gaji {exact} telah dikreditkan ke akaun berakhir {tail} pada {date}. Baki {balance}.",
            "Makluman semua, gaji bulan ini sudah dimasukkan. Slip gaji boleh semak di portal HR, ada soalan tanya {name}.",
        ),
        "ewallet": (
            "{wallet}: Tambah nilai {fee} berjaya. Baki dompet {amount}. Rujukan {order}.",
            "Anda menerima {amount} daripada {name} melalui {wallet}. Mesej: duit makan tengah hari",
        ),
        "delivery": (
            "{courier}: Bungkusan {tracking} akan dihantar hari ini. Pemandu akan menelefon sebelum tiba.",
            "{brand}: Pesanan {order} anda telah dihantar melalui {courier}, nombor tracking {tracking}.",
            "Bungkusan {tracking} sedia untuk diambil di pejabat pos {city}. Bawa kad pengenalan dalam masa 7 hari.",
            "Rider {brand} sedang dalam perjalanan, anggaran tiba {time}.",
        ),
        "appointment": (
            "Peringatan: temujanji anda di Hospital {city} pada {date} jam {time}. Sila datang 30 minit awal dengan kad pengenalan.",
            "Mesyuarat pasukan esok {time} di bilik mesyuarat tingkat 5, yang tak dapat hadir tolong maklumkan {name}.",
            "Klinik pergigian: {name}, temujanji cuci gigi anda {date} jam {time}. Hubungi kami untuk tukar tarikh.",
        ),
        "official_warning": (
            "NASIHAT PDRM: Polis TIDAK AKAN meminta anda memindahkan wang ke 'akaun selamat' melalui telefon. Jika ragu, hubungi {hotline}.",
            "AWAS SCAM: kerja online like dan follow yang minta deposit dulu adalah penipuan. Semak akaun mencurigakan di semakmule.rmp.gov.my",
            "{bank} tidak akan menghantar SMS berserta pautan untuk mengemas kini maklumat. Jangan klik pautan daripada sumber tidak dikenali.",
            "Berhati-hati dengan tawaran kerja luar negara bergaji tinggi dan tiket percuma, mungkin pemerdagangan orang. Semak dengan {hotline}.",
        ),
        "telecom": (
            "{telco}: Bil anda {fee} perlu dibayar sebelum {date}. Bayar melalui aplikasi atau dail {short}.",
            "{telco}: Anda telah guna 80% data. Tambah 5GB untuk 7 hari, dail {short}.",
            "{telco}: Tambah nilai {fee} berjaya. Talian anda sah sehingga {date}.",
        ),
        "family": (
            "Mak, hari ni adik balik lewat, tak payah tunggu makan malam.",
            "{name}, Sabtu ni jom makan nasi kandar? Tempat biasa",
            "Selamat Hari Raya Aidilfitri, maaf zahir dan batin kepada semua keluarga 🙏",
            "Ayah, dah sampai {city}, perjalanan selamat, jangan risau.",
            "{name}, duit {fee} yang aku pinjam semalam dah transfer balik, check ya",
            "Kak, boleh tolong ambil budak-budak dari sekolah hari ni? Meeting habis lambat.",
        ),
        "marketing": (
            "{brand} jualan 9.9 diskaun sehingga 70%! Kumpul baucar dalam aplikasi sekarang.",
            "{brand}: Baucar {fee} anda tamat tempoh pada {date}. Jangan lupa guna!",
        ),
        "travel": (
            "Tempahan disahkan: penerbangan {flight} pada {date}. Sila daftar masuk sekurang-kurangnya 2 jam sebelum berlepas.",
            "Tiket bas ke {city}, {date} {time}, tempat duduk 12. Sila tiba 15 minit sebelum bertolak.",
            "Penerbangan {flight} ditunda, waktu berlepas baharu {time}. Kami memohon maaf atas kesulitan.",
        ),
        "utility": (
            "TNB: Bil elektrik anda {fee} perlu dibayar sebelum {date}. Boleh bayar melalui {wallet}.",
            "Bil air anda {fee} telah didebit secara automatik. Terima kasih.",
        ),
        "public_notice": (
            "KKM: Vaksin influenza percuma untuk warga emas 65 tahun ke atas di klinik kesihatan berdekatan.",
            "SPR: Hari mengundi pada {date}, pusat mengundi dibuka 8 pagi hingga 6 petang. Bawa MyKad anda.",
        ),
        "work": (
            "{name}, sebut harga dah hantar ke emel, tolong semak semula nombor akaun sebelum transfer kepada klien.",
        ),
        "school": (
            "Makluman sekolah: latihan kebakaran pada petang Jumaat ini, sila pastikan anak memakai pakaian sukan.",
        ),
    },
}
