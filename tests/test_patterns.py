"""Every regex in models/ matches its own `examples` and none of its `counter_examples` (reporters-db style)."""
import pytest
import regex
import yaml

from pipeline import patterns
from pipeline.extraction import dates, deadlines

FILES = ["structure.yaml", "header.yaml", "references.yaml", "roles.yaml", "quotas.yaml", "dates.yaml", "deadlines.yaml"]


def _entries(node, path=()):
    """(path, regex source, examples, counter_examples) of every entry with a regex and examples."""
    if isinstance(node, dict):
        if "regex" in node and "examples" in node:
            yield path, node["regex"], node["examples"], node.get("counter_examples", [])
        for k, v in node.items():
            yield from _entries(v, path + (str(k),))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _entries(v, path + (str(i),))


def _compiled(name, path, src):
    if name == "dates.yaml":
        return dates.compiled()[path[-1]]
    if name == "deadlines.yaml" and path[0] == "patterns":
        return deadlines._rx()[path[-1]]
    return regex.compile(src.strip(), regex.IGNORECASE)


CASES = [(name, path, src, ex, cex) for name in FILES for path, src, ex, cex in _entries(patterns.load(name))]


@pytest.mark.parametrize("name, path, src, examples, counter", CASES, ids=[f"{c[0]}:{'.'.join(c[1])}" for c in CASES])
def test_regex_matches_its_examples(name, path, src, examples, counter):
    rx = _compiled(name, path, src)
    assert examples, "an entry needs examples"
    for ex in examples:
        assert rx.search(ex), f"{name} {'.'.join(path)} does not match its example {ex!r}"
    for ex in counter:
        m = rx.search(ex)
        assert not (m and m.group().strip() == ex.strip()), f"{name} {'.'.join(path)} matches counter-example {ex!r}"


@pytest.mark.parametrize("name", FILES)
def test_data_files_are_valid_yaml_with_a_source_note(name):
    text = (patterns.MODELS / name).read_text(encoding="utf-8")
    assert text.lstrip().startswith("#"), "each data file starts with a note on where it comes from"
    assert yaml.safe_load(text)


def test_the_loader_reads_folders_json_and_compiles_with_either_engine():
    names = sorted(p.name for p in patterns.path("agencies").glob("*.yaml"))
    assert list(patterns.folder("agencies")) == names and "lexicon.yaml" in names
    assert patterns.folder("agencies")["groups.yaml"] is patterns.load("agencies/groups.yaml")
    assert patterns.load("ocr/sources.json")["files"]
    block = patterns.regex("structure.yaml", "block_starts", engine=regex)
    assert isinstance(block, regex.Pattern) and block.match("KT. CHỦ TỊCH")  # \p{Lu}: the regex package's
    first = patterns.regex("ocr/fixes.yaml", "fixes.0.pattern")
    assert first.pattern == patterns.load("ocr/fixes.yaml")["fixes"][0]["pattern"]
