// Types of the Node entry, CommonJS (`require('health-steward')`, `health-steward/node`).
export * from '../index.js';

/** The module is ready on require: resolves at once. Present so that web code runs unchanged. */
export default function init(input?: unknown): Promise<void>;
/** The module is ready on require: does nothing. Present so that web code runs unchanged. */
export function initSync(input?: unknown): void;
