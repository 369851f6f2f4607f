# One place for every command the README, CI and developers use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PORT   ?= 8501

.PHONY: install component run serve test lint types unit app browser chromium nginx data data-check bench backtest fuzz reliability clean

# Two stamps: the runtime alone (make run, make serve), and the runtime plus the test and
# bench extras (make test, make bench and the other developer targets).
RUN_STAMP := $(VENV)/.runtime-stamp
$(RUN_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUN_STAMP)

$(STAMP): $(RUN_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

install: $(STAMP)

BACKTEST_STAMP := $(VENV)/.backtest-stamp
$(BACKTEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench,backtest]'
	touch $(BACKTEST_STAMP)

## make component: the chart component's JavaScript (npm ci + esbuild, from the npm
## registry; built here and in CI, not committed: see the README's Development section)
FRONTEND  := dashboard/components/plotly_react/frontend
COMPONENT := $(FRONTEND)/build/plotly_react.js
$(COMPONENT): $(FRONTEND)/package.json $(FRONTEND)/package-lock.json $(wildcard $(FRONTEND)/src/*)
	@if ! command -v npm >/dev/null 2>&1; then \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq nodejs npm >/dev/null; \
	fi
	cd $(FRONTEND) && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build

component: $(COMPONENT)

## make run: install the runtime only, then serve the dashboard on the embedded data at http://localhost:8501
run: $(RUN_STAMP) $(COMPONENT)
	$(BIN)/tradedash run --port $(PORT)

## make serve: a team deployment, PROCESSES app processes behind nginx on PORT (foreground)
PROCESSES ?= 2
serve: $(RUN_STAMP) $(COMPONENT) nginx
	$(BIN)/tradedash serve --processes $(PROCESSES) --port $(PORT)

## Debian's nginx for tradedash serve and its tests (run unprivileged, its own paths)
nginx:
	@if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq nginx >/dev/null; \
	fi
	@PATH="$$PATH:/usr/sbin" nginx -v

## Debian's chromium for the browser tests (Playwright's own download is not used)
chromium:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi
	@chromium --version

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: install
	$(BIN)/mypy

## make test: everything — lint, types, unit, app and browser tests
test: install component chromium nginx lint types
	$(BIN)/python -m pytest -q -p no:cacheprovider

unit: install
	$(BIN)/python -m pytest -q tests/unit

app: install component
	$(BIN)/python -m pytest -q tests/app

browser: install component chromium nginx
	$(BIN)/python -m pytest -q tests/browser

## make data: rebuild the embedded dataset from ../shared/data (deterministic)
data: install
	$(BIN)/tradedash build-data

data-check: install
	$(BIN)/tradedash build-data --check --format json

## make bench: the benchmarks of the README's performance table (a few minutes)
bench: install component chromium nginx
	$(BIN)/python -m bench

## make backtest: the forecast methods scored on the IMF DOTS world store (a few minutes);
## writes bench/results/backtest.json and the summary the scenario page ships with
backtest: $(BACKTEST_STAMP)
	$(BIN)/python -m bench.backtest

## make fuzz: 1,000 generated bad files per importer (the suite runs a seeded sample)
fuzz: install
	TRADEDASH_FUZZ_EXAMPLES=1000 $(BIN)/python -m pytest -q -p no:cacheprovider tests/fuzz -m fuzz -s

## make reliability: crash trials, concurrent writers and the server load test, with figures
reliability: install chromium
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/reliability -s

clean:
	rm -rf $(FRONTEND)/node_modules $(FRONTEND)/build
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis
