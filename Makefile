# Two commands: `make run` serves the demo database, `make test` runs the tests.
# `make bench` times the daily work on a synthetic province, each daily job
# beside its SQL floor (BENCH_SCALE=10 builds ten provinces); `make loadtest`
# serves it to many simulated officials at once (scripts/loadtest.sh); `make docs`
# renders the sample pictures of the printed documents (docs/).
# All set up whatever is missing first (scripts/setup.sh) and are idempotent.
# `make lint`: ruff and pylint-odoo's mandatory checks (scripts/lint.sh); CI runs
# it before `make test`.
SHELL := /bin/bash
PYTHON ?= python3
DB ?= post_rehab_credit_demo
TEST_DB ?= post_rehab_credit_test
PORT ?= 8069
TEST_PORT ?= 8169
TEST_TAGS ?= /post_rehab_credit
export PYTHON DB TEST_DB PORT TEST_PORT TEST_TAGS

.PHONY: setup run test bench loadtest docs lint

setup:
	@bash scripts/setup.sh

run: setup
	@bash scripts/run.sh

test: setup
	@bash scripts/test.sh

bench: setup
	@bash scripts/bench.sh

loadtest: setup
	@bash scripts/loadtest.sh

docs: setup
	@bash scripts/docs.sh

lint:
	@bash scripts/lint.sh
