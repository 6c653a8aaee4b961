# Everything a newcomer needs: `make run` starts the bot, `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 3978
HOST ?= 127.0.0.1
CARDS := tests/cards

.PHONY: install run chat playground test lint typecheck check-content package-check docker-rehearsal bench bench-overview bench-outbox faq-eval faq-eval-cross dpa-eval clean chromium

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

$(CARDS)/node_modules/.installed: $(CARDS)/package.json $(CARDS)/package-lock.json
	cd $(CARDS) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(BIN)/.installed

run: install
	@echo ""
	@echo "  The bot listens on http://$(HOST):$(PORT)/api/messages (local mode, SQLite in var/)."
	@echo "  Chat with it in a terminal:        make chat"
	@echo "  Or in a Teams-like browser window: make playground"
	@echo ""
	$(BIN)/eckbot serve --host $(HOST) --port $(PORT)

chat: install
	$(BIN)/eckbot chat

PLAYGROUND := .tools/node_modules/.bin/agentsplayground

$(PLAYGROUND):
	npm install --prefix .tools --no-audit --no-fund --loglevel=error @microsoft/m365agentsplayground

# Microsoft 365 Agents Playground: a Teams-like chat in the browser (http://localhost:56150).
playground: $(PLAYGROUND)
	cd .tools && ./node_modules/.bin/agentsplayground -e http://$(HOST):$(PORT)/api/messages -c msteams

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy

check-content: install
	$(BIN)/eckbot check-content

test: install $(CARDS)/node_modules/.installed chromium lint typecheck check-content
	$(BIN)/pytest -q

# The dashboard's browser tests drive Debian's chromium through Playwright (never a browser
# download). Installed here when the machine lets us (root, or sudo without a password);
# otherwise those tests are skipped, and say why.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo -n)
chromium:
	@command -v chromium >/dev/null \
		|| $(SUDO) apt-get install -y -q chromium >/dev/null 2>&1 \
		|| ($(SUDO) apt-get update -q >/dev/null 2>&1 && $(SUDO) apt-get install -y -q chromium >/dev/null 2>&1) \
		|| echo "chromium could not be installed: the dashboard's browser tests will be skipped"

package-check: install
	bash .ci/package-check

# What deploy/docker/Dockerfile does, on a machine without a Docker engine (needs root): see the script.
docker-rehearsal: install
	$(BIN)/python .ci/docker-rehearsal

bench: install
	$(BIN)/python -m bench.turns

bench-overview: install
	$(BIN)/python -m bench.overview

bench-outbox: install
	$(BIN)/python -m bench.outbox

faq-eval: install
	$(BIN)/python -m bench.faq_eval

faq-eval-cross: install
	$(BIN)/python -m bench.faq_eval --cross-check

dpa-eval: install
	$(BIN)/python -m bench.dpa_eval

clean:
	rm -rf $(VENV) $(CARDS)/node_modules .tools build dist *.egg-info
