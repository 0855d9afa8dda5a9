"""Load the knowledge in ``models/`` (data, not code) once per process."""
from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

MODELS = Path(__file__).resolve().parent.parent / "models"


@functools.cache
def load(name: str):
    """Parse ``models/<name>`` (YAML or JSON lines) and cache it."""
    path = MODELS / name
    if path.suffix == ".jsonl":
        import json

        with path.open(encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@functools.cache
def regex(name: str, key: str, flags: int = 0) -> re.Pattern:
    """Compile the regex at ``key`` (dotted path) of data file ``name``."""
    node = load(name)
    for part in key.split("."):
        node = node[int(part)] if isinstance(node, list) else node[part]
    if isinstance(node, dict):
        node = node["regex"]
    return re.compile(node, flags)


def structure() -> dict:
    return load("structure.yaml")
