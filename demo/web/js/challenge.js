// The check-in challenge's plain helpers, shared by the web app and the WeChat example (which gets
// them as CommonJS through demo/wechat-miniprogram/sync-lib.mjs): invite links, the programme's
// clock, voucher codes, and what is still reachable in a challenge. No DOM, no `URL`, no Web
// Crypto (the mini-program runtime has neither); every rule itself is the engine's.

/** { baseUrl, programId, code } of an invite link (`…?service=…&program=…&code=…`), or null. */
export function parseInvite(link) {
  const m = /^(https?:\/\/[^/?#]+)([^?#]*)\?([^#]*)/.exec(String(link ?? '').trim());
  if (!m) return null;
  const q = {};
  for (const part of m[3].split('&')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    try { q[decodeURIComponent(part.slice(0, i))] = decodeURIComponent(part.slice(i + 1).replace(/\+/g, ' ')); } catch { return null; }
  }
  // The service's own join page (its default HS_JOIN_URL) names no service: it is that origin.
  const baseUrl = q.service || (/\/console\/join\/?$/.test(m[2]) ? m[1] : '');
  if (!q.program || !q.code || !/^https?:\/\/[^\s]+$/.test(baseUrl) || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(q.program) || !/^[A-Za-z0-9]{4,64}$/.test(q.code)) return null;
  return { baseUrl: baseUrl.replace(/\/$/, ''), programId: q.program, code: q.code };
}

/** A programme's fixed offset ('+08:00', the default) as its sign, hours and minutes, and in ms. */
function offsetParts(offset = '+08:00') {
  const m = /^([+-])(\d\d):(\d\d)$/.exec(offset || '') || ['', '+', '08', '00'];
  return { sign: m[1], hh: m[2], mm: m[3], ms: (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60000 };
}

/** Now in the programme's fixed offset: { date, time: 'HH:MM', at: RFC 3339 with milliseconds }. */
export function clockIn(offset = '+08:00', nowMs = Date.now()) {
  const o = offsetParts(offset);
  const local = new Date(nowMs + o.ms).toISOString();
  return { date: local.slice(0, 10), time: local.slice(11, 16), at: `${local.slice(0, 23)}${o.sign}${o.hh}:${o.mm}` };
}

/**
 * The programme's calendar day (YYYY-MM-DD) of an RFC 3339 instant written in any offset: a
 * check-in recorded at the desk as `2026-12-01T23:30:00Z` is 2 December in a +08:00 programme.
 * Never the instant's own date as written, nor the phone's time zone: the engine counts days in
 * the programme's offset, and so must the day grid.
 */
export function localDay(at, offset = '+08:00') {
  const ms = Date.parse(at);
  return Number.isFinite(ms) ? new Date(ms + offsetParts(offset).ms).toISOString().slice(0, 10) : String(at).slice(0, 10);
}

/**
 * The unsent events of a membership the service no longer accepts (its token expired or was
 * revoked: a 401), for the resident's new membership after joining again with an invite: each
 * event gets the new member id and keeps its id (a resend stays a duplicate). The engine counts a
 * member's events only from the join on, so an event of the join's own day dated before the join
 * is moved to just after it (the same day, in order: it still counts for that day); events of
 * earlier days keep their instant, and the engine says they cannot count.
 */
export function carryOver(events, join, offset) {
  const joinMs = Date.parse(join.at);
  const joinDay = localDay(join.at, offset);
  let n = 0;
  return events.map((e) => {
    const moved = { ...e, memberId: join.memberId };
    if (Date.parse(e.at) <= joinMs && localDay(e.at, offset) === joinDay) {
      const after = clockIn(offset, joinMs + (n += 1));
      if (after.date === joinDay) moved.at = after.at;
    }
    return moved;
  });
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/**
 * A voucher code a resident can read out at the desk: 8 characters of Crockford base32 (40 bits)
 * from 8 random bytes, as `XXXX-XXXX`.
 */
export function voucherCode(bytes) {
  const s = Array.from(bytes).slice(0, 8).map((b) => CROCKFORD[b & 31]).join('');
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

/**
 * The programme's days (its `offset`) credited by the resident's accepted check-ins and make-ups:
 * Map date → 'done' | 'makeup'.
 */
export function creditedDays(events, outcomes, challengeId, offset) {
  const days = new Map();
  for (const e of events) {
    const r = outcomes.get(e.id);
    if (!r || !r.accepted) continue;
    if (e.type === 'check-in' && e.challengeId === challengeId) days.set(localDay(e.at, offset), 'done');
    if (e.type === 'makeup' && e.challengeId === challengeId && e.date) days.set(e.date, 'makeup');
  }
  return days;
}

const dayMs = (date) => Date.parse(`${date}T00:00:00Z`);
export const addDays = (date, n) => new Date(dayMs(date) + n * 86400000).toISOString().slice(0, 10);
export const lastDay = (challenge) => addDays(challenge.startDate, challenge.days - 1);

/** 'before' | 'during' | 'after' the challenge on `today`. */
export function phaseOf(challenge, today) {
  return today < challenge.startDate ? 'before' : today > lastDay(challenge) ? 'after' : 'during';
}

/** Days on which a check-in can still count (today included unless it is done). */
export function daysLeft(challenge, today, doneToday) {
  const phase = phaseOf(challenge, today);
  if (phase === 'after') return 0;
  const from = phase === 'before' ? challenge.startDate : today;
  const left = Math.round((dayMs(lastDay(challenge)) - dayMs(from)) / 86400000) + 1;
  return doneToday && phase === 'during' ? left - 1 : left;
}

/**
 * The challenge's milestones for a member's progress `c` (MemberView challenge): each streak
 * milestone and the completion bonus with { id, days, points, reached, need, reachable }.
 */
export function milestones(challenge, c, left) {
  const out = (challenge.streakMilestones || []).map((ms) => {
    const need = Math.max(0, ms.days - c.currentStreak);
    return { id: `streak-${ms.days}`, kind: 'streak', days: ms.days, points: ms.points, reached: c.longestStreak >= ms.days, need, reachable: need <= left };
  });
  const need = challenge.days - c.daysCompleted;
  out.push({ id: 'completion', kind: 'completion', days: challenge.days, points: challenge.completionBonus, reached: Boolean(c.completed), need, reachable: need <= left + c.makeupCardsLeft });
  return out;
}

/** The most points the rest of the challenge can still give: daily check-ins, milestones, completion. */
export function maxMorePoints(program, challenge, c, left) {
  const daily = (program.earning || []).find((r) => r.on === 'check-in');
  let max = left * (daily ? daily.points : 0);
  for (const m of milestones(challenge, c, left)) if (!m.reached && m.reachable) max += m.points;
  return max;
}
