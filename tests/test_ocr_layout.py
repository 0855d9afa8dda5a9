"""OCR page layout: ruled tables, side-by-side blocks, and the RawPage convention (-m ocr runs Tesseract)."""
from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from pipeline.layout import layout
from pipeline.ocr import ocr_image
from pipeline.ocr_image import estimate_skew, suppress_red
from pipeline.ocr_layout import Word, page_lines
from pipeline.ocr_tables import Table, find_tables, table_images

ROOT = Path(__file__).resolve().parent.parent


def _maker():
    spec = importlib.util.spec_from_file_location("ocr_damage", ROOT / "scripts" / "ocr_damage.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _words(line: str, y: int, x: int = 100, h: int = 30, block: int = 1, char: int = 15) -> list[Word]:
    """Words of one printed line; two spaces or more mark a wide gap (another column)."""
    out = []
    for part in line.split(" "):
        if part:
            out.append(Word(part, 95.0, x, y, x + char * len(part), y + h, block))
            x += char * len(part) + 12
        else:
            x += 60
    return out


def _text(lines: list[str]) -> list[str]:
    """The page lines as the normaliser lays them out (cells joined by " | ")."""
    return layout("\n".join(lines))[0]


def _render(ws: list[Word], left: str | None = None, right: str | None = None) -> str:
    return " ".join(w.text for w in ws)


# --------------------------------------------------------------------------- ruled tables


def _grid(rule: int = 0, paper: int = 250, rows: int = 3, widths=(120, 700, 300, 300)) -> tuple[Image.Image, list]:
    img = Image.new("L", (1800, 1400), paper)
    d = ImageDraw.Draw(img)
    x0, y0, row_h = 200, 300, 160
    xs = [x0] + list(np.cumsum(widths) + x0)
    for r in range(rows + 1):
        d.line((x0, y0 + r * row_h, xs[-1], y0 + r * row_h), fill=rule, width=3)
    for x in xs:
        d.line((x, y0, x, y0 + rows * row_h), fill=rule, width=3)
    for r in range(rows):  # some ink inside the cells, like words
        for a, b in zip(xs, xs[1:]):
            d.rectangle((a + 20, y0 + r * row_h + 30, min(b - 20, a + 90), y0 + r * row_h + 55), fill=rule)
    return img, xs


@pytest.mark.parametrize("rule, paper", [(0, 250), (195, 248)], ids=["black", "faint"])
def test_find_tables_reads_the_grid(rule, paper):
    img, xs = _grid(rule, paper)
    (table,) = find_tables(img)
    assert [len(r) for r in table.rows] == [4, 4, 4]
    assert [abs(c[0] - x) <= 4 for c, x in zip(table.rows[0], xs)] == [True] * 4
    assert abs(table.top - 300) <= 4 and abs(table.bottom - 780) <= 4


def test_a_row_with_merged_cells_has_fewer_cells():
    img, xs = _grid()
    d = ImageDraw.Draw(img)
    d.rectangle((xs[1] + 3, 462, xs[-1] - 3, 618), fill=250)  # rub out the inner rules of row 2
    (table,) = find_tables(img)
    assert [len(r) for r in table.rows] == [4, 2, 4]


def test_lines_of_text_and_an_underline_are_no_table():
    img = Image.new("L", (1800, 1400), 250)
    d = ImageDraw.Draw(img)
    for y in range(200, 1200, 70):  # text-like rows of blobs
        for x in range(200, 1600, 45):
            d.rectangle((x, y, x + 30, y + 35), fill=20)
    d.line((700, 150, 1100, 150), fill=0, width=3)  # the rule under a header
    assert find_tables(img) == []


def test_a_band_less_tall_than_a_line_of_text_is_no_table_row():
    """On a photo, the letters of an underlined line pass for rules: a band of cells less
    tall than the page's text lines holds no text."""
    img, xs = _grid(rows=1)
    assert len(find_tables(img)) == 1
    assert find_tables(img, min_row=200) == []  # the band is 160 pixels high
    assert len(find_tables(img, min_row=120)) == 1


def test_cells_are_read_from_stacked_images():
    img, xs = _grid()
    tables = find_tables(img)
    (stack, placed), = table_images(img, tables)
    assert len(placed) == 12
    tops = [c.box[1] for c in placed]
    assert tops == sorted(tops) and stack.size[0] < img.size[0]  # one cell under another


# --------------------------------------------------------------------------- text in the convention

HEADER = [
    ("ỦY BAN NHÂN DÂN  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 100),
    ("TỈNH NGHỆ AN  Độc lập - Tự do - Hạnh phúc", 145),
]


def _header_words() -> list[Word]:
    out = []
    for line, y in HEADER:
        left, right = line.split("  ")
        out += _words(left, y, x=150) + _words(right, y, x=900)
    out += _words("Số: 980/KH-UBND", 230, x=180) + _words("Nghệ An, ngày 18 tháng 11 năm 2025", 230, x=920)
    out += _words("KẾ HOẠCH", 330, x=700, block=2)
    out += _words("Thực hiện Quyết định số 1899/QĐ-TTg ngày 04/9/2025 của Thủ tướng Chính phủ", 400, x=150, block=3)
    return out


def test_header_blocks_side_by_side_become_rows():
    lines = _text(page_lines(_header_words(), _render))
    assert lines[0] == "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc"
    assert lines[1] == "Số: 980/KH-UBND | Nghệ An, ngày 18 tháng 11 năm 2025"
    assert lines[2] == "KẾ HOẠCH"  # centred on the page, not in the date's column
    assert lines[3].startswith("Thực hiện Quyết định số 1899/QĐ-TTg")


def test_an_unsure_number_label_is_kept_before_the_number():
    """"Số:" read with little confidence (a low-resolution photo) is still the label of the
    number beside it, while an unsure word alone is dropped as a seal's ring or a stain."""
    ws = _words("Sõ: 308/KH-UBND", 100, x=180) + _words("tối", 200, x=180)
    ws = [Word(w.text, 19.0, w.x0, w.y0, w.x1, w.y1, w.block) if w.text in ("Sõ:", "tối") else w for w in ws]
    assert _text(page_lines(ws, _render)) == ["Sõ: 308/KH-UBND"]


def test_recipients_and_signature_become_one_row():
    ws = _words("Nơi nhận:", 100, x=150) + _words("TM. ỦY BAN NHÂN DÂN", 100, x=1000)
    ws += _words("- Bộ Tư pháp (b/c);", 140, x=150) + _words("KT. CHỦ TỊCH", 140, x=1080)
    ws += _words("- TT Tỉnh ủy, TT HĐND tỉnh;", 180, x=150) + _words("PHÓ CHỦ TỊCH", 180, x=1080)
    for k, item in enumerate(["- Các Sở, cơ quan thuộc UBND tỉnh;", "- UBND các xã, phường;", "- Lưu: VT."]):
        ws += _words(item, 220 + 40 * k, x=150)
    ws += _words("Nguyễn Văn Đệ", 420, x=1070)  # under the hand signature
    (line,) = _text(page_lines(ws, _render))
    assert line == ("Nơi nhận: - Bộ Tư pháp (b/c); - TT Tỉnh ủy, TT HĐND tỉnh; - Các Sở, cơ quan thuộc UBND tỉnh; "
                    "- UBND các xã, phường; - Lưu: VT. | TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn Đệ")


def test_justified_paragraph_stays_prose():
    ws = _words("Sở Tài chính chủ trì, phối hợp với các sở, ngành tham mưu bố trí kinh phí thực hiện", 100)
    ws += _words("Kế hoạch này theo quy định của pháp luật về ngân sách nhà nước.", 145)
    assert _text(page_lines(ws, _render)) == [
        "Sở Tài chính chủ trì, phối hợp với các sở, ngành tham mưu bố trí kinh phí thực hiện "
        "Kế hoạch này theo quy định của pháp luật về ngân sách nhà nước."]


def test_table_rows_keep_their_cells_and_width():
    """The first row is padded to the widest row: the normaliser would cut a wider later row."""
    rows = [["3", "Triển khai thực hiện khi có Thông tư mới", "Sở Tài chính", "2025"],
            ["II", "TRIỂN KHAI ĐỒNG BỘ VĂN BẢN QUY PHẠM PHÁP LUẬT"],
            ["7", "Ban hành Quy chế Phối hợp tìm kiếm, cứu nạn", "Sở Xây dựng", "Sau khi có Quy chế của TW",
             "Quyết định Chủ tịch UBND tỉnh"]]
    boxes, placed, words, y = [], [], [], 50
    from pipeline.ocr_tables import PlacedCell
    for r, cells in enumerate(rows):
        boxes.append(tuple((100 + 300 * c, 1000 + 200 * r, 400 + 300 * c, 1200 + 200 * r) for c in range(len(cells))))
        for c, text in enumerate(cells):
            placed.append(PlacedCell((40, y, 600, y + 60), 0, r, c))
            words += _words(text, y + 10, x=40)
            y += 100
    before = _words("b) Cơ quan thực hiện:", 900, x=150, block=1)
    after = _words("Yêu cầu các sở, ban, ngành thực hiện nghiêm túc./.", 1700, x=150, block=5)
    lines = _text(page_lines(before + after, _render, [Table(tuple(boxes))], [(placed, words)]))
    assert lines == ["b) Cơ quan thực hiện:",
                     "3 | Triển khai thực hiện khi có Thông tư mới | Sở Tài chính | 2025 | ",
                     "II | TRIỂN KHAI ĐỒNG BỘ VĂN BẢN QUY PHẠM PHÁP LUẬT",
                     "7 | Ban hành Quy chế Phối hợp tìm kiếm, cứu nạn | Sở Xây dựng | Sau khi có Quy chế của TW | "
                     "Quyết định Chủ tịch UBND tỉnh",
                     "Yêu cầu các sở, ban, ngành thực hiện nghiêm túc./."]


# --------------------------------------------------------------------------- pre-processing


@pytest.mark.parametrize("angle", [-2.6, -0.8, 1.5, 3.2])
def test_estimate_skew(angle):
    maker = _maker()
    text = "\n".join(["Kế hoạch triển khai thực hiện Nghị quyết số 214/NQ-CP ngày 23/7/2025 của Chính phủ về "
                      "thúc đẩy tạo lập dữ liệu phục vụ chuyển đổi số toàn diện trên địa bàn thành phố."] * 12)
    (page, _), = maker.typeset_document(text)[:1]
    turned = page.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
    assert estimate_skew(turned) == pytest.approx(-angle, abs=0.15)


def test_red_seal_turns_light_and_black_ink_under_it_stays():
    img = Image.new("RGB", (800, 800), (250, 248, 235))
    d = ImageDraw.Draw(img)
    d.rectangle((100, 380, 700, 400), fill=(10, 10, 10))  # a black rule
    d.ellipse((250, 250, 550, 550), outline=(205, 30, 40), width=18)  # the seal's ring
    d.rectangle((380, 370, 420, 410), fill=(60, 8, 12))  # black ink blurred into the red
    gray, had = suppress_red(img)
    a = np.asarray(gray)
    assert had
    assert a[260, 400] > 200  # the ring (top) is paper now
    assert a[390, 150] < 40 and a[390, 400] < 110  # the rule, also under the seal


# --------------------------------------------------------------------------- real Tesseract


@pytest.mark.ocr
def test_scanned_plan_page_with_header_and_task_table():
    """A first page typeset from real plan sentences, scanned at 150 dpi with a seal."""
    text = "\n".join([
        "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
        "Số: 980/KH-UBND | Nghệ An, ngày 18 tháng 11 năm 2025",
        "KẾ HOẠCH",
        "THỰC HIỆN QUYẾT ĐỊNH SỐ 1899/QĐ-TTG NGÀY 04/9/2025 CỦA THỦ TƯỚNG CHÍNH PHỦ",
        "Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:",
        "TT | Nội dung thực hiện | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành",
        "1 | Triển khai thực hiện một số nội dung chi, mức chi đặc thù | Sở Tài chính | "
        "Cơ quan, địa phương liên quan | Thường xuyên",
        "2 | Hướng dẫn thanh toán chi phí khám bệnh, chữa bệnh | Sở Y tế | Sở Tài chính | 2025",
    ])
    maker = _maker()
    (page, anchor), = maker.typeset_document(text)
    spec = dict(dpi=150, skew=1.2, blur=0.6, jpeg=70, stamp=True)
    scan = maker.damage(page, spec, random.Random("layout"), anchor)
    ocr = ocr_image(scan.convert("RGB"))
    assert any(s.startswith("tables(") for s in ocr.steps)
    lines = _text(ocr.text.split("\n"))
    assert lines[0] == "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc"
    assert lines[1] == "Số: 980/KH-UBND | Nghệ An, ngày 18 tháng 11 năm 2025"
    assert "2 | Hướng dẫn thanh toán chi phí khám bệnh, chữa bệnh | Sở Y tế | Sở Tài chính | 2025" in lines
    assert any(ln.startswith("1 | Triển khai thực hiện một số nội dung chi") and ln.endswith(" | Thường xuyên")
               for ln in lines)
