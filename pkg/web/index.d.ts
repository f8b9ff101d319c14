export * from '../index';

/** What `init` accepts: a URL (string, URL, Request), a Response, the bytes, or a compiled module. */
export type InitInput = string | URL | Request | Response | BufferSource | WebAssembly.Module;

/**
 * Loads and instantiates the Wasm module once (later calls share the promise). Without an
 * argument it fetches `health_steward_bg.wasm` next to this file.
 */
export default function init(input?: InitInput | Promise<InitInput>): Promise<void>;
/** Instantiates synchronously from the bytes or a compiled module. */
export function initSync(input: BufferSource | WebAssembly.Module): void;
