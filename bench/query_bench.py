"""Latency of ``kehoach owes`` on a synthetic database of 100,000 assignments.

``run(quick)`` builds a migrated SQLite database (5,000 one-page plans, 20
assignments and 8 deadlines each, recurring as often as in the bundled
corpus; pages as long as the corpus's; 30 agencies, 16 provinces), warms the process
up with one query (the agency lexicon loads once per process), then times the
questions users ask about one agency or province: an agency in several
spellings (some 3,300 rows each), an agency's overdue items, an agency in one
province, a province and role. ``owes_query_ms`` is the 95th percentile of
wall-clock time over them; ``owes_query_cpu_ms`` the same in CPU time of this
process (what a query costs when other programs share the machine).
``owes_all_agencies_ms`` times the database-wide questions (what falls due in
the next 30 days, what became overdue in the last 60), thousands of rows each.

    .venv/bin/python bench/query_bench.py [--quick]
"""
from __future__ import annotations

import hashlib
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ASSIGNMENTS = 100_000
PER_DOCUMENT = 20
DEADLINES_PER_DOCUMENT = 8

AGENCIES = [
    "Sở Nội vụ", "Sở Tài chính", "Sở Tư pháp", "Sở Y tế", "Sở Xây dựng", "Sở Công Thương",
    "Sở Giáo dục và Đào tạo", "Sở Khoa học và Công nghệ", "Sở Nông nghiệp và Môi trường",
    "Sở Văn hóa, Thể thao và Du lịch", "Sở Ngoại vụ", "Sở Dân tộc và Tôn giáo", "Công an tỉnh",
    "Bộ Chỉ huy Quân sự tỉnh", "Văn phòng Ủy ban nhân dân tỉnh", "Thanh tra tỉnh", "UBND cấp huyện",
    "UBND cấp xã", "Các sở, ban, ngành cấp tỉnh", "Các cơ quan, đơn vị, địa phương",
    "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Các tổ chức chính trị - xã hội cấp tỉnh", "Bảo hiểm xã hội tỉnh",
    "Báo và Phát thanh, Truyền hình tỉnh", "Ban Quản lý các Khu công nghiệp", "Liên đoàn Lao động tỉnh",
    "Tỉnh Đoàn", "Hội Liên hiệp Phụ nữ tỉnh", "Hội Nông dân tỉnh", "Hội Cựu chiến binh tỉnh",
]
PROVINCES = [
    "Nghệ An", "Hà Nội", "Cần Thơ", "Đồng Nai", "Bắc Ninh", "Ninh Thuận", "Hà Tĩnh", "Quảng Ninh",
    "Kiên Giang", "Đà Nẵng", "Huế", "Lạng Sơn", "Cà Mau", "Sơn La", "Vĩnh Long", "Đắk Lắk",
]
TASKS = [
    "tổ chức tuyên truyền, phổ biến nội dung Kế hoạch đến cán bộ, công chức",
    "hướng dẫn, kiểm tra, đôn đốc việc triển khai thực hiện",
    "tổng hợp, báo cáo kết quả thực hiện về Ủy ban nhân dân tỉnh",
    "bố trí kinh phí thực hiện theo phân cấp ngân sách hiện hành",
    "rà soát, đề xuất sửa đổi, bổ sung cơ chế, chính sách",
]
# Text between the tasks, so that a page is as long as the corpus's (12,800 characters on average).
FILLER = ("Căn cứ tình hình thực tế, các cơ quan, đơn vị tổ chức triển khai thực hiện nghiêm túc, "
          "hiệu quả các nhiệm vụ được giao, bảo đảm đúng tiến độ và chất lượng. ") * 3 + "\n"
ROLES = ["lead"] * 6 + ["support"] * 3 + ["requested"]
# Shares as in the bundled corpus: 43% of deadlines recur; of those 80% yearly (a few with
# their day), 9% monthly, 5% daily, 4% quarterly, 2% half-yearly.
RECURRING_SHARE = 0.43
RULES = [(("yearly", "FREQ=YEARLY"), 72), (("yearly", "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=15"), 8),
         (("monthly", "FREQ=MONTHLY"), 9), (("daily", "FREQ=DAILY"), 5),
         (("quarterly", "FREQ=MONTHLY;INTERVAL=3"), 4), (("semiannual", None), 2)]


