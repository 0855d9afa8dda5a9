"""pipeline.segmentation: outline paths, appendix rows, clauses."""
import pytest

from pipeline.models import RawPage, Source
from pipeline.normalisation import normalise
from pipeline.segmentation import clauses, lines_with_paths, match_marker, outline_text, segment


def doc(text):
    return normalise(Source("x.txt", "", "text", (RawPage(1, text, "text"),)))


OUTLINE = """I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Bảo đảm sự chỉ đạo.
V. TỔ CHỨC THỰC HIỆN
1. Phân công trách nhiệm:
a) Sở Nội vụ: là cơ quan đầu mối.
b) Sở Thông tin và Truyền thông:
- Chỉ đạo các cơ quan báo chí.
2. Kinh phí thực hiện:
2.1. Ngân sách tỉnh.
PHỤ LỤC
|
TT
|
Nội dung
|
|
I
|
KIỆN TOÀN
|
|
1
|
Tổ chức lại Ban Chỉ huy
|
"""


def test_paths_follow_the_outline():
    paths = {ln.text[:14]: ln.path for ln in lines_with_paths(doc(OUTLINE))}
    assert paths["I. MỤC ĐÍCH, Y"] == "I"
    assert paths["- Bảo đảm sự c"] == "I.1"
    assert paths["a) Sở Nội vụ: "] == "V.1.a"
    assert paths["- Chỉ đạo các "] == "V.1.b"
    assert paths["2.1. Ngân sách"] == "V.2.1"  # 2.1 under 2 replaces it
    assert paths["1 | Tổ chức lạ"] == "Phụ lục.I.1"


@pytest.mark.parametrize("line, expected", [("IV. TỔ CHỨC", ("roman", "IV")), ("1.2. Nội dung", ("decimal2", "1.2")),
                                            ("đ) Các cơ quan", ("letter", "đ")), ("- Bảo đảm", ("dash", "-")),
                                            ("Điều 3. Chánh Văn phòng", ("article", "Điều 3")), ("Căn cứ Luật", None)])
def test_match_marker(line, expected):
    assert match_marker(line) == expected


def test_segments_and_outline_text_keep_spans():
    d = doc(OUTLINE)
    segs = segment(d)
    assert all(0 <= s.start < s.end <= len(d.text) for s in segs)
    assert any(s.kind == "appendix" for s in segs)
    assert "V.1.b" in outline_text(d)


def test_clauses_split_at_semicolons_and_sentences():
    (ln,) = [l for l in lines_with_paths(doc("a) Sở Nội vụ chủ trì; phối hợp với Sở Tài chính. Báo cáo UBND tỉnh."))]
    parts = [ln.text[a - ln.start:b - ln.start] for a, b in clauses(ln)]
    assert parts == ["a) Sở Nội vụ chủ trì", " phối hợp với Sở Tài chính.", "Báo cáo UBND tỉnh."]
