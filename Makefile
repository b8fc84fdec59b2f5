# The two commands a newcomer needs: `make generate` and `make test`.
# Both create .venv on first use and install everything the job needs.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
GENERATED_STAMP := $(VENV)/.generated-installed
NODE_STAMP := node_modules/.installed

.PHONY: generate test test-fast check lint bench clean

generate: $(STAMP)
	$(BIN)/sdkgen generate

test: $(STAMP) $(GENERATED_STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest

# The edit loop: everything but the real-spec corpus and the 1,000 hostile specs (~1 minute).
test-fast: $(STAMP) $(GENERATED_STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest tests/unit tests/functional tests/golden tests/integration

check: $(STAMP)
	$(BIN)/sdkgen check

# Every folder of our own code; `generated/` has its own checks in tests/golden/test_quality.py.
lint: $(STAMP) $(GENERATED_STAMP)
	$(BIN)/black --check --quiet generator tests bench
	$(BIN)/ruff check generator tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

# `make bench BENCH_ARGS="--inputs calls --output /tmp/calls.md"` for a partial run (`--help`).
bench: $(STAMP)
	$(BIN)/python -m bench $(BENCH_ARGS)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

# The generated SDK, installed (editable) so tests import exactly the committed `generated/`.
$(GENERATED_STAMP): $(STAMP) generated/pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e ./generated
	touch $@

# The Prism mock server the integration tests start, pinned by package-lock.json.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache .hypothesis
