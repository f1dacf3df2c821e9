# dondoc — `make run` to try it, `make test` to check it. Both set up .venv on first use.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: setup run test bench demo clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[pg,dev]'
	touch $(STAMP)

setup: $(STAMP)

# Builds the demo workspace the first time, then opens it.
run: setup
	$(BIN)/dondoc demo --if-missing
	$(BIN)/dondoc --demo

demo: setup
	$(BIN)/dondoc demo --force

test: setup
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis *.egg-info
