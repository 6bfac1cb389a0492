# Two commands set up a fresh machine and do the work:
#   make site   - install what building needs, check the briefs and build the site into site/
#   make test   - install what testing needs (Debian's chromium included) and run every test
# Everything lands in .venv/; nothing is installed into the system Python. Every package is pinned
# by constraints.txt, the versions the whole suite last passed with (`make lock` refreshes it).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BENCH_ARGS ?= --sizes 100,1000 --runs 3
# LOCK= (empty) installs the newest versions pyproject.toml allows instead: see test-latest
LOCK   ?= constraints.txt
PIP    := $(BIN)/python -m pip -qq --disable-pip-version-check
PINS   := $(if $(LOCK),--constraint $(LOCK),--upgrade --upgrade-strategy eager)

.PHONY: site test test-latest lock check serve golden bench bench-profile chromium clean

site: $(VENV)/.installed
	@$(BIN)/briefs build

check: $(VENV)/.installed
	$(BIN)/briefs check

serve: $(VENV)/.installed
	$(BIN)/briefs serve

test: $(VENV)/.installed-test chromium
	$(BIN)/python -m pytest

# The suite against the newest versions pyproject.toml allows (in .venv-latest/), so that a release
# that would break a fresh install is seen before the lock is refreshed (a CI job runs this).
test-latest:
	$(MAKE) --no-print-directory test VENV=.venv-latest LOCK=

# Refresh constraints.txt from the newest allowed versions, in a throw-away environment; then run
# `make test` and commit the lock with the code it passed with.
lock:
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip -qq --disable-pip-version-check install --upgrade pip setuptools
	.venv-lock/bin/python -m pip -qq --disable-pip-version-check install --no-build-isolation -e '.[test]'
	{ echo "# The versions the suite passed with: make site, make test and CI install these."; \
	  echo "# Refresh with 'make lock', then run 'make test' before committing it."; \
	  .venv-lock/bin/python -m pip freeze --all --exclude-editable | LC_ALL=C sort -f; } > constraints.txt
	rm -rf .venv-lock

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

# pip speaks only when it fails. The project is installed without build isolation, so that the
# setuptools it is built with is the locked one too.
$(VENV)/.installed: pyproject.toml $(LOCK)
	@echo "installing briefs and what it needs into $(VENV)/$(if $(LOCK), (versions pinned by $(LOCK)),)"
	@[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	@$(PIP) install $(PINS) pip setuptools
	@$(PIP) install $(PINS) --no-build-isolation -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	@echo "installing the test tools into $(VENV)/"
	@$(PIP) install $(PINS) --no-build-isolation -e '.[test]'
	@touch $@

# Browser tests drive Debian's Chromium through Playwright (browser downloads do not work here).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

clean:
	rm -rf site .site.building-* .site.old-* .site.spare .site.spare-* .site.lock .briefs-build-* .cache
