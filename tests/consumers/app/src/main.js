// The default recipe (docs/packaging.md): `init()` finds the .wasm through
// `new URL(…, import.meta.url)`, which Vite and webpack 5 follow.
import init, * as hs from 'health-steward';
import { fail, show } from './show.js';

init().then(() => show(hs), fail);
