# Neural Networks for Astronomers: one target per job. `make help` lists them.
PYTHON ?= python3
VENV   := .venv
VPY    := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PORT   ?= 8888
NB     ?=
PARAMS ?=

# nbval: fail on errors, compare only cells tagged nbval-check-output, sanitise volatile text.
NBVAL_FLAGS := --nbval-lax --nbval-current-env --nbval-cell-timeout=900 \
               --nbval-sanitize-with tests/nbval_sanitize.cfg

.DEFAULT_GOAL := help
.PHONY: help install lab test test-fast lint format exercises execute bench slides site lock clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

$(STAMP): pyproject.toml requirements.lock tools/bootstrap.py
	@$(PYTHON) tools/bootstrap.py lab,dev
	@touch $@

install: $(STAMP)  ## create/update .venv with the pinned packages

lab: $(STAMP)  ## start JupyterLab on the course (students start here)
	$(VENV)/bin/jupyter lab --port=$(PORT) --ServerApp.root_dir=. \
		$(if $(filter 0,$(shell id -u)),--allow-root) notebooks/00_introduction.ipynb

test: $(STAMP)  ## lint, unit and structure tests, then execute every notebook with nbval
	$(VPY) -m ruff check .
	$(VPY) -m ruff format --check .
	$(VPY) -m pytest tests helpers tools --doctest-modules solutions notebooks $(NBVAL_FLAGS)

test-fast: $(STAMP)  ## the same without executing notebooks (seconds, for quick edits)
	$(VPY) -m pytest tests helpers tools --doctest-modules -m "not notebooks"

lint: $(STAMP)  ## ruff lint and format check
	$(VPY) -m ruff check .
	$(VPY) -m ruff format --check .

format: $(STAMP)  ## apply ruff's fixes and formatting
	$(VPY) -m ruff check --fix .
	$(VPY) -m ruff format .

exercises: $(STAMP)  ## format solutions/, regenerate notebooks/ from them (badges, set-up cells)
	$(VPY) -m tools.sync_notebooks
	$(VPY) -m ruff format --quiet solutions
	$(VPY) -m ruff check --quiet --fix solutions
	$(VPY) -m tools.sync_notebooks

execute: $(STAMP)  ## execute the solutions from clean kernels and store their outputs
	$(VPY) -m tools.bench --store $(if $(NB),--notebook $(NB))
	$(VPY) -m tools.sync_notebooks

bench: $(STAMP)  ## time every solution notebook; NB=08 PARAMS='a=1 b=x' for one run with overrides
	$(VPY) -m tools.bench $(if $(NB),--notebook $(NB)) $(foreach p,$(PARAMS),--param $(p))

slides: $(STAMP)  ## offline reveal.js decks of solutions/ in build/slides/ (NB=01 for one; needs npm once)
	$(VPY) -m tools.slides $(foreach n,$(NB),--notebook $(n))

site: $(STAMP)  ## the course website in build/site/ (Jupyter Book 2; BASE_URL=https://... for Pages)
	$(VPY) -m tools.site $(if $(BASE_URL),--base-url $(BASE_URL))

lock:  ## refresh requirements.lock from the newest releases (then run make test)
	rm -rf build/lock-venv
	$(PYTHON) -m venv build/lock-venv
	build/lock-venv/bin/python -m pip install --quiet --upgrade pip
	build/lock-venv/bin/python -m pip install --quiet ".[lab,dev]"
	build/lock-venv/bin/python -m pip freeze --exclude nn-for-astronomers | sort > requirements.lock
	rm -rf build/lock-venv
	@echo "requirements.lock refreshed: run make test, then commit it."

clean:  ## remove the environment and build products (keeps data/ caches)
	rm -rf $(VENV) build .pytest_cache .ruff_cache
