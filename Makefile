# kehoach: `make demo` sets everything up and runs the main job on the bundled
# corpus; `make test` runs the test suite. Both work on a fresh Debian machine.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
APT_PACKAGES := tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd libtesseract-dev libleptonica-dev pkg-config g++ poppler-utils antiword postgresql postgresql-contrib fonts-dejavu-core fonts-liberation2 chromium chromium-driver
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DB ?= sqlite:///kehoach.db

.PHONY: setup system venv demo test bench clean

setup: system venv

# Debian packages: Tesseract with Vietnamese (and its headers, to build tesserocr on it), poppler,
# antiword (.doc files), PostgreSQL (for its tests).
system:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

venv: $(BIN)/kehoach

$(BIN)/kehoach: pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q --no-binary tesserocr -e '.[dev]'
	touch $@

demo: setup
	$(BIN)/kehoach extract corpora/documents corpora/seeds corpora/doc corpora/docx corpora/pdf corpora/scanned corpora/pool/*.txt --format jsonl > corpora.jsonl
	@echo "Wrote one record per document to corpora.jsonl ($$(wc -l < corpora.jsonl) records)."
	$(BIN)/kehoach eval corpora/gold corpora.jsonl
	rm -f kehoach.db kehoach.db-wal kehoach.db-shm
	$(BIN)/kehoach ingest corpora/documents corpora/seeds corpora/doc corpora/docx corpora/pdf --db $(DB)
	$(BIN)/kehoach owes --db $(DB) --format summary
	@echo "Browse it in a web browser: $(BIN)/kehoach serve --db $(DB), then open http://127.0.0.1:8001"

test: setup
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python bench/run.py --quick

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache kehoach.db* corpora.jsonl
