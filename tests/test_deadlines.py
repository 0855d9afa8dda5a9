"""pipeline.extraction.deadlines and dates: Vietnamese temporal expressions."""
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extraction.dates import find_dates, make_date
from pipeline.extraction.deadlines import find_deadlines, is_not_deadline

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
    # two times joined by "và", each due; a range is one
    ("tổ chức lấy mẫu xét nghiệm trong Quý II và Quý IV/2026", 2025, [("2026-12-31", None), ("2026-06-30", None)]),
    ("kiểm tra vào tháng 3 và tháng 8/2026", 2025, [("2026-08-31", None), ("2026-03-31", None)]),
    ("hoàn thành trong Quý III - IV/2025", 2025, [("2025-12-31", None)]),
    ("kiểm tra trong Quý I và Quý II/2026", 2025, [("2026-06-30", None)]),
    # days listed with the year written once, at the end: each is due that year
    ("báo cáo trước ngày 15/3, 15/6, 15/9 và 30/11/2026", 2025,
     [("2026-03-15", None), ("2026-06-15", None), ("2026-09-15", None), ("2026-11-30", None)]),
    # full dates listed after the first: each is due
    ("trình UBND xã trước ngày 01/6/2026 và 01/12/2026", 2025, [("2026-06-01", None), ("2026-12-01", None)]),
    # a year written once, after the last date of a list, is every date's
    ("báo cáo kết quả trước ngày 15/6 và 15/12/2026", 2025, [("2026-06-15", None), ("2026-12-15", None)]),
    ("định kỳ hằng tháng (trước ngày 15), 6 tháng, năm (trước ngày 10/6 và 10/12/2026)", 2025,
     [(None, "monthly"), (None, "semiannual"), (None, "yearly"), ("2026-06-10", None), ("2026-12-10", None)]),
    ("báo cáo trước ngày 10/6/2026, 10/9/2026 và 10/12/2026", 2025,
     [("2026-06-10", None), ("2026-09-10", None), ("2026-12-10", None)]),
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
    ("định kỳ hàng tháng, quý, năm báo cáo kết quả thực hiện", 2025, [(None, "monthly"), (None, "quarterly"), (None, "yearly")]),
    # not deadlines: the cycle of a budget or of a resolution ("tổng hợp" is no report)
    ("chủ trì tổng hợp, trình cấp có thẩm quyền bố trí kinh phí chi thường xuyên trong dự toán ngân sách nhà nước hằng năm",
     2025, []),
    ("đạt tỷ lệ sử dụng nước sạch từ công trình cấp nước tập trung theo Nghị quyết hằng năm của Hội đồng nhân dân", 2025, []),
    # not deadlines: a report of results, the horizon of targets, everyday life
    ("Sản lượng thủy sản 6 tháng đầu năm thu hoạch 574.341 tấn, đạt 45,2% kế hoạch, tăng 4,9% so cùng kỳ", 2025, []),
    ("những lợi ích của thanh toán không dùng tiền mặt trong đời sống hàng ngày", 2025, []),
    # not deadlines: the plan's period, start dates, open-ended periods
    ("Thời gian thực hiện: từ năm 2023 đến năm 2025", 2023, []),
    ("năm 2026 và những năm tiếp theo", 2025, []),
    ("Thời gian thực hiện: Từ tháng 11/2025 đến khi kết thúc Tổng kiểm kê.", 2025, []),
    # a dated report is due that day, once: "6 tháng" names the report; a cycle word makes it a cycle too
    ("báo cáo hằng tháng; báo cáo 6 tháng trước ngày 10/6/2026, báo cáo năm trước ngày 05/12/2026", 2026,
     [(None, "monthly"), ("2026-06-10", None), ("2026-12-05", None)]),
    ("Định kỳ hằng năm (trước ngày 15/12/2025) báo cáo", 2025, [(None, "yearly"), ("2025-12-15", None)]),
    # a month after a label of the duty's time is its deadline, as after a cue; a month alone is no deadline
    ("Rà soát, số hóa hồ sơ. Thời gian hoàn thành: tháng 10/2026.", 2025, [("2026-10-31", None)]),
    ("thời gian hoàn thành việc số hóa dữ liệu giấy phép còn hiệu lực: tháng 6/2026", 2025, [("2026-06-30", None)]),
    ("Tháng 9/2025, toàn tỉnh đã tổ chức 12 hội nghị", 2025, []),
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
                                            ("36 tháng (2026-2028)", "2028-12-31"),
                                            ("Trước ngày 30/11/2025", "2025-11-30"), ("Tháng 11/2025", "2025-11-30"),
                                            ("Tháng 11 - 12/2025", "2025-12-31")])
