// Calendar helpers on 'YYYY-MM-DD' strings (UTC arithmetic, no time zone surprises).
//
// The library never reads the clock; the demo decides what "today" is: the `?today=YYYY-MM-DD`
// URL parameter (tests and screenshots are deterministic), otherwise the device's local date.

const RE = /^\d{4}-\d{2}-\d{2}$/;

function deviceDate() {
  const d = new Date();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function pad(n) {
  return String(n).padStart(2, '0');
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

export function daysBetween(a, b) {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86400000);
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

/** '2026-11-24' → '11月24日' or 'Nov 24'. */
export function shortDate(date, locale) {
  const [, m, d] = date.split('-').map(Number);
  if (locale === 'en') {
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    return `${months[m - 1]} ${d}`;
  }
  return `${m}月${d}日`;
}

/** '2026-11-24' → '2026年11月' or 'November 2026'. */
export function monthTitle(date, locale) {
  const [y, m] = date.split('-').map(Number);
  if (locale === 'en') {
    const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
      'September', 'October', 'November', 'December'];
    return `${months[m - 1]} ${y}`;
  }
  return `${y}年${m}月`;
}

export function weekday(date, locale) {
  const w = new Date(`${date}T00:00:00Z`).getUTCDay();
  return locale === 'en' ? ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][w] : `周${'日一二三四五六'[w]}`;
}
