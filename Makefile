# Camera Counter: the operator's and the developer's commands.
#   make run     build and start the service (default)     make stop    stop it
#   make build   build everything                          make test    every test, plain + ASan
# Each target installs the Debian packages it needs first (apt-get as root, sudo otherwise).
.DEFAULT_GOAL := run
SHELL := /bin/bash
MAKEFLAGS += --no-print-directory

RUN_DIR := run
PORT ?= 9080

.PHONY: deps build test run stop status logs

deps:
	@scripts/install-deps.sh build

build: deps
	@cmake --preset release -DCAMERA_COUNTER_TESTS=OFF >/dev/null
	@cmake --build build/release -j$$(nproc)

test:
	@scripts/install-deps.sh build web test
	@scripts/test.sh

run: build
	@scripts/run-local.sh start $(PORT)

stop:
	@scripts/run-local.sh stop

status:
	@scripts/run-local.sh status

logs:
	@tail -n 50 -f $(RUN_DIR)/counterd.log
