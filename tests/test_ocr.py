"""OCR: text-layer trust, post-correction, data integrity, and real Tesseract runs (-m ocr)."""
from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from PIL import Image

from pipeline.errors import InputError, MissingDependencyError
from pipeline.ocr import OcrPage, check_tesseract, ocr_image, ocr_image_file, ocr_pdf_pages
from pipeline.ocr_correct import MODEL_DIR, apply_fixes, correct_line, load_fixes, strip_marks, text_metrics
from pipeline.text_layer import text_layer_is_trustworthy

ROOT = Path(__file__).resolve().parent.parent
OCR = ROOT / "corpora" / "ocr"
MANIFEST = json.loads((OCR / "manifest.json").read_text(encoding="utf-8"))


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _pdf_layer(path: Path, page: int) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return pdf[page - 1].get_textpage().get_text_range()
    finally:
        pdf.close()


# --------------------------------------------------------------------------- text layers

ENGLISH = ("The committee approved the annual plan for 2024. Each department must report its progress "
           "to the secretariat before the end of every quarter, and the budget office will review spending.")
VIETNAMESE = ("Thực hiện Kế hoạch số 14-KH/TU ngày 29/7/2025 của Ban Thường vụ Tỉnh ủy, UBND tỉnh ban hành "
              "Kế hoạch nâng cao năng lực cho đội ngũ cán bộ, công chức trên địa bàn tỉnh như sau:")

# fmt: off
LAYERS = [
    ("", False),
    ("   \n 2 \n", False),
    (ENGLISH, True),
    ("12.5 13.0 14.2 15.8\n2023 2024 2025 2026\n100 200 300 400 500", True),
    (VIETNAMESE, True),
    (strip_marks(VIETNAMESE), False),
    (strip_marks(VIETNAMESE).upper(), False),
    ("UBND THANH PHO DA NANG CONG Hcok xA HQI CHiJ NGHiA VIVT NAM SO GIAO DVC vA DA° TAO Dc 1p - Ty do - "
     "Hph phtic S6: 463Y SGDDT -CTrTT V/v bao dam TTATGT cho HS, SV trong dip nghi he", False),
    ("Dà Näng, ngày ,gtháng 10 nàm 2023 Thông báo sf3 496-TB/TIJ ngy 17/8/2023 ye Két 1un cüa ThuOrig "
     "trrc Thành üy ti Hi nghj tf3ng kt 10 näm thuc hin Nghj quyf3t", False),
    ("@@##$$%%^^&&**~~ ## @@ ¤¤ ¶¶ §§ ©© ®® ¤¤ ¶¶ §§ ©© ®®", False),
]
# fmt: on


@pytest.mark.parametrize("text, trusted", LAYERS)
def test_text_layer_is_trustworthy(text, trusted):
    assert text_layer_is_trustworthy(text) is trusted


def test_real_text_layer_is_trusted_and_scanner_layers_are_not(corpus):
    assert text_layer_is_trustworthy(_pdf_layer(next((corpus / "pdf").glob("*.pdf")), 1))
    for pdf in sorted((corpus / "scanned").glob("*.pdf")):
        assert not text_layer_is_trustworthy(_pdf_layer(pdf, 1)), pdf.name


# --------------------------------------------------------------------------- post-correction

# fmt: off
CORRECTIONS = [
    ("UBND THÀNH PHÓ ĐÀ NẴNG", "UBND THÀNH PHỐ ĐÀ NẴNG"),
    ("Sở Giáo dục và Đảo tạo", "Sở Giáo dục và Đào tạo"),
    ("công tác đảo tạo cán bộ", "công tác đào tạo cán bộ"),
    ("phòng, chống địch bệnh", "phòng, chống dịch bệnh"),
    ("thực hiện tống kiếm kê tài sản", "thực hiện tổng kiểm kê tài sản"),
    ("Trưởng phòng GD&ĐT các quận, huyện;", "Trưởng phòng GD&ĐT các quận, huyện;"),
    ("Độc lập - Tự do - Hạnh phúc", "Độc lập - Tự do - Hạnh phúc"),
    ("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"),  # old tone placement kept
    ("phối hợp với Báo Bình Định mở chuyên mục", "phối hợp với Báo Bình Định mở chuyên mục"),  # agency head kept
]
# fmt: on


