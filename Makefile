# jixiao: `make run` and `make test` each set up everything they need on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Debian packages the tests and the main job need; installed only when missing.
# The probe tests: GStreamer's RTSP server run by the system python3, iproute2 for the
# network namespace of a host that stops answering pings. Kamailio: the dispatcher in front of
# two access nodes (tests/integration/gb28181/test_access_nodes.py), and bench/sip.py's ceiling.
DEB_PACKAGES ?= libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk poppler-utils postgresql \
	chromium sip-tester kamailio \
	python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-rtsp gstreamer1.0-plugins-base gstreamer1.0-plugins-good iproute2

.PHONY: run test screenshots check fmt bench bench-deps setup system-deps clean

# The examples go into the demo store (data/demo/), never the real one (data/jixiao.sqlite3):
# while the real store is empty `make run` serves the demo store (every page says 演示数据);
# once projects or devices are imported it serves the real store.
run: setup
	$(BIN)/jixiao examples load examples   # the sample evidence the examples are bound to
	@for f in examples/*.yaml; do JIXIAO_DEMO=true $(BIN)/jixiao evaluate "$$f" || exit $$?; done
	JIXIAO_DEMO=true $(BIN)/jixiao report examples/*.yaml --all -o out
	$(BIN)/jixiao serve --demo-if-empty $(if $(PORT),--port $(PORT))   # make run PORT=8080, or JIXIAO_PORT

test: setup
	$(BIN)/pytest

# The web app's screenshots in docs/ (the e2e tests, writing them where the docs show them);
# `make test` writes them only to a temporary directory.
screenshots: setup
	$(BIN)/pytest tests/e2e --screenshots docs/screenshots

check: setup
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy

fmt: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: setup bench-deps
	$(BIN)/python bench/run.py
	$(BIN)/python bench/assessment.py
	$(BIN)/python bench/reports.py
	$(BIN)/python bench/sip.py
	$(BIN)/python bench/sip_source_check.py
	$(BIN)/python bench/sip_nodes.py
	$(BIN)/python bench/probes.py
	$(BIN)/python bench/checker.py
	$(BIN)/python bench/recordings.py
	$(BIN)/python bench/web.py

setup: system-deps $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

system-deps:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

# Debian packages only `make bench` needs: Prometheus's blackbox_exporter, which
# bench/probes.py measures the probes against, and Kamailio's SQLite module, for the
# registrar that stores each registration (bench/sip.py).
BENCH_DEB_PACKAGES := prometheus-blackbox-exporter kamailio-sqlite-modules

bench-deps:
	@missing=""; for p in $(BENCH_DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis
