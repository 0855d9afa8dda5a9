"""Pre-processing of page images (pipeline/ocr_image.py)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from pipeline.ocr_image import TARGET_LINE_PX, estimate_skew, line_height, preprocess, scale_for

OCR = Path(__file__).resolve().parent.parent / "corpora" / "ocr"
MANIFEST = {e["id"]: e for e in json.loads((OCR / "manifest.json").read_text(encoding="utf-8"))}


def test_small_text_lines_are_enlarged_to_the_target_height():
    """Lines of a 80 dpi photo are enlarged to the height Tesseract reads best; those of a
    300 dpi scan are kept as they are."""
    gray = Image.open(OCR / MANIFEST["s03"]["image"]).convert("L")  # 80 dpi, skewed by 2 degrees
    gray = gray.rotate(estimate_skew(gray), resample=Image.BICUBIC, expand=True, fillcolor=255)
    assert line_height(gray) < 0.7 * TARGET_LINE_PX
    assert scale_for(line_height(gray)) * line_height(gray) == pytest.approx(TARGET_LINE_PX)
    assert scale_for(50.0) == 1.0 and scale_for(None) == 1.0


def test_preprocess_reports_the_line_height_of_its_output():
    """The height of the text lines of the image given to Tesseract (what the table search
    measures a row against): the target height once small lines are enlarged."""
    img = Image.open(OCR / MANIFEST["s02"]["image"]).convert("RGB")  # 70 dpi
    gray, steps, lh = preprocess(img)
    assert any(s.startswith("upscale") for s in steps)
    assert lh == pytest.approx(TARGET_LINE_PX)
    assert preprocess(img, ("red",))[2] == 0.0  # not measured


@pytest.mark.parametrize("page_id, turn, upside_down", [("s01", 0, False), ("s05", 0, False), ("p04", 0, False),
                                                        ("s01", 180, True), ("s05", 180, True), ("p03", 0, True)])
def test_pages_turned_by_half_a_turn_look_upside_down(page_id, turn, upside_down):
    """Once level, a page read upside down carries its marks and ascenders under the letter
    bodies (p03 is a photo turned by 180 degrees; p04 a photo in perspective, upright)."""
    from pipeline.ocr_image import looks_upside_down

    img = Image.open(OCR / MANIFEST[page_id]["image"]).convert("RGB").rotate(turn)
    gray, _, _ = preprocess(img)
    assert looks_upside_down(gray) is upside_down
