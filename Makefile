# Everything a newcomer needs: `make run` starts the bot, `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 3978
HOST ?= 127.0.0.1
CARDS := tests/cards

.PHONY: install run chat playground test lint typecheck check-content package-check bench faq-eval faq-eval-cross clean

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

test: install $(CARDS)/node_modules/.installed lint typecheck check-content
	$(BIN)/pytest -q

package-check: install
	bash .ci/package-check

bench: install
	$(BIN)/python -m bench.turns

faq-eval: install
	$(BIN)/python -m bench.faq_eval

faq-eval-cross: install
	$(BIN)/python -m bench.faq_eval --cross-check

clean:
	rm -rf $(VENV) $(CARDS)/node_modules .tools build dist *.egg-info
