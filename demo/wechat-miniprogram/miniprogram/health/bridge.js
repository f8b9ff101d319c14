// The one place the subpackage touches health-steward: loads the Wasm by its path inside the
// code package through WXWebAssembly (init(path)), says whether it is ready yet, reports missing
// functions with a localized message, and holds the small helpers the pages share (dates, stored
// profile, strict reading of numbers — the last two shared with the web demo through lib/).
'use strict';
const hs = require('./lib/health-steward/index.js');
const numbers = require('./lib/numbers.js');
const words = require('./lib/calendar-words.js');
const { level } = require('./lib/severity.js');
const i18n = require('../common/i18n.js');

/** The brotli module inside this subpackage (base library ≥ 2.14 reads .wasm.br). */
const WASM_PATH = '/health/lib/health-steward/health_steward_bg.wasm.br';
const OFFSET = '+08:00';
let ready = null;
let loaded = false;
let pinned = null;

/** Loads the Wasm once; resolves to the package. Until then, isReady() is false. */
function load() {
  if (!ready) {
    ready = hs.init(WASM_PATH).then(() => {
      loaded = true;
      return hs;
    }, (e) => {
      ready = null;
      throw e;
    });
  }
  return ready;
}

function isReady() {
  return loaded;
}

function has(name) {
  return typeof hs[name] === 'function';
}

function notAvailable(name) {
  const e = new Error(i18n.t('not_available'));
  e.code = 'NOT_AVAILABLE';
  e.missing = name;
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

const daysBetween = words.daysBetween;

/** A date in words in the current language, with the year when it is not this year's. */
function dateText(date, options) {
  return words.dateText(date, i18n.getLocale(), today(), options);
}

function relativeDay(date) {
  return words.relativeDay(date, i18n.getLocale(), today());
}

/** True when `date` ('YYYY-MM-DD') and `time` ('HH:MM') are after now (after today when pinned). */
function inFuture(date, time) {
  if (date > today()) return true;
  return !pinned && date === today() && time > nowTime();
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

/**
 * Reads a number box strictly (lib/numbers.js): `{ value }`, `{ empty: true }` or `{ error }` with
 * the resident's message. `bpBox` says "enter upper and lower apart" for two numbers in one box.
 */
function readNumber(raw, { bpBox = false } = {}) {
  const n = numbers.parseNumber(raw);
  if (!n.problem) return n;
  const key = n.problem === 'two-numbers' && bpBox ? 'bp_in_one_box' : n.problem.replace(/-/g, '_');
  return { error: i18n.t(`input_${key}`, { raw: n.raw }) };
}

/** The checks the library does not make yet, as { field, message } (after the library accepted). */
function pairProblems(values, names) {
  return numbers.impossiblePairs(values, names).map((p) => ({ field: p.field, message: i18n.t(`pair_${p.check.replace(/-/g, '_')}`, p) }));
}

function glucoseProblem(mmol) {
  return numbers.implausibleGlucose(mmol) ? i18n.t('input_glucose_implausible', { value: fmt(mmol) }) : '';
}

/**
 * The message of `e` as a resident may read it: the library's, or — when it still carries a JSON
 * path or code name — "please check <label>" (`labelOf(field)` names the field in words).
 */
function residentMessage(e, labelOf = () => '') {
  const { field, message } = errorOf(e);
  const codeLike = /\b[a-z]+(\[\d+\])?\.[a-zA-Z]|\[\d+\]|\b[A-Z]{2,}_[A-Z_]+\b/;
  if (!codeLike.test(message.replace(/\b(mmHg|mg\/dL|mmol\/L|e\.g\.)/g, ''))) return message;
  const label = field && labelOf(field);
  return label ? i18n.t('error_check_field', { label }) : i18n.t('error_generic');
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
  hs, WASM_PATH, OFFSET, load, isReady, has, call, notAvailable, errorOf, today, pinToday, nowTime, addDays, daysBetween,
  instant, dateText, relativeDay, inFuture, withinText: (iso) => words.withinText(iso, i18n.getLocale()),
  monthTitle: (date) => words.monthTitle(date, i18n.getLocale()),
  getProfile, saveProfile, level, card, fmt, residentMessage, readNumber, pairProblems, glucoseProblem,
};
