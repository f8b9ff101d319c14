// iCalendar UIDs through pkg/node, read back by an independent parser (ical.js): two residents'
// plans imported into one calendar never collide, and re-exporting a plan keeps its UIDs.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import ICAL from 'ical.js';

const require = createRequire(import.meta.url);
const hs = require('../../pkg/node/index.js');

const START = '2026-11-24';
const plan = (profile, locale = 'zh-CN') => hs.generateCarePlan(profile, { startDate: START, locale });

/** A calendar app's import: events stored by UID, a second import with the same UID replaces. */
function importInto(calendar, ics) {
  const events = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  for (const e of events) calendar.set(e.uid, { summary: e.summary, start: e.startDate.toString() });
  return events.map((e) => e.uid);
}

// Two neighbours, both 68 with hypertension, planned the same day: the same activity ids
// (`htn-follow-up-2026-11-24`, …), which used to be their UIDs.
const wang = { sex: 'male', age: 68, hypertension: true, sbp: 148, dbp: 88 };
const li = { sex: 'male', age: 68, hypertension: true, sbp: 162, dbp: 96, diabetes: true };

test('two residents imported into one calendar keep every event', () => {
  const a = plan(wang);
  const b = plan(li);
  assert.ok(a.activities.some((x) => b.activities.some((y) => y.id === x.id)), 'the plans share activity ids');
  const calendar = new Map();
  const ua = importInto(calendar, hs.carePlanToIcs(a, { calendarName: '王大爷的健康计划' }));
  const ub = importInto(calendar, hs.carePlanToIcs(b, { calendarName: '李大爷的健康计划' }));
  assert.equal(new Set(ua).size, a.activities.length);
  assert.equal(calendar.size, a.activities.length + b.activities.length, 'no event of the first resident was overwritten');
  for (const uid of [...ua, ...ub]) assert.match(uid, /^[a-z0-9-]+\.[0-9a-f]{16}@health-steward$/);
});

test('re-exporting the same plan (also passed back through JSON, or in English) keeps its UIDs', () => {
  const a = plan(wang);
  const first = importInto(new Map(), hs.carePlanToIcs(a));
  const again = importInto(new Map(), hs.carePlanToIcs(JSON.parse(JSON.stringify(a)), { calendarName: 'x' }));
  const english = importInto(new Map(), hs.carePlanToIcs(plan(wang, 'en')));
  assert.deepEqual(again, first);
  assert.deepEqual(english, first);
  // Imported twice into one calendar: updated in place, not duplicated.
  const calendar = new Map();
  importInto(calendar, hs.carePlanToIcs(a));
  importInto(calendar, hs.carePlanToIcs(a));
  assert.equal(calendar.size, a.activities.length);
});

test('uidNamespace separates identical plans and keeps UIDs across a revised plan', () => {
  const a = plan({ sex: 'female', age: 70, diabetes: true });
  const twin = plan({ sex: 'female', age: 70, diabetes: true });
  // Identical plans without a namespace share UIDs (documented); a namespace separates them.
  assert.deepEqual(importInto(new Map(), hs.carePlanToIcs(twin)), importInto(new Map(), hs.carePlanToIcs(a)));
  const calendar = new Map();
  const m1 = importInto(calendar, hs.carePlanToIcs(a, { uidNamespace: 'member-1' }));
  importInto(calendar, hs.carePlanToIcs(twin, { uidNamespace: 'member-2' }));
  assert.equal(calendar.size, 2 * a.activities.length);
  // Member 1's plan after a visit moved one activity: the others are the same events.
  const revised = structuredClone(a);
  revised.activities[0].due = '2026-12-01';
  delete revised.activities[0].window;
  const r1 = importInto(new Map(), hs.carePlanToIcs(revised, { uidNamespace: 'member-1' }));
  assert.deepEqual(r1, m1);
  assert.ok(!hs.carePlanToIcs(a, { uidNamespace: 'member-1' }).includes('member-1'), 'only a hash of the namespace is written');
});
