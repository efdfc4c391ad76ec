# Two commands do everything on a fresh machine with Python ≥ 3.12, make and git:
#   make run    the app on http://127.0.0.1:8000 with SQLite and demo data
#   make test   the whole test suite (browser tests too, when Chromium is installed)

PORT ?= 8000
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# uv comes from PATH, or is installed with pip into .tools/ the first time.
# (A pyenv shim may exist without a working uv behind it: ask uv itself.)
UV := $(shell uv --version >/dev/null 2>&1 && command -v uv || echo .tools/bin/uv)
# Never download an interpreter: use the one .python-version names, or any python3 ≥ 3.12.
export UV_PYTHON_DOWNLOADS := never

.PHONY: run test lint format setup migrate bench clean

.tools/bin/uv:
	@$(PYTHON) -m venv .tools || { echo "make: Python's venv module is missing (Debian: apt-get install python3-venv), or install uv yourself."; exit 1; }
	.tools/bin/pip install --quiet --disable-pip-version-check uv

$(VENV)/.synced: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --quiet || $(UV) sync --frozen --quiet --python "$$(command -v $(PYTHON))"
	@touch $@

setup: $(VENV)/.synced

run: setup
	DEBUG=$${DEBUG-1} $(PY) manage.py migrate --no-input
	DEBUG=$${DEBUG-1} $(PY) manage.py seed_demo
	@echo ""
	@echo "  Triage is running on http://127.0.0.1:$(PORT)/"
	@echo "  Log in as demo / demo   (Ctrl+C stops it)"
	@echo ""
	DEBUG=$${DEBUG-1} $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/hadolint Dockerfile

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: setup
	@echo "Benchmarks run by hand on PostgreSQL: see README.md (bench/)."

clean:
	rm -rf $(VENV) .tools staticfiles .pytest_cache .ruff_cache
