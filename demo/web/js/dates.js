// "Today" in the demo, and dates in words from it (calendar-words.js).
//
// The library never reads the clock; the demo decides what "today" is: the `?today=YYYY-MM-DD`
// URL parameter (tests and screenshots are deterministic), otherwise the device's local date.
import * as words from './calendar-words.js';

export { daysBetween, monthTitle, shortDate, weekday, withinText } from './calendar-words.js';

const RE = /^\d{4}-\d{2}-\d{2}$/;

export function pad(n) {
  return String(n).padStart(2, '0');
}

function deviceDate() {
  const d = new Date();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

const param = new URLSearchParams(location.search).get('today');
/** True when `?today=` pins the date (and the time of day, 09:00) for reproducible runs. */
export const pinned = !!(param && RE.test(param));
export const today = pinned ? param : deviceDate();

export function addDays(date, n) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The wall-clock time now as 'HH:MM' (09:00 when the date is pinned). */
export function nowTime() {
  if (pinned) return '09:00';
  const d = new Date();
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** An RFC 3339 instant from a local date, a 'HH:MM' time and an offset like '+08:00'. */
export function instant(date, time = '09:00', offset = '+08:00') {
  return `${date}T${time}:00${offset}`;
}

/** A date in words, with the year when it is not this year's (see calendar-words.js). */
export function dateText(date, locale, options) {
  return words.dateText(date, locale, today, options);
}

/** '今天' / 'today' and its neighbours, or null. */
export function relativeDay(date, locale) {
  return words.relativeDay(date, locale, today);
}

/** The local date and 'HH:MM' of an RFC 3339 instant as written ('2026-11-24T07:30:00+08:00'). */
export function splitInstant(at) {
  return { date: at.slice(0, 10), time: at.slice(11, 16) };
}
