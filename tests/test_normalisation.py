"""pipeline.normalisation and pipeline.layout: tone marks, letter spacing, hard-wrap rejoining, table layout."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.models import RawPage, Source
from pipeline.normalisation import apply, normalise, normalise_text, tone_marks
from pipeline.layout import layout, paragraph_lines, rejoin, signature_columns
from pipeline.table_text import inline_rows

# fmt: off
TONES = [
    ("Hoà Bình", "Hòa Bình"),
    ("khoẻ mạnh", "khỏe mạnh"),
    ("thuỷ lợi, thuỷ điện", "thủy lợi, thủy điện"),
    ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
    ("hoàng hôn", "hoàng hôn"),       # closed syllable: mark stays
    ("hoài niệm", "hoài niệm"),
    ("quý II", "quý II"),             # qu + y: mark stays
    ("hoặc", "hoặc"),                 # mark under a breve vowel
]
# fmt: on


@pytest.mark.parametrize("raw, expected", TONES)
def test_tone_marks(raw, expected):
    assert tone_marks(raw) == expected


def test_unicode_form_is_nfc_without_odd_spaces():
    assert apply("Ho\u0300a\u00a0Bi\u0300nh\r\n") == "Hòa Bình\n"


# fmt: off
WRAPS = [
    # (lines, paragraphs): real hard wraps from corpora/documents
    (["Căn cứ Quyết định số", "1526/QĐ-TTg ngày 09/12/2022 của Thủ tướng Chính phủ;"],
     ["Căn cứ Quyết định số 1526/QĐ-TTg ngày 09/12/2022 của Thủ tướng Chính phủ;"]),
    (["I. MỤC ĐÍCH,", "YÊU CẦU", "1. Mục đích", "Xác định phạm vi, trách nhiệm."],
     ["I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "Xác định phạm vi, trách nhiệm."]),
    # a heading in capitals ends before a sentence, whatever its last word ("TÂM" of "Trung tâm" runs on elsewhere)
    (["II. NHIỆM VỤ TRỌNG TÂM", "Để thực hiện mục tiêu nêu trên, các sở cần tập trung:"],
     ["II. NHIỆM VỤ TRỌNG TÂM", "Để thực hiện mục tiêu nêu trên, các sở cần tập trung:"]),
    (["KẾ HOẠCH", "TỔ CHỨC THỰC HIỆN QUYẾT ĐỊNH SỐ 1526/QĐ-TTG"],
     ["KẾ HOẠCH", "TỔ CHỨC THỰC HIỆN QUYẾT ĐỊNH SỐ 1526/QĐ-TTG"]),
    (["a) Hằng năm, Hội đồng Thi đua -", "Khen thưởng tỉnh, Sở Nội vụ tổ chức"],
     ["a) Hằng năm, Hội đồng Thi đua - Khen thưởng tỉnh, Sở Nội vụ tổ chức"]),
    (["2. Yêu cầu", "- Bảo đảm sự chỉ đạo;", "-------"],
     ["2. Yêu cầu", "- Bảo đảm sự chỉ đạo;"]),
    (["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn Đệ"],
     ["KT. CHỦ TỊCH PHÓ CHỦ TỊCH", "Nguyễn Văn Đệ"]),
    # an outline marker alone on its line belongs to the next line's heading
    (["2.10.", "Đề nghị Viện kiểm sát nhân dân tỉnh, Tòa án nhân dân tỉnh", "- Thực hiện tốt chức năng công tố;"],
     ["2.10. Đề nghị Viện kiểm sát nhân dân tỉnh, Tòa án nhân dân tỉnh", "- Thực hiện tốt chức năng công tố;"]),
    # a line opening in lower case goes on the sentence a semicolon paused; a marked item does not
    (["- UBND các huyện chỉ đạo tuyên truyền trên Đài truyền thanh 2 cấp;",
      "phối hợp với Công an tỉnh tuyên truyền trực tiếp.", "- Sở Y tế chủ trì;", "b) Sở Tài chính bố trí kinh phí."],
     ["- UBND các huyện chỉ đạo tuyên truyền trên Đài truyền thanh 2 cấp; phối hợp với Công an tỉnh tuyên truyền trực tiếp.",
      "- Sở Y tế chủ trì;", "b) Sở Tài chính bố trí kinh phí."]),
    # a range wrapped at its dash is no bullet
    (["tổng giá trị dự kiến đạt 30,2 triệu USD, tốc độ tăng bình quân 05", "- 06%/năm. Thị trường định hướng xuất khẩu."],
     ["tổng giá trị dự kiến đạt 30,2 triệu USD, tốc độ tăng bình quân 05 - 06%/năm. Thị trường định hướng xuất khẩu."]),
    # an article broken after "Giao", a council's name broken before its level
    (["Điều 2. Giao", "Sở Công Thương chủ trì, phối hợp với các Sở, ban, ngành của tỉnh."],
     ["Điều 2. Giao Sở Công Thương chủ trì, phối hợp với các Sở, ban, ngành của tỉnh."]),
    (["Giao Văn phòng Ủy ban nhân dân", "Thành phố kiểm tra, đôn đốc các cơ quan, đơn vị."],
     ["Giao Văn phòng Ủy ban nhân dân Thành phố kiểm tra, đôn đốc các cơ quan, đơn vị."]),
    # a heading wrapped before its place, or after a title
    (["2. Ban Quản lý Khu kinh tế", "Đông Nam", "- Đề xuất những khu công nghiệp."],
     ["2. Ban Quản lý Khu kinh tế Đông Nam", "- Đề xuất những khu công nghiệp."]),
    (["8. Giám đốc", "Sở, Thủ trưởng cơ quan, ban, ngành", "a) Phối hợp tuyên truyền."],
     ["8. Giám đốc Sở, Thủ trưởng cơ quan, ban, ngành", "a) Phối hợp tuyên truyền."]),
]
# fmt: on


@pytest.mark.parametrize("lines, expected", WRAPS)
def test_rejoin(lines, expected):
    assert rejoin(lines) == expected


_SENTENCE = ("Sở Y tế chủ trì, phối hợp với các sở, ban, ngành và UBND các xã, phường tổ chức tuyên truyền, "
             "kiểm tra việc thực hiện các quy định về phòng, chống dịch bệnh trên địa bàn tỉnh trong năm 2026.")
_HEADING = "12. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội"
_BODY = "Đẩy mạnh tuyên truyền, vận động hội viên và Nhân dân tham gia phòng, chống ma túy."


def test_a_page_of_paragraph_lines_keeps_a_heading_apart_from_the_sentence_under_it():
    web = "\n".join([_SENTENCE] * 3 + [_HEADING, _BODY])
    assert paragraph_lines(web)
    assert layout(web)[0][-2:] == [_HEADING, _BODY]
    wrapped = "\n".join(["Sở Y tế chủ trì, phối hợp với các sở, ban, ngành và UBND các xã, phường tổ",
                         "chức tuyên truyền, kiểm tra việc thực hiện các quy định về phòng, chống dịch", _HEADING,
                         "Nhân dân tham gia phòng, chống ma túy."])
    assert not paragraph_lines(wrapped)
    assert layout(wrapped)[0][-1] == _HEADING + " Nhân dân tham gia phòng, chống ma túy."  # a wrapped line goes on
    assert layout("\n".join([_HEADING, _BODY]))[0] == [_HEADING, _BODY]  # a verb in capitals opens a sentence


# lines of a PDF's text layer, wrapped at about 80 characters
_WIDTH = ["Sở Tài chính chủ trì, phối hợp với các cơ quan liên quan tham mưu bố trí kinh phí",
          "thực hiện Kế hoạch; hướng dẫn thanh quyết toán theo quy định hiện hành của nhà",
          "nước về quản lý, sử dụng ngân sách và các nguồn vốn hợp pháp khác có liên quan",
          "bảo đảm đúng mục đích, tiết kiệm, hiệu quả; tổng hợp, báo cáo Ủy ban nhân dân",
          "tỉnh kết quả thực hiện theo định kỳ 6 tháng, hằng năm hoặc đột xuất khi có yêu",
          "cầu của cấp có thẩm quyền; phối hợp với Sở Nội vụ đánh giá, xếp loại mức độ hoàn",
          "thành nhiệm vụ của các cơ quan, đơn vị, địa phương gắn với kết quả thực hiện các",
          "nhiệm vụ được giao tại Kế hoạch này và các văn bản chỉ đạo của Ủy ban nhân dân."]


@pytest.mark.parametrize("lines, expected", [
    # a hyphenated word wrapped at its dash goes on; a bullet opens with a capital
    (["Đề nghị Ủy ban MTTQ Việt Nam thành phố và các tổ chức chính trị", "- xã hội thành phố"],
     ["Đề nghị Ủy ban MTTQ Việt Nam thành phố và các tổ chức chính trị - xã hội thành phố"]),
    (["a) Đối tượng", "- Xã hội hóa"], ["a) Đối tượng", "- Xã hội hóa"]),
    # a numbered line that names bodies and stops where the next word had room is a heading
    (_WIDTH + ["7. Các doanh nghiệp viễn thông trên địa bàn tỉnh", "Viễn thông Cao Bằng, Viettel Cao Bằng đầu tư"],
     [" ".join(_WIDTH), "7. Các doanh nghiệp viễn thông trên địa bàn tỉnh", "Viễn thông Cao Bằng, Viettel Cao Bằng đầu tư"]),
    # a field's label wrapped at the page's width goes on to its value
    (_WIDTH + ["Cơ quan chủ trì: Sở Nông nghiệp và Môi trường, Sở Tài chính; cơ quan phối hợp:", "Sở Tư pháp."],
     [" ".join(_WIDTH), "Cơ quan chủ trì: Sở Nông nghiệp và Môi trường, Sở Tài chính; cơ quan phối hợp: Sở Tư pháp."]),
    (_WIDTH + ["Các nhiệm vụ sau:", "Sở Tư pháp thẩm định."], [" ".join(_WIDTH), "Các nhiệm vụ sau:", "Sở Tư pháp thẩm định."]),
    # names listed after a colon, wrapped at the page's width after a semicolon, go on; a sentence after one does not
    (_WIDTH + ["7. Các Sở: Văn hóa, Thể thao và Du lịch; Y tế; Giáo dục và Đào tạo; Nội vụ; Tư pháp;",
               "Dân tộc và Tôn giáo; Công an tỉnh; Bộ Chỉ huy Quân sự tỉnh"],
     [" ".join(_WIDTH), "7. Các Sở: Văn hóa, Thể thao và Du lịch; Y tế; Giáo dục và Đào tạo; Nội vụ; Tư pháp; Dân tộc và "
                        "Tôn giáo; Công an tỉnh; Bộ Chỉ huy Quân sự tỉnh"]),
    (_WIDTH + ["7. Các Sở: Văn hóa, Thể thao và Du lịch; Y tế; Giáo dục và Đào tạo; Nội vụ; Tư pháp;",
               "Hướng dẫn, theo dõi thực hiện các tiêu chí."],
     [" ".join(_WIDTH), "7. Các Sở: Văn hóa, Thể thao và Du lịch; Y tế; Giáo dục và Đào tạo; Nội vụ; Tư pháp;",
      "Hướng dẫn, theo dõi thực hiện các tiêu chí."]),
    # a line that ends with a name's head waits for the name on the next line
    (_WIDTH + ["3. Ban Quản lý rừng phòng hộ Sìn Hồ, Ban Quản lý rừng phòng hộ Nậm Nhùn, Ban",
               "Quản lý Khu bảo tồn thiên nhiên Mường Tè"],
     [" ".join(_WIDTH), "3. Ban Quản lý rừng phòng hộ Sìn Hồ, Ban Quản lý rừng phòng hộ Nậm Nhùn, Ban Quản lý Khu bảo "
                        "tồn thiên nhiên Mường Tè"]),
    # ... but one with a verb goes on, however short
    (_WIDTH + ["3. Các cơ quan, đơn vị, địa phương căn cứ nội dung", "Quyết định để triển khai thực hiện."],
     [" ".join(_WIDTH), "3. Các cơ quan, đơn vị, địa phương căn cứ nội dung Quyết định để triển khai thực hiện."]),
    # a heading wrapped at the width whose short last part ends it: the sentence under it is no part of it
    (_WIDTH + ["5. Sở Giáo dục và Đào tạo, Sở Y tế, Sở VHTTDL, Sở Nội vụ, Sở Khoa học và Công", "nghệ",
               "Các sở có trách nhiệm chủ trì dự án, tiểu dự án được giao tại Mục III."],
     [" ".join(_WIDTH), "5. Sở Giáo dục và Đào tạo, Sở Y tế, Sở VHTTDL, Sở Nội vụ, Sở Khoa học và Công nghệ",
      "Các sở có trách nhiệm chủ trì dự án, tiểu dự án được giao tại Mục III."]),
    # a colon at the width, the sentence going on in lower case; a semicolon, then the next stage's figure
    (_WIDTH + ["- Tỷ lệ chất thải rắn sinh hoạt được thu gom, xử lý bảo đảm yêu cầu môi trường:",
               "khu vực đô thị đạt 98% vào năm 2026."],
     [" ".join(_WIDTH), "- Tỷ lệ chất thải rắn sinh hoạt được thu gom, xử lý bảo đảm yêu cầu môi trường: khu vực đô thị "
                        "đạt 98% vào năm 2026."]),
    (_WIDTH + ["- Tỷ trọng đóng góp trực tiếp của du lịch vào GRDP của tỉnh đạt 3,8% năm 2026;",
               "4,5% năm 2028; phấn đấu đạt 6% vào năm 2030."],
     [" ".join(_WIDTH), "- Tỷ trọng đóng góp trực tiếp của du lịch vào GRDP của tỉnh đạt 3,8% năm 2026; 4,5% năm 2028; "
                        "phấn đấu đạt 6% vào năm 2030."]),
])
def test_wrapped_lines_are_joined_by_what_the_next_one_opens_with(lines, expected):
    assert rejoin(lines) == expected


def test_flattened_document_is_split_at_inline_outline_markers():
    line = ("Phòng chống tai nạn giao thông hiệu quả trên địa bàn, giảm số vụ, số người chết và bị thương. " * 3
            + "II. NHIỆM VỤ, GIẢI PHÁP 1. Tiếp tục quán triệt các chủ trương; - Các sở, ngành triển khai.")
    out = rejoin([line])
    assert out[1].startswith("II. NHIỆM VỤ")
    assert any(p.startswith("1. Tiếp tục") for p in out)


@pytest.mark.parametrize("flat, lines", [
    ("1. Công tác tham mưu, chỉ đạo, triển khai - Các sở, ban, ngành tổ chức phổ biến, quán triệt sâu rộng.",
     ["1. Công tác tham mưu, chỉ đạo, triển khai", "- Các sở, ban, ngành tổ chức phổ biến, quán triệt sâu rộng."]),
    ("thiểu thiệt hại 3.1. Nhiệm vụ a) Công tác phòng ngừa - Ban Chỉ huy Phòng thủ dân sự tỉnh: Bám sát chỉ đạo.",
     ["3.1. Nhiệm vụ", "a) Công tác phòng ngừa", "- Ban Chỉ huy Phòng thủ dân sự tỉnh: Bám sát chỉ đạo."]),
    ("II. NHIỆM VỤ TRỌNG TÂM Để thực hiện đạt được mục tiêu nêu trên, các sở, ngành cần tập trung:",
     ["II. NHIỆM VỤ TRỌNG TÂM", "Để thực hiện đạt được mục tiêu nêu trên, các sở, ngành cần tập trung:"]),
    # the labelled fields of a task, and an item after the year of the last one
    ("1. Tuyên truyền trên báo, đài Hình thức thực hiện: Xây dựng chuyên mục. Cơ quan thực hiện: Báo Cà Mau. "
     "Cơ quan phối hợp: Sở Thông tin và Truyền thông. Thời gian thực hiện: 2022 2. Truyền thông trên mạng xã hội",
     ["1. Tuyên truyền trên báo, đài", "Hình thức thực hiện: Xây dựng chuyên mục.", "Cơ quan thực hiện: Báo Cà Mau.",
      "Cơ quan phối hợp: Sở Thông tin và Truyền thông.", "Thời gian thực hiện: 2022", "2. Truyền thông trên mạng xã hội"]),
    # a roman-numbered heading running into its first item; fields after a bullet keep their bullet
    ("II. Nhiệm vụ, giải pháp trọng tâm thường xuyên trong năm 1. Tiếp tục hoàn thiện hệ thống văn bản. - Chủ trì thực "
     "hiện: Công an tỉnh, Sở Tư pháp - Đơn vị phối hợp: Các sở, ban, ngành.",
     ["II. Nhiệm vụ, giải pháp trọng tâm thường xuyên trong năm", "1. Tiếp tục hoàn thiện hệ thống văn bản.",
      "- Chủ trì thực hiện: Công an tỉnh, Sở Tư pháp", "- Đơn vị phối hợp: Các sở, ban, ngành."]),
    # a heading that lists its bodies with a semicolon runs into its first item
    ("3. Các sở, ban, ngành tỉnh; UBND các huyện, thành phố a) Căn cứ Kế hoạch này, xây dựng kế hoạch cụ thể.",
     ["3. Các sở, ban, ngành tỉnh; UBND các huyện, thành phố", "a) Căn cứ Kế hoạch này, xây dựng kế hoạch cụ thể."]),
    # a hyphen between two names is no marker
    ("1. Nâng cấp tuyến Hà Nội - Hải Phòng xong trong năm.", ["1. Nâng cấp tuyến Hà Nội - Hải Phòng xong trong năm."]),
    # a hyphen inside an agency's name is no marker
    ("1. Đài Phát thanh - Truyền hình tỉnh: Mở chuyên mục.", ["1. Đài Phát thanh - Truyền hình tỉnh: Mở chuyên mục."]),
])
def test_a_flattened_line_puts_its_run_in_headings_on_their_own_lines(flat, lines):
    filler = "Phòng chống tai nạn giao thông hiệu quả trên địa bàn, giảm số vụ, số người chết và bị thương. " * 4
    out = rejoin([filler + flat])
    assert out[-len(lines):] == lines and len(out) <= len(lines) + 1


TABLE = """|
TT
|
Nội dung
|
Cơ quan chủ trì
|
Thời gian
|
|
1
|
Tổ chức lại Ban Chỉ huy,
cấp xã
|
Bộ CHQS tỉnh
|
Trước ngày
30/11/2025
|
|
2
|
Hướng dẫn thanh toán
|
Sở Y tế
|
|
|
3
|
Tiếp nhận
|
Sở Khoa học và Công nghệ
|
2025
|
Sau bảng.
"""


def test_table_rows_become_lines_with_cell_spans():
    lines, rows = layout(TABLE)
    assert lines == [
        "TT | Nội dung | Cơ quan chủ trì | Thời gian",
        "1 | Tổ chức lại Ban Chỉ huy, cấp xã | Bộ CHQS tỉnh | Trước ngày 30/11/2025",
        "2 | Hướng dẫn thanh toán | Sở Y tế | ",
        "3 | Tiếp nhận | Sở Khoa học và Công nghệ | 2025",
        "Sau bảng.",
    ]
    assert [idx for idx, _ in rows] == [0, 1, 2, 3]
    idx, spans = rows[1]
    assert [lines[idx][a:b] for a, b in spans][2] == "Bộ CHQS tỉnh"


def test_document_rows_index_the_text_and_pages_use_form_feeds():
    src = Source("x.txt", "", "text", (RawPage(1, TABLE, "text"), RawPage(2, "Trang hai.", "text")))
    doc = normalise(src)
    row = doc.rows[1]
    a, b = row.cells[3]
    assert doc.text[a:b] == "Trước ngày 30/11/2025"
    assert "\f" in doc.text
    assert doc.page_of(doc.text.index("Trang hai")) == 2
    assert doc.page_of(a) == 1


def test_markdown_bold_from_web_copies_is_dropped():
    assert normalise_text("Số: **H5** /KH-UBND") == "Số: H5 /KH-UBND\n"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aăâbcdđeêoôơuưy àáảãạèéẻẽẹòóỏõọùúủũụỳýỷỹỵ|\n-.;:,1IV()ĐÁÀ")), max_size=400))
def test_normalise_never_crashes_and_is_idempotent_on_layout_free_text(text):
    out = normalise_text(text)
    assert isinstance(out, str)
    assert tone_marks(out) == out


# fmt: off
ROWS = [
    ([["1"], ["Tập huấn"], ["Sở Nội vụ"]],              [["1"], ["Tập huấn"], ["Sở Nội vụ"]]),
    ([["1"], ["Tập huấn"], [], ["Quý II"]],             [["1"], ["Tập huấn"], ["-"], ["Quý II"]]),  # inside: "-"
    ([["1"], ["Tập huấn"], [], []],                     [["1"], ["Tập huấn"], [], []]),             # at the end: empty
    ([[], ["Tập huấn"], ["Sở Nội vụ"]],                 [["-"], ["Tập huấn"], ["Sở Nội vụ"]]),
    ([["1"], ["Tập huấn", "cho cán bộ"], [" "], ["x"]], [["1"], ["Tập huấn", "cho cán bộ"], ["-"], ["x"]]),
]
# fmt: on


@pytest.mark.parametrize("cells, expected", ROWS)
def test_a_row_written_by_layout_row_reads_back_cell_for_cell(cells, expected):
    from pipeline.layout import layout_blocks
    from pipeline.table_text import layout_row

    header = layout_row([["TT"], ["Nội dung"], ["Chủ trì"], ["Thời gian"]][:len(cells)])
    last = layout_row([["2"], ["Báo cáo"], ["Sở Y tế"], ["2025"]][:len(cells)])
    text = "\n".join(header + layout_row(cells) + last) + "\n\n"
    rows = [cells for kind, cells in layout_blocks(text) if kind == "row"]
    assert len(rows) == 3 and rows[1] == expected  # the cells after an empty one stay in their columns
    assert rows[2] == [["2"], ["Báo cáo"], ["Sở Y tế"], ["2025"]][:len(cells)]


def test_a_row_wider_than_the_table_s_first_row_keeps_its_cells_together():
    # Đồng Nai 179/KH-UBND, appendix C: a section row of two cells, then the header and rows of five
    from pipeline.layout import layout_blocks

    text = "\n".join(["|", "I", "|", "Tổ chức, bộ máy", "|", "|", "Nội dung", "|", "Đơn vị thực hiện", "|",
                      "Đơn vị phối hợp", "|", "Thời gian thực", "hiện", "|", "Sản phẩm đầu ra", "|", "|", "1.1", "|",
                      "Kiện toàn Ban Chỉ đạo", "|", "Sở Khoa học và", "Công nghệ", "|", "Các sở, ban, ngành", "|",
                      "2025", "|", "Quyết định", "|", "", "Sau bảng là một đoạn văn."]) + "\n"
    blocks = layout_blocks(text)
    rows = [cells for kind, cells in blocks if kind == "row"]
    assert [len(r) for r in rows] == [2, 5, 6]
    assert rows[2][2] == ["Sở Khoa học và", "Công nghệ"]
    assert blocks[-1] == ("para", ["", "Sau bảng là một đoạn văn.", ""])


@pytest.mark.parametrize("text, expected", [
    # syllables a web copy broke into letters (corpora/documents)
    ("Ban ATGT t ỉ nh; U BND các huyện", "Ban ATGT tỉnh; UBND các huyện"),
    ("tr ong năm 2021, K ế t quả, phư ơ ng án", "trong năm 2021, Kết quả, phương án"),
    # fragments that are words of their own, or no frequent syllable when joined, stay apart
    ("NĂM AN TOÀN GI A O THÔNG", "NĂM AN TOÀN GI A O THÔNG"),
    ("a) b) c) và các ban, ngành; Sở Y tế, a b c; d an; h9c t.p", "a) b) c) và các ban, ngành; Sở Y tế, a b c; d an; h9c t.p"),
])
def test_letter_spacing_joins_only_broken_syllables(text, expected):
    from pipeline.normalisation import letter_spacing

    assert letter_spacing(text) == expected



def test_a_signature_laid_out_in_two_columns_is_read_column_by_column():
    sig = "\n".join([
        "Nơi nhận:                                         KT. CHỦ TỊCH",
        "- Bộ Nông nghiệp và Môi trường (b/c);             PHÓ CHỦ TỊCH",
        "- UBND các xã, phường;",
        "- Cổng TTĐT tỉnh;                                 Lò Văn Hưng",
        "- Lưu: VT, KT.",
        "5",
        "PHỤ LỤC",
        "STT      Tên đơn vị        Dự toán"])
    assert signature_columns(sig).split("\n") == [
        "Nơi nhận:", "- Bộ Nông nghiệp và Môi trường (b/c);", "- UBND các xã, phường;", "- Cổng TTĐT tỉnh;",
        "- Lưu: VT, KT.", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lò Văn Hưng", "5", "PHỤ LỤC",
        "STT      Tên đơn vị        Dự toán"]  # the appendix after the recipients keeps its spacing
    assert signature_columns("Nơi nhận:\n- Như trên;\n- Lưu: VT.") == "Nơi nhận:\n- Như trên;\n- Lưu: VT."
    paged = "\n".join(["Nơi nhận:                   TM. ỦY BAN NHÂN DÂN", "- Ban Chỉ đạo phát triển KHCN, ĐMST", "2",
                        "  và CĐS tỉnh;", "- Lưu: VT.                    Nông Đức Hậu"])  # a page number, a wrapped recipient
    assert signature_columns(paged).split("\n")[-2:] == ["TM. ỦY BAN NHÂN DÂN", "Nông Đức Hậu"]


def test_a_tables_last_row_with_an_empty_first_cell_ends_the_table():
    """A total row written " | Tổng cộng | 42 | 5.660 | | " (no STT, empty cells at the end) under a table without
    outer pipes: its first cell is empty and the heading after it is no cell of the table."""
    text = ("STT | Nội dung | Số lớp | Số học viên | Thời gian\n1 | Bồi dưỡng ngạch chuyên viên | 2 | 200 | Quý II/2026\n"
            " | Tổng cộng | 42 | 5.660 | | \nIV. KINH PHÍ THỰC HIỆN\n1. Kinh phí từ ngân sách tỉnh.\n")
    lines, rows = layout(inline_rows(text))
    assert "- | Tổng cộng | 42 | 5.660" in lines and len(rows) == 3
    assert "IV. KINH PHÍ THỰC HIỆN" in lines


def test_a_row_hard_wrapped_over_several_lines_is_one_row():
    """A task table's row wrapped at the page's width over three lines, the last of them an indented end of its last
    cell: one row of six cells; a short last row with text after it stays as it is."""
    text = ("STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện | Sản phẩm\n"
            "1 | Rà soát, xác định ranh giới vùng chuyên canh lúa chất lượng cao, phát thải thấp và\n"
            "    vùng trái cây chủ lực | Sở Nông nghiệp và Môi trường | UBND các xã, phường; Sở Tài\n"
            "    chính | Quý I/2026 | Quyết định phê duyệt vùng chuyên canh\n"
            "    của UBND tỉnh\n"
            "2 | Xây dựng hệ thống MRV | Sở Nông nghiệp và Môi trường | Sở Khoa học và Công nghệ | Năm 2026 | Hệ thống\n"
            "3 | Tổng hợp | Sở Tài chính\n"
            "Các sở, ngành tổ chức thực hiện.\n")
    lines, rows = layout(inline_rows(text))
    assert len(rows) == 4 and ("1 | Rà soát, xác định ranh giới vùng chuyên canh lúa chất lượng cao, phát thải thấp và"
                               " vùng trái cây chủ lực | Sở Nông nghiệp và Môi trường | UBND các xã, phường; Sở Tài chính"
                               " | Quý I/2026 | Quyết định phê duyệt vùng chuyên canh của UBND tỉnh") in lines
    assert "Các sở, ngành tổ chức thực hiện." in lines
    staged = ("STT | Chỉ tiêu | Đơn vị tính | 2026 | 2027 | 2028 | 2029 | 2030\n"
              "14 | Nhà ở có phòng cho khách du lịch thuê (homestay) đạt tiêu chuẩn | cơ sở | 40 | 60 |\n"
              "80 | 100 | 120\n"  # the row's last values, wrapped: no row of its own though it opens with a number
              "15 | Khu, điểm du lịch có nhà vệ sinh công cộng đạt chuẩn | % | 70 | 80 | 90 | 100 | 100\n")
    lines, rows = layout(inline_rows(staged))
    assert len(rows) == 3 and ("14 | Nhà ở có phòng cho khách du lịch thuê (homestay) đạt tiêu chuẩn | cơ sở | 40 | 60"
                               " | 80 | 100 | 120") in lines


def test_a_table_whose_cells_tabs_part_is_read_as_a_table():
    """A table copied out of a word processor: its cells parted by tabs; a line of text with one tab stays text."""
    text = ("TT\tNội dung\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian\n"
            "1\tKiện toàn Ban Chỉ đạo\tPhòng Văn hóa - Xã hội\tVăn phòng HĐND và UBND xã; Trạm Y tế xã\tTrước ngày 25/01/2026\n"
            "Nơi nhận:\tKT. CHỦ TỊCH\n")
    lines, rows = layout(inline_rows(text))
    assert len(rows) == 2 and ("1 | Kiện toàn Ban Chỉ đạo | Phòng Văn hóa - Xã hội | Văn phòng HĐND và UBND xã; Trạm Y tế xã"
                               " | Trước ngày 25/01/2026") in lines
    assert "Nơi nhận:\tKT. CHỦ TỊCH" in lines


def test_a_table_s_group_row_and_a_row_wrapped_after_its_last_pipe_stay_in_the_table():
    """"A | KHÁCH DU LỊCH" (two cells) between rows names a group of rows and keeps the table open; a row whose line
    ends in a pipe with its last value on the next line ("... | 13.500 |" then "15.000") is one row."""
    text = ("TT | Chỉ tiêu | ĐVT | 2026 | 2027 | 2028\n"
            "A | KHÁCH DU LỊCH VÀ DOANH THU\n"
            "1 | Tổng lượt khách du lịch | triệu lượt | 3,2 | 3,5 | 3,9\n"
            "2 | Lao động trực tiếp trong ngành du lịch | người | 9.500 | 10.500 |\n"
            "12.000\n"
            "3 | Tỷ lệ khách quay lại | % | 20 | 22 | 25\n")
    lines, rows = layout(inline_rows(text))
    assert len(rows) == 5
    assert "2 | Lao động trực tiếp trong ngành du lịch | người | 9.500 | 10.500 | 12.000" in lines


def test_a_task_table_wrapped_at_the_page_width_with_group_lines_between_its_rows():
    """Rows wrapped with no indent, a line ending in a pipe whose last cell goes on ("... | UBND các xã |" then
    "Quý I/2026"), a last cell's end right before the next row, and "I. CÔNG TÁC ..." lines naming groups of rows."""
    text = ("STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành\n"
            "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH\n"
            "1 | Kiện toàn Văn phòng Điều phối nông thôn mới tỉnh và bố trí công chức làm công\n"
            "tác nông thôn mới tại 42 xã | Sở Nội vụ | Sở NN&MT; UBND các xã |\n"
            "Quý I/2026\n"
            "2 | Ban hành Bộ tiêu chí xã nông thôn mới | Sở NN&MT | Các sở, ban, ngành | Trong vòng 60 ngày kể từ ngày\n"
            "bộ tiêu chí quốc gia có hiệu lực\n"
            "II. NGUỒN LỰC THỰC HIỆN\n"
            "3 | Phân bổ chi tiết kế hoạch vốn năm 2026 cho các xã | Sở Tài chính | Sở NN&MT | Trước ngày 31/12/2025\n")
    lines, rows = layout(inline_rows(text))
    assert len(rows) == 6
    assert ("1 | Kiện toàn Văn phòng Điều phối nông thôn mới tỉnh và bố trí công chức làm công tác nông thôn mới tại 42 xã"
            " | Sở Nội vụ | Sở NN&MT; UBND các xã | Quý I/2026") in lines
    assert ("2 | Ban hành Bộ tiêu chí xã nông thôn mới | Sở NN&MT | Các sở, ban, ngành | Trong vòng 60 ngày kể từ ngày bộ"
            " tiêu chí quốc gia có hiệu lực") in lines


