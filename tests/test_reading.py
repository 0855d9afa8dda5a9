"""pipeline.reading: every reader on real documents, the layout convention, bad input (speed lives in bench/run.py)."""
from __future__ import annotations

import hashlib
import os
import struct
import unicodedata
from hashlib import md5
from pathlib import Path

import pytest

from pipeline import legacy
from pipeline.errors import InputError
from pipeline.reading import iter_paths, read
from pipeline.read_pdf import page_needs_ocr

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpora"
DOCS = CORPUS / "documents"
DOCX = CORPUS / "docx" / "069_luong-minh-16-kh-mttq-btt-2025.docx"
DOC = CORPUS / "doc" / "quang-ninh-99-2025-nq-hdnd.doc"
PDF = CORPUS / "pdf" / "073_thua-thien-hue-254-tb-pctt-2022.pdf"
SCANNED = sorted((CORPUS / "scanned").glob("*.pdf"))


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def convention(rows) -> str:
    """Expected reader output for a table: each row opened by ``|``, each cell's lines then ``|``."""
    out = []
    for row in rows:
        out.append("|")
        for cell in row:
            out += [*cell, "|"]
    return "\n".join(out) + "\n\n"  # a blank line ends the table


def test_the_convention_is_the_corpus_one():
    # nghe-an-980 starts with its header table: two rows of two cells
    corpus = (DOCS / "nghe-an-980-kh-ubnd-2025.txt").read_text(encoding="utf-8")
    header = convention([[["ỦY BAN NHÂN DÂN", "TỈNH NGHỆ AN", "-------"],
                          ["CỘNG HÒA XÃ HỘI", "CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "---------------"]],
                         [["Số: 980/KH-UBND"], ["Nghệ An, ngày 18", "tháng 11 năm 2025"]]])
    assert corpus.startswith(header.rstrip("\n") + "\nKẾ HOẠCH\n")
    assert convention([[["a"], [], ["c"]]]) == "|\na\n|\n|\nc\n|\n\n"


def lines_of(text: str) -> list[str]:
    return [ln for ln in text.split("\n") if ln.strip()]


# --- plain text ---------------------------------------------------------------------

def test_utf8_corpus_text(tmp_path):
    path = DOCS / "nghe-an-980-kh-ubnd-2025.txt"
    source = read(path)
    assert (source.format, source.encoding, source.notes) == ("text", "utf-8", ())
    assert source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert source.path == str(path)
    assert [(p.number, p.method) for p in source.pages] == [(1, "text")]
    assert source.pages[0].text == nfc(path.read_text(encoding="utf-8"))


# fmt: off
ENCODED = [
    ("utf-8-sig", "utf-8"),
    ("utf-16", "utf-16"),        # with a byte order mark
    ("utf-16-le", "utf-16"),     # without one
    ("utf-16-be", "utf-16"),
]
# fmt: on


@pytest.mark.parametrize("codec,expected", ENCODED)
def test_unicode_encodings(codec, expected, tmp_path):
    text = nfc((DOCS / "ha-noi-308-kh-ubnd-2025.txt").read_text(encoding="utf-8"))
    path = tmp_path / "doc.txt"
    path.write_bytes(text.encode(codec))
    source = read(path)
    assert source.encoding == expected
    assert source.pages[0].text == text


def to_cp1258(text: str) -> bytes:
    """Windows-1258 the way Windows writes it: base letters plus combining tone marks."""
    out = bytearray()
    for ch in nfc(text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
        base = nfc("".join(c for c in parts if c not in tones))
        out += (base + tones).encode("cp1258", errors="replace")
    return bytes(out)


@pytest.mark.parametrize("name", ["can-tho-159-kh-ubnd-2025.txt", "ha-noi-308-kh-ubnd-2025.txt"])
def test_windows_1258_round_trip(name, tmp_path):
    text = nfc((DOCS / name).read_text(encoding="utf-8"))
    data = to_cp1258(text)
    assert b"\xf2" in data or b"\xec" in data  # really uses combining tone marks
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    source = read(path)
    assert source.encoding == "windows-1258"
    expected = nfc(data.decode("cp1258"))  # the few characters cp1258 lacks became "?"
    assert source.pages[0].text == expected
    assert sum(a != b for a, b in zip(expected, text)) <= 0.002 * len(text)


def test_a_few_invalid_utf8_bytes_are_replaced(tmp_path):
    text = nfc((DOCS / "can-tho-160-kh-ubnd-2025.txt").read_text(encoding="utf-8"))
    path = tmp_path / "damaged.txt"
    path.write_bytes(text[:300].encode("utf-8") + b"\xff" + text[300:].encode("utf-8"))
    source = read(path)
    assert (source.encoding, source.notes) == ("utf-8", ("1 invalid UTF-8 byte sequence replaced",))
    assert source.pages[0].text == text[:300] + "\ufffd" + text[300:]


def test_windows_1252_western_text(tmp_path):
    path = tmp_path / "note.txt"
    path.write_bytes("Größe für Übergänge, café déjà vu — 25 €".encode("cp1252"))
    source = read(path)
    assert (source.encoding, source.pages[0].text) == ("windows-1252", "Größe für Übergänge, café déjà vu — 25 €")


def test_line_endings_and_form_feed_pages(tmp_path):
    path = tmp_path / "pages.txt"
    path.write_bytes("Trang một\r\ndòng hai\r\n\fTrang hai\rcuối\f".encode("utf-8"))
    source = read(path)
    assert [p.text for p in source.pages] == ["Trang một\ndòng hai\n", "Trang hai\ncuối"]
    assert [p.number for p in source.pages] == [1, 2]


def test_a_plain_text_table_written_one_row_a_line_is_read_as_rows(tmp_path):
    # a Markdown table, or kehoach's own text output read again: one row a line, cells between pipes
    path = tmp_path / "table.txt"
    path.write_text("PHỤ LỤC\n| TT | Nội dung | Cơ quan chủ trì |\n|---|---|---|\n| 1 | Bố trí kinh phí | Sở Tài chính |\n"
                    "2 | Đào tạo kỹ năng số | Sở Nội vụ\nKhông phải bảng | một ô\n", encoding="utf-8")
    text = read(path).pages[0].text
    assert text.split("\n") == ["PHỤ LỤC", "|", "TT", "|", "Nội dung", "|", "Cơ quan chủ trì", "|",
                                "|", "1", "|", "Bố trí kinh phí", "|", "Sở Tài chính", "|",
                                "|", "2", "|", "Đào tạo kỹ năng số", "|", "Sở Nội vụ", "|",
                                "Không phải bảng | một ô", ""]


# --- html ----------------------------------------------------------------------------

NGHE_AN = (DOCS / "nghe-an-980-kh-ubnd-2025.txt").read_text(encoding="utf-8").split("\n")
BODY = NGHE_AN[NGHE_AN.index("KẾ HOẠCH"):NGHE_AN.index("|", NGHE_AN.index("KẾ HOẠCH"))]
SIGNATURE_ROW = [NGHE_AN[NGHE_AN.index("Nơi nhận:"):NGHE_AN.index("- Lưu: VT, NC (TP, Dũng).") + 1],
                 ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn Đệ"]]
APPENDIX = [
    [["TT"], ["Nội dung thực hiện"], ["Cơ quan chủ trì"], ["Cơ quan phối hợp"], ["Thời gian hoàn thành"],
     ["Sản phẩm dự kiến"]],
    [["I"], ["KIỆN TOÀN VÀ HOÀN THIỆN CƠ CHẾ CHỈ ĐẠO, ĐIỀU HÀNH PHÒNG THỦ DÂN SỰ"]],  # colspan=5
    [["1"], ["Tổ chức lại Ban Chỉ huy Phòng thủ dân sự cấp tỉnh, cấp xã;",
             "(Điều 7, 8 Nghị định)"], ["Bộ CHQS tỉnh; UBND cấp xã"],
     ["Văn phòng Ban Chỉ huy; các sở, ban, ngành"], ["Trước ngày 30/11/2025"],
     ["Quyết định của Chủ tịch UBND cấp tỉnh, cấp xã"]],
    [["2"], ["Triển khai thực hiện một số nội dung chi"], ["Sở Tài chính"],
     ["Cơ quan, địa phương liên quan"], ["Thường xuyên"], []],  # an empty cell
]


def html_table(rows, ncols=6) -> str:
    out = []
    for row in rows:
        span = f' colspan="{ncols - len(row) + 1}"' if len(row) < ncols else ""
        cells = [f"<td{span if i == len(row) - 1 else ''}>{'<br>'.join(cell)}</td>" for i, cell in enumerate(row)]
        out.append("<tr>" + "".join(cells) + "</tr>")
    return "<table border=1>" + "\n".join(out) + "</table>"


def test_html_from_corpus_text_with_tables(tmp_path):
    paragraphs = "\n".join(f"<p>{line}</p>" for line in BODY if line.strip())
    page = (f"<html><head><meta charset='utf-8'></head><body>{paragraphs}\n"
            f"<table><tr><td><p>{'</p><p>'.join(SIGNATURE_ROW[0])}</p></td>"
            f"<td>{'<br/>'.join(SIGNATURE_ROW[1])}</td></tr></table>\n"
            f"<p>PHỤ LỤC</p>{html_table(APPENDIX)}<p>Hết.</p></body></html>")
    path = tmp_path / "ke-hoach.html"
    path.write_text(page, encoding="utf-8")
    source = read(path)
    assert (source.format, source.encoding, [p.method for p in source.pages]) == ("html", "utf-8", ["html"])
    expected = ("\n".join(" ".join(ln.split()) for ln in BODY if ln.strip()) + "\n" + convention([SIGNATURE_ROW])
                + "PHỤ LỤC\n" + convention(APPENDIX) + "Hết.\n")
    assert source.pages[0].text == expected


def test_html_portal_page_is_cleaned(tmp_path):
    page = """<!DOCTYPE html><html><head><title>Cổng thông tin</title><style>.x{color:red}</style>
    <script>var menu = "Trang chủ";</script></head><body>
    <header><div class="logo">CỔNG THÔNG TIN ĐIỆN TỬ TỈNH</div><nav><ul><li><a href="/">Trang chủ</a></li>
    <li>Tin tức</li></ul></nav></header>
    <div class="main"><!-- bài viết --><h2 class="title">Kế hoạch   triển khai
       Nghị định số 200/2025/NĐ-CP</h2>
    <div class="body"><p>Ngày 18/11/2025, <b>UBND tỉnh</b> ban hành <a href="#">Kế hoạch số 980/KH-UBND</a>.</p>
    <p>Giao Sở Tài chính chủ trì<br>thực hiện.</p><div hidden>ẩn</div><noscript>bật JavaScript</noscript></div>
    <table><tr><td><table><tr><th>Cơ quan</th><th>Thời gian</th></tr><tr><td>Sở Nội vụ</td><td>Quý II/2026</td></tr>
    </table></td><td>Liên kết</td></tr></table><table><tr><td>Khung</td></tr><tr><td>một cột</td></tr></table></div>
    <footer>Bản quyền © 2025. Địa chỉ: số 1</footer><script>track();</script></body></html>"""
    path = tmp_path / "portal.htm"
    path.write_text(page, encoding="utf-8")
    text = read(path).pages[0].text
    assert text == (
        "Kế hoạch triển khai Nghị định số 200/2025/NĐ-CP\n"
        "Ngày 18/11/2025, UBND tỉnh ban hành Kế hoạch số 980/KH-UBND.\n"
        "Giao Sở Tài chính chủ trì\nthực hiện.\n"
        + convention([[["Cơ quan"], ["Thời gian"]], [["Sở Nội vụ"], ["Quý II/2026"]]])  # the inner table
        + "Liên kết\nKhung\nmột cột\n")  # the outer table only lays out the page, a 1-column one frames


def test_html_meta_charset_windows_1258(tmp_path):
    body = nfc("Ủy ban nhân dân tỉnh Nghệ An ban hành Kế hoạch thực hiện Nghị định")
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1258">'
            f"</head><body><p>{body}</p></body></html>")
    path = tmp_path / "cp1258.html"
    path.write_bytes(to_cp1258(page))
    source = read(path)
    assert (source.encoding, source.pages[0].text) == ("windows-1258", body + "\n")


def test_html_legacy_font_page(tmp_path):
    body = "Sở Tài nguyên và Môi trường chủ trì, phối hợp với các đơn vị liên quan"
    page = f'<html><head><meta charset="iso-8859-1"></head><body><p><font face=".VnTime">' \
           f'{legacy.from_unicode(body, "tcvn3")}</font></p></body></html>'
    path = tmp_path / "tcvn3.html"
    path.write_bytes(page.encode("cp1252"))
    source = read(path)
    assert (source.encoding, source.pages[0].text) == ("tcvn3", body + "\n")
    assert source.notes == ("converted from TCVN3 (ABC) font encoding",)


def test_html_legacy_text_in_entities(tmp_path):
    body = "Ủy ban nhân dân huyện giao Phòng Tài chính - Kế hoạch chủ trì thực hiện"
    escaped = "".join(c if c.isascii() else f"&#{ord(c)};" for c in legacy.from_unicode(body, "vni"))
    path = tmp_path / "entities.html"
    path.write_text(f'<html><body><p><font face="VNI-Times">{escaped}</font></p></body></html>', encoding="ascii")
    source = read(path)
    assert (source.encoding, source.pages[0].text) == ("vni", body + "\n")
    assert source.notes == ("converted from VNI-Windows font encoding (stored as utf-8)",)


def test_html_declared_charset_that_lies(tmp_path):
    path = tmp_path / "lies.html"
    path.write_bytes(to_cp1258('<meta charset="utf-8"><p>Kế hoạch số 12 của Ủy ban nhân dân huyện</p>'))
    source = read(path)
    assert source.encoding == "windows-1258"
    assert source.pages[0].text == nfc("Kế hoạch số 12 của Ủy ban nhân dân huyện\n")
    assert "does not match" in source.notes[0]


# --- docx ----------------------------------------------------------------------------

def test_corpus_docx_paragraphs_and_tables_in_order():
    source = read(DOCX)
    assert (source.format, source.encoding, [p.method for p in source.pages]) == ("docx", None, ["docx"])
    lines = source.pages[0].text.split("\n")
    # the header block: a 2-cell table, closed before the title
    assert lines[:10] == ["|", "ỦY BAN MTTQ VIỆT NAM", "XÃ LƯƠNG MINH", "BAN THƯỜNG TRỰC", "Số: 16/KH-MTTQ-BTT",
                          "|", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                          "Lương Minh, ngày 18 tháng 11 năm 2025", "|"]
    assert lines[10:13] == ["", "KẾ HOẠCH", "Thực hiện công tác bầu cử đại biểu Quốc hội khóa XVI"]
    # the recipients and the signature: the last table
    recipients = lines.index("Nơi nhận:")
    assert lines[recipients - 1] == "|" and lines[recipients - 2].startswith("Trên đây là Kế hoạch")
    closing = lines.index("|", recipients)
    assert lines[recipients + 1] == "- BTT Ủy ban MTTQ Việt Nam tỉnh;"
    assert lines[closing - 1] == "- Lưu: MTTQ"
    assert lines[closing + 1:] == ["TM. BAN THƯỜNG TRỰC", "CHỦ TỊCH", "Lan Thị Vân", "|", "", ""]
    assert lines.count("|") == 6  # two tables of one row, two cells
    # body paragraphs in document order
    order = [lines.index(s) for s in ("I. MỤC ĐÍCH, YÊU CẦU", "Nơi nhận:")]
    assert order == sorted(order)


def make_docx(path: Path, build) -> Path:
    import docx

    document = docx.Document()
    build(document)
    document.save(path)
    return path


def test_docx_page_breaks_and_merged_cells(tmp_path):
    from docx.enum.text import WD_BREAK

    def build(d):
        d.add_paragraph("KẾ HOẠCH")
        d.add_paragraph("Trang một").add_run().add_break(WD_BREAK.PAGE)
        d.add_paragraph("Trang hai")
        table = d.add_table(rows=3, cols=3)
        for r, row in enumerate([["TT", "Nội dung", "Cơ quan chủ trì"], ["1", "Tập huấn", "Sở Nội vụ"],
                                 ["2", "Báo cáo", ""]]):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
        table.cell(1, 2).merge(table.cell(2, 2))  # vertical merge: "Sở Nội vụ" spans two rows
        head = table.cell(0, 0).merge(table.cell(0, 1))  # horizontal merge
        head.text = "Việc"
        table.cell(1, 1).add_table(rows=1, cols=2).cell(0, 1).text = "bảng lồng"
        d.add_paragraph("Sau bảng")

    source = read(make_docx(tmp_path / "merged.docx", build))
    assert [p.number for p in source.pages] == [1, 2]
    assert source.pages[0].text == "KẾ HOẠCH\nTrang một\n"
    assert source.pages[1].text == "Trang hai\n" + convention([
        [["Việc"], ["Cơ quan chủ trì"]],
        [["1"], ["Tập huấn", "bảng lồng"], ["Sở Nội vụ"]],
        [["2"], ["Báo cáo"], []],  # the merged cell is emitted once
    ]) + "Sau bảng\n"


def test_an_empty_cell_inside_a_task_row_keeps_the_cells_after_it_in_their_columns(tmp_path):
    import pipeline

    def build(d):
        for line in ("ỦY BAN NHÂN DÂN TỈNH NINH THUẬN", "Số: 1068/KH-UBND", "Ninh Thuận, ngày 22 tháng 3 năm 2023",
                     "KẾ HOẠCH", "PHỤ LỤC"):
            d.add_paragraph(line)
        rows = [["TT", "Nội dung thực hiện", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"],
                ["1", "Tổ chức tập huấn nghiệp vụ", "Sở Nội vụ", "", "Trước ngày 30/11/2025"],
                ["2", "Kiểm tra việc thực hiện", "Sở Tư pháp", "Sở Tài chính", "Trước ngày 15/12/2025"]]
        table = d.add_table(rows=3, cols=5)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text

    path = make_docx(tmp_path / "tasks.docx", build)
    assert "1 | Tổ chức tập huấn nghiệp vụ | Sở Nội vụ | - | Trước ngày 30/11/2025\n" in pipeline.text(path)
    record = pipeline.extract(path)
    assert {(a.agency, a.role) for a in record.assignments} == {
        ("Sở Nội vụ", "lead"), ("Sở Tư pháp", "lead"), ("Sở Tài chính", "support")}
    assert {(d.agency, d.due) for d in record.deadlines} == {("Sở Nội vụ", "2025-11-30"), ("Sở Tư pháp", "2025-12-15")}


def test_docx_legacy_fonts_are_converted(tmp_path):
    def build(d):
        d.add_paragraph().add_run(legacy.from_unicode("Kế hoạch", "tcvn3")).font.name = ".VnTimeH"
        d.add_paragraph().add_run(legacy.from_unicode("Sở Giáo dục và Đào tạo chủ trì", "tcvn3")).font.name = ".VnTime"
        d.add_paragraph().add_run(legacy.from_unicode("Ủy ban nhân dân huyện phối hợp", "vni")).font.name = "VNI-Times"
        d.add_paragraph().add_run("Đã là Unicode").font.name = "Times New Roman"

    source = read(make_docx(tmp_path / "legacy.docx", build))
    assert source.pages[0].text == ("KẾ HOẠCH\nSở Giáo dục và Đào tạo chủ trì\nỦy ban nhân dân huyện phối hợp\n"
                                    "Đã là Unicode\n")
    assert source.notes == ("converted text in TCVN3 (ABC) and VNI-Windows fonts",)


def test_docx_unicode_text_in_a_legacy_font_is_left_alone(tmp_path):
    def build(d):
        d.add_paragraph().add_run("Cộng hòa xã hội chủ nghĩa Việt Nam, các đơn vị").font.name = ".VnTime"
        d.add_paragraph().add_run("Các sở và ban").font.name = ".VnTime"  # reads as TCVN3 too ("Cỏc")

    source = read(make_docx(tmp_path / "mislabelled.docx", build))
    assert source.pages[0].text == "Cộng hòa xã hội chủ nghĩa Việt Nam, các đơn vị\nCác sở và ban\n"
    assert (source.encoding, source.notes) == (None, ())


def test_docx_mixing_legacy_and_unicode_runs(tmp_path):
    def build(d):
        d.add_paragraph().add_run(legacy.from_unicode("Ủy ban nhân dân tỉnh giao Sở Tài chính chủ trì", "tcvn3")
                                  ).font.name = ".VnTime"
        d.add_paragraph().add_run("Cộng hòa xã hội chủ nghĩa Việt Nam").font.name = ".VnTime"

    source = read(make_docx(tmp_path / "mixed.docx", build))
    assert source.pages[0].text == "ủy ban nhân dân tỉnh giao Sở Tài chính chủ trì\nCộng hòa xã hội chủ nghĩa Việt Nam\n"
    assert source.encoding == "tcvn3"


# --- pdf -----------------------------------------------------------------------------

def test_corpus_pdf_pages():
    source = read(PDF)
    assert (source.format, source.encoding) == ("pdf", None)
    assert [(p.number, p.method) for p in source.pages] == [(1, "pdf-text"), (2, "ocr")]  # page 2 has no text layer
    first = lines_of(source.pages[0].text)
    assert first[:4] == ["BAN CHỈ HUY PCTT VÀ TKCN", "TỈNH THỪA THIÊN HUẾ", "VĂN PHÒNG THƯỜNG TRỰC",
                         "Số: 254 /TB-PCTT"]
    assert "\r" not in source.pages[0].text and "|" not in first  # no table on this page
    assert len(source.pages[1].text.split()) < 20  # an almost blank page


# fmt: off
SCANNED_LAYERS = [  # scans whose (poor, diacritics-free) text layer is not trusted: the pages are OCR'd
    ("062_da-nang-ubnd-cv-sgddt-2023.pdf", 6, "UY BAN NHAN DAN CONG HOA xA HQI CilU NGHIA VIT NAM"),
    ("064_da-nang-sgddt-cv-2019.pdf", 2, "UBND THANH PHO DA NANG CONG Hcok xA HQI CHiJ NGHiA VIVT NAM"),
]
# fmt: on


@pytest.mark.parametrize("name,pages,line", SCANNED_LAYERS)
def test_scanned_pdfs_with_a_text_layer(name, pages, line):
    source = read(CORPUS / "scanned" / name)
    assert [p.method for p in source.pages] == ["ocr"] * pages
    assert line not in source.pages[0].text
    assert "XÃ HỘI CHỦ NGHĨA VIỆT NAM" in source.pages[0].text


DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # Debian fonts-dejavu-core


def make_pdf(path: Path, texts, rules) -> Path:
    """A one-page A4 PDF written with PDFium: texts (x, y, size, text) and ruling lines (x0, y0, x1, y1)."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(595, 842)
    data = DEJAVU.read_bytes()
    font = raw.FPDFText_LoadFont(pdf.raw, (ctypes.c_uint8 * len(data)).from_buffer_copy(data), len(data),
                                 raw.FPDF_FONT_TRUETYPE, 1)
    for x, y, size, text in texts:
        obj = raw.FPDFPageObj_CreateTextObj(pdf.raw, font, size)
        wide = ctypes.create_string_buffer((text + "\0").encode("utf-16-le"))
        raw.FPDFText_SetText(obj, ctypes.cast(wide, ctypes.POINTER(raw.FPDF_WCHAR)))
        raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, y)
        raw.FPDFPage_InsertObject(page.raw, obj)
    for x0, y0, x1, y1 in rules:
        obj = raw.FPDFPageObj_CreateNewPath(x0, y0)
        raw.FPDFPath_LineTo(obj, x1, y1)
        raw.FPDFPath_SetDrawMode(obj, raw.FPDF_FILLMODE_NONE, True)
        raw.FPDFPage_InsertObject(page.raw, obj)
    raw.FPDFPage_GenerateContent(page.raw)
    pdf.save(path)
    return path


COLS, TOP, ROW = [50, 85, 300, 420, 545], 760, 36


def grid_pdf(path: Path, rows, merged_down=(), spans=()) -> Path:
    """A page with a heading, a ruled table and a closing line. ``rows`` hold one text per column
    (None where a cell is merged); ``merged_down`` (row, col): no rule below that cell;
    ``spans`` (row, col): no rule right of that cell."""
    texts = [(50, 800, 12, "KẾ HOẠCH"), (50, 782, 12, "II. NHIỆM VỤ")]
    for r, row in enumerate(rows):
        for k, cell in enumerate(row):
            for j, part in enumerate((cell or "").split("\n")):
                if part:
                    texts.append((COLS[k] + 4, TOP - r * ROW - 13 - j * 12, 9, part))
    bottom = TOP - len(rows) * ROW
    rules = [(COLS[0], TOP, COLS[-1], TOP), (COLS[0], bottom, COLS[-1], bottom), (COLS[0], TOP, COLS[0], bottom)]
    for r in range(len(rows)):
        y = TOP - (r + 1) * ROW
        for k in range(len(COLS) - 1):
            if r + 1 < len(rows) and (r, k) not in merged_down:
                rules.append((COLS[k], y, COLS[k + 1], y))
            if (r, k) not in spans:
                rules.append((COLS[k + 1], y + ROW, COLS[k + 1], y))
    texts.append((50, bottom - 25, 12, "III. TỔ CHỨC THỰC HIỆN"))
    return make_pdf(path, texts, rules)


def test_pdf_ruled_table_in_the_convention(tmp_path):
    rows = [["TT", "Nội dung", "Cơ quan chủ trì", "Thời gian"],
            ["1", "Tổ chức tập huấn\ncho cán bộ", "Sở Nội vụ", "Quý II/2025"],
            ["2", "Kiểm tra, đánh giá", "Sở Tài chính", "Trước ngày\n30/11/2025"],
            ["3", "Báo cáo kết quả", "", "Hằng năm"]]
    source = read(grid_pdf(tmp_path / "table.pdf", rows))
    assert [p.method for p in source.pages] == ["pdf-text"]
    assert source.pages[0].text == "KẾ HOẠCH\nII. NHIỆM VỤ\n" + convention([
        [["TT"], ["Nội dung"], ["Cơ quan chủ trì"], ["Thời gian"]],
        [["1"], ["Tổ chức tập huấn", "cho cán bộ"], ["Sở Nội vụ"], ["Quý II/2025"]],
        [["2"], ["Kiểm tra, đánh giá"], ["Sở Tài chính"], ["Trước ngày", "30/11/2025"]],
        [["3"], ["Báo cáo kết quả"], ["-"], ["Hằng năm"]],  # an empty cell before a filled one: "-"
    ]) + "III. TỔ CHỨC THỰC HIỆN\n"


def test_pdf_table_with_merged_cells(tmp_path):
    rows = [["TT", "Nội dung", "Cơ quan chủ trì", "Thời gian"],
            ["I", "KIỆN TOÀN TỔ CHỨC", None, None],       # spans three columns
            ["1", "Tập huấn", "Sở Nội vụ", "Quý II/2025"],  # "Sở Nội vụ" spans two rows
            ["2", "Kiểm tra", None, "Hằng năm"]]
    path = grid_pdf(tmp_path / "merged.pdf", rows, merged_down={(2, 2)}, spans={(1, 1), (1, 2)})
    assert read(path).pages[0].text == "KẾ HOẠCH\nII. NHIỆM VỤ\n" + convention([
        [["TT"], ["Nội dung"], ["Cơ quan chủ trì"], ["Thời gian"]],
        [["I"], ["KIỆN TOÀN TỔ CHỨC"]],
        [["1"], ["Tập huấn"], ["Sở Nội vụ"], ["Quý II/2025"]],
        [["2"], ["Kiểm tra"], ["-"], ["Hằng năm"]],  # the cell merged from above comes out empty: "-"
    ]) + "III. TỔ CHỨC THỰC HIỆN\n"


def test_pdf_without_ruling_keeps_pdfium_text(tmp_path):
    lines = ["TT", "Nội dung", "Cơ quan chủ trì", "1", "Tập huấn"]
    source = read(make_pdf(tmp_path / "plain.pdf", [(50, 800 - 14 * k, 10, ln) for k, ln in enumerate(lines)], []))
    assert source.pages[0].text == "\n".join(lines)


PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def rc4(key: bytes, data: bytes) -> bytes:
    s, j = list(range(256)), 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def encrypted_pdf(user: bytes, owner: bytes = b"owner") -> bytes:
    """A one-page PDF encrypted with the standard security handler (RC4, 40-bit, revision 2)."""
    file_id, permissions = b"kehoach-test-id!", -44
    o_entry = rc4(md5((owner + PAD)[:32]).digest()[:5], (user + PAD)[:32])
    key = md5((user + PAD)[:32] + o_entry + struct.pack("<i", permissions) + file_id).digest()[:5]
    u_entry = rc4(key, PAD)
    content = rc4(md5(key + (4).to_bytes(3, "little") + b"\0\0").digest()[:10],
                  b"BT /F1 18 Tf 20 100 Td (Hello encrypted world) Tj ET")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>"
               % (o_entry.hex().encode(), u_entry.hex().encode(), permissions)]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 6 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, file_id.hex().encode(), file_id.hex().encode(), xref)
    return bytes(out)


def test_pdf_with_a_user_password_is_refused(tmp_path):
    path = tmp_path / "secret.pdf"
    path.write_bytes(encrypted_pdf(user=b"secret"))
    with pytest.raises(InputError) as err:
        read(path)
    assert err.value.reason == "encrypted PDF (password required)"
    assert str(err.value) == f"{path}: encrypted PDF (password required)"


def test_pdf_with_only_an_owner_password_is_read(tmp_path):
    path = tmp_path / "restricted.pdf"
    path.write_bytes(encrypted_pdf(user=b""))
    assert read(path).pages[0].text.strip() == "Hello encrypted world"


# fmt: off
OCR_NEEDED = [
    ("", True),
    ("  \n \n", True),
    ("2", True),                                            # a page number alone
    ("\ue001\ue002\ue003\ue004 \ue005\ue006 ab", True),     # glyphs without Unicode mapping
    ("Số: 254 /TB-PCTT", False),
    ("Kính gửi: UBND các huyện", False),
]
# fmt: on


@pytest.mark.parametrize("text,expected", OCR_NEEDED)
def test_page_needs_ocr(text, expected):
    assert page_needs_ocr(text) is expected


# --- images --------------------------------------------------------------------------

def test_images_one_page_per_frame(tmp_path):
    from PIL import Image

    frames = [Image.new("L", (60, 40), color) for color in (255, 128, 0)]
    frames[0].save(tmp_path / "scan.tiff", save_all=True, append_images=frames[1:])
    frames[0].save(tmp_path / "scan.png")
    frames[0].convert("RGB").save(tmp_path / "scan.JPG")
    tiff = read(tmp_path / "scan.tiff")
    assert (tiff.format, [(p.number, p.method, p.text) for p in tiff.pages]) == (
        "image", [(1, "ocr", ""), (2, "ocr", ""), (3, "ocr", "")])
    assert len(read(tmp_path / "scan.png").pages) == 1
    assert read(tmp_path / "scan.JPG").format == "image"


# --- bad input -----------------------------------------------------------------------

# fmt: off
BAD_FILES = [
    ("empty.txt", b"", "empty file"),
    ("empty.pdf", b"", "empty file"),
    ("junk.pdf", b"\x89PNG\r\n\x1a\n junk bytes", "not a PDF (no %PDF header)"),
    ("damaged.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 50, "damaged PDF (cannot be parsed)"),
    ("junk.docx", b"this is not a zip package", "not a Word .docx file (not a zip package)"),
    ("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500,
     "not a Word .docx file (an old .doc, or a password-protected document)"),
    ("binary.txt", bytes(range(256)) * 8, "not a text file (binary data)"),
    ("renamed.html", (ROOT / "corpora" / "pdf" / "073_thua-thien-hue-254-tb-pctt-2022.pdf").read_bytes(),
     "not a text file (it looks like a PDF)"),
    ("junk.png", b"not an image at all", "not a readable image (unknown or damaged format)"),
]
# fmt: on


@pytest.mark.parametrize("name,data,reason", BAD_FILES)
def test_bad_files(name, data, reason, tmp_path):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        read(path)
    assert err.value.reason == reason
    assert err.value.path == str(path) and "\n" not in str(err.value)


def test_zip_that_is_not_a_docx(tmp_path):
    import zipfile

    path = tmp_path / "sheet.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(InputError, match=r"not a Word \.docx file \(no word/document.xml in the package\)"):
        read(path)


def test_unreadable_paths(tmp_path):
    (tmp_path / "folder.pdf").mkdir()
    (tmp_path / "broken.txt").symlink_to(tmp_path / "nowhere.txt")
    cases = {tmp_path / "missing.txt": "cannot read file: no such file",
             tmp_path / "folder.pdf": "cannot read file: it is a directory",
             tmp_path / "broken.txt": "cannot read file: broken symbolic link"}
    for path, reason in cases.items():
        with pytest.raises(InputError) as err:
            read(path)
        assert err.value.reason == reason


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_permission_denied(tmp_path):
    path = tmp_path / "locked.txt"
    path.write_text("Kế hoạch")
    path.chmod(0)
    with pytest.raises(InputError, match="cannot read file: permission denied"):
        read(path)


# fmt: off
UNSUPPORTED = [
    ("table.xlsx", "spreadsheets are not supported"),
    ("letter.rtf", "RTF files are not supported: save it as .docx or .txt"),
    ("archive.zip", "unsupported file type '.zip'"),
    ("README", "no file extension"),
]
# fmt: on


@pytest.mark.parametrize("name,reason", UNSUPPORTED)
def test_unsupported_types(name, reason, tmp_path):
    path = tmp_path / name
    path.write_bytes(b"data")
    with pytest.raises(InputError) as err:
        read(path)
    assert err.value.reason.startswith(reason + " (supported: .txt, .html")


# --- doc (Word 97-2003, through antiword) ---------------------------------------------

def test_a_real_doc_file_gives_its_vietnamese_text_and_tables():
    import pipeline

    source = read(DOC)
    assert source.format == "doc" and [p.method for p in source.pages] == ["doc"]
    page = source.pages[0].text
    # The header table: two rows of two cells, each cell's lines kept (the convention).
    assert page.startswith(convention([
        [["HỘI ĐỒNG NHÂN DÂN", "TỈNH QUẢNG NINH", "-------"],
         ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "---------------"]],
        [["Số: 99/2025/NQ-HĐND"], ["Quảng Ninh, ngày 16 tháng 12 năm 2025"]],
    ]))
    # Paragraphs whole (not wrapped at 80 columns), and the signature table with its recipients.
    assert "\nĐiều 5. Hội đồng nhân dân tỉnh giao\n1. Ủy ban nhân dân tỉnh tổ chức triển khai thực hiện Nghị quyết.\n" in page
    assert "|\nNơi nhận:\n- Ủy ban Thường vụ Quốc hội (báo cáo);\n" in page
    assert "- Lưu: VT, HĐ8.\n|\nCHỦ TỊCH\nTrịnh Thị Minh Thanh\n|\n" in page
    record = pipeline.extract_document(pipeline.normalise(source))
    assert (record.number, record.issue_date, record.signer) == ("99/2025/NQ-HĐND", "2025-12-16", "Trịnh Thị Minh Thanh")


def test_a_doc_file_loses_no_word_of_antiwords_plain_text():
    """Every word antiword prints as plain text (-m UTF-8.txt) is in what kehoach reads, and no other."""
    import collections
    import re
    import subprocess

    plain = subprocess.run(["antiword", "-m", "UTF-8.txt", str(DOC)], capture_output=True, check=True).stdout
    words = collections.Counter(re.findall(r"\w+", plain.decode("utf-8")))
    got = collections.Counter(re.findall(r"\w+", read(DOC).pages[0].text))
    assert got == words and sum(got.values()) > 3000


def test_bad_doc_files(tmp_path):
    junk = tmp_path / "junk.doc"
    junk.write_bytes(b"just some text, not Word at all\n" * 10)
    with pytest.raises(InputError, match=r"^.*junk.doc: not a Word .doc file \(no Word 97-2003 header\)$"):
        read(junk)
    broken = tmp_path / "broken.doc"
    broken.write_bytes(DOC.read_bytes()[:4096])  # an OLE header, then nothing
    with pytest.raises(InputError) as err:
        read(broken)
    assert err.value.reason.startswith("not a readable Word .doc file (") and "\n" not in err.value.reason
    renamed = tmp_path / "saved-as.doc"  # a .docx under a .doc name is read all the same
    renamed.write_bytes(DOCX.read_bytes())
    assert read(renamed).pages[0].text == read(DOCX).pages[0].text


def test_a_doc_without_antiword_says_what_to_install(tmp_path, monkeypatch):
    from pipeline.errors import MissingDependencyError

    monkeypatch.setenv("PATH", str(tmp_path))  # antiword is nowhere on this PATH
    with pytest.raises(MissingDependencyError, match="apt-get install antiword"):
        read(DOC)


# --- iter_paths ----------------------------------------------------------------------

def test_iter_paths(tmp_path):
    tree = ["b/2.pdf", "b/10.txt", "b/a/1.docx", "b/.hidden.txt", "b/.git/x.txt", "b/~$lock.docx",
            "b/notes.md", "b/Scan.PNG", "c.txt", "z.xyz"]
    for name in tree:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    got = [p.relative_to(tmp_path).as_posix() for p in
           iter_paths([tmp_path / "z.xyz", tmp_path / "b", str(tmp_path / "c.txt"), tmp_path / "gone.txt"])]
    # every file of a folder, of any type: read() says why one it cannot read is rejected
    assert got == ["z.xyz", "b/10.txt", "b/2.pdf", "b/Scan.PNG", "b/a/1.docx", "b/notes.md", "c.txt", "gone.txt"]


# --- the whole corpus ------------------------------------------------------------------

def test_every_corpus_file_is_read():
    paths = list(iter_paths([CORPUS / "documents", CORPUS / "doc", CORPUS / "docx", CORPUS / "pdf", CORPUS / "scanned"]))
    assert len(paths) >= 49
    for path in paths:
        source = read(path)
        assert source.pages and any(p.text.strip() for p in source.pages), path
        assert all("\r" not in p.text for p in source.pages)
        assert all(unicodedata.is_normalized("NFC", p.text) for p in source.pages)