@pytest.mark.parametrize("ocr_text, expected", CORRECTIONS)
def test_correct_line(ocr_text, expected):
    assert correct_line(ocr_text) == expected


# fmt: off
RUN_ON = [  # (line, syllable ending the previous line, syllable starting the next one, expected)
    ("ảnh về Sở Khoa học và Công nghệ để tổng hợp", "phản", None, "ánh về Sở Khoa học và Công nghệ để tổng hợp"),
    ("ảnh về Sở Khoa học và Công nghệ để tổng hợp", None, None, "ảnh về Sở Khoa học và Công nghệ để tổng hợp"),
    ("địch", "chống", "bệnh", "dịch"),
    ("Bộ Quốc phòng và cơ quan, địa phương liên quan", "Sở", None, "Bộ Quốc phòng và cơ quan, địa phương liên quan"),
]
# fmt: on


@pytest.mark.parametrize("line, left, right, expected", RUN_ON)
def test_correct_line_across_line_breaks(line, left, right, expected):
    """A sentence runs on over printed line breaks: the syllables over the break are context."""
    assert correct_line(line, left=left, right=right) == expected


def test_lexicon_folder_from_the_environment(monkeypatch, tmp_path):
    from pipeline.ocr_correct import load_lexicon

    (tmp_path / "syllables.tsv").write_text("đào\t900\ntạo\t900\nđảo\t900\nbiển\t900\n", encoding="utf-8")
    (tmp_path / "bigrams.tsv").write_text("đào tạo\t900\nđảo biển\t900\n", encoding="utf-8")
    monkeypatch.setenv("KEHOACH_OCR_LEXICON", str(tmp_path))
    assert set(load_lexicon().surface.values()) == {"đào", "tạo", "đảo", "biển"}
    assert correct_line("đảo tạo") == "đào tạo"
    monkeypatch.delenv("KEHOACH_OCR_LEXICON")
    assert len(load_lexicon().unigrams) > 5000


FIXES = yaml.safe_load((MODEL_DIR / "fixes.yaml").read_text(encoding="utf-8"))["fixes"]


@pytest.mark.parametrize("entry", FIXES, ids=[f["name"] for f in FIXES])
def test_fix_examples(entry):
    rx, rep = load_fixes()[FIXES.index(entry)]
    assert entry["examples"], "every fix needs examples"
    for before, after in entry["examples"]:
        assert rx.sub(rep, before) == after
    for text in entry.get("counter_examples", []):
        assert rx.sub(rep, text) == text


def test_apply_fixes_number_line():
    assert apply_fixes("S6: 1068 /KH-UBND ngày 1O/2O23") == "Số: 1068/KH-UBND ngày 10/2023"


def test_text_metrics():
    assert text_metrics("Số: 141/KH-UBND ngày 20", "Số: 141/KH-UBND ngày 20") == {"bag_err": 0.0, "diacritic_err": 0.0}
    m = text_metrics("chống dịch bệnh nay", "chống địch bệnh")
    assert m["diacritic_err"] == pytest.approx(0.25)
    assert m["bag_err"] == pytest.approx(1 - 2 * (2 / 3) * (2 / 4) / (2 / 3 + 2 / 4))


# --------------------------------------------------------------------------- data integrity


def test_lexicon_matches_a_fresh_build():
    assert _script("build_ocr_lexicon").check() == []


def test_lexicon_leaves_out_held_out_pages():
    sources = {f["path"] for f in json.loads((MODEL_DIR / "sources.json").read_text(encoding="utf-8"))["files"]}
    held = {e["source"] for e in MANIFEST if e["split"] == "holdout"}
    assert held and not sources & held
    assert sum((MODEL_DIR / n).stat().st_size for n in ("syllables.tsv", "bigrams.tsv")) < 4_000_000


