// Loads health-steward (the real Wasm package) and calls it.
//
// The namespace import keeps the page working while the engines are still landing: a function
// the package does not export yet is reported with a localized message instead of breaking the
// module graph (a named import of a missing export is a link error).
import init, * as hs from '/pkg/web/index.js';
import { t } from './i18n.js';

export { hs };

/**
 * Instantiates the Wasm. The page preloads it (<link rel="preload" as="fetch">, whose URL the demo
 * server versions so that it is cached for good); the same URL is used here so the preloaded
 * response is the one compiled.
 */
export async function loadLibrary() {
  const preload = document.querySelector('link[rel="preload"][data-wasm]');
  await init(preload ? preload.href : undefined);
  return hs.version();
}

/** True when the package exports `name` (a function or the PointsEngine class). */
export function has(name) {
  return typeof hs[name] === 'function';
}

/** The error the demo shows when the package does not have a function yet (the name stays in `missing`). */
export function notAvailable(name) {
  const e = new Error(t('error.notAvailable'));
  e.code = 'NOT_AVAILABLE';
  e.missing = name;
  return e;
}

/** Calls `hs[name](...args)`; throws a localized NOT_AVAILABLE error when it is missing. */
export function call(name, ...args) {
  if (!has(name)) throw notAvailable(name);
  return hs[name](...args);
}

/** Normalises anything thrown into { code, field, message } for display. */
export function describeError(e) {
  if (e && typeof e === 'object') {
    return { code: e.code || 'ERROR', field: e.field || null, message: e.message || String(e) };
  }
  return { code: 'ERROR', field: null, message: String(e) };
}
