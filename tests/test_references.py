"""pipeline.extraction.references: cited documents by number, type, date and issuer."""
import pytest

from pipeline.extraction.references import find_references, symbol_type

# fmt: off
SENTENCES = [
    ("Căn cứ Quyết định số 1526/QĐ-TTg ngày 09/12/2022 của Thủ tướng Chính phủ phê duyệt Đề án;",
     [("1526/QĐ-TTg", "QĐ", "2022-12-09", "Thủ tướng Chính phủ")]),
    ("Thực hiện Chỉ thị số 34-CT/TW ngày 07/4/2014 của Bộ Chính trị về tiếp tục đổi mới công tác thi đua",
     [("34-CT/TW", "CT", "2014-04-07", "Bộ Chính trị")]),
    ("Nghị định số 200/2025/NĐ-CP ngày 09/7/2025 của Chính phủ quy định chi tiết",
     [("200/2025/NĐ-CP", "NĐ", "2025-07-09", "Chính phủ")]),
    ("Thông tư số 92/2009/TT- BTC ngày 12/5/2009 và Thông tư số 85/2020/TT-BTC ngày 01/10/2020 của Bộ Tài chính",
     [("92/2009/TT-BTC", "TT", "2009-05-12", None), ("85/2020/TT-BTC", "TT", "2020-10-01", "Bộ Tài chính")]),
    ("ngày 08/3/2018 Ủy ban nhân dân tỉnh ban hành Công văn số 261/UBND-VHXH chỉ đạo thực hiện",
     [("261/UBND-VHXH", "CV", None, None)]),
    # the type is the kind symbol in the number, whatever kind word comes before (corpus sentences)
    ("Thực hiện Kế hoạch triển khai Quyết định số 1899/QĐ-TTg ngày 31/12/2024 của Thủ tướng Chính phủ",
     [("1899/QĐ-TTg", "QĐ", "2024-12-31", "Thủ tướng Chính phủ")]),
    ("Kế hoạch số 01-KH/BCĐTW ngày 22/01/2025 của Ban Chỉ đạo Trung ương và Nghị quyết số 214/NQ-CP ngày "
     "23/7/2025 của Chính phủ ban hành Kế hoạch hành động",
     [("01-KH/BCĐTW", "KH", "2025-01-22", "Ban Chỉ đạo Trung ương"), ("214/NQ-CP", "NQ", "2025-07-23", "Chính phủ")]),
    ("Kế hoạch thực hiện Kết luận số 149-KL/TW ngày 10/4/2025 của Bộ Chính trị",
     [("149-KL/TW", "KL", "2025-04-10", "Bộ Chính trị")]),
    ("Căn cứ Chỉ thị số 12/CT-UBND ngày 03/6/2025 của UBND tỉnh; Thông tư số 45/2019/TT-BTC",
     [("12/CT-UBND", "CT", "2025-06-03", "UBND tỉnh"), ("45/2019/TT-BTC", "TT", None, None)]),
    ("Xét đề nghị của Sở Nội vụ tại Tờ trình số 3129/TTr-SNV ngày 20/8/2025; Nghị định số 118/2025/NĐ-CP",
     [("3129/TTr-SNV", "TTr", "2025-08-20", None), ("118/2025/NĐ-CP", "NĐ", None, None)]),
    ("- Luật Khoa học, công nghệ và đổi mới sáng tạo số 93/2025/QH15 ngày 27 tháng 6 năm 2025",
     [("93/2025/QH15", "Luật", "2025-06-27", None)]),
    ("Thông tư liên tịch số 01/2015/TTLT-BYT-BNV ngày 15/5/2015",
     [("01/2015/TTLT-BYT-BNV", "TT", "2015-05-15", None)]),
    # not references: dates, periods, licences
    ("trong tháng 12/2025, giai đoạn 2026-2030; Giấy phép số 70/GP-BC", []),
    # nor the forms a letter asks to be filled
    ("- Biểu số 01/BC-CC: Báo cáo số lượng công chức; theo Mẫu số 02/DS-CC", []),
]
# fmt: on


@pytest.mark.parametrize("text, expected", SENTENCES)
def test_find_references(text, expected):
    got = [(r.number, r.type, r.date, r.issuer) for r in find_references(text)]
    assert got == expected


def test_own_number_and_repeats_are_not_references():
    text = "Kế hoạch số 980/KH-UBND. Quyết định số 1899/QĐ-TTg; theo Quyết định số 1899/QĐ-TTg"
    assert [r.number for r in find_references(text, own_number="980/KH-UBND")] == ["1899/QĐ-TTg"]


def test_evidence_spans_index_the_text():
    text = "Căn cứ Kế hoạch số 24/KH-UBND ngày 14/8/2025 của UBND tỉnh"
    (ref,) = find_references(text)
    assert text[ref.evidence.start:ref.evidence.end] == "24/KH-UBND"


@pytest.mark.parametrize("number, before, expected", [
    ("197/2025/QH15", "Nghị quyết số ", "NQ"), ("14-KH/TU", "", "KH"), ("06/2022/TT-BTTTT", "", "TT"),
    ("1899/QĐ-TTg", "Kế hoạch thực hiện Quyết định số ", "QĐ"), ("214/NQ-CP", "Kế hoạch số ", "NQ"),
    ("27/CT-TTg", "Kế hoạch số ", "CT"), ("80/2015/QH13", "Kế hoạch thực hiện Luật Thủy lợi số ", "Luật"),
    ("1234/TTg-KGVX", "Công văn số ", "CV"), ("9086/BNV-CTTN&BĐG", "", "CV")])
def test_symbol_type(number, before, expected):
    assert symbol_type(number, before) == expected


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from pipeline.extraction.header import extract_header  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789/-. QĐTTgKHUBNDCTsốSốngày:,\n|ạăâđ")), max_size=200))
def test_number_and_reference_parsers_never_crash(text):
    for ref in find_references(text):
        assert text[ref.evidence.start:ref.evidence.end]
        assert " " not in ref.number
    h = extract_header(text)
    assert h.number is None or " " not in h.number
