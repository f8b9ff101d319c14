// The library, loaded once. The service never re-implements a rule: every points decision is the
// engine's, the same Wasm the phones run.
import hs from 'health-steward/node';

export const { PointsEngine, defaultProgram } = hs;
export const libraryVersion = hs.version();
