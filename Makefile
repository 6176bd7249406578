# Two commands set up everything on a fresh machine: `make demo` and `make test`.
# Both create .venv, install the pinned dependencies and build the Cython kernels first.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: install demo test dev bench clean

install: $(INSTALLED)

# constraints.txt pins every transitive dependency to the set tested together.
$(INSTALLED): pyproject.toml setup.py constraints.txt $(wildcard accel/*.pyx accel/*.pxd)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip==26.3"
	$(BIN)/pip install --quiet --constraint constraints.txt --editable ".[dev]"
	# Importing the dbt assets writes dbt_project/target/manifest.json (dbt parse, no database).
	$(BIN)/python -c "import dia_pipelines.dbt_assets"
	touch $(INSTALLED)

# Options for the demo, e.g. make demo DEMO_ARGS='--simulator-port 0' or '--keep-simulator'.
DEMO_ARGS ?=

demo: $(INSTALLED)
	$(BIN)/dia-pipelines demo $(DEMO_ARGS)

test: $(INSTALLED)
	$(BIN)/python -m pytest

dev: $(INSTALLED)
	$(BIN)/dia-pipelines dev

bench: $(INSTALLED)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build *.egg-info accel/*.so accel/*.c