def test_testset_ground_truth_matches_the_generator():
    assert _script("make_ocr_testset").main(["--check"]) == 0


def test_manifest_files_exist():
    assert {e["split"] for e in MANIFEST} == {"tune", "holdout"}
    for e in MANIFEST:
        assert (OCR / e["truth"]).read_text(encoding="utf-8").strip()
        assert (OCR / e["image"]).exists() or (ROOT / e["image"]).exists()


@pytest.mark.issue(12)
def test_held_out_phone_photos_cover_every_kind_of_damage():
    photos = [e for e in MANIFEST if "perspective" in e["damage"]]
    for split in ("tune", "holdout"):
        damage = [e["damage"] for e in photos if e["split"] == split]
        assert all(60 <= d["dpi"] <= 80 and d["perspective"] > 0 for d in damage)
        assert {d.get("rotate") for d in damage} >= {90, 180, None}
        assert {d.get("frame") for d in damage} >= {"hand", "table"}
        for kind in ("washed", "dark", "stamp", "light", "shadow", "skew"):
            assert any(d.get(kind) for d in damage), (split, kind)
    with Image.open(OCR / photos[0]["image"]) as im:
        assert im.format == "JPEG" and max(im.size) < 1100  # a page at phone-photo resolution


def test_frame_around_a_photographed_page_is_not_ink():
    import numpy as np

    from pipeline.ocr_image import drop_frame

    ink = np.zeros((200, 300), dtype=bool)
    ink[:, :30] = True  # the table beside the page
    ink[180:, :] = True  # the table's edge below it
    for y in range(40, 160, 20):  # text strokes, 2 pixels thick
        ink[y:y + 2, 60:280] = True
    kept = drop_frame(ink)
    assert not kept[:, :30].any() and not kept[180:, :].any()
    assert kept[40:160, 60:280].sum() == ink[40:160, 60:280].sum()


@pytest.mark.parametrize("page_id, turn, sideways", [("h01", 0, False), ("h03", 0, False), ("h01", 90, True),
                                                     ("p02", 0, True), ("p01", 0, False)])
def test_pages_whose_lines_run_up_or_down_look_sideways(page_id, turn, sideways):
    from pipeline.ocr import looks_sideways

    img = Image.open(OCR / _entry(page_id)["image"]).convert("RGB").rotate(turn, expand=True)
    assert looks_sideways(img) is sideways


@pytest.mark.ocr
@pytest.mark.parametrize("turn", [0, 90, 180, 270])
def test_osd_says_how_to_turn_the_page_upright(turn):
    """OSD, from a Tesseract kept loaded in the process: the clockwise degrees that turn
    a page upright; a page without text stays as it is."""
    from pipeline.ocr import osd_rotation

    img = Image.open(OCR / _entry("s01")["image"]).convert("L")
    assert osd_rotation(img.rotate(turn, expand=True)) == turn  # rotate() turns counter-clockwise
    assert osd_rotation(Image.new("L", (800, 1100), 255)) == 0


@pytest.mark.ocr
@pytest.mark.issue(12)
@pytest.mark.parametrize("page_id, turned", [("p05", False), ("p06", True)])
def test_held_out_phone_photos_on_a_table_read_their_header(page_id, turned):
    """70 dpi photos of a page on a table, one in perspective with the table's edge in the
    frame, one turned by 90 degrees with a hand in it: the number and date of the header
    are read right."""
    e = _entry(page_id)
    assert e["split"] == "holdout"
    page = ocr_image(Image.open(OCR / e["image"]))
    truth = (OCR / e["truth"]).read_text(encoding="utf-8")
    flat = " ".join(page.text.split())
    number = re.search(r"Số: ?\S+", truth).group()
    date = re.search(r"ngày \d+ tháng \d+ năm \d+", truth).group()
    assert number in flat and date in flat, (number, date)
    assert any(s.startswith("rotate(") for s in page.steps) is turned
    assert "upscale" in " ".join(page.steps)
    m = text_metrics(truth, page.text)
    assert m["diacritic_err"] <= 0.01, m


# --------------------------------------------------------------------------- errors