def test_a_table_whose_columns_spaces_align_is_read_as_a_table():
    """A PDF's text laid out: columns parted by spaces, a header over two lines, cells wrapped inside their columns,
    a figure aligned right that starts left of its column, a total row with no number; the text after it stays text."""
    text = (" STT  Chỉ tiêu                  ĐVT     Năm     Năm\n"
            "                                        2026    2030\n"
            " 1    Số HTX thành lập mới      HTX     40      60\n"
            "      trong năm\n"
            " 2    Tổng số thành viên        Người   10.500  14.500\n"
            "      HTX\n"
            "      Tổng cộng                      120.500  14.560\n"
            "Các chỉ tiêu trên do Sở Tài chính theo dõi, tổng hợp hằng năm.\n"
            "Ủy ban nhân dân tỉnh          Số: 12/KH-UBND\n")
    lines, rows = layout(inline_rows(text))
    assert lines[:4] == ["STT | Chỉ tiêu | ĐVT | Năm 2026 | Năm 2030",
                         "1 | Số HTX thành lập mới trong năm | HTX | 40 | 60",
                         "2 | Tổng số thành viên HTX | Người | 10.500 | 14.500",
                         "- | Tổng cộng | - | 120.500 | 14.560"]
    assert len(rows) == 4 and lines[4:] == ["Các chỉ tiêu trên do Sở Tài chính theo dõi, tổng hợp hằng năm.",
                                            "Ủy ban nhân dân tỉnh Số: 12/KH-UBND"]


