# Two commands matter: `make run` and `make test`. Both install first (idempotent).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install run test lint bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: install
	$(PY) -m bot

test: install
	$(PY) -m pytest
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

lint: install
	$(VENV)/bin/ruff check .

bench: install
	$(PY) bench/ask_latency.py --statements 100000

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
