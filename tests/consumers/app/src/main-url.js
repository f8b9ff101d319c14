// The recipe for bundlers that do not follow `new URL(…, import.meta.url)` (esbuild, rollup;
// docs/packaging.md): import the module file through the bundler's file loader and pass its URL.
import init, * as hs from 'health-steward';
import wasmUrl from 'health-steward/wasm';
import { fail, show } from './show.js';

init(wasmUrl).then(() => show(hs), fail);
