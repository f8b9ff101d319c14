#!/usr/bin/env bash
# Installs what `make pkg`, `make test` and `make demo` need and is missing. Idempotent: a second
# run only checks. Prerequisites a user must have: rustup (with cargo) and Node >= 18 with npm.
#
#   scripts/setup.sh            Rust target, pinned wasm-bindgen CLI, npm dev dependencies
#   scripts/setup.sh --browser  the same, plus Debian's chromium and the bundlers of tests/consumers
#   scripts/setup.sh --examples the same, plus the Taro and uni-app examples' npm dependencies
#   scripts/setup.sh --postgres the same, plus Debian's postgresql for the service tests
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen crate in Cargo.lock (pinned with =)
want_browser=0
[[ "${1:-}" == "--browser" ]] && want_browser=1
want_examples=0
[[ " $* " == *" --examples "* ]] && want_examples=1
want_postgres=0
[[ " $* " == *" --postgres "* ]] && want_postgres=1

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
die() { printf '\033[31m[setup] %s\033[0m\n' "$*" >&2; exit 1; }

# Prerequisites.
command -v cargo >/dev/null || die "cargo not found. Install Rust with rustup: https://rustup.rs"
command -v rustup >/dev/null || die "rustup not found (needed to add the wasm32 target). Install Rust with rustup: https://rustup.rs"
command -v node >/dev/null || die "node not found. Install Node.js 18 or newer."
command -v npm >/dev/null || die "npm not found. Install Node.js 18 or newer (with npm)."
node_major=$(node -p 'process.versions.node.split(".")[0]')
(( node_major >= 18 )) || die "Node $(node --version) is too old: Node 18 or newer is needed."

# The lockfile's wasm-bindgen must be the pinned one.
locked=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/"/,"",$3); print $3; exit}' Cargo.lock 2>/dev/null || true)
[[ -z "$locked" || "$locked" == "$WASM_BINDGEN_VERSION" ]] \
  || die "Cargo.lock has wasm-bindgen $locked but the CLI pin is $WASM_BINDGEN_VERSION; keep them equal."

# wasm32 target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen CLI, pinned; installed once into cargo's bin directory and reused.
cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
export PATH="$cargo_bin:$PATH"
if [[ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (once; about 5 minutes on 2 cores)"
  cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION" --force
fi

# npm dev dependencies from the lockfile (binaryen's wasm-opt, fast-check, test tools, demo libs).
stamp=node_modules/.package-lock.json
if [[ ! -f "$stamp" || package-lock.json -nt "$stamp" ]]; then
  say "installing npm dev dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi

# The Taro and uni-app examples (demo/taro, demo/uniapp; used by `make test`), each from its own
# lockfile. Their builds need no install scripts (native binaries come as optional dependencies),
# so none are run. About 430 MB and 2 minutes for Taro, 230 MB and 1 minute for uni-app, once.
if (( want_examples )); then
  for example in demo/taro demo/uniapp; do
    stamp="$example/node_modules/.package-lock.json"
    if [[ ! -f "$stamp" || "$example/package-lock.json" -nt "$stamp" ]]; then
      say "installing the ${example#demo/} example's dependencies (npm ci --ignore-scripts)"
      (cd "$example" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
    fi
  done
fi

# The bundler consumer app of the package tests (tests/consumers: vite, esbuild, webpack, rollup),
# from its own lockfile, with the browser tests. No install scripts are needed (esbuild's and
# rolldown's native binaries come as optional dependencies). About 90 MB, once.
if (( want_browser )); then
  stamp=tests/consumers/node_modules/.package-lock.json
  if [[ ! -f "$stamp" || tests/consumers/package-lock.json -nt "$stamp" ]]; then
    say "installing the bundlers of tests/consumers (npm ci --ignore-scripts)"
    (cd tests/consumers && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
  fi
fi

# Debian's chromium for the browser tests (never a browser download), and a Chinese font so the
# screenshots of the zh-CN demo show text rather than empty boxes.
if (( want_browser )); then
  need=()
  [[ -x /usr/bin/chromium ]] || need+=(chromium chromium-driver)
  if command -v dpkg-query >/dev/null && ! dpkg-query -W -f='${Status}' fonts-wqy-microhei 2>/dev/null | grep -q "ok installed" \
     && ! dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "ok installed"; then
    need+=(fonts-wqy-microhei)
  fi
  if (( ${#need[@]} )); then
    if command -v apt-get >/dev/null; then
      sudo_cmd=""
      [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null && sudo_cmd="sudo"
      say "installing Debian packages for the browser tests: ${need[*]}"
      $sudo_cmd apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
    elif [[ ! -x /usr/bin/chromium ]]; then
      say "no /usr/bin/chromium and no apt-get: browser tests will be skipped (set CHROMIUM=/path/to/chromium)"
    fi
  fi
fi

# The challenge service's own dependencies (Fastify, pg, PGlite), from its lockfile. Fastify 5
# needs Node 20.
(( node_major >= 20 )) || die "Node $(node --version) is too old for the challenge service (service/): Node 20 or newer is needed."
service_stamp=service/node_modules/.package-lock.json
if [[ ! -f "$service_stamp" || service/package-lock.json -nt "$service_stamp" ]]; then
  say "installing the service's npm dependencies (npm ci --prefix service)"
  npm ci --prefix service --no-audit --no-fund
fi

# The organiser console's browser libraries (ECharts, qrcode-generator), from its own lockfile;
# the service serves them from service/console/node_modules at /console/vendor/.
console_stamp=service/console/node_modules/.package-lock.json
if [[ ! -f "$console_stamp" || service/console/package-lock.json -nt "$console_stamp" ]]; then
  say "installing the organiser console's npm dependencies (npm ci --prefix service/console)"
  npm ci --prefix service/console --no-audit --no-fund
fi

# Debian's PostgreSQL for the service tests (they start their own cluster as the postgres user).
if (( want_postgres )) && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if command -v apt-get >/dev/null; then
    sudo_cmd=""
    [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null && sudo_cmd="sudo"
    say "installing Debian's postgresql for the service tests"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq postgresql >/dev/null
  else
    say "no PostgreSQL and no apt-get: the service's PostgreSQL tests will be skipped"
  fi
fi