def test_an_aligned_table_whose_wrapped_lines_outnumber_its_rows_keeps_its_first_column():
    """Cells wrapped over several lines show fewer columns than a row's first line: the columns are those the most
    cells show, so the numbers keep their column and each wrapped line goes on its row."""
    text = (" TT  Nhiệm vụ                 Cơ quan chủ   Cơ quan phối hợp       Thời gian\n"
            "                              trì                                  hoàn thành\n"
            " 1   Rà soát, cập nhật vùng   Sở Nông       Sở Tài chính; UBND     Quý I/2026\n"
            "     lúa CLC-PTT, xây dựng    nghiệp và     các xã, phường có\n"
            "     bản đồ số                Môi trường    diện tích tham gia\n"
            "     và cơ sở dữ liệu         tỉnh          Đề án\n"
            " 2   Cơ sở dữ liệu vùng       Sở Khoa học   Sở NN&MT; Viễn thông   Tháng 9/2026\n"
            "     trồng, sổ nhật ký điện   và Công nghệ  Đồng Tháp; các HTX\n"
            "     tử\n")
    lines, rows = layout(inline_rows(text))
    assert lines == ["TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành",
                     "1 | Rà soát, cập nhật vùng lúa CLC-PTT, xây dựng bản đồ số và cơ sở dữ liệu | Sở Nông nghiệp và Môi "
                     "trường tỉnh | Sở Tài chính; UBND các xã, phường có diện tích tham gia Đề án | Quý I/2026",
                     "2 | Cơ sở dữ liệu vùng trồng, sổ nhật ký điện tử | Sở Khoa học và Công nghệ | Sở NN&MT; Viễn thông "
                     "Đồng Tháp; các HTX | Tháng 9/2026"]