def test_missing_tesseract_is_a_clear_error(monkeypatch, tmp_path):
    check_tesseract.cache_clear()
    monkeypatch.setenv("PATH", str(tmp_path))
    try:
        with pytest.raises(MissingDependencyError, match="tesseract-ocr"):
            check_tesseract()
    finally:
        check_tesseract.cache_clear()


def test_missing_vietnamese_data_is_a_clear_error(monkeypatch, tmp_path):
    check_tesseract.cache_clear()
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    try:
        with pytest.raises(MissingDependencyError, match="tesseract-ocr-vie"):
            check_tesseract()
    finally:
        check_tesseract.cache_clear()


def test_bad_inputs_raise_input_error(tmp_path, corpus):
    bad = tmp_path / "page.png"
    bad.write_bytes(b"not an image at all")
    with pytest.raises(InputError, match="page.png: not a readable image"):
        ocr_image_file(bad)
    with pytest.raises(InputError, match="no page 9"):
        ocr_pdf_pages(next((corpus / "scanned").glob("*2019.pdf")), [9])


# --------------------------------------------------------------------------- real Tesseract


def _entry(pid: str) -> dict:
    return next(e for e in MANIFEST if e["id"] == pid)


@pytest.mark.ocr
def test_low_dpi_header_number_and_date(tmp_path):
    """A 70 dpi phone-photo-like page of a corpus plan, held out from tuning and lexicon."""
    e = _entry("h01")
    assert e["split"] == "holdout" and e["damage"]["dpi"] <= 75
    with Image.open(OCR / e["image"]) as im:
        w, h = im.size
        im.crop((0, 0, w, h * 2 // 5)).save(tmp_path / "header.png")
    (page,) = ocr_image_file(tmp_path / "header.png")
    assert isinstance(page, OcrPage) and page.number == 1
    assert "Số: 624/KH-UBND" in page.text
    assert "ngày 19 tháng 11 năm 2025" in page.text
    assert "upscale" in " ".join(page.steps) and "correct" in page.steps
    assert page.confidence > 80


@pytest.mark.ocr
def test_held_out_low_dpi_pages_beat_raw_tesseract(tmp_path, monkeypatch):
    """Two held-out phone-photo pages as one two-frame TIFF, read by two workers."""
    import pytesseract

    monkeypatch.setenv("OMP_THREAD_LIMIT", "1")  # raw Tesseract's threads only slow it down on a busy machine

    entries = [_entry("h06"), _entry("h03")]
    images = [Image.open(OCR / e["image"]).convert("RGB") for e in entries]
    images[0].save(tmp_path / "pages.tif", save_all=True, append_images=images[1:], compression="tiff_deflate")
    pages = ocr_image_file(tmp_path / "pages.tif", workers=2)
    assert [p.number for p in pages] == [1, 2]
    for e, img, page in zip(entries, images, pages):
        truth = (OCR / e["truth"]).read_text(encoding="utf-8")
        ours = text_metrics(truth, page.text)
        raw = text_metrics(truth, pytesseract.image_to_string(img, lang="vie"))
        assert ours["bag_err"] <= 0.06 and ours["diacritic_err"] <= 0.03, (e["id"], ours)
        assert ours["bag_err"] < raw["bag_err"] and ours["diacritic_err"] < raw["diacritic_err"], (e["id"], ours, raw)
    assert "red" in pages[1].steps  # h03 carries a red seal


@pytest.mark.ocr
@pytest.mark.issue(12)
def test_pages_of_mixed_sizes_come_back_in_their_order(tmp_path):
    """The largest page of a file starts first (no core waits alone on it at the end),
    and every page comes back in its place."""
    entries = [_entry("s01"), _entry("s04")]  # 851 x 1187, then 1316 x 1807 pixels
    images = [Image.open(OCR / e["image"]).convert("RGB") for e in entries]
    images[0].save(tmp_path / "pages.tif", save_all=True, append_images=images[1:], compression="tiff_deflate")
    pages = ocr_image_file(tmp_path / "pages.tif", workers=2)
    assert [p.number for p in pages] == [1, 2]
    for e, page in zip(entries, pages):
        assert text_metrics((OCR / e["truth"]).read_text(encoding="utf-8"), page.text)["bag_err"] < 0.05, e["id"]


@pytest.mark.ocr
@pytest.mark.issue(12)
@pytest.mark.parametrize("page_id, psm", [("h01", 3), ("s04", 3), ("h05", 6)])
def test_tesseract_kept_loaded_reads_the_words_of_the_cli(page_id, psm, tmp_path, monkeypatch):
    """The Tesseract that each worker keeps loaded reads an image word for word, box for
    box, as ``tesseract IMAGE OUT -l vie --psm N --dpi 300 tsv`` does, and leaves the
    environment (OMP_THREAD_LIMIT) as it was."""
    import pytesseract

    from pipeline.ocr import read_words

    monkeypatch.delenv("OMP_THREAD_LIMIT", raising=False)
    gray = Image.open(OCR / _entry(page_id)["image"]).convert("L")
    ours = read_words(gray, 300, psm)
    assert "OMP_THREAD_LIMIT" not in os.environ
    again = read_words(gray, 300, psm)  # the same loaded Tesseract, used a second time
    path = tmp_path / "page.pgm"
    gray.save(path)
    cli = pytesseract.image_to_data(str(path), lang="vie", config=f"--psm {psm} --dpi 300 -c tessedit_do_invert=0",
                                    output_type=pytesseract.Output.DICT)
    cli_words = [(t, left, top, left + w, top + h) for t, left, top, w, h, level in
                 zip(cli["text"], cli["left"], cli["top"], cli["width"], cli["height"], cli["level"])
                 if level == 5 and t.strip()]
    assert len(cli_words) > 100
    assert [(w.text, w.x0, w.y0, w.x1, w.y1) for w in ours] == cli_words
    assert again == ours


@pytest.mark.ocr
def test_real_scan_pdf_page(corpus):
    e = _entry("r01")
    (page,) = ocr_pdf_pages(ROOT / e["image"], [e["page"]], workers=1)
    truth = (OCR / e["truth"]).read_text(encoding="utf-8")
    m = text_metrics(truth, page.text)
    assert m["bag_err"] <= 0.05 and m["diacritic_err"] <= 0.02, m
    assert "SỞ GIÁO DỤC VÀ ĐÀO TẠO" in page.text
    assert "2114/BGDĐT-GDCTHSSV ngày 16/5/2019" in page.text
    assert text_layer_is_trustworthy(page.text)


@pytest.mark.ocr
def test_sideways_page_is_turned_upright():
    e = _entry("h01")
    with Image.open(OCR / e["image"]) as im:
        w, h = im.size
        sideways = im.crop((0, 0, w, h * 2 // 5)).rotate(90, expand=True)
    page = ocr_image(sideways)
    assert page.steps[0] == "rotate(90)"
    assert check_tesseract().startswith(("4.", "5."))
    assert "Số: 624/KH-UBND" in page.text


@pytest.mark.parametrize("value, expected", [("3", 3), ("0", 1), ("many", os.cpu_count() or 1), (None, os.cpu_count() or 1)])
def test_pages_ocrd_at_once_follow_kehoach_ocr_workers(monkeypatch, value, expected):
    from pipeline.ocr import ENV_WORKERS, default_workers

    if value is None:
        monkeypatch.delenv(ENV_WORKERS, raising=False)
    else:
        monkeypatch.setenv(ENV_WORKERS, value)
    assert default_workers() == expected



def test_a_lettered_lists_misread_markers_follow_the_lists_order():
    from pipeline.ocr_correct import item_letters

    text = "1. Nhiệm vụ\na) Rà soát\nb) Phân loại\nc) Họp\nđ) Làm việc\nđ) Đối với\ne) Theo dõi\n8) Báo cáo\n2. Quyền hạn\nđ) Khác"
    assert [ln[:2] for ln in item_letters(text).split("\n")] == ["1.", "a)", "b)", "c)", "d)", "đ)", "e)", "g)", "2.", "đ)"]
