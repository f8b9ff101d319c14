# health-steward — the two commands a newcomer needs:
#   make demo   builds the package, seeds a demo community and serves the service (:8787, with the
#               organiser console at /console/) and the resident app (http://localhost:8080)
#   make test   everything: Rust tests, package gates, Node, mini-program and browser tests
# Both install what is missing (scripts/setup.sh).

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(HOME)/.cargo/bin:$(PATH)

TARGET_DIR ?= target
PORT ?= 8080
# Two builds of one crate (docs/packaging.md): the speed build for web and Node (profile
# `release`) and the size build for mini programs (profile `miniprogram`). Neither uses reference
# types or multi-value: the mini program must be MVP-only (iOS WeChat), and the speed build keeps
# the support matrix wide (scripts/wasm-features.mjs).
WASM_DIR := $(TARGET_DIR)/wasm/wasm32-unknown-unknown
SPEED_WASM := $(WASM_DIR)/release/health_steward.wasm
SIZE_WASM := $(WASM_DIR)/miniprogram/health_steward.wasm
WASM_RUSTFLAGS := -Ctarget-feature=-reference-types,-multivalue
# LLVM's sinking of common code (SimplifyCFG) merged the two stores of a vector's "memory held or
# none" into one store through a chosen pointer, which kept that value on the stack in every drop
# and deallocation that inlined it: +89 KB of the speed build after an unrelated change
# (2026-12-03, 1,214,432 -> 1,303,927 B). Without it the code stays in locals.
WASM_LLVM_FLAGS := -Cllvm-args=-simplifycfg-sink-common=false

.PHONY: all setup setup-browser pkg wasm test test-rust test-pkg test-size test-js test-browser demo demo-reset bench corpus clean serve test-service

all: pkg

setup:
	@bash scripts/setup.sh

setup-browser:
	@bash scripts/setup.sh --browser

# The Taro and uni-app examples' npm dependencies (demo/taro, demo/uniapp), for make test.
.PHONY: setup-examples
setup-examples:
	@bash scripts/setup.sh --examples

wasm: setup
	RUSTFLAGS="$(WASM_RUSTFLAGS) $(WASM_LLVM_FLAGS)" cargo build --locked --profile release --target wasm32-unknown-unknown --target-dir $(TARGET_DIR)/wasm
	RUSTFLAGS="$(WASM_RUSTFLAGS) $(WASM_LLVM_FLAGS)" cargo build --locked --profile miniprogram --target wasm32-unknown-unknown --target-dir $(TARGET_DIR)/wasm

pkg: wasm
	node scripts/package.mjs $(SPEED_WASM) $(SIZE_WASM)

test: setup-browser setup-examples
	$(MAKE) --no-print-directory test-rust
	$(MAKE) --no-print-directory pkg
	$(MAKE) --no-print-directory test-pkg test-js test-browser
	$(MAKE) --no-print-directory test-service
	$(MAKE) --no-print-directory test-size
	@echo "make test: all suites passed"

test-rust:
	cargo test --locked

test-pkg:
	node scripts/check-standalone.mjs
	node scripts/check-pkg.mjs --no-budgets

# Size budgets (size-budget.json, a ratchet), checked last so that they never hide other failures.
test-size:
	node scripts/check-pkg.mjs --budgets-only

test-js:
	node --test --test-reporter=spec tests/js/

test-browser:
	node --test --test-reporter=spec tests/browser/

# The challenge service on :8787 (or $$PORT from the environment), embedded database in ./data/;
# DATABASE_URL=postgres://… for PostgreSQL; HS_ADMIN_USER/HS_ADMIN_PASSWORD create the organiser.
SERVE_PORT := $(if $(filter environment%,$(origin PORT)),$(PORT),8787)
serve: setup
	@node -e "require('./pkg')" 2>/dev/null || $(MAKE) --no-print-directory pkg
	PORT=$(SERVE_PORT) node service/src/server.mjs

# Service suites (embedded and PostgreSQL, faults, security, two processes, sync client); they
# start their own services and their own PostgreSQL cluster.
test-service:
	@bash scripts/setup.sh --postgres
	node --test --test-concurrency=1 --test-reporter=spec service/test/*.test.mjs

# The seeded demo community (embedded database in data/demo/, marked as demo data) on the service
# at :8787 with the organiser console at /console/, and the resident app at :$(PORT); prints every
# URL and the demo organiser's log-in. `make demo-reset` generates the community anew.
demo: setup pkg
	node service/scripts/demo.mjs --port $(PORT)

demo-reset: setup pkg
	node service/scripts/demo.mjs --port $(PORT) --reset

bench: pkg
	bash bench/run.sh

# Re-record the corpus of inputs and outputs after a deliberate change (tests/fixtures/corpus/README.md).
corpus: pkg
	node tests/fixtures/corpus/record.mjs --check || true
	node tests/fixtures/corpus/record.mjs

clean:
	cargo clean
	rm -rf pkg/web/health_steward* pkg/node/health_steward* pkg/miniprogram/health_steward* pkg/LICENSE-* pkg/*.tgz test-artifacts bench/results.json
