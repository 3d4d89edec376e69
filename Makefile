# The two set-up commands are `make book` and `make test`. `make test` (and every target but
# `book`) installs everything into .venv; `make book` needs only requirements-book.txt, which it
# installs into the light .venv-book, or it uses .venv when that already holds the full install.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
JOBS ?= 2
PORT ?= 8000
# The kernels' quiet environment (TensorFlow's log level, ...) has one source,
# rnnlib.notebook.quiet_environment(): tests/conftest.py, scripts/ and benchmarks/ call it.

# Python caches the bytecode of what it imports (its default) in every target, also where the
# environment sets PYTHONDONTWRITEBYTECODE=1, as the development machines do: without that
# cache, each notebook kernel and test process compiles TensorFlow's Python source again, and
# importing TensorFlow with Keras takes 13 s instead of 6.
unexport PYTHONDONTWRITEBYTECODE

BUILD_FLAGS := -W -n --keep-going
# Strict nbval (every stored output compared); a notebook, or a test file, stays on one worker
# (--dist loadfile), except the browser tests, which spread by page (tests/conftest.py).
TEST_FLAGS := -n $(JOBS) --dist loadfile --nbval --nbval-current-env \
	--nbval-cell-timeout=300

.PHONY: help install book i18n test test-profile unit lint execute serve clean benchmark

help:
	@echo "make book       build the book into _build/html and its Korean edition into _build/html/ko"
	@echo "                (installs the light .venv-book on first use)"
	@echo "make i18n       refresh locales/ (templates and Korean catalogs) after an English change"
	@echo "make test       run the whole suite: notebooks (nbval strict), unit and parity tests,"
	@echo "                zero-warning build, headless-Chromium check of every page"
	@echo "make test-profile  re-run every notebook (nbval) under a CPU profile below this machine's"
	@echo "make lint       ruff (Python files and notebooks) and mypy (rnnlib strict); part of make test"
	@echo "make execute    re-execute every notebook in place, refreshing its stored outputs"
	@echo "make serve      serve _build/html on http://127.0.0.1:$(PORT)"
	@echo "make benchmark  time install-free steps and write benchmarks/results/"
	@echo "make clean      remove _build and caches (keeps .venv)"

install: $(STAMP)

$(STAMP): requirements.txt requirements-book.txt pyproject.toml scripts/install.sh
	PYTHON=$(PYTHON) scripts/install.sh full $(VENV)
	@touch $(STAMP)

# The book is built from the outputs stored in the notebooks: no TensorFlow, no PyTorch. The light
# install puts requirements-book.lock into .venv-book (scripts/install.sh says how: uv, with pip
# as the fallback); `make book` uses .venv instead when that already holds the full install.
BOOK_VENV := $(if $(wildcard $(STAMP)),$(VENV),.venv-book)
BOOK_STAMP := $(if $(wildcard $(STAMP)),$(STAMP),.venv-book/.installed)

.venv-book/.installed: requirements-book.txt requirements-book.lock scripts/install.sh
	PYTHON=$(PYTHON) scripts/install.sh book .venv-book
	@touch $@

book: $(BOOK_STAMP)
	$(BOOK_VENV)/bin/jupyter-book build . $(BUILD_FLAGS)
	$(BOOK_VENV)/bin/python scripts/i18n.py build-ko
	@echo "Book built: $(CURDIR)/_build/html/index.html (Korean: $(CURDIR)/_build/html/ko/index.html)"

i18n: $(BOOK_STAMP)
	$(BOOK_VENV)/bin/python scripts/i18n.py update

test: $(STAMP) lint
	$(PY) -m pytest $(TEST_FLAGS) chapters tests

# Rules and per-file settings in pyproject.toml ([tool.ruff], [tool.mypy]).
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

# The notebooks again, with the frameworks capped to a lower instruction set than this CPU's
# (scripts/cpu_profile.py says which), so an output that holds only on its author's CPU fails.
test-profile: $(STAMP)
	@$(PY) scripts/cpu_profile.py --describe
	env $$($(PY) scripts/cpu_profile.py) $(PY) -m pytest $(TEST_FLAGS) chapters

unit: $(STAMP)
	$(PY) -m pytest -n $(JOBS) --dist loadfile tests --ignore=tests/test_book.py --ignore=tests/test_browser.py \
		--ignore=tests/test_korean.py

execute: $(STAMP)
	$(PY) scripts/execute_notebooks.py --jobs $(JOBS)

serve: $(BOOK_STAMP)
	@test -f _build/html/index.html || $(MAKE) book
	$(BOOK_VENV)/bin/python -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

benchmark: $(STAMP)
	$(PY) benchmarks/run.py

clean:
	rm -rf _build .pytest_cache .hypothesis
	find . -name __pycache__ -not -path "./$(VENV)/*" -prune -exec rm -rf {} +
