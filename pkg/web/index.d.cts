// Types of the web entry for CommonJS (`require('health-steward')` in browser bundles, Jest).
export * from '../index.js';

/** What `init` accepts: a URL (string, URL, Request), a Response, the bytes, or a compiled module. */
export type InitInput = string | URL | Request | Response | BufferSource | WebAssembly.Module;

/**
 * Loads and instantiates the Wasm module once (later calls share the promise). CommonJS has no
 * `import.meta.url`: pass the module's URL (`require('health-steward/wasm')` through the
 * bundler's file loader), its bytes, a Response or a compiled module.
 */
export default function init(input: InitInput | Promise<InitInput>): Promise<void>;
/** Instantiates synchronously from the bytes or a compiled module. */
export function initSync(input: BufferSource | WebAssembly.Module): void;