def test_time_column_cells(cell, expected):
    assert [f.due for f in find_deadlines(cell, 2025, cell=True)] == [expected]


@pytest.mark.parametrize("text", ["Thường xuyên", "Kịp thời", "Từ ngày 01/7/2025", "1. Mục tiêu đến hết năm 2026"])
def test_not_deadlines(text):
    assert is_not_deadline(text)


@pytest.mark.parametrize("text", [
    "trợ cấp xã hội, trợ cấp hưu trí xã hội hàng tháng được rà soát, cập nhật dữ liệu",  # can-tho-157
    "1 | 1.014310 | Thủ tục hưởng trợ cấp sinh hoạt hàng tháng đối với Nghệ nhân nhân dân, Nghệ nhân ưu tú",
    "Nghị quyết quy định chế độ trợ cấp xã hội hàng tháng đối với người cao tuổi",
])
def test_a_cycle_that_names_an_allowance_is_no_deadline(text):
    assert find_deadlines(text, 2025) == []


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


# Reporting cycles as plans write them (corpora/documents, corpora/pool, corpora/seeds, and the issue's
# "trước ngày 15/6 và 15/12 hằng năm"): each with its RRULE and its next due date from a fixed day,
# for a plan issued on ISSUED. A cycle whose text gives no day shows the period that holds it.
ISSUED, TODAY = date(2025, 3, 1), date(2025, 11, 20)
# fmt: off
CYCLES = [
    # ha-noi-308-kh-ubnd-2025
    ("báo cáo UBND Thành phố kết quả thực hiện thông qua Sở Khoa học và Công nghệ trước ngày 15 hằng tháng.",
     [("monthly", "FREQ=MONTHLY;BYMONTHDAY=15", "2025-12-15")]),
    ("cập nhật kết quả triển khai Đề án 06 trước ngày 20 hằng tháng lên phần mềm theo dõi, giám sát Đề án 06",
     [("monthly", "FREQ=MONTHLY;BYMONTHDAY=20", "2025-11-20")]),
    # son-la-2954-qd-ubnd-2025: three cycles, each with its own day
    ("Định kỳ hàng tháng (*trước ngày 16 hàng tháng*), 6 tháng (*trước ngày 16/6*), tổng kết năm (*trước ngày "
     "20/11 hàng năm*) hoặc khi có yêu cầu báo cáo tình hình thực hiện Kế hoạch",
     [("monthly", "FREQ=MONTHLY;BYMONTHDAY=16", "2025-12-16"),
      ("semiannual", "FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=16", "2025-12-16"),
      ("yearly", "FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=20", "2025-11-20")]),
    # two cycles named together before their days: the days anchor the half-yearly one, the yearly one stays
    ("định kỳ 6 tháng, hằng năm (trước ngày 10/6 và 10/12) báo cáo kết quả về Sở Khoa học và Công nghệ",
     [("semiannual", "FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=10", "2025-12-10"), ("yearly", "FREQ=YEARLY", "2025 (no day given)")]),
    # four days a year anchor the quarterly cycle of a list of three
    ("báo cáo kết quả thực hiện định kỳ hằng quý, 6 tháng, năm (trước ngày 12/3, 12/6, 12/9 và 12/12) qua Sở Nội vụ",
     [("quarterly", "FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=12", "2025-12-12"),
      ("semiannual", "FREQ=MONTHLY;INTERVAL=6", "2025-H2 (no day given)"), ("yearly", "FREQ=YEARLY", "2025 (no day given)")]),
    # nghe-an-980-kh-ubnd-2025 (a table's time cell): the month, no day
    ("Tháng 12 hằng năm", [("yearly", "FREQ=YEARLY;BYMONTH=12", "2025-12 (no day given)")]),
    # nghe-an-987-kh-ubnd-2025
    ("Trước ngày 15/12 hàng năm tổng hợp, báo cáo Bộ Khoa học và Công nghệ, Ủy ban nhân dân tỉnh",
     [("yearly", "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=15", "2025-12-15")]),
    # ha-noi-310-kh-ubnd-2025
    ("định kỳ trước ngày 30 tháng 11 hàng năm báo cáo kết quả thực hiện về UBND Thành phố",
     [("yearly", "FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=30", "2025-11-30")]),
    # bac-ninh-141-kh-ubnd-2025: this year's 15 November has passed
    ("Định kỳ báo cáo UBND tỉnh (qua Sở Tư pháp) kết quả thực hiện Kế hoạch hằng năm (trước ngày 15 tháng 11)",
     [("yearly", "FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=15", "2026-11-15")]),
    # can-tho-153-kh-ubnd-2025
    ("b) Định kỳ hằng năm (trước ngày 15 tháng 12) báo cáo kết quả về Ủy ban nhân dân thành phố",
     [("yearly", "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=15", "2025-12-15")]),
    # can-tho-2579-qd-ubnd-2025: a window; its last day is the deadline
    ("Ủy ban nhân dân xã, phường từ ngày 16 đến ngày 31 tháng 12 hằng năm",
     [("yearly", "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31", "2025-12-31")]),
    # the issue's two days a year
    ("báo cáo trước ngày 15/6 và 15/12 hằng năm", [("yearly", "FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=15", "2025-12-15")]),
    ("báo cáo trước ngày 30/6 và 31/12 hằng năm", [("yearly", "FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=-1", "2025-12-31")]),
    ("báo cáo trước ngày 15/6 và trước ngày 10/12 hằng năm",
     [("yearly", "FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=10,15;BYSETPOS=2,3", "2025-12-10")]),
    # quarter months
    ("Định kỳ hằng quý (trước ngày 15 của tháng cuối quý) báo cáo Sở Tài chính",
     [("quarterly", "FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=15", "2025-12-15")]),
    # no anchor in the text: the period, no day made up
    ("Định kỳ 06 tháng các cơ quan có liên quan báo cáo kết quả thực hiện gửi về Sở Khoa học Công nghệ",  # dong-nai-179
     [("semiannual", "FREQ=MONTHLY;INTERVAL=6", "2025-H2 (no day given)")]),
    ("đ) Định kỳ hàng quý, năm hoặc theo yêu cầu của cơ quan, người có thẩm quyền, báo cáo Chủ tịch",  # ha-tinh-2979
     [("quarterly", "FREQ=MONTHLY;INTERVAL=3", "2025-Q4 (no day given)"), ("yearly", "FREQ=YEARLY", "2025 (no day given)")]),
    ("- Định kỳ hàng năm báo cáo tình hình triển khai thực hiện Đề án về Sở Nội vụ",  # seeds/001
     [("yearly", "FREQ=YEARLY", "2025 (no day given)")]),
    ("Định kỳ hằng tháng báo cáo kết quả chi trả trợ cấp về Sở Y tế",
     [("monthly", "FREQ=MONTHLY", "2025-11 (no day given)")]),
]
# fmt: on


@pytest.mark.parametrize("text, expected", CYCLES)
def test_cycles_carry_their_anchor_and_their_next_date(text, expected):
    from pipeline.recurrence import next_due

    got = [(f.recurrence, f.rrule, next_due(f.rrule, ISSUED, TODAY).text) for f in find_deadlines(text, 2025)]
    assert got == expected


@pytest.mark.parametrize("cell, due", [
    ("Ngày 09/3 - 12/3/2026", "2026-03-12"),  # an event's days in a time column: due on the last
    ("05h30 ngày 08/3/2026", "2026-03-08"),  # an hour before the day
    ("Từ ngày 01/3 đến ngày 15/3/2026", "2026-03-15"),
])
def test_a_time_column_s_range_of_days_or_hour_and_day_is_due_on_its_last_day(cell, due):
    assert [f.due for f in find_deadlines(cell, 2025, cell=True)] == [due]
