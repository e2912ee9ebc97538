# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
# pytest arguments for `make test`, e.g. make test ARGS="-k approval"
ARGS ?=

.PHONY: help run test lint bench load

help:
	@echo "make run    start Odoo 19 on http://localhost:8069 with the demo hospital"
	@echo "make test   static checks + the whole Odoo test suite on a throw-away database"
	@echo "make lint   the static checks only"
	@echo "make bench  the benchmarks of tests/bench (prints figures; slow)"
	@echo "make load   the load test: locust against nginx + prefork Odoo (LOAD_USERS, LOAD_TIME)"

run:
	@$(PYTHON) tools/harness.py run

test:
	@$(PYTHON) tools/harness.py test $(ARGS)

lint:
	@$(PYTHON) tools/static_checks.py

bench:
	@$(PYTHON) tools/harness.py test --no-static -o python_files='bench_*.py' -s tests/bench \
		--deselect tests/bench/bench_load.py::test_load $(ARGS)

load:
	@$(PYTHON) tools/harness.py test --no-static -o python_files='bench_*.py' -s \
		tests/bench/bench_load.py $(ARGS)
