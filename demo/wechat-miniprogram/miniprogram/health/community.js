// "Simulate a community" for the check-in page: the same deterministic generator as the web
// demo (demo/web/js/community.js), in CommonJS. All instants derive from the challenge's start
// date and a seeded generator: the library never reads the clock.
'use strict';
const { addDays, daysBetween, instant } = require('./bridge.js');

const FAMILIES = ['zhang', 'li', 'wang', 'liu', 'chen', 'yang', 'zhao', 'huang'];
const BUILDING_OF = { zhang: 3, li: 1, wang: 3, liu: 2, chen: 5, yang: 1, zhao: 4, huang: 2 };
const MY_FAMILY = 'family-zhang';
const MY_BUILDING = 'building-3';

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
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

function pad(n) {
  return (n < 10 ? '0' : '') + n;
}

function clock(rand, fromMin, toMin) {
  const m = fromMin + Math.floor(rand() * (toMin - fromMin));
  return `${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}

function communityEvents({ challenge, today, offset }) {
  const rand = mulberry32(hash(`${challenge.id}|${challenge.startDate}`));
  const start = challenge.startDate;
  const lastDay = addDays(start, challenge.days - 1);
  const elapsed = Math.min(daysBetween(start, today), daysBetween(start, lastDay));
  const events = [];
  const members = [];
  for (const fam of FAMILIES) {
    const size = fam === 'zhang' ? 2 : 2 + Math.floor(rand() * 3);
    for (let i = 1; i <= size; i++) {
      members.push({
        id: `sim-${fam}-${i}`, family: `family-${fam}`, building: `building-${BUILDING_OF[fam]}`,
        diligence: 0.45 + rand() * 0.5, joinDay: rand() < 0.8 ? 0 : 1 + Math.floor(rand() * 2),
      });
    }
  }
  const referred = [members[3].id, members[9].id];
  members.forEach((m, idx) => {
    const joinDate = addDays(start, Math.min(m.joinDay, Math.max(elapsed, 0)));
    const join = {
      id: `${m.id}-join`, memberId: m.id, at: instant(joinDate, clock(rand, 6 * 60, 7 * 60), offset), type: 'join',
      groups: { family: m.family, building: m.building },
    };
    if (referred.indexOf(m.id) >= 0) join.referrerId = members[idx - 1].id;
    events.push(join);
    let missed = [];
    let cards = challenge.makeupCards || 0;
    for (let d = m.joinDay; d <= elapsed; d++) {
      const date = addDays(start, d);
      const isToday = date === today;
      if (isToday && rand() > 0.4) continue;
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

module.exports = { communityEvents, FAMILIES, MY_FAMILY, MY_BUILDING };
