# Two commands set up a fresh machine and do the work:
#   make site   - install what building needs, check the briefs and build the site into site/
#   make test   - install what testing needs (Debian's chromium included) and run every test
# Everything lands in .venv/; nothing is installed into the system Python.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BENCH_ARGS ?= --sizes 100,1000 --runs 3

.PHONY: site test check serve golden bench bench-profile chromium clean

site: $(VENV)/.installed
	$(BIN)/briefs build

check: $(VENV)/.installed
	$(BIN)/briefs check

serve: $(VENV)/.installed
	$(BIN)/briefs serve

test: $(VENV)/.installed-test chromium
	$(BIN)/python -m pytest

# Regenerate the golden pages of the fixture site; review the diff before committing it.
golden: $(VENV)/.installed-test
	$(BIN)/python -m tests.golden

# The benchmark (bench/run.py): N = 100 and 1,000 briefs, against plain MkDocs and Hugo (Debian's
# hugo, installed here when missing). Figures go to bench/results/ and content/performance.md.
bench: $(VENV)/.installed-test
	@command -v hugo >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq hugo >/dev/null; }
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Where the time goes: cProfile of a cold check and a build of 1,000 briefs.
bench-profile: $(VENV)/.installed-test
	$(BIN)/python bench/profiling.py --briefs 1000

$(VENV)/.installed: pyproject.toml
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Browser tests drive Debian's Chromium through Playwright (browser downloads do not work here).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

clean:
	rm -rf site .site.building-* .site.old-* .site.lock .briefs-build-* .cache
