# The one place that runs set-up, validation, builds, tests and benchmarks; CI calls these targets.
PY := .venv/bin/python
QC := .venv/bin/qinchuang

.PHONY: setup validate stats schema site test golden bench lint clean

setup:                      ## install system packages and the Python environment (idempotent)
	@bash scripts/setup.sh

validate: setup             ## check content/ (exit 1 on errors)
	$(QC) validate

stats: setup
	$(QC) stats

schema: setup               ## re-export site_config/schema/*.json after changing models or vocabularies
	$(QC) schema

site: setup                 ## build the portal and the anthology from content/
	$(QC) validate
	$(QC) stats

test: setup                 ## the whole test suite
	$(PY) -m pytest

golden: setup               ## regenerate golden files after an intended change, then review `git diff`
	UPDATE_GOLDEN=1 $(PY) -m pytest tests/test_golden.py

bench: setup                ## benchmarks: validate at 1k and 10k entries
	$(PY) bench/validate_bench.py

lint: setup
	$(PY) -m ruff check generator tests bench

clean:
	rm -rf build site .pytest_cache