def test_an_aligned_header_whose_words_one_space_parts_across_columns_splits_them():
    """"STT Nhiệm vụ" heads two columns a single space apart: each word goes to the column it stands in."""
    text = ("STT Nhiệm vụ              Cơ quan chủ     Cơ quan phối hợp   Thời gian\n"
            "                          trì                                hoàn thành\n"
            "1   Rà soát vùng phát     Sở NN&MT        Sở Tài chính       Quý II/2026\n"
            "    triển dược liệu\n"
            "2   Hội chợ dược liệu     Sở Công         Sở VHTTDL          Tháng 8 hằng\n"
            "                          Thương                             năm\n")
    lines, rows = layout(inline_rows(text))
    assert lines == ["STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành",
                     "1 | Rà soát vùng phát triển dược liệu | Sở NN&MT | Sở Tài chính | Quý II/2026",
                     "2 | Hội chợ dược liệu | Sở Công Thương | Sở VHTTDL | Tháng 8 hằng năm"]


def test_an_aligned_table_whose_rows_blank_lines_and_a_page_number_part_stays_one_table():
    """A PDF's text often leaves a blank line between rows, and a page's number between two of them: the table goes on
    where the next line opens a row on its columns, and ends where a line of prose follows the gap."""
    text = ("TT  Nhiệm vụ                 Cơ quan chủ   Cơ quan phối hợp  Thời gian\n"
            "                             trì                             hoàn thành\n"
            "\n"
            "1   Hướng dẫn xây dựng kế    Sở KH&CN      Các sở, ban,      Trước\n"
            "    hoạch chi tiết                         ngành             15/01/2026\n"
            "\n"
            "                                            6\n"
            "\n"
            "2   Hợp nhất hạ tầng số, vận Sở KH&CN      Công an TP        Quý I/2026\n"
            "    hành IOC thống nhất\n"
            "\n"
            "Trong quá trình thực hiện, nếu có vướng mắc, các cơ quan báo cáo Sở Khoa học và Công nghệ.\n")
    lines, rows = layout(inline_rows(text))
    assert lines == ["TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành",
                     "1 | Hướng dẫn xây dựng kế hoạch chi tiết | Sở KH&CN | Các sở, ban, ngành | Trước 15/01/2026",
                     "2 | Hợp nhất hạ tầng số, vận hành IOC thống nhất | Sở KH&CN | Công an TP | Quý I/2026",
                     "Trong quá trình thực hiện, nếu có vướng mắc, các cơ quan báo cáo Sở Khoa học và Công nghệ."]


