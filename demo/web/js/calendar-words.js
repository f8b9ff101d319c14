// Dates and durations as a resident reads them, in Chinese or English. Pure functions on
// 'YYYY-MM-DD' strings (UTC arithmetic, no time zone surprises); "today" is always an argument.
// Shared by the web demo (dates.js) and, copied into the "health" subpackage by sync-lib.mjs,
// the WeChat example.

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
  'October', 'November', 'December'];

export function daysBetween(a, b) {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86400000);
}

/** '2026-11-24' → '11月24日' or 'Nov 24'. */
export function shortDate(date, locale) {
  const [, m, d] = date.split('-').map(Number);
  return locale === 'en' ? `${MONTHS[m - 1].slice(0, 3)} ${d}` : `${m}月${d}日`;
}

/** '2026-11-24' → '2026年11月' or 'November 2026'. */
export function monthTitle(date, locale) {
  const [y, m] = date.split('-').map(Number);
  return locale === 'en' ? `${MONTHS[m - 1]} ${y}` : `${y}年${m}月`;
}

export function weekday(date, locale) {
  const w = new Date(`${date}T00:00:00Z`).getUTCDay();
  return locale === 'en' ? ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][w] : `周${'日一二三四五六'[w]}`;
}

/**
 * A date as a resident reads it: '11月24日' / 'Nov 24' in the year of `today`, with the year when
 * it is another year ('2027年12月1日' / 'Dec 1, 2027'), so that a date a year ahead never looks
 * like one in the past. `withYear` always says it (the ends of a range across years);
 * `weekdayToo` adds the day of the week.
 */
export function dateText(date, locale, today, { weekdayToo = false, withYear = false } = {}) {
  const day = date.slice(0, 10);
  const [y, m, d] = day.split('-').map(Number);
  const sameYear = !withYear && day.slice(0, 4) === String(today).slice(0, 4);
  if (locale === 'en') {
    return `${weekdayToo ? `${weekday(day, locale)}, ` : ''}${shortDate(day, locale)}${sameYear ? '' : `, ${y}`}`;
  }
  return `${sameYear ? '' : `${y}年`}${m}月${d}日${weekdayToo ? ` ${weekday(day, locale)}` : ''}`;
}

/** '今天' / 'today', '明天' / 'tomorrow', '昨天' / 'yesterday' for `date` seen from `today`, or null. */
export function relativeDay(date, locale, today) {
  const n = daysBetween(today, date.slice(0, 10));
  const words = locale === 'en' ? { 0: 'today', 1: 'tomorrow', '-1': 'yesterday' } : { 0: '今天', 1: '明天', '-1': '昨天' };
  return words[n] ?? null;
}

/**
 * An ISO 8601 duration ('P0D', 'P14D', 'P2W', 'P3M', 'P1Y') as "how soon" in words: '现在' /
 * 'now', '2周内' / 'within 2 weeks'. Null when it cannot be read.
 */
export function withinText(iso, locale) {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/.exec(String(iso || ''));
  if (!m || iso === 'P') return null;
  const [y, mo, w, d] = m.slice(1).map((x) => Number(x || 0));
  const en = locale === 'en';
  const days = w * 7 + d;
  let n;
  let unit;
  if (y) [n, unit] = [y, en ? 'year' : '年'];
  else if (mo) [n, unit] = [mo, en ? 'month' : '个月'];
  else if (days === 0) return en ? 'now' : '现在';
  else if (days % 7 === 0) [n, unit] = [days / 7, en ? 'week' : '周'];
  else [n, unit] = [days, en ? 'day' : '天'];
  return en ? `within ${n} ${unit}${n === 1 ? '' : 's'}` : `${n}${unit}内`;
}
