"""Load the knowledge in ``models/`` (data, not code) once per process.

This is the one place that reads the files of ``models/`` (:func:`load`, :func:`folder`) and
compiles the regexes they hold (:func:`regex`); :func:`path` names a file for the readers of
other formats (the OCR lexicon's tables).
"""
from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import yaml

MODELS = Path(__file__).resolve().parent.parent / "models"
_YAML = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser where PyYAML has it: same documents, faster


def path(name: str) -> Path:
    """``models/<name>``: a data file or folder."""
    return MODELS / name


@functools.cache
def load(name: str):
    """Parse ``models/<name>`` (YAML, JSON or JSON lines) and cache it."""
    file = path(name)
    with file.open(encoding="utf-8") as fh:
        if file.suffix == ".jsonl":
            return [json.loads(line) for line in fh if line.strip()]
        if file.suffix == ".json":
            return json.load(fh)
        return yaml.load(fh, Loader=_YAML)


def rows(file: Path):
    """The tab-separated rows of a table file (the OCR lexicon's counts); lines opening with ``#`` are notes."""
    with open(file, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            yield line.rstrip("\n").split("\t")


def folder(name: str) -> dict:
    """Every YAML file of the folder ``models/<name>``, parsed, by file name in name order."""
    return {file.name: load(f"{name}/{file.name}") for file in sorted(path(name).glob("*.yaml"))}


@functools.cache
def regex(name: str, key: str, flags: int = 0, engine=re) -> re.Pattern:
    """Compile the regex at ``key`` (dotted path; list items by index) of data file ``name``.

    ``engine`` compiles it: ``re``, or the ``regex`` package for patterns that use its syntax
    (``\\p{Lu}``) or for callers that need its matching.
    """
    node = load(name)
    for part in key.split("."):
        node = node[int(part)] if isinstance(node, list) else node[part]
    if isinstance(node, dict):
        node = node["regex"]
    return engine.compile(node, flags)


@functools.cache
def templated(name: str, section: str = "patterns", flags: int = 0, engine=re) -> dict:
    """The regexes of ``section`` of data file ``name``, by key, each with the file's ``$variables``
    (its ``variables`` mapping; longest name first) written out, compiled by ``engine``."""
    data = load(name)
    variables = {k: v for k, v in (data.get("variables") or {}).items() if not k.startswith("#")}
    out = {}
    for key, entry in data[section].items():
        src = entry["regex"] if isinstance(entry, dict) else entry
        for var in sorted(variables, key=len, reverse=True):
            src = src.replace("$" + var, variables[var])
        out[key] = engine.compile(src, flags)
    return out


def structure() -> dict:
    return load("structure.yaml")
