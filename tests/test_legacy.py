"""Legacy Vietnamese font encodings (TCVN3, VNI): tables, detection, round trips of real documents."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import legacy
from pipeline.reading import read

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "corpora" / "documents"
ENCODINGS = legacy.ENCODINGS
VIETNAMESE = sorted(legacy.table("vni")["map"].values())  # the 134 letters with diacritics
LOWER = [c for c in VIETNAMESE if c.islower()]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# --- the tables ---------------------------------------------------------------

@pytest.mark.parametrize("enc", ENCODINGS)
def test_table_examples_convert_both_ways(enc):
    examples = legacy.table(enc)["examples"]
    assert len(examples) >= 5
    for ex in examples:
        assert legacy.to_unicode(ex["legacy"], enc) == ex["unicode"]
        assert legacy.from_unicode(ex["unicode"], enc) == ex["legacy"]
        assert legacy.detect(ex["legacy"]) == enc, ex["legacy"]


def test_tcvn3_table_is_one_byte_per_letter():
    data = legacy.table("tcvn3")
    assert all(len(k) == 1 and 0xA1 <= ord(k) <= 0xFE for k in data["map"])
    assert len(set(data["map"].values())) == len(data["map"])
    # every lowercase letter, plus the seven capitals that have codes
    assert set(LOWER) <= set(data["map"].values())
    assert {v for v in data["map"].values() if v.isupper()} == set("ĂÂÊÔƠƯĐ")


def test_vni_table_covers_every_letter_once():
    data = legacy.table("vni")
    assert len(data["map"]) == 134 and len(set(data["map"].values())) == 134
    assert all(1 <= len(k) <= 2 and all(ord(c) < 0x100 for c in k) for k in data["map"])
    assert not set(data["aliases"]) & set(data["map"])
    assert all(legacy.to_unicode(k, "vni") == v for k, v in data["aliases"].items())


def test_syllable_examples():
    data = yaml.safe_load((ROOT / "models" / "encodings" / "syllables.yaml").read_text(encoding="utf-8"))
    assert [w for w in data["examples"] if not legacy.is_syllable(w)] == []
    assert [w for w in data["counter_examples"] if legacy.is_syllable(w)] == []


def test_unknown_encoding_is_a_value_error():
    with pytest.raises(ValueError, match="unknown legacy encoding"):
        legacy.to_unicode("abc", "viscii")


# --- capitals lost by TCVN3 ---------------------------------------------------

# fmt: off
CAPITALS = [
    ("KẾ HOẠCH", "KẾ HOẠCH"),
    ("Kế hoạch số 12", "Kế hoạch số 12"),
    ("UỶ BAN NHÂN DÂN TỈNH", "UỶ BAN NHÂN DÂN TỈNH"),
    ("Uỷ ban nhân dân tỉnh", "Uỷ ban nhân dân tỉnh"),
    ("Số: 12/QĐ-UBND", "Số: 12/QĐ-UBND"),
    ("Tổ chức thực hiện KẾ HOẠCH", "Tổ chức thực hiện KẾ HOẠCH"),
    ("ĐỀ ÁN PHÁT TRIỂN", "ĐỀ ÁN PHÁT TRIỂN"),
    ("NHIỆM VỤ, GIẢI PHÁP. Tiếp tục", "NHIỆM VỤ, GIẢI PHÁP. Tiếp tục"),
]
# fmt: on


@pytest.mark.parametrize("text,expected", CAPITALS)
def test_tcvn3_capitals_are_restored_from_context(text, expected):
    assert legacy.to_unicode(legacy.from_unicode(text, "tcvn3"), "tcvn3") == expected


# --- detection ------------------------------------------------------------------

OTHER_LANGUAGES = [
    "Die Bundesregierung hat für die Größe der Straße über 100 Millionen Euro bewilligt. Können "
    "wir die Tür schließen? Änderungen für Übergänge und Öffnungszeiten müssen geprüft werden.",
    "Le gouvernement a décidé de prolonger la période de consultation. Où est la bibliothèque? "
    "À côté de l'hôpital, près du théâtre. Naïve, élève, garçon, façade, être, forêt, Noël, maïs.",
    "El niño comió una piña el año pasado. ¿Dónde está la estación? Señor Muñoz, la reunión "
    "será mañana por la tarde en la oficina de información pública.",
    "A população não está satisfeita com a situação econômica. Ações e informações são "
    "necessárias, disse o ministro da educação em São Paulo.",
    "Copyright © 2024 Example Corp. All rights reserved · Privacy · Terms® — the café’s naïve "
    "résumé costs £5 or ¥700; 25°C ± 2 × 3 ÷ 4 ¶ § 12 « quoted » ¡Hola! µg ½ ¼ ¾",
    "Uy ban nhan dan tinh ban hanh ke hoach thuc hien nam 2025. So: 12/KH-UBND.",
    "plain ASCII text only, nothing else",
]


@pytest.mark.parametrize("text", OTHER_LANGUAGES)
def test_detect_ignores_other_text(text):
    assert legacy.detect(text) is None
    assert legacy.detect(text * 40) is None


def test_detect_ignores_unicode_vietnamese_corpus():
    for path in sorted(DOCS.glob("*.txt")):
        assert legacy.detect(path.read_text(encoding="utf-8")) is None, path.name


# --- round trips of real documents through read() ------------------------------

ROUND_TRIP = ["nghe-an-980-kh-ubnd-2025.txt", "bac-ninh-141-kh-ubnd-2025.txt",
              "can-tho-159-kh-ubnd-2025.txt", "ha-noi-308-kh-ubnd-2025.txt",
              "luong-minh-16-kh-mttq-btt-2025.txt", "quang-ngai-1627-qd-ubnd-2025.txt"]


def legacy_source(text: str, enc: str) -> str:
    """The corpus text restricted to what a legacy file can hold (cp1252 bytes)."""
    letters = set(legacy._encoder(enc))
    special = set(legacy._legacy_chars())

    def keep(c):
        if c in letters:
            return True
        if c in special:
            return False  # a code the font draws as a letter: the legacy file cannot hold it
        try:
            c.encode("cp1252")
            return True
        except UnicodeEncodeError:
            return False

    return "".join(c for c in nfc(text).replace("\r\n", "\n") if keep(c))


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_vni_file_round_trip(name, tmp_path):
    original = legacy_source((DOCS / name).read_text(encoding="utf-8"), "vni")
    path = tmp_path / "vni.txt"
    path.write_bytes(legacy.from_unicode(original, "vni").encode("cp1252"))
    source = read(path)
    assert source.encoding == "vni"
    assert source.notes == ("converted from VNI-Windows font encoding",)
    assert source.pages[0].text == original


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_tcvn3_file_round_trip(name, tmp_path):
    original = legacy_source((DOCS / name).read_text(encoding="utf-8"), "tcvn3")
    path = tmp_path / "tcvn3.txt"
    path.write_bytes(legacy.from_unicode(original, "tcvn3").encode("cp1252"))
    source = read(path)
    assert source.encoding == "tcvn3"
    assert source.notes == ("converted from TCVN3 (ABC) font encoding",)
    got = source.pages[0].text
    # TCVN3 has no codes for capitals with tone marks: only their case may differ ...
    assert got.lower() == original.lower()
    words = original.split()
    wrong = [(a, b) for a, b in zip(words, got.split()) if a != b]
    assert len(wrong) <= 0.03 * len(words), wrong[:20]
    # ... and headings in capitals come back in capitals
    for line in original.split("\n"):
        if line.isupper() and len(line.split()) >= 3:
            assert line in got


def test_legacy_text_stored_as_utf8_is_converted(tmp_path):
    original = legacy_source((DOCS / "ha-noi-308-kh-ubnd-2025.txt").read_text(encoding="utf-8"), "vni")
    path = tmp_path / "vni-utf8.txt"
    path.write_text(legacy.from_unicode(original, "vni"), encoding="utf-8")
    source = read(path)
    assert (source.encoding, source.pages[0].text) == ("vni", original)
    assert source.notes == ("converted from VNI-Windows font encoding (stored as utf-8)",)


# --- properties -------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.text())
def test_detect_and_convert_never_crash(text):
    assert legacy.detect(text) in (None, "tcvn3", "vni")
    for enc in ENCODINGS:
        assert isinstance(legacy.to_unicode(text, enc), str)
        assert isinstance(legacy.from_unicode(text, enc), str)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(VIETNAMESE + list("abcdeghiklmnopqrstuvxyABCDGHKLNOTUY .,;:-\n0123456789"))))
def test_vni_round_trip_of_any_vietnamese_text(text):
    assert legacy.to_unicode(legacy.from_unicode(text, "vni"), "vni") == text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(LOWER + list("abcdeghiklmnopqrstuvxy .,;:-\n0123456789"))))
def test_tcvn3_round_trip_of_lowercase_text(text):
    assert legacy.to_unicode(legacy.from_unicode(text, "tcvn3"), "tcvn3") == text
