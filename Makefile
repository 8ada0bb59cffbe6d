# The one place that runs set-up, validation, builds, tests and benchmarks; CI calls these targets.
PY := .venv/bin/python
QC := .venv/bin/qinchuang

.PHONY: setup validate stats schema site serve anthology test golden bench lint guide doctor clean

# What each target needs installed (scripts/setup.sh): validating needs no browser and no fonts.
SETUP_PROFILE ?= full
validate stats: SETUP_PROFILE = validate
site anthology: SETUP_PROFILE = build

setup:                      ## install system packages and the Python environment (idempotent)
	@bash scripts/setup.sh $(SETUP_PROFILE)

validate: setup             ## check content/ (exit 1 on errors)
	$(QC) validate

stats: setup
	$(QC) stats

schema: setup               ## re-export site_config/schema/*.json after changing models or vocabularies
	$(QC) schema

site: setup                 ## the portal (site/) with the anthology PDFs, from content/
	$(QC) build

serve: setup                ## preview the built portal on http://127.0.0.1:8000/
	$(QC) serve

anthology: setup            ## the 2021 anthology alone (build/anthology/)
	$(QC) anthology 2021

test: setup                 ## the whole test suite
	$(PY) -m pytest

golden: setup               ## regenerate golden files after an intended change, then review `git diff`
	UPDATE_GOLDEN=1 $(PY) -m pytest tests/test_golden.py tests/test_site_golden.py

bench: setup                ## benchmarks at 1k and 10k entries (several minutes)
	$(PY) bench/validate_bench.py
	$(PY) bench/site_bench.py
	$(PY) bench/search_bench.py
	$(PY) bench/anthology_bench.py

guide: setup                ## regenerate the tables of docs/贡献指南.md
	$(QC) guide

doctor: setup
	$(QC) doctor

lint: setup
	$(PY) -m ruff check generator tests bench scripts

clean:
	rm -rf build site .pytest_cache
