"""pipeline.audit: the coverage audit without gold."""
from click.testing import CliRunner

from pipeline.audit import audit, audit_document
from pipeline.cli import cli
from pipeline.extraction.record import extract_document
from pipeline.extraction.context import skipped_spans
from pipeline.models import RawPage, Source
from pipeline.normalisation import normalise

HEAD = ("ỦY BAN NHÂN DÂN TỈNH NINH THUẬN\n|\nSố: 12/KH-UBND\n|\nNinh Thuận, ngày 22 tháng 3 năm 2023\n|\n"
        "KẾ HOẠCH\nTHỰC HIỆN ĐỀ ÁN\nCăn cứ Quyết định số 1526/QĐ-TTg ngày 09/12/2022 của Thủ tướng Chính phủ giao nhiệm vụ;\n")
BODY = ("I. MỤC TIÊU\n- Phấn đấu 100% xã, phường có mô hình điển hình.\n"
        "II. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ chủ trì, phối hợp với Sở Tài chính tổ chức thực hiện Kế hoạch.\n"
        "2. Việc phối hợp giữa các cơ quan được thực hiện theo quy chế.\n")


def found(body):
    doc = normalise(Source("x.txt", "", "text", (RawPage(1, HEAD + body, "text"),)))
    return audit_document(doc, extract_document(doc), skipped_spans(doc.text))


def test_cue_clauses_and_target_numbers_are_counted_and_misses_named():
    cues, missed, targets, t_missed, misses = found(BODY)
    # "giao" in the legal basis is preamble; the clause of item 1 gives an assignment; item 2 gives none
    assert (cues, missed) == (2, 1)
    assert (targets, t_missed) == (1, 0)
    assert [m.kind for m in misses] == ["assignment"] and misses[0].text.startswith("2. Việc phối hợp")


def test_a_target_number_with_no_quota_is_a_miss():
    cues, missed, targets, t_missed, misses = found("1. Doanh thu du lịch đạt 500 triệu đồng trong quý I.\n")
    assert (targets, t_missed) == (1, 1)


def test_audit_over_a_folder_and_the_command(corpus):
    coverage = audit([corpus / "seeds"])
    assert coverage.documents == 5 and coverage.cue_clauses > 20
    assert 0 <= coverage.assignment_gap < 0.5
    out = CliRunner().invoke(cli, ["eval", "--audit", str(corpus / "seeds")]).output
    assert "clauses with an assignment cue" in out and "numbers with a target cue" in out
