"""pipeline.extract.deadlines and dates: Vietnamese temporal expressions."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract.dates import find_dates, make_date
from pipeline.extract.deadlines import find_deadlines, is_not_deadline

# fmt: off
CASES = [
    ("xây dựng tiêu chuẩn trước ngày 20/2/2023", 2023, [("2023-02-20", None)]),
    ("báo cáo kết quả trước ngày 20/2", 2023, [("2023-02-20", None)]),
    ("hoàn thành trong tháng 12/2025", 2025, [("2025-12-31", None)]),
    ("Quý II/2026", 2025, [("2026-06-30", None)]),
    ("trong quý 3 năm 2025", 2025, [("2025-09-30", None)]),
    ("Thời gian thực hiện: Hoàn thành trong năm 2025.", 2025, [("2025-12-31", None)]),
    ("tôn vinh điển hình tiên tiến toàn tỉnh vào năm 2023", 2023, [("2023-12-31", None)]),
    ("6 tháng đầu năm 2026", 2025, [("2026-06-30", None)]),
    ("Định kỳ hàng năm báo cáo tình hình triển khai thực hiện", 2023, [(None, "yearly")]),
    ("Định kỳ mỗi quý, mỗi cơ quan giới thiệu", 2020, [(None, "quarterly")]),
    ("báo cáo định kỳ 6 tháng", 2025, [(None, "semiannual")]),
    ("báo cáo hằng tháng trước ngày 25", 2025, [(None, "monthly")]),
    ("trước ngày 15/12 hằng năm", 2025, [(None, "yearly")]),
    ("cuối năm tổng hợp kết quả báo cáo UBND tỉnh", 2019, [("2019-12-31", None)]),
    # real phrasings from the gold batches
    ("Định kỳ 6 tháng (trước ngày 16/6) và năm (trước ngày 16/12) báo cáo", 2025, [(None, "semiannual"), (None, "yearly")]),
    ("Hằng năm, các cơ quan, đơn vị xây dựng báo cáo, tự chấm điểm gửi Sở Nội vụ trước ngày 15/12", 2025,
     [(None, "yearly")]),
    ("Định kỳ hàng quý, năm hoặc theo yêu cầu, báo cáo Chủ tịch UBND tỉnh", 2025, [(None, "quarterly"), (None, "yearly")]),
    # not deadlines: the plan's period, start dates, open-ended periods
    ("Thời gian thực hiện: từ năm 2023 đến năm 2025", 2023, []),
    ("năm 2026 và những năm tiếp theo", 2025, []),
    ("Thời gian thực hiện: Từ tháng 11/2025 đến khi kết thúc Tổng kiểm kê.", 2025, []),
]
# fmt: on


@pytest.mark.parametrize("text, year, expected", CASES)
def test_find_deadlines(text, year, expected):
    got = [(f.due, f.recurrence) for f in find_deadlines(text, year)]
    assert got == expected


def test_anchor_day_goes_into_the_rrule():
    (f,) = find_deadlines("trước ngày 15/12 hằng năm", 2025)
    assert f.rrule == "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=15"


@pytest.mark.parametrize("cell, expected", [("2025", "2025-12-31"), ("2026 - 2030", "2030-12-31"),
                                            ("Trước ngày 30/11/2025", "2025-11-30"), ("Tháng 11/2025", "2025-11-30"),
                                            ("Tháng 11 - 12/2025", "2025-12-31")])
def test_time_column_cells(cell, expected):
    assert [f.due for f in find_deadlines(cell, 2025, cell=True)] == [expected]


@pytest.mark.parametrize("text", ["Thường xuyên", "Kịp thời", "Từ ngày 01/7/2025"])
def test_not_deadlines(text):
    assert is_not_deadline(text)


def test_full_dates_in_running_text():
    text = "ngày 22 tháng 3 năm 2023; 09/12/2022; năm 20 23 không; 31/2/2024 không"
    assert [d.isoformat() for _, _, d in find_dates(text)] == ["2023-03-22", "2022-12-09"]


def test_make_date_month_and_year_alone_are_their_last_day():
    assert make_date(2024, 2).isoformat() == "2024-02-29"
    assert make_date(2025).isoformat() == "2025-12-31"
    assert make_date(2025, 13) is None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789/.- trướcngàyhằngnămthángquýIVđếnhoànthành")), max_size=120),
       st.one_of(st.none(), st.integers(1900, 2100)))
def test_deadline_parser_never_crashes(text, year):
    for f in find_deadlines(text, year, cell=True):
        assert (f.due is None) != (f.recurrence is None)
