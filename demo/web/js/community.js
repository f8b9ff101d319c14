// "Simulate a community": a realistic, deterministic group of residents for the check-in
// challenge, as PointsEvents for PointsEngine.applyBatch. Every instant is generated from the
// challenge's start date (a fixed base) and a seeded random generator: the same start date and
// "today" always give the same events, so tests and screenshots are reproducible. The library
// never reads the clock.
import { addDays, daysBetween, instant, pad } from './dates.js';

export const FAMILIES = ['zhang', 'li', 'wang', 'liu', 'chen', 'yang', 'zhao', 'huang'];
/** Which building each family lives in. */
export const BUILDING_OF = { zhang: 3, li: 1, wang: 3, liu: 2, chen: 5, yang: 1, zhao: 4, huang: 2 };
export const MY_FAMILY = 'family-zhang';
export const MY_BUILDING = 'building-3';

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(s) {
  let h = 2166136261;
  for (const c of s) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return h >>> 0;
}

function clock(rand, fromMin, toMin) {
  const m = fromMin + Math.floor(rand() * (toMin - fromMin));
  return `${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}

/**
 * The events of a simulated community for `challenge` (from the program), up to and including
 * `today` (only early-morning check-ins on that day). `offset` is the program's UTC offset.
 */
export function communityEvents({ challenge, today, offset = '+08:00' }) {
  const rand = mulberry32(hash(`${challenge.id}|${challenge.startDate}`));
  const start = challenge.startDate;
  const lastDay = addDays(start, challenge.days - 1);
  const elapsed = Math.min(daysBetween(start, today), daysBetween(start, lastDay));
  const events = [];
  const members = [];
  for (const fam of FAMILIES) {
    // My own family gets two relatives; the others two to four members.
    const size = fam === 'zhang' ? 2 : 2 + Math.floor(rand() * 3);
    for (let i = 1; i <= size; i++) {
      members.push({
        id: `sim-${fam}-${i}`,
        family: `family-${fam}`,
        building: `building-${BUILDING_OF[fam]}`,
        diligence: 0.45 + rand() * 0.5,
        joinDay: rand() < 0.8 ? 0 : 1 + Math.floor(rand() * 2),
      });
    }
  }
  // A couple of residents were brought in by a neighbour (referral on join).
  const referred = new Set([members[3].id, members[9].id]);
  members.forEach((m, idx) => {
    const joinDate = addDays(start, Math.min(m.joinDay, Math.max(elapsed, 0)));
    const join = {
      id: `${m.id}-join`, memberId: m.id, at: instant(joinDate, clock(rand, 6 * 60, 7 * 60), offset), type: 'join',
      groups: { family: m.family, building: m.building },
    };
    if (referred.has(m.id)) join.referrerId = members[idx - 1].id;
    events.push(join);
    let missed = [];
    let cards = challenge.makeupCards || 0;
    for (let d = m.joinDay; d <= elapsed; d++) {
      const date = addDays(start, d);
      const isToday = date === today;
      if (isToday && rand() > 0.4) continue; // many have not checked in yet this morning
      if (rand() < m.diligence) {
        const time = isToday ? clock(rand, 6 * 60, 8 * 60 + 30) : clock(rand, 6 * 60, 21 * 60);
        events.push({ id: `${m.id}-checkin-${date}`, memberId: m.id, at: instant(date, time, offset), type: 'check-in', challengeId: challenge.id });
        if (missed.length && cards > 0 && rand() < 0.35) {
          const day = missed.pop();
          cards -= 1;
          events.push({ id: `${m.id}-makeup-${day}`, memberId: m.id, at: instant(date, '21:30', offset), type: 'makeup', challengeId: challenge.id, date: day });
        }
      } else if (!isToday) {
        missed.push(date);
        if (missed.length > 2) missed = missed.slice(-2);
      }
      // Community life besides the daily check-in: health talks and sharing.
      if (!isToday && rand() < 0.12) {
        events.push({ id: `${m.id}-activity-${date}`, memberId: m.id, at: instant(date, '15:00', offset), type: 'activity' });
      }
      if (!isToday && rand() < 0.08) {
        events.push({ id: `${m.id}-share-${date}`, memberId: m.id, at: instant(date, '20:10', offset), type: 'share' });
      }
    }
  });
  return { events, members: members.length };
}
