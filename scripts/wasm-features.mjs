// The WebAssembly features each build may use, and the runtimes that support them: one place
// for scripts/package.mjs (wasm-opt flags), scripts/check-pkg.mjs (validation gates) and the
// support matrix of docs/packaging.md (tests/js/package.test.mjs checks that the two agree).
//
// Versions: the first release supporting each feature, from MDN browser-compat-data / the
// web-features project (webassembly.* keys) and V8's release notes for Node.

/** binaryen (`wasm-opt`) flag names of the post-MVP features. */
export const FEATURE_FLAGS = {
  'mutable-globals': '--enable-mutable-globals',
  'sign-ext': '--enable-sign-ext',
  'nontrapping-float-to-int': '--enable-nontrapping-float-to-int',
  'bulk-memory': '--enable-bulk-memory',
  // binaryen splits memory.copy/fill (what Rust emits) out of bulk memory; same proposal.
  'bulk-memory-opt': '--enable-bulk-memory-opt',
};

/**
 * Minimum versions per feature. `bulk-memory-opt` is part of the bulk-memory proposal.
 * Reference types (Chrome 96, Safari 15.1), multi-value (Chrome 86) and SIMD (Safari 16.4) are
 * left out on purpose: they would narrow the matrix and measured no speed-up for this library.
 */
export const FEATURE_SUPPORT = {
  'mutable-globals': { chrome: 74, edge: 79, firefox: 61, safari: '13.1', node: 12 },
  'sign-ext': { chrome: 74, edge: 79, firefox: 62, safari: '14.1', node: 12 },
  'nontrapping-float-to-int': { chrome: 75, edge: 79, firefox: 64, safari: '15.1', node: 12 },
  'bulk-memory': { chrome: 75, edge: 79, firefox: 79, safari: '15.1', node: 12 },
  'bulk-memory-opt': { chrome: 75, edge: 79, firefox: 79, safari: '15.1', node: 12 },
};

/** The speed build (web and Node): every feature above, nothing else. */
export const SPEED_FEATURES = Object.keys(FEATURE_FLAGS);

/** The support matrix of the speed build: the latest first version over its features. */
export const SUPPORT_MATRIX = (() => {
  const out = {};
  for (const f of SPEED_FEATURES) {
    for (const [runtime, v] of Object.entries(FEATURE_SUPPORT[f])) {
      const cur = out[runtime];
      if (cur === undefined || compareVersions(v, cur) > 0) out[runtime] = v;
    }
  }
  // The package's own floor for Node (package.json `engines`): maintained releases only.
  out.node = Math.max(Number(out.node), 18);
  return out;
})();

function compareVersions(a, b) {
  const pa = String(a).split('.').map(Number);
  const pb = String(b).split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

/** wasm-opt flags enabling exactly the speed build's features. */
export const SPEED_WASM_OPT_FEATURES = SPEED_FEATURES.map((f) => FEATURE_FLAGS[f]);

/**
 * The mini-program build: accept what std was compiled with, then lower every post-MVP feature
 * (iOS WeChat rejects them) — the result must validate with `--mvp-features`.
 */
export const MINIPROGRAM_WASM_OPT_FEATURES = [
  ...SPEED_WASM_OPT_FEATURES,
  '--llvm-memory-copy-fill-lowering', '--llvm-nontrapping-fptoint-lowering', '--signext-lowering',
];
