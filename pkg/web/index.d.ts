// Types of the web entry (`health-steward` in browsers and bundlers, `health-steward/web`).
export * from '../index.js';

/** What `init` accepts: a URL (string, URL, Request), a Response, the bytes, or a compiled module. */
export type InitInput = string | URL | Request | Response | BufferSource | WebAssembly.Module;

/**
 * Loads and instantiates the Wasm module once (later calls share the promise). Without an
 * argument it fetches `health_steward_bg.wasm` next to this file (bundlers that understand
 * `new URL(…, import.meta.url)` emit it; for the others see `health-steward/wasm`).
 */
export default function init(input?: InitInput | Promise<InitInput>): Promise<void>;
/** Instantiates synchronously from the bytes or a compiled module. */
export function initSync(input: BufferSource | WebAssembly.Module): void;
