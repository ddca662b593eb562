# 继教 — set-up, run and test. Needs only Python 3.11 on the machine.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy
PORT ?= 8000
# A pinned demo clock (JIJIAO_NOW) holds at one real instant for every step of `make run`
# (migrate, demo, serve): the pinned clocks of all processes agree (src/jijiao/common/clock.py).
ifdef JIJIAO_NOW
ifndef JIJIAO_NOW_SINCE
export JIJIAO_NOW_SINCE := $(shell date -u +%Y-%m-%dT%H:%M:%S.%6N+00:00)
endif
endif

.PHONY: run dev test test-postgres setup system-packages lint format bench demo clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv

$(VENV)/.installed: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python $(PYTHON)
	touch $@

setup: $(VENV)/.installed

run: setup
	$(VENV)/bin/jijiao migrate
	$(VENV)/bin/jijiao demo
	$(VENV)/bin/jijiao serve --with-worker --port $(PORT)

# The debug server: Django's error pages with tracebacks, code reloaded on change.
dev: setup
	$(VENV)/bin/jijiao migrate
	$(VENV)/bin/jijiao demo
	JIJIAO_DEBUG=1 $(VENV)/bin/jijiao manage runserver 127.0.0.1:$(PORT)

system-packages:
	@scripts/ensure-system-packages
	@scripts/ensure-redis

# pytest exits 5 when it collected no tests: that is a failure here, never a pass.
test: setup system-packages
	$(VENV)/bin/pytest -q -m "not postgres" $(PYTEST_ARGS)

test-postgres: setup system-packages
	scripts/test-postgres $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench

format: setup
	$(VENV)/bin/ruff check --fix src tests bench
	$(VENV)/bin/ruff format src tests bench

# The HTTP case loads gunicorn with wrk and starts a Redis of its own (Debian packages).
bench: setup
	scripts/ensure-system-packages wrk redis-server
	$(VENV)/bin/python -m bench $(BENCH_ARGS)

demo: setup
	$(VENV)/bin/jijiao migrate
	$(VENV)/bin/jijiao demo

clean:
	rm -rf $(VENV) $(TOOLS) db.sqlite3 media
