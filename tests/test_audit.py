"""pipeline.audit: the coverage audit without gold."""
import pytest
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
    got = found(BODY)
    # "giao" in the legal basis is preamble; the clause of item 1 gives an assignment; item 2 gives none
    assert (got.cue_clauses, got.cue_missed) == (2, 1)
    assert (got.target_numbers, got.target_missed) == (1, 0)
    assert [m.kind for m in got.misses] == ["assignment"] and got.misses[0].text.startswith("2. Việc phối hợp")
    # "Việc phối hợp" is a noun: not a verb cue, so outside the narrow count
    assert (got.implementing_clauses, got.implementing_missed) == (1, 0) and not got.misses[0].implementing


def test_a_target_number_with_no_quota_is_a_miss():
    got = found("1. Doanh thu du lịch đạt 500 triệu đồng trong quý I.\n")
    assert (got.target_numbers, got.target_missed) == (1, 1)


@pytest.mark.parametrize("body, narrow, missed", [
    # the purpose part is not an implementing section
    ("I. MỤC ĐÍCH, YÊU CẦU\n1. Phát huy vai trò tham mưu, phối hợp chặt chẽ giữa các cấp.\n", 0, 0),
    # a form's "Đơn đề nghị" and a passive "được giao" are no verb cues
    ("III. TỔ CHỨC THỰC HIỆN\n1. Đơn đề nghị cấp giấy phép theo mẫu.\n2. Các nhiệm vụ được giao đúng hạn.\n", 0, 0),
    # a block heading without a colon is covered by the duties of its items
    ("III. TỔ CHỨC THỰC HIỆN\n1. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh\n"
     "- Tuyên truyền, vận động Nhân dân tham gia thực hiện Kế hoạch.\n", 1, 0),
    # the closing summary, an order to carry out the whole document and a cited title give no duty by the spec
    ("III. TỔ CHỨC THỰC HIỆN\n1. Bãi bỏ Quyết định số 73/2000/QĐ-UB về việc Giao chỉ tiêu xây dựng lực lượng dự bị.\n"
     "Trong quá trình thực hiện, nếu có khó khăn, các cơ quan, đơn vị phản ánh về Sở Nội vụ để tổng hợp.\n"
     "Trên đây là Kế hoạch tăng cường phối hợp; đề nghị các cơ quan phối hợp triển khai.\n", 0, 0),
    # a clause cut by ";" is covered by the duty its sentence tells after it
    ("Điều 2. Giao Văn phòng Ủy ban nhân dân tỉnh; Sở Dân tộc và Tôn giáo thực hiện công khai thủ tục hành chính.\n", 1, 0),
    # a duty in an agency's block that no rule reads is counted and missed
    ("III. TỔ CHỨC THỰC HIỆN\n1. Trưởng Ban Chỉ đạo\n- Phối hợp với các cơ quan Trung ương chỉ đạo kiểm kê.\n", 1, 1),
])
def test_the_narrow_count_keeps_verb_cues_in_implementing_sections(body, narrow, missed):
    got = found(body)
    assert (got.implementing_clauses, got.implementing_missed) == (narrow, missed)


def test_audit_over_a_folder_and_the_command(corpus):
    coverage = audit([corpus / "seeds"])
    assert coverage.documents == 5 and coverage.cue_clauses > 20
    assert 0 <= coverage.assignment_gap < 0.5
    out = CliRunner().invoke(cli, ["eval", "--audit", str(corpus / "seeds")]).output
    assert "clauses with an assignment cue" in out and "numbers with a target cue" in out
    assert "implementing sections" in out
    assert 0 < coverage.implementing_clauses <= coverage.cue_clauses
