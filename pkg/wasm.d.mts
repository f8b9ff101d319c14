// `health-steward/wasm` as an ES module import: the speed build's module file
// (web/health_steward_bg.wasm), for bundlers that do not follow `new URL('…wasm', import.meta.url)`
// (esbuild, rollup). The bundler's file/asset loader turns the import into the URL of the emitted
// file; pass it to `init` (docs/packaging.md has the recipe for each bundler):
//
//   import init, { assessRisk } from 'health-steward';
//   import wasmUrl from 'health-steward/wasm';   // esbuild: --loader:.wasm=file
//   await init(wasmUrl);

/** The URL of the emitted `.wasm` file, as the bundler's file/asset loader gives it. */
declare const wasmUrl: string;
export default wasmUrl;
