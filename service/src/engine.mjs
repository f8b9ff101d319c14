// The library, loaded once. The service never re-implements a rule: every points decision is the
// engine's, the same Wasm the phones run.
// The package's own entry: in Node its exports resolve to the Node build (ready on import).
import { PointsEngine, defaultProgram, version } from 'health-steward';

export { PointsEngine, defaultProgram };
export const libraryVersion = version();