def test_a_table_whose_cells_come_one_under_the_other_is_read_a_row_a_line():
    """Text copied out of a PDF's table: the header's cells, then each row's number and cells, one under the other,
    a cell wrapped over lines; a page's break inside a row; a line too many joined where it opens no body."""
    text = ("IV. DANH MỤC NHIỆM VỤ\nTT\nNhiệm vụ\nCơ quan chủ trì\nCơ quan phối hợp\nThời gian hoàn thành\nSản phẩm\n"
            "1\nKiện toàn Ban Chỉ huy Phòng thủ\ndân sự tỉnh\nSở Nông nghiệp và\nMôi trường\nBộ CHQS tỉnh; Sở\nNội vụ\n"
            "Trước 28/02/2026\nQuyết định của\nUBND tỉnh\n"
            "2\nSửa chữa 24 hồ chứa nước\nSở NN&MT\nCác công ty TNHH\nMTV thủy lợi; UBND\ncác xã\nQuý II/2026\n"
            "Công trình hoàn\n\n4\nthành\n"
            "3\nLắp đặt 06 trạm đo mưa\nSở NN&MT (Chi cục\nThủy lợi)\nĐài KTTV tỉnh\nTrước 30/4/2026\n\n5\n"
            "Trạm vận hành\n\nV. KINH PHÍ THỰC HIỆN\n")
    lines, rows = layout(inline_rows(text))
    assert lines[1:5] == [
        "TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | Sản phẩm",
        "1 | Kiện toàn Ban Chỉ huy Phòng thủ dân sự tỉnh | Sở Nông nghiệp và Môi trường | Bộ CHQS tỉnh; Sở Nội vụ | "
        "Trước 28/02/2026 | Quyết định của UBND tỉnh",
        "2 | Sửa chữa 24 hồ chứa nước | Sở NN&MT | Các công ty TNHH MTV thủy lợi; UBND các xã | Quý II/2026 | "
        "Công trình hoàn thành",
        "3 | Lắp đặt 06 trạm đo mưa | Sở NN&MT (Chi cục Thủy lợi) | Đài KTTV tỉnh | Trước 30/4/2026 | Trạm vận hành"]
    assert len(rows) == 4 and lines[5] == "V. KINH PHÍ THỰC HIỆN"


def test_an_aligned_table_whose_long_cell_reaches_the_next_column_s_heading_keeps_its_columns():
    """The writer set a heading a little left of its figures, and a long label ends two spaces before them: the ink
    of the lines runs on, but each line shows its cells one by one in the same order."""
    text = ("TT  Chỉ tiêu                          Quý I    Quý II   Quý III   Quý IV\n"
            "1   Nhà ở hoàn thành (nhà)              120      480      960      1.200\n"
            "2   Lao động được đào tạo nghề (người)  1.400    4.100    6.900    9.200\n")
    lines, rows = layout(inline_rows(text))
    assert lines == ["TT | Chỉ tiêu | Quý I | Quý II | Quý III | Quý IV", "1 | Nhà ở hoàn thành (nhà) | 120 | 480 | 960 | 1.200",
                     "2 | Lao động được đào tạo nghề (người) | 1.400 | 4.100 | 6.900 | 9.200"]
