// health-steward for Node (ES module): ready on import, no init needed.
//   import { assessRisk } from 'health-steward/node';
import hs from './index.js';

export * from './index.js';
export default hs;
