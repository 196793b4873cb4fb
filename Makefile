# ReviewDesk: `make run` opens the desk on the embedded demo service,
# `make test` runs the whole test suite. Both set everything up first.

VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.reviewdesk-installed
BENCH_JSON ?=

.PHONY: setup run test lint bench screenshot clean

setup: $(STAMP)

$(STAMP): pyproject.toml scripts/bootstrap.sh
	bash scripts/bootstrap.sh

run: setup
	$(BIN)/reviewdesk --demo

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy reviewdesk benchmarks
	$(BIN)/lint-imports

test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest

bench: setup
	@set -e; for script in benchmarks/bench_*.py; do \
	  echo "== $$script"; \
	  QT_QPA_PLATFORM=offscreen $(BIN)/python $$script $(if $(BENCH_JSON),--json $(BENCH_JSON).$$(basename $$script .py).json); \
	done

screenshot: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/reviewdesk --demo --screenshot docs/desk.png

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .import_linter_cache
