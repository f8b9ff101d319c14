// The one place the subpackage touches health-steward: loads the Wasm by its path inside the
// code package through WXWebAssembly (init(path)), reports missing functions with a localized
// message, and holds the small helpers the pages share (dates, stored profile).
'use strict';
const hs = require('./lib/health-steward/index.js');
const i18n = require('../common/i18n.js');

/** The brotli module inside this subpackage (base library ≥ 2.14 reads .wasm.br). */
const WASM_PATH = '/health/lib/health-steward/health_steward_bg.wasm.br';
const OFFSET = '+08:00';
let ready = null;
let pinned = null;

function load() {
  if (!ready) {
    ready = hs.init(WASM_PATH).then(() => hs, (e) => {
      ready = null;
      throw e;
    });
  }
  return ready;
}

function has(name) {
  return typeof hs[name] === 'function';
}

function notAvailable(name) {
  const e = new Error(i18n.t('not_available', { name }));
  e.code = 'NOT_AVAILABLE';
  return e;
}

/** hs[name](...args), or a localized NOT_AVAILABLE error while the function has not landed. */
function call(name, ...args) {
  if (!has(name)) throw notAvailable(name);
  return hs[name](...args);
}

function errorOf(e) {
  if (e && typeof e === 'object') return { code: e.code || 'ERROR', field: e.field || '', message: e.message || String(e) };
  return { code: 'ERROR', field: '', message: String(e) };
}

function pad(n) {
  return (n < 10 ? '0' : '') + n;
}

/** "Today": the device date, or the date pinned by the page query `?today=YYYY-MM-DD`. */
function today() {
  if (pinned) return pinned;
  const d = new Date();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function pinToday(date) {
  pinned = /^\d{4}-\d{2}-\d{2}$/.test(date || '') ? date : null;
}

function nowTime() {
  if (pinned) return '09:00';
  const d = new Date();
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function addDays(date, n) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function daysBetween(a, b) {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86400000);
}

function instant(date, time, offset) {
  return `${date}T${time || '09:00'}:00${offset || OFFSET}`;
}

function getProfile() {
  const p = i18n.read('hs_profile', null);
  return p && typeof p === 'object' ? p : null;
}

function saveProfile(p) {
  i18n.write('hs_profile', p);
}

/** Severity 0–3 of a category or indicator code, for colours only. */
const LEVELS = [
  ['low', 'normal', 'minimal', 'robust', 'independent', 'absent', 'not-elevated', 'info'],
  ['medium', 'borderline', 'slightly-elevated', 'mild', 'pre-frail', 'overweight', 'underweight', 'pre-central-obesity', 'mild-dependence', 'high-normal'],
  ['moderate', 'medium-high', 'intermediate', 'moderate-dependence', 'central-obesity', 'moderately-severe', 'present', 'warning'],
  ['high', 'high-very-high', 'very-high', 'severe', 'frail', 'dependent', 'obese', 'critical'],
];
function level(code) {
  const i = LEVELS.findIndex((l) => l.indexOf(code) >= 0);
  return i < 0 ? 1 : i;
}

/** A library Card for WXML. */
function card(c) {
  return {
    code: c.code, indicator: c.indicator, summary: c.summary, detail: c.detail || '',
    source: c.source && c.source.label ? c.source.label : '', badge: i18n.t(`indicator_${c.indicator}`),
  };
}

function fmt(v) {
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 10) / 10);
}

module.exports = {
  hs, WASM_PATH, OFFSET, load, has, call, notAvailable, errorOf, today, pinToday, nowTime, addDays, daysBetween,
  instant, getProfile, saveProfile, level, card, fmt,
};