def build(url: str, n_assignments: int = ASSIGNMENTS, seed: int = 7) -> dict:
    """Fill a new database at ``url`` with synthetic plans; returns row counts."""
    import sqlalchemy as sa

    from pipeline import connect, migrate
    from pipeline.search import search_fold
    from pipeline.store import assignments, deadlines, documents, pages

    rng = random.Random(seed)
    engine = connect(url)
    migrate(engine)
    now = datetime.now(timezone.utc)
    docs, page_rows, assign_rows, deadline_rows = [], [], [], []
    base = date.today() - timedelta(days=3 * 365)
    for doc_id in range(1, n_assignments // PER_DOCUMENT + 1):
        province = rng.choice(PROVINCES)
        issued = base + timedelta(days=rng.randrange(3 * 365))
        sentences, offset = [], 0
        for k in range(PER_DOCUMENT):
            agency, task = rng.choice(AGENCIES), rng.choice(TASKS)
            sentence = f"{k + 1}. {agency} chủ trì, {task}.\n"
            assign_rows.append({
                "document_id": doc_id, "agency": agency, "role": rng.choice(ROLES), "task": task,
                "section": f"IV.{k + 1}", "evidence_page": 1, "evidence_start": offset,
                "evidence_end": offset + len(sentence) - 1, "search_text": search_fold(f"{agency}\n{task}"),
                "evidence_text": sentence[:-1],
            })
            if k < DEADLINES_PER_DOCUMENT:
                recurring = rng.random() < RECURRING_SHARE
                recurrence, rule = (rng.choices([r for r, _ in RULES], [w for _, w in RULES])[0]
                                    if recurring else (None, None))
                due = None if recurring else issued + timedelta(days=rng.randrange(30, 900))
                deadline_rows.append({
                    "document_id": doc_id, "agency": agency, "due": due, "recurrence": recurrence,
                    "rrule": rule, "text": sentence.strip(), "evidence_page": 1, "evidence_start": offset,
                    "evidence_end": offset + len(sentence) - 1,
                    "assignment_id": len(assign_rows),  # the one just added: ids count from 1 here, as a load links
                })
            sentences.append(sentence + FILLER)
            offset += len(sentence) + len(FILLER)
        text = "".join(sentences)
        docs.append({
            "id": doc_id, "sha256": hashlib.sha256(f"synthetic-{seed}-{doc_id}".encode()).hexdigest(),
            "source": f"synthetic/{doc_id}.txt", "path": f"/synthetic/{doc_id}.txt", "format": "text",
            "kind": "plan", "number": f"{doc_id}/KH-UBND", "issuer": f"UBND tỉnh {province}",
            "province": province, "issue_date": issued, "title": "Kế hoạch thực hiện", "signer": None,
            "pages": 1, "ocr_used": False, "notes": "[]", "loaded_at": now, "run_id": "bench",
        })
        page_rows.append({"document_id": doc_id, "number": 1, "text": text, "method": "text"})
    with engine.begin() as conn:
        for table, rows in ((documents, docs), (pages, page_rows), (assignments, assign_rows),
                            (deadlines, deadline_rows)):
            for i in range(0, len(rows), 5000):
                conn.execute(sa.insert(table), rows[i:i + 5000])
    with engine.connect() as conn:  # as SQLite's auto-checkpoint leaves a database after an ingest
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return {"documents": len(docs), "assignments": len(assign_rows), "deadlines": len(deadline_rows)}


# The questions of `kehoach owes` about one agency or province (owes_query_ms) ...
QUERIES = [
    ("agency", {"agency": "Sở Nội vụ"}),
    ("agency_folded", {"agency": "so noi vu"}),
    ("agency_abbreviation", {"agency": "Sở KH&CN"}),
    ("agency_upper", {"agency": "SỞ TÀI CHÍNH"}),
    ("agency_overdue", {"agency": "Sở Y tế", "overdue": True}),
    ("agency_province", {"agency": "so tai chinh", "province": "Đồng Nai"}),
    ("province_role", {"province": "nghe an", "role": "lead", "before": "+90d"}),
    ("injection", {"agency": "'; DROP TABLE assignments; --"}),
]
# ... and about every agency at once (owes_all_agencies_ms): thousands of rows each.
WIDE_QUERIES = [
    ("next_30_days", {"after": "today", "before": "+30d"}),
    ("overdue_last_60_days", {"overdue": True, "after": "-60d"}),
]


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def _time(engine, queries, repeats) -> tuple[dict, dict, list[float], list[float]]:
    from pipeline import owes

    per_query, rows, wall, cpu = {}, {}, [], []
    for name, kwargs in queries:
        samples = []
        for _ in range(repeats):
            t, c = time.perf_counter(), time.process_time()
            result = owes(engine, **kwargs)
            samples.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
        rows[name] = len(result)
        per_query[name] = round(_p95(samples), 1)
        wall += samples
    return per_query, rows, wall, cpu


def run(quick: bool = False, smallest: bool = False) -> dict:
    """Build the synthetic database and time the queries (p95 in milliseconds).
    ``smallest``: 1,000 assignments, each query once (checks that the part runs)."""
    from pipeline import owes
    from pipeline.query import engine_for

    repeats = 1 if smallest else 5 if quick else 20
    with tempfile.TemporaryDirectory(prefix="kehoach-qbench-") as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        t0 = time.perf_counter()
        counts = build(url, 1_000 if smallest else ASSIGNMENTS)
        build_s = time.perf_counter() - t0
        engine = engine_for(url)
        owes(engine, agency="Sở NV")  # warm-up: indexes, agency lexicon, page cache
        per_query, rows, wall, cpu = _time(engine, QUERIES, repeats)
        wide, wide_rows, wide_wall, _ = _time(engine, WIDE_QUERIES, 1 if smallest else max(3, repeats // 4))
        engine.dispose()
    return {
        "owes_query_ms": round(_p95(wall), 1),
        "owes_query_median_ms": round(statistics.median(wall), 1),
        "owes_query_cpu_ms": round(_p95(cpu), 1),
        "owes_all_agencies_ms": round(_p95(wide_wall), 1),
        "owes_query_p95_ms_by_query": {**per_query, **wide},
        "owes_rows_by_query": {**rows, **wide_rows},
        "synthetic_db": counts,
        "synthetic_db_build_s": round(build_s, 1),
        "repeats": repeats,
    }


if __name__ == "__main__":
    print(json.dumps(run(quick="--quick" in sys.argv), ensure_ascii=False, indent=2))
