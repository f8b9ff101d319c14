// health-steward WeChat example. The library lives in the "health" subpackage (see
// health/bridge.js); the main package only holds the home page and the settings.
App({});
