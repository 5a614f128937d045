# Set-up and entry points. Both `make demo` and `make test` install everything they
# need on a fresh Debian machine (run as root): apt packages, the venv, the lab.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
APT_PACKAGES := debootstrap sip-tester tmux openssh-client
EXAMPLE ?= hardware_profiles/examples/shop.yaml
# The demo works on a copy, so its generated secrets file lands beside the copy
# (in the lab's folder), never beside the shipped example.
PROFILE ?= .lab/demo/office.yaml

.PHONY: deps venv test test-unit test-lab lint demo demo-down bench clean

# Debian packages the lab and the end-to-end tests need (SIPp is Debian's sip-tester).
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

$(BIN)/tamas: pyproject.toml
	@$(PY) -m venv $(VENV) 2>/dev/null || { apt-get install -y -qq python3-venv && $(PY) -m venv $(VENV); }
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@

venv: $(BIN)/tamas

lint: venv
	$(BIN)/ruff check .
	$(BIN)/lint-imports

test-unit: venv
	$(BIN)/pytest tests/unit -q

test-lab: deps venv
	$(BIN)/pytest tests/lab -q

# The README's test command: lint, unit tests, then the end-to-end tests against the lab.
test: deps venv lint
	$(BIN)/pytest tests -q

# The README's demo: build the lab appliance, provision it from an example profile,
# configure the simulated router, start simulated traffic (a provider, agents' phones and
# callers: tamas lab traffic) and show the live status. CI runs the same commands as
# tests/lab/test_demo_lab.py. The demo's copy is always open (no business hours or
# holidays), so its callers reach the queue at any hour.
$(PROFILE): | venv
	mkdir -p $(dir $(PROFILE))
	$(BIN)/python -c 'import sys, yaml; d = yaml.safe_load(open(sys.argv[1])); \
		d["office"].update(business_hours=[], holidays=[]); \
		open(sys.argv[2], "w").write("# The demo copy of " + sys.argv[1] + ", always open.\n" \
		+ yaml.safe_dump(d, sort_keys=False))' $(EXAMPLE) $(PROFILE)

demo: deps venv $(PROFILE)
	$(BIN)/tamas lab up
	$(BIN)/tamas plan $(PROFILE)
	$(BIN)/tamas apply $(PROFILE) --target lab
	$(BIN)/tamas lab traffic
	$(BIN)/tamas status $(PROFILE) --target lab

# Stops the traffic and the lab (tamas lab down stops the traffic first).
demo-down: venv
	$(BIN)/tamas lab down

# Every benchmark prints its figures; the lab ones use their own lab named "bench".
bench: deps venv $(PROFILE)
	$(BIN)/python bench/plan_bench.py
	$(BIN)/python bench/report_bench.py
	$(BIN)/python bench/apply_bench.py $(PROFILE) --lab bench
	$(BIN)/tamas lab --name bench up
	$(BIN)/tamas apply $(PROFILE) --target lab --lab bench
	$(BIN)/python bench/monitor_bench.py $(PROFILE) --lab bench
	$(BIN)/tamas lab --name bench down

clean:
	rm -rf build dist *.egg-info .pytest_cache .ruff_cache .mypy_cache
