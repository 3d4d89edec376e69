# The two set-up commands are `make book` and `make test`; both create .venv and install on first use.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
JOBS ?= 2
PORT ?= 8000
# Read by TensorFlow when it loads in any kernel started from here (rnnlib.setup sets them too).
export TF_CPP_MIN_LOG_LEVEL := 3
export TF_ENABLE_ONEDNN_OPTS := 0
export PYDEVD_DISABLE_FILE_VALIDATION := 1

BUILD_FLAGS := -W -n --keep-going
# Strict nbval (every stored output compared), one notebook per worker (--dist loadfile).
TEST_FLAGS := -n $(JOBS) --dist loadfile --nbval --nbval-current-env \
	--nbval-cell-timeout=300

.PHONY: help install book test test-profile unit execute serve clean benchmark

help:
	@echo "make book       build the book into _build/html (installs into .venv on first use)"
	@echo "make test       run the whole suite: notebooks (nbval strict), unit and parity tests,"
	@echo "                zero-warning build, headless-Chromium check of every page"
	@echo "make test-profile  re-run every notebook (nbval) under a CPU profile below this machine's"
	@echo "make execute    re-execute every notebook in place, refreshing its stored outputs"
	@echo "make serve      serve _build/html on http://127.0.0.1:$(PORT)"
	@echo "make benchmark  time install-free steps and write benchmarks/results/"
	@echo "make clean      remove _build and caches (keeps .venv)"

install: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check -q -r requirements.txt
	$(PY) -m pip install --disable-pip-version-check -q -e .
	@touch $(STAMP)

book: $(STAMP)
	$(VENV)/bin/jupyter-book build . $(BUILD_FLAGS)
	@echo "Book built: $(CURDIR)/_build/html/index.html"

test: $(STAMP)
	$(PY) -m pytest $(TEST_FLAGS) chapters tests

# The notebooks again, with the frameworks capped to a lower instruction set than this CPU's
# (scripts/cpu_profile.py says which), so an output that holds only on its author's CPU fails.
test-profile: $(STAMP)
	@$(PY) scripts/cpu_profile.py --describe
	env $$($(PY) scripts/cpu_profile.py) $(PY) -m pytest $(TEST_FLAGS) chapters

unit: $(STAMP)
	$(PY) -m pytest -n $(JOBS) --dist loadfile tests --ignore=tests/test_book.py --ignore=tests/test_browser.py

execute: $(STAMP)
	$(PY) scripts/execute_notebooks.py --jobs $(JOBS)

serve: $(STAMP)
	@test -f _build/html/index.html || $(MAKE) book
	$(PY) -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

benchmark: $(STAMP)
	$(PY) benchmarks/run.py

clean:
	rm -rf _build .pytest_cache .hypothesis
	find . -name __pycache__ -not -path "./$(VENV)/*" -prune -exec rm -rf {} +
