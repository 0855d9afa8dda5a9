"""pipeline.extraction.header on real documents of every header layout."""
import pytest

from pipeline.extraction.header import compact_number, extract_header, sentence_case
from pipeline.normalisation import normalise_text

# fmt: off
CASES = [
    # file under corpora/, kind, number, issue date, province, signer
    ("seeds/001_7a113dd4bb8f1a7d.txt", "plan", "1068/KH-UBND", "2023-03-22", "Ninh Thuận", "Trần Quốc Nam"),
    ("seeds/004_82358e0aa85f4a36.txt", "plan", "H5/KH-UBND", "2020-02-25", "Đồng Nai", "Huỳnh Tấn Thìn"),
    ("seeds/000_ab48e5046765a627.txt", "news", "57/KH-UBND", "2019-04-11", "Kiên Giang", None),
    ("seeds/002_1092c537d5eb0b5a.txt", "news", "261/UBND-VHXH", "2018-03-08", "Kiên Giang", None),
    ("documents/nghe-an-980-kh-ubnd-2025.txt", "plan", "980/KH-UBND", "2025-11-18", "Nghệ An", "Nguyễn Văn Đệ"),
    ("documents/can-tho-09-ct-ubnd-2025.txt", "directive", "09/CT-UBND", "2025-11-18", "Cần Thơ", "Trần Chí Hùng"),
    ("documents/quang-ngai-1627-qd-ubnd-2025.txt", "decision", "1627/QĐ-UBND", "2025-11-21", "Quảng Ngãi", "Nguyễn Ngọc Sâm"),
    # flattened one-line header with OCR spacing ("năm 20 23")
    ("documents/an-giang-321-kh-ubnd-2023.txt", "plan", "321/KH-UBND", "2023-04-28", "An Giang", None),
    ("documents/cao-bang-3626-kh-ubnd-2021.txt", "plan", "3626/KH-UBND", "2021-12-23", "Cao Bằng", None),
    ("documents/luong-minh-16-kh-mttq-btt-2025.txt", "plan", "16/KH-MTTQ-BTT", "2025-11-18", None, "Lan Thị Vân"),
]
# fmt: on


@pytest.mark.parametrize("name, kind, number, issue_date, province, signer", CASES)
def test_header_fields(corpus, name, kind, number, issue_date, province, signer):
    text = normalise_text((corpus / name).read_text(encoding="utf-8"))
    h = extract_header(text)
    assert (h.kind, h.number, h.issue_date, h.signer) == (kind, number, issue_date, signer)
    if province:
        assert h.province == province


@pytest.mark.parametrize("raw, expected", [("1068 /KH-UBND", "1068/KH-UBND"), ("254 / TB-PCTT.", "254/TB-PCTT")])
def test_compact_number(raw, expected):
    assert compact_number(raw) == expected


def test_sentence_case_keeps_document_numbers():
    assert sentence_case("THỰC HIỆN QUYẾT ĐỊNH SỐ 1526/QĐ-TTG") == "Thực hiện quyết định số 1526/QĐ-TTG"


def test_news_article_without_document_header():
    text = normalise_text("Trang chủ\nTin tức\nUBND tỉnh đã ban hành Kế hoạch số 57/KH-UBND ngày 11/4/2019 về thi đua.")
    h = extract_header(text)
    assert (h.kind, h.number, h.issue_date, h.signer) == ("news", "57/KH-UBND", "2019-04-11", None)


@pytest.mark.parametrize("head, issuer", [
    ("ỦY BAN NHÂN DÂN\nTỈNH NINH THUẬN\nSố: 1068/KH-UBND\n", "UBND tỉnh Ninh Thuận"),
    # a People's Council issues resolutions: it is the issuer, not the People's Committee
    ("HỘI ĐỒNG NHÂN DÂN TỈNH QUẢNG NINH | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 99/2025/NQ-HĐND\n", "HĐND tỉnh Quảng Ninh"),
    # a department named under its committee issues the letter
    ("UBND TỈNH NGHỆ AN\nSỞ NỘI VỤ\nSố: 1234/SNV-CCVC\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n", "Sở Nội vụ"),
    # the two columns side by side, one row a line: the issuer's name is the left cells joined
    ("ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH GIA LAI | Độc lập - Tự do - Hạnh phúc\n"
     "Số: 215/KH-UBND | Gia Lai, ngày 24 tháng 10 năm 2025\nKẾ HOẠCH\n", "UBND tỉnh Gia Lai"),
    ("UBND TỈNH QUẢNG NINH | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ GIÁO DỤC VÀ ĐÀO TẠO | Độc lập - Tự do - Hạnh phúc\n"
     "Số: 2150/KH-SGDĐT | Quảng Ninh, ngày 26 tháng 9 năm 2025\nKẾ HOẠCH\n", "Sở Giáo dục và Đào tạo"),
    # a PDF's text layer runs the columns into one line each
    ("UBND TỈNH PHÚ THỌ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ TÀI CHÍNH Độc lập - Tự do - Hạnh phúc\n"
     "Số: 2874/STC-QLNS Phú Thọ, ngày 11 tháng 7 năm 2025\n", "Sở Tài chính"),
])
def test_issuer_keeps_its_body(head, issuer):
    from pipeline.normalisation import normalise_text

    assert extract_header(normalise_text(head)).issuer == issuer


