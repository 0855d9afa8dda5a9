"""Accuracy floors on the bundled gold records: accuracy cannot fall silently.

Raise a floor when a change raises the score; never lower one to make a change pass.
"""
import json

import pytest

from pipeline.evaluate import norm, overlap, records_for_gold, same_agency, score

# Measured on the 134-document dev gold (batches 0-16 of corpora/gold/FIRST_LOOK.md; two letters are read from
# their scans, through OCR); a batch
# scored at first look and then added lowers the whole-gold figures: the floors follow them down
# once, at the batch's commit, and only up otherwise. The floors were 0.93-0.97 on the first ten
# documents alone, which the rules had learned.
FLOORS = {
    "kind": 0.95, "number": 0.95, "issue_date": 0.95, "province": 0.95, "signer": 0.95,
    "references": 0.97, "agencies": 0.90, "agency_roles": 0.89, "deadlines": 0.93,
    "deadline_links": 0.87, "quotas": 0.91, "macro_f1": 0.91, "tasks": 0.80,
}


@pytest.fixture(scope="module")
def scores(corpus):
    records = records_for_gold(corpus / "gold", [corpus / d for d in ("seeds", "documents", "pool", "doc", "scanned")])
    return score(corpus / "gold", records).as_dict()


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_floor(scores, field):
    assert scores[field] >= FLOORS[field], f"{field} fell to {scores[field]} (floor {FLOORS[field]})"


def test_scores_the_spec_way_on_a_handmade_case(tmp_path):
    gold = {"source": "x.txt", "kind": "plan", "number": "1/KH-UBND",
            "references": [{"number": "34-CT/TW"}],
            "assignments": [{"agency": "Sở Nội vụ", "aliases": ["Sở NV"], "role": "lead"}],
            "deadlines": [{"agency": "Sở Nội vụ", "due": "2023-02-20", "recurrence": None}],
            "quotas": [{"scope": "mỗi huyện, thành phố", "comparator": ">=", "value": 5, "percent": False}]}
    (tmp_path / "x.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    pred = dict(gold, number="1 /KH-UBND", assignments=[{"agency": "Sở NV", "role": "lead"}],
                deadlines=[{"agency": "Sở NV", "due": "2023-02-20", "recurrence": None}],
                quotas=[{"scope": "mỗi huyện", "comparator": ">=", "value": 5.0, "percent": False}])
    s = score(tmp_path, [pred])
    assert s.as_dict()["number"] == 1.0
    assert s.prf("agency_roles")[2] == 1.0
    assert s.prf("deadlines")[2] == 1.0
    assert s.prf("deadline_links")[2] == 0.0  # "Sở NV" is not an alias in the deadline's gold item
    assert s.prf("quotas")[2] == 1.0


@pytest.mark.parametrize("a, b", [("Uỷ ban nhân dân", "ủy ban nhân dân"), ("Hoà  Bình.", "hòa bình"), ("1068 / KH - UBND", "1068/kh-ubnd")])
def test_norm(a, b):
    assert norm(a) == norm(b)


def test_agency_word_overlap():
    assert overlap("Các sở, ban, ngành cấp tỉnh", "Các sở, ban, ngành tỉnh") >= 0.8
    assert same_agency({"agency": "Sở Nội vụ"}, {"agency": "SỞ NỘI VỤ"})


@pytest.mark.parametrize("gold_type, pred_type, right", [
    ("QĐ", "QĐ", True), ("QĐ", "KH", False), ("NQ", "KH", False), ("CT", "CTr", False), ("TT", "TTr", False),
    ("CV", "UBND", True), ("CV", "CV", True), ("CV", "QĐ", False), (None, "KH", True)])
def test_a_reference_counts_when_number_and_type_both_match(tmp_path, gold_type, pred_type, right):
    gold = {"source": "x.txt", "references": [{"number": "1899/QĐ-TTg", "type": gold_type}]}
    (tmp_path / "x.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    s = score(tmp_path, [{"source": "x.txt", "references": [{"number": "1899/QĐ-TTG", "type": pred_type}]}])
    assert s.counts["references"] == ([1, 0, 0] if right else [0, 1, 1])
    assert any("type gold=" in e for e in s.errors) is not right


# Measured on the 304 synthetic documents of corpora/synthetic (batches S1-S38 of corpora/gold/FIRST_LOOK.md: written
# by helper sessions in the forms of 2025-2026, annotated by others before kehoach ran on them). Scored apart from
# the real dev gold, under the same rule: a batch added after its first look lowers the floors once, at its commit;
# otherwise raise a floor, never lower one.
SYNTHETIC_FLOORS = {
    "references": 0.99, "agencies": 0.87, "agency_roles": 0.86, "deadlines": 0.94, "deadline_links": 0.82,
    "quotas": 0.70, "macro_f1": 0.86, "tasks": 0.91,  # tasks 0.921 with S10-S11 (S11's project blocks: 0.84); quotas
    # 0.722 -> 0.718 when S19 came in at its first look (0.674), 0.728 with S20 after stop 28's fixes; macro 0.881 -> 0.878
    # when S23 came in at its first look (0.841); agencies 0.890 -> 0.885, roles 0.874 -> 0.869, quotas 0.724 -> 0.712
    # when S24 came in at its first look (0.817); quotas 0.719 -> 0.709 when S25 came in (first look 0.789, quotas 0.564);
    # quotas 0.707 -> 0.689, macro 0.874 -> 0.869 when S27 came in (first look 0.807, quotas 0.489: tables aligned with spaces);
    # links 0.833 -> 0.826, agencies 0.882 -> 0.880 (0.8799) when S29 came in (first look 0.843, links 0.713);
    # quotas raised to 0.70 with S30 (0.709 on 240 documents after stop 30's table fixes); 0.703 -> 0.698 when S38 came in
    # at its first look (0.837, quotas 0.564: a table of targets per area, works per project); raised back to 0.70 at the
    # end of stop 33 (0.702 on 304 documents)
}


@pytest.fixture(scope="module")
def synthetic_scores(corpus):
    records = records_for_gold(corpus / "synthetic" / "gold", [corpus / "synthetic"])
    return score(corpus / "synthetic" / "gold", records).as_dict()


@pytest.mark.parametrize("field", sorted(SYNTHETIC_FLOORS))
def test_synthetic_floor(synthetic_scores, field):
    got = synthetic_scores[field]
    assert got >= SYNTHETIC_FLOORS[field], f"synthetic {field} fell to {got} (floor {SYNTHETIC_FLOORS[field]})"
