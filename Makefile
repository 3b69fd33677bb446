# status-engine: two commands on a fresh machine.
#   make demo  - create .venv, install, evaluate the bundled real-case scenarios
#   make test  - create .venv, install, run the whole suite
#   make fuzz  - fuzz the scenario loader for FUZZ_SECONDS (default 600)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo lint test fuzz bench bench-core bench-shape bench-sweep bench-varied bench-web mutation coverage clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/status-engine eval scenarios/kursk-*.yaml

# Typed strictly: the pipeline's stages (scenario, rulebook, solver), regression testing, the
# contract, and the CLI's base (analysis/, render/ and web/ are typed, not yet strict).
STRICT := src/status_engine/scenario src/status_engine/rulebook src/status_engine/solver src/status_engine/regress \
	src/status_engine/contract.py src/status_engine/errors.py src/status_engine/files.py src/status_engine/supervise.py \
	src/status_engine/cli/app.py src/status_engine/cli/base.py src/status_engine/render/pdf.py \
	src/status_engine/web/bounds.py src/status_engine/analysis/whatif/open_facts.py src/status_engine/cache.py \
	src/status_engine/render/outline.py src/status_engine/render/styles.py src/status_engine/analysis/explain/batch.py \
	src/status_engine/analysis/toggles.py src/status_engine/analysis/pinned.py src/status_engine/analysis/cells.py

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy --strict $(STRICT)

test: lint
	$(BIN)/python -m pytest

# The loader's fuzz target, run until FUZZ_SECONDS have passed (make test runs it briefly).
FUZZ_SECONDS ?= 600
fuzz: $(STAMP)
	STATUS_ENGINE_FUZZ_SECONDS=$(FUZZ_SECONDS) $(BIN)/python -m pytest -q -s -p no:cacheprovider \
		tests/robust/test_robust_fuzz.py

bench: bench-core bench-shape bench-sweep bench-varied bench-web

bench-core: $(STAMP)
	$(BIN)/python bench/run.py

# Issue 10's shape: groundings per command and cold eval / explain / brief of one Kursk
# scenario, alternating, e.g. make bench-shape SHAPE_ARGS="--runs 11"
SHAPE_ARGS ?=
bench-shape: $(STAMP)
	$(BIN)/python bench/shape.py $(SHAPE_ARGS)

bench-sweep: $(STAMP)
	$(BIN)/python bench/sweep.py

# Varied rosters (issue 14): persons whose facts differ; sizes, seed and timeout overridable,
# e.g. make bench-varied VARIED_ARGS="--sizes 50 100 200 --repeat 3"
VARIED_ARGS ?=
bench-varied: $(STAMP)
	$(BIN)/python bench/varied.py $(VARIED_ARGS)

# The HTTP API under load (issue 12): a server on 127.0.0.1, bounded count and time,
# e.g. make bench-web WEB_ARGS="--requests 500 --clients 8"
WEB_ARGS ?=
bench-web: $(STAMP)
	$(BIN)/python bench/web_load.py $(WEB_ARGS)

coverage: $(STAMP)
	rm -f .firing.log
	STATUS_ENGINE_FIRING_LOG=.firing.log $(BIN)/python -m pytest -q tests/rules
	$(BIN)/status-engine rules --coverage --test-log .firing.log

mutation: $(STAMP)
	$(BIN)/python bench/mutation.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .hypothesis