def test_the_signer_printed_beside_the_recipients_is_read():
    from pipeline.extraction.header import find_signer

    text = ("Điều 3. Các sở chịu trách nhiệm thi hành Quyết định này./.\nNơi nhận: TM. ỦY BAN NHÂN DÂN\n"
            "- Như Điều 3; KT. CHỦ TỊCH\n- Bộ Công Thương (để b/c); PHÓ CHỦ TỊCH\n- Thường trực Tỉnh ủy (để b/c);\n"
            "- Báo và Phát thanh, Truyền hình Hưng Yên; Trần Quốc Hưng\n- Lưu: VT, KTN.\n"
            + "QUY CHẾ\n" + "Điều 5. Trách nhiệm của Sở Công Thương\n" * 90)
    assert find_signer(text) == "Trần Quốc Hưng"


@pytest.mark.parametrize("text, signer", [
    # what a scan's seal leaves between the title and the name
    ("- Lưu: VT, KT.\nKT. CHỦ TỊCH PHÓ CHỦ TỊCH (Đạt)) `“ Đỗ Mạnh Trường\n", "Đỗ Mạnh Trường"),
    ("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n(Đã ký)\nNguyễn Văn An\n", "Nguyễn Văn An"),
])
def test_the_signers_name_is_read_over_what_stands_before_it(text, signer):
    from pipeline.extraction.header import find_signer

    assert find_signer(text) == signer


def test_an_appendix_printed_before_the_signature_keeps_the_signature_in_the_body():
    text = ("KẾ HOẠCH\nIV. TỔ CHỨC THỰC HIỆN\n1. Sở Văn hóa chủ trì.\nPHỤ LỤC\nDANH MỤC NHIỆM VỤ\n1 | Nhiệm vụ | Sở Y tế\n"
            "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nHoàng Thị Thanh Hương\n")
    assert extract_header(text).signer == "Hoàng Thị Thanh Hương"


def test_a_number_whose_so_a_scan_misread_is_read():
    from pipeline.normalisation import normalise_text

    head = ("ỦY BAN NHÂN DÂN TỈNH LÀO CAI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Sã: 2780/KH-UBND\nLào Cai, ngày 18 tháng 11 năm 2025\nKẾ HOẠCH\nPhát triển du lịch cộng đồng\n")
    assert extract_header(normalise_text(head)).number == "2780/KH-UBND"


@pytest.mark.parametrize("text, signer", [
    # the family names of the northern mountain peoples
    ("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nQuàng Văn Hiếu\n", "Quàng Văn Hiếu"),
    ("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nSùng Mí Chứ\n", "Sùng Mí Chứ"),
    # the signer's column printed beside the recipients, its name after the last one
    ("Nơi nhận: TM. ỦY BAN NHÂN DÂN\n- UBND tỉnh (b/c); KT. CHỦ TỊCH\n- Ban Chỉ huy PTDS tỉnh (b/c); PHÓ CHỦ TỊCH\n"
     "- Trưởng các thôn;\n- Lưu: VT, KT. Vàng A Sử\n", "Vàng A Sử"),
])
def test_signers_of_mountain_provinces_and_communes(text, signer):
    from pipeline.extraction.header import find_signer

    assert find_signer(text) == signer


def test_a_wards_plan_takes_its_city_from_the_text_whatever_the_case_of_its_level_word():
    # a ward's header names no province; "Thành phố Hồ Chí Minh", a person's name too, counts after its level word
    text = normalise_text("ỦY BAN NHÂN DÂN\nPHƯỜNG THỦ ĐỨC\nSố: 96/KH-UBND\nThủ Đức, ngày 05 tháng 12 năm 2025\nKẾ HOẠCH\n"
                          "Căn cứ Quyết định số 12/2023/QĐ-UBND của Ủy ban nhân dân Thành phố Hồ Chí Minh;\n"
                          "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.")
    assert extract_header(text).province == "Hồ Chí Minh"
