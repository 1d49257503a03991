# Camera Counter: the operator's and the developer's commands.
#   make run     build and start everything (default)    make stop    stop it
#                STORE=postgres [REPLICAS=3]: replicas on a shared PostgreSQL instead of SQLite
#   make build   build the server and the UI bundle      make test    every test
#   make status  what is running                         make logs    follow the logs
#   make dev     local processes, rebuilt and reloaded on every save
#   make backup  copy the running stock (SQLite or PostgreSQL, local or Compose) into backups/
#   make soak    the whole stack for SOAK_MINUTES (default 20) under load and faults; docs/soak.md
#   make bench   measure against nginx and the original Flask service; writes docs/benchmarks.md
#   make check   formatting, then unit and HTTP tests only, about a minute (no root needed once built)
#   make format  clang-format every C++ file in place
#   make fuzz    each libFuzzer target for FUZZ_SECONDS (default 60)
# Each target installs the Debian packages it needs first (apt-get as root, sudo otherwise).
.DEFAULT_GOAL := run
SHELL := /bin/bash
MAKEFLAGS += --no-print-directory

.PHONY: build test check format fuzz run stop status logs dev bench backup soak

build:
	@scripts/install-deps.sh build web run
	@cmake --preset app >/dev/null
	@cmake --build build/app -j$$(nproc) --target counterd
	@cmake --preset wasm >/dev/null
	@cmake --build --preset wasm -j$$(nproc)

test:
	@scripts/install-deps.sh build web run postgres redis test dev docker fuzz format
	@scripts/test.sh

# The C++ files under version control (new ones once added).
cxx_files = git ls-files --cached --others --exclude-standard '*.cpp' '*.hpp'

format:
	@scripts/install-deps.sh format
	@$(cxx_files) | xargs clang-format -i

check:
	@scripts/install-deps.sh build format test
	@$(cxx_files) | xargs clang-format --dry-run --Werror || \
	  { echo "make check: the files above are not formatted (make format fixes them)" >&2; exit 1; }
	@cmake --preset dev >/dev/null
	@cmake --build build/dev -j$$(nproc) --target unit_tests http_tests http_edge_tests
	@ctest --test-dir build/dev -j$$(nproc) -L 'unit|http' --output-on-failure | tail -n 3

fuzz:
	@scripts/install-deps.sh build fuzz
	@scripts/fuzz.sh $(FUZZ_SECONDS)

run: build
	@scripts/install-deps.sh $(if $(filter postgres,$(STORE)),postgres redis,run)
	@STORE=$(STORE) REPLICAS=$(REPLICAS) scripts/stack.sh up

stop:
	@scripts/stack.sh down

status:
	@scripts/stack.sh status

logs:
	@scripts/stack.sh logs

soak: build
	@scripts/install-deps.sh run postgres redis
	@/usr/bin/python3 bench/soak.py --minutes $${SOAK_MINUTES:-20} --json build/soak.json --report docs/soak.md

backup:
	@STORE=$(STORE) scripts/backup.sh

dev:
	@scripts/install-deps.sh build web run dev
	@scripts/dev.sh

bench: build
	@scripts/install-deps.sh postgres test bench
	@npm ci --prefix tests/e2e --no-audit --no-fund --loglevel=error >/dev/null
	@cmake --preset release >/dev/null
	@cmake --build build/release -j$$(nproc) --target counterd pistache_hello history_reads
	@cd bench && /usr/bin/python3 run.py
