#!/usr/bin/env bash
# `make bench` (after `make pkg`): one process per side, then the side-by-side table and
# bench/results.json. Speed goals are reported here, never asserted in `make test`.
#
#   native  cargo bench --bench native   the Rust core, release build (opt-level 3, LTO)
#   node    node bench/node.mjs          pkg/node, the Wasm as Node users load it
#   web     node bench/web.mjs           pkg/web instantiate in headless Chromium (or Node)
#   service node service/bench/http.mjs  the challenge service through HTTP → service/bench/results.json
#   report  node bench/report.mjs        table, targets, artifact sizes → bench/results.json
#
# BENCH_QUICK=1 runs smaller workloads and fewer samples (a smoke test, not figures to quote).
set -euo pipefail
cd "$(dirname "$0")/.."

quick=()
[[ -n "${BENCH_QUICK:-}" ]] && quick=(--quick)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

say() { printf '\033[1m[bench]\033[0m %s\n' "$*" >&2; }

say "native: cargo bench --bench native (builds the optimised core on first run)"
cargo bench --locked --bench native -- --out "$work/native.json" "${quick[@]}"

say "node: pkg/node"
node bench/node.mjs --out "$work/node.json" "${quick[@]}"

say "web: pkg/web instantiate"
node bench/web.mjs --out "$work/web.json" "${quick[@]}" || say "web bench failed; reported as not available"

node bench/first-load.mjs "${quick[@]}" || say "first-load bench failed"
node service/bench/http.mjs --out service/bench/results.json "${quick[@]}" || say "service bench failed"
# The points engine at scale (docs/points-rules.md, "What the engine keeps"), in time order and as
# phones sync: held whole at 10,000 and 100,000 members, then as a service runs it (advanceTo each
# midnight, compact weekly) at 1,000,000 members in one Wasm instance (100 M events; about 25 min
# per order on a quiet machine: the longest part of `make bench`).
if [[ -n "${BENCH_QUICK:-}" ]]; then
  node bench/points-scale.mjs --members 1000 --out bench/points-scale.json || say "points scale bench failed"
else
  node bench/points-scale.mjs --members 10000,100000 --out bench/points-scale.json || say "points scale bench failed"
  node bench/points-scale.mjs --members 1000000 --compact-every 7 --out bench/points-scale-compacted.json || say "points scale bench (compacted) failed"
fi

node bench/report.mjs --native "$work/native.json" --node "$work/node.json" --web "$work/web.json" --out bench/results.json
