// health-steward for Node (CommonJS): ready on require, no init needed.
//   const { assessRisk } = require('health-steward/node');
module.exports = require('./health_steward.js');
