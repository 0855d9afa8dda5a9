"""The data of models/ (reporters-db style checks): the agency gazetteer, word lists, province list and
every pattern file (structure, roles, quotas, deadlines, dates, header, references).
Every data file validates against its JSON Schema; every entry's examples and
every one of its patterns are recognised as that entry's id; ids are unique
and canonical; the province list holds the 63 units before and the 34 after
Resolution 202/2025/QH15.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from referencing import Registry, Resource

from pipeline import patterns
from pipeline.extraction.agencies import canonical_agency, expand_abbreviations, find_agencies
from pipeline.extraction.lexicon import ENTRY_FILES, folded_doc, lexicon, pattern_variants, ruler_patterns
from pipeline.extraction.places import provinces
from pipeline.extraction.vntext import fold

MODELS = Path(__file__).resolve().parents[1] / "models"
SCHEMAS = MODELS / "schemas"

# fmt: off
DATA_FILES = [(f"agencies/{name}", "agency_entries") for name in ENTRY_FILES] + [
    ("agencies/groups.yaml", "agency_groups"),
    ("agencies/lexicon.yaml", "agency_lexicon"),
    ("provinces.yaml", "provinces"),
    *((f"{name}.yaml", name) for name in ("structure", "roles", "quotas", "deadlines", "dates", "header", "references")),
]
# fmt: on


def _registry() -> Registry:
    return Registry().with_resources(
        (path.name, Resource.from_contents(json.loads(path.read_text(encoding="utf-8"))))
        for path in SCHEMAS.glob("*.schema.json")
    )


@pytest.mark.parametrize("name,schema", DATA_FILES)
def test_data_file_matches_schema(name, schema):
    schema_doc = json.loads((SCHEMAS / f"{schema}.schema.json").read_text(encoding="utf-8"))
    data = yaml.safe_load((MODELS / name).read_text(encoding="utf-8"))
    errors = sorted(jsonschema.Draft202012Validator(schema_doc, registry=_registry()).iter_errors(data), key=str)
    assert not errors, f"{name}: {errors[0].message} at {list(errors[0].absolute_path)}"


def test_every_data_file_starts_with_its_source_note():
    for name, _ in DATA_FILES:
        first = (MODELS / name).read_text(encoding="utf-8").lstrip().splitlines()[0]
        assert first.startswith("#"), f"{name} has no note on where its lists come from"


def _id_regex(template: str, level: str = "drop", named: bool = False, printed_place: bool = False,
              keeps_place: bool = False) -> re.Pattern:
    lex = lexicon()
    levels = {slot["level"] for slot in lex.level_slots.values()} | {
        row for row in ("Tỉnh ủy", "Thành ủy", "Huyện ủy", "Quận ủy", "Thị ủy", "Đảng ủy", "Trung ương")}
    caps = {slot["cap_level"] for slot in lex.level_slots.values()}
    alt = lambda words: "(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + ")"  # noqa: E731
    if printed_place:  # "Báo và Phát thanh, Truyền hình Bắc Ninh": the province's name in the level's place
        levels = levels | set(provinces())
    rx = (re.escape(template).replace(r"\{level\}", alt(levels)).replace(r"\{cap_level\}", alt(caps))
          .replace(r"\ \{below_level\}", "(?: " + alt(caps) + ")?"))
    if level == "keep" and "{" not in template:  # "Phòng Nội vụ" + the printed level: "Phòng Nội vụ huyện"
        rx += "(?: " + alt(levels | caps) + ")?"
    if named:  # "Ban Quản lý Khu kinh tế" + its proper name: "Ban Quản lý Khu kinh tế Đông Nam"
        rx += r"(?: \w[\w ]*)?"
    if keeps_place:  # "Hiệp hội Doanh nghiệp tỉnh" + the province it prints: "Hiệp hội Doanh nghiệp tỉnh Gia Lai"
        rx += "(?: " + alt(provinces()) + ")?"
    return re.compile(rx + "$")


def _entries():
    return [pytest.param(e, id=e.id) for e in lexicon().entries]


def _examples(entry_or_list):
    for ex in entry_or_list.examples:
        if isinstance(ex, str):
            yield ex, None
        else:
            yield ex["text"], ex["value"]


@pytest.mark.parametrize("entry", _entries())
def test_entry_examples_are_recognised(entry):
    rx = _id_regex(entry.id, entry.level, entry.named, entry.printed_place, entry.keeps_place)
    for text, value in _examples(entry):
        values = [m.value for m in find_agencies(text)]
        if entry.as_printed and value is not None:  # named as the text writes it: the example says how
            assert value in values, f"{text!r} gave {values}, not {value!r}"
            continue
        if value is None:
            assert any(rx.match(v) for v in values), f"{text!r} gave {values}, not {entry.id!r}"
        else:
            assert rx.match(value), f"example value {value!r} does not fit id {entry.id!r}"
            assert value in values, f"{text!r} gave {values}, not {value!r}"


@pytest.mark.parametrize("entry", _entries())
def test_every_pattern_and_abbreviated_spelling_is_recognised(entry):
    rx = _id_regex(entry.id, entry.level)
    for pattern in entry.patterns:
        for variant in pattern_variants(pattern, lexicon().abbreviation_pairs):
            found = find_agencies(variant)
            assert found, f"{variant!r} ({entry.id}) is not recognised"
            first = found[0]
            assert (first.start, first.end) == (0, len(variant)), f"{variant!r} matched only {first.text!r}"
            assert rx.match(first.value), f"{variant!r} gave {first.value!r}, not {entry.id!r}"


@pytest.mark.parametrize("group", [pytest.param(d, id=d.id) for d in lexicon().lists])
def test_group_examples_are_recognised(group):
    rx = _id_regex(group.id)
    for text, value in _examples(group):
        values = [m.value for m in find_agencies(text)]
        assert any(rx.match(v) for v in values) if value is None else value in values, f"{text!r} gave {values}"


def test_described_examples_are_recognised():
    described = patterns.load("agencies/groups.yaml")["described"]
    for ex in described["examples"]:
        assert [m.value for m in find_agencies(ex["text"])][:1] == [ex["value"]], ex["text"]


def test_member_examples_are_recognised():
    for ex in patterns.load("agencies/groups.yaml")["members"]["examples"]:
        assert ex["value"] in [m.value for m in find_agencies(ex["text"])], ex["text"]


def test_council_organ_examples_are_recognised():
    for ex in patterns.load("agencies/groups.yaml")["council_organs"]["examples"]:
        assert [m.value for m in find_agencies(ex["text"])] == ex["values"], ex["text"]


def test_ids_are_unique_and_canonical():
    entries = lexicon().entries
    ids = [e.id for e in entries]
    assert len(ids) == len(set(ids)), {i for i in ids if ids.count(i) > 1}
    for e in entries:
        rx = _id_regex(e.id)
        plain = e.id.replace("{level}", "tỉnh").replace("{cap_level}", "cấp tỉnh")
        assert rx.match(canonical_agency(plain)), f"{plain!r} is not its own canonical name"


def test_no_spelling_names_two_agencies():
    lex = lexicon()
    owner: dict[str, str] = {}
    for e in lex.entries:
        for pattern in e.patterns:
            for variant in pattern_variants(pattern, lex.abbreviation_pairs):
                key = " ".join(fold(variant).split())
                assert owner.setdefault(key, e.id) == e.id, f"{variant!r} names {owner[key]!r} and {e.id!r}"


def test_successors_are_known_current_bodies():
    ids = {e.id for e in lexicon().entries}
    for e in lexicon().entries:
        if e.successor:
            assert e.successor in ids, f"{e.id}: successor {e.successor!r} has no entry"
            assert e.successor != e.id
    assert next(e for e in lexicon().entries if e.id == "Sở Kế hoạch và Đầu tư").successor == "Sở Tài chính"


def test_every_abbreviation_expands_to_its_full_name():
    for full, abbrs in lexicon().abbreviation_pairs:
        for abbr in abbrs:
            assert expand_abbreviations(f"Sở {abbr} tỉnh") == f"Sở {full} tỉnh", abbr


def test_provinces_before_and_after_2025():
    rows = provinces()
    pre = [p for p in rows.values() if p.pre_2025]
    post = [p for p in rows.values() if p.post_2025]
    assert len(pre) == 63 and len(post) == 34
    merged = [p for p in post if p.merged_from]
    assert len(merged) == 23 and len(post) - len(merged) == 11
    assert sum(len(p.merged_from) for p in merged) + 11 == 63
    for p in pre:
        assert rows[p.successor].post_2025, p.name
        if rows[p.successor].merged_from:
            assert p.name in rows[p.successor].merged_from
    assert {p.name for p in post if p.type == "thành phố"} == {"Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"}


def test_gazetteer_loads_into_a_spacy_entity_ruler():
    import spacy

    nlp = spacy.blank("xx")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(ruler_patterns())
    doc = ruler(folded_doc(nlp, "Giao Sở TT&TT chủ trì, phối hợp với UBMTTQ tỉnh"))
    assert [(ent.text, ent.ent_id_) for ent in doc.ents] == [
        ("so tt & tt", "Sở Thông tin và Truyền thông"), ("ubmttq", "Ủy ban Mặt trận Tổ quốc Việt Nam {level}")]


def test_a_pattern_without_examples_breaks_its_schema():
    schema_doc = json.loads((SCHEMAS / "quotas.schema.json").read_text(encoding="utf-8"))
    data = yaml.safe_load((MODELS / "quotas.yaml").read_text(encoding="utf-8"))
    data["target_words"] = {"regex": "đạt"}  # no examples
    errors = list(jsonschema.Draft202012Validator(schema_doc, registry=_registry()).iter_errors(data))
    assert any("examples" in e.message for e in errors)
