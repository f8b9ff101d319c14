// health-steward for Node (ES module): ready on import, no init needed.
//   import { assessRisk } from 'health-steward';
// The same instance as require('health-steward') (this file wraps ./index.js), so a
// PointsEngine made through one works with the other. The default export is `init`, a no-op
// here, so that `import init, { … } from 'health-steward'; await init();` runs everywhere.
import hs from './index.js';

export * from './index.js';
export default hs.default;
