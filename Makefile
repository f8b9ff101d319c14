# health-steward — the two commands a newcomer needs:
#   make demo   builds the package and serves the demo on http://localhost:8080
#   make test   everything: Rust tests, package gates, Node, mini-program and browser tests
# Both install what is missing (scripts/setup.sh).

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(HOME)/.cargo/bin:$(PATH)

TARGET_DIR ?= target
WASM := $(TARGET_DIR)/mvp/wasm32-unknown-unknown/release/health_steward.wasm
PORT ?= 8080
# MVP-only Wasm for every target: iOS WeChat rejects post-MVP features (wasm-targets.md).
MVP_RUSTFLAGS := -Ctarget-feature=-reference-types,-multivalue

.PHONY: all setup setup-browser pkg wasm test test-rust test-pkg test-js test-browser demo bench corpus clean

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
	RUSTFLAGS="$(MVP_RUSTFLAGS)" cargo build --locked --release --target wasm32-unknown-unknown --target-dir $(TARGET_DIR)/mvp

pkg: wasm
	node scripts/package.mjs $(WASM)

test: setup-browser setup-examples
	$(MAKE) --no-print-directory test-rust
	$(MAKE) --no-print-directory pkg
	$(MAKE) --no-print-directory test-pkg test-js test-browser
	@echo "make test: all suites passed"

test-rust:
	cargo test --locked

test-pkg:
	node scripts/check-pkg.mjs

test-js:
	node --test --test-reporter=spec tests/js/

test-browser:
	node --test --test-reporter=spec tests/browser/

demo: pkg
	node scripts/serve.mjs --port $(PORT)

bench: pkg
	bash bench/run.sh

# Re-record the corpus of inputs and outputs after a deliberate change (tests/fixtures/corpus/README.md).
corpus: pkg
	node tests/fixtures/corpus/record.mjs --check || true
	node tests/fixtures/corpus/record.mjs

clean:
	cargo clean
	rm -rf pkg/web/health_steward* pkg/node/health_steward* pkg/miniprogram/health_steward* test-artifacts bench/results.json
