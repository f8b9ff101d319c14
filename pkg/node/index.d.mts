// Types of the Node entry, ES module (`import … from 'health-steward'` in Node).
export * from './index.js';

/** The module is ready on import: resolves at once. Present so that web code runs unchanged. */
export default function init(input?: unknown): Promise<void>;
