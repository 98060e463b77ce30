# newsdesk: `make reports` builds the seeds and writes the reports; `make test` runs the tests.
# Both set up .venv themselves, with exactly the versions pinned in requirements.lock.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
KERNEL := $(VENV)/share/jupyter/kernels/newsdesk/kernel.json
CORPUS ?= seeds
DATA ?= data/processed
REPORTS ?= reports

.DEFAULT_GOAL := help
.PHONY: help install lab build reports exercises picture test lint bench eval lock clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) \
		| sed -e 's|$$(CORPUS)|$(CORPUS)|g' -e 's|$$(DATA)|$(DATA)|g' -e 's|$$(REPORTS)|$(REPORTS)|g' \
		| awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'
	@echo "  (change the folders with CORPUS=... DATA=... REPORTS=..., e.g. make reports CORPUS=mycorpus)"

$(INSTALLED): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

# The project kernel, registered inside .venv: papermill runs every report on it, JupyterLab offers it.
$(KERNEL): $(INSTALLED)
	$(BIN)/python -m ipykernel install --sys-prefix --name newsdesk --display-name "Python (newsdesk)" > /dev/null

install: $(INSTALLED) $(KERNEL) ## only set up .venv with the pinned dependencies and the newsdesk kernel

lab: $(KERNEL) ## open JupyterLab on notebooks/ with the newsdesk kernel
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks --MappingKernelManager.default_kernel_name=newsdesk

build: $(INSTALLED) ## build the tables of $(CORPUS)/ into $(DATA)/ (only if something changed)
	$(BIN)/newsdesk build $(CORPUS) --out $(DATA)

reports: build $(KERNEL) ## the main job: build $(CORPUS)/ and write the reports into $(REPORTS)/ (only what changed)
	$(BIN)/newsdesk report --project . --data $(DATA) --out $(REPORTS)

exercises: $(INSTALLED) ## the class's exercise notebooks, generated from the tour's solutions
	$(BIN)/python -m newsdesk.reports.exercises notebooks/00-tour.ipynb exercises/00-tour.ipynb

picture: reports ## the README's picture (docs/corpus-cleaning.png), from the corpus report's exported figure
	cp $(REPORTS)/01-corpus/figures/01-cleaning.png docs/corpus-cleaning.png

test: $(INSTALLED) $(KERNEL) ## run the whole test suite (library, doctests, notebooks on a tiny corpus)
	$(BIN)/pytest

lint: $(INSTALLED) ## ruff, mypy and the import-linter layers on the library
	$(BIN)/ruff check lib tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(INSTALLED) ## speed and memory benchmarks (figures printed, nothing asserted)
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

eval: $(INSTALLED) ## accuracy against the gold data and ../shared/bench
	@for script in benchmarks/eval_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

lock: ## re-pin requirements.lock from a fresh resolve of pyproject.toml (then commit it)
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet -e ".[dev]"
	.lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^newsdesk' > requirements.lock
	rm -rf .lock-venv

clean: ## remove generated tables and reports (never the seeds)
	rm -rf $(DATA) $(REPORTS)
