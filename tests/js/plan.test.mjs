// Care plans through pkg/node: the ICS parsed by an independent parser (ical.js), the FHIR
// bundle validated by an independent R4 validator (fhir), and errors at the boundary.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const hs = require('../../pkg/node/index.js');
const ICAL = require('ical.js');
const { Fhir } = require('fhir');

const throwsWith = (fn, code, field) =>
  assert.throws(fn, (e) => {
    assert.ok(e instanceof Error, 'a JS Error');
    assert.equal(e.code, code, e.message);
    if (field !== undefined) assert.equal(e.field, field);
    return true;
  });

const scenarios = {
  olderMan: [
    { sex: 'male', age: 68, hypertension: true, diabetes: true, sbp: 150, dbp: 85, fastingGlucose: 7.8,
      totalCholesterol: 5.5, hdlCholesterol: 1.1, waistCm: 92, heightCm: 170, weightKg: 72, smoker: true,
      region: 'north', residence: 'urban' },
    { startDate: '2026-03-01', locale: 'en',
      visits: [{ condition: 'hypertension', date: '2026-02-20', sbp: 152, dbp: 92 }] },
  ],
  pregnant: [
    { sex: 'female', pregnancy: { lastMenstrualPeriod: '2026-01-10' } },
    { startDate: '2026-03-01' },
  ],
  child: [
    { sex: 'female', birthDate: '2024-08-31' },
    { startDate: '2026-09-01', horizonMonths: 24 },
  ],
  officeWorker: [
    { sex: 'male', age: 35, employed: true, sbp: 132, dbp: 84, waistCm: 93, heightCm: 175, weightKg: 80 },
    { startDate: '2026-04-15', locale: 'en' },
  ],
  sexAndAge: [
    { sex: 'female', age: 50 },
    { startDate: '2026-05-20', horizonMonths: 36 },
  ],
};

const plans = Object.fromEntries(
  Object.entries(scenarios).map(([k, [profile, options]]) => [k, hs.generateCarePlan(profile, options)]),
);

const addDay = (date) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

test('plans are plain objects with dated, sorted activities', () => {
  const p = plans.olderMan;
  assert.deepEqual(p.segments.map((s) => s.id), ['elderly', 'hypertension', 'diabetes']);
  assert.deepEqual(
    p.activities.filter((a) => a.id.startsWith('htn-follow-up-')).map((a) => a.due),
    ['2026-03-06', '2026-06-06', '2026-09-06', '2026-12-06'],
  );
  assert.equal(p.followUps[0].status, 'uncontrolled-first');
  for (const plan of Object.values(plans)) {
    const dues = plan.activities.map((a) => a.due);
    assert.deepEqual(dues, [...dues].sort());
    for (const c of plan.cards) assert.ok([...c.summary].length < 140, c.summary);
  }
  assert.deepEqual(plans.pregnant.segments.map((s) => s.id), ['maternal']);
  assert.equal(plans.pregnant.locale, 'zh-CN');
  assert.deepEqual(plans.child.activities.filter((a) => a.id.startsWith('child-30m')).map((a) => a.due), ['2027-02-28']);
  assert.deepEqual(plans.officeWorker.segments.map((s) => s.id), ['pre-chronic', 'workplace']);
  assert.deepEqual(plans.sexAndAge.segments.map((s) => s.id), ['general']);
});

test('the ICS export parses with ical.js: events, all-day dates, summaries', () => {
  for (const [name, plan] of Object.entries(plans)) {
    const calendarName = `${name}: 张三, 李四; test\\path`;
    const ics = hs.carePlanToIcs(plan, { calendarName });
    assert.ok(ics.endsWith('\r\n'));
    assert.ok(ics.split('\r\n').every((l) => Buffer.byteLength(l, 'utf8') <= 75), 'folded at 75 octets');
    const cal = new ICAL.Component(ICAL.parse(ics));
    assert.equal(cal.getFirstPropertyValue('version'), '2.0');
    assert.match(cal.getFirstPropertyValue('prodid'), /health-steward/);
    // X-WR-CALNAME is an x-property: ical.js keeps its raw (TEXT-escaped) value.
    assert.equal(cal.getFirstPropertyValue('x-wr-calname'), calendarName.replace(/\\/g, '\\\\').replace(/([,;])/g, '\\$1'));
    const events = cal.getAllSubcomponents('vevent');
    assert.equal(events.length, plan.activities.length, name);
    const uids = new Set();
    events.forEach((ve, i) => {
      const a = plan.activities[i];
      const ev = new ICAL.Event(ve);
      uids.add(ev.uid);
      assert.equal(ev.summary, a.title);
      assert.ok(ev.description.startsWith(a.reason), ev.description);
      assert.ok(ev.description.includes(a.source.label));
      assert.ok(ev.startDate.isDate && ev.endDate.isDate, 'all-day');
      const start = a.window ? a.window.start : a.due;
      const end = a.window ? a.window.end : a.due;
      assert.equal(ev.startDate.toString(), start);
      assert.equal(ev.endDate.toString(), addDay(end), 'DTEND is exclusive');
      assert.equal(ve.getFirstPropertyValue('dtstamp').toString(), `${plan.startDate}T00:00:00Z`);
    });
    assert.equal(uids.size, events.length, 'unique UIDs');
  }
  // Stable: the same plan gives the same calendar.
  assert.equal(hs.carePlanToIcs(plans.pregnant), hs.carePlanToIcs(plans.pregnant));
  const maternal = new ICAL.Component(ICAL.parse(hs.carePlanToIcs(plans.pregnant)));
  const visit2 = maternal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)).find((e) => e.uid.startsWith('prenatal-2-'));
  assert.equal(visit2.startDate.toString(), '2026-05-02');
  assert.equal(visit2.endDate.toString(), '2026-06-06');
  assert.equal(visit2.summary, '第 2 次产前检查（孕 16–20 周）');
});

test('the FHIR bundle passes the fhir R4 validator with no errors', () => {
  const fhir = new Fhir();
  for (const [name, plan] of Object.entries(plans)) {
    const bundle = hs.carePlanToFhir(plan, { patientReference: 'Patient/example-1' });
    assert.equal(bundle.resourceType, 'Bundle');
    assert.equal(bundle.type, 'collection');
    const types = bundle.entry.map((e) => e.resource.resourceType);
    assert.equal(types.filter((t) => t === 'CarePlan').length, 1);
    assert.equal(types.filter((t) => t === 'Goal').length, plan.goals.length);
    assert.equal(types.filter((t) => t === 'RiskAssessment').length, plan.risks.length);
    const result = fhir.validate(bundle, { errorOnUnexpected: true });
    const errors = result.messages.filter((m) => m.severity === 'error' || m.severity === 'fatal');
    assert.deepEqual(errors, [], name);
    assert.equal(result.valid, true, name);
    assert.deepEqual(hs.carePlanToFhir(plan, { patientReference: 'Patient/example-1' }), bundle, 'deterministic');
  }
  const text = JSON.stringify(hs.carePlanToFhir(plans.olderMan, { patientReference: 'Patient/1' }));
  for (const code of ['8480-6', '8462-4', '1558-6']) assert.ok(text.includes(`"code":"${code}"`), code);
  assert.ok(plans.olderMan.risks.length > 0, 'risk results computed when no report is given');
  // The validator does catch a broken resource (so a pass means something).
  const broken = hs.carePlanToFhir(plans.olderMan, { patientReference: 'Patient/1' });
  broken.entry[0].resource.status = 'bogus';
  broken.entry[0].resource.intent = 42;
  assert.equal(fhir.validate(broken).valid, false);
});

test('a plan passed back through JSON exports the same', () => {
  const copy = JSON.parse(JSON.stringify(plans.officeWorker));
  assert.equal(hs.carePlanToIcs(copy), hs.carePlanToIcs(plans.officeWorker));
  assert.deepEqual(hs.carePlanToFhir(copy, { patientReference: 'Patient/2' }), hs.carePlanToFhir(plans.officeWorker, { patientReference: 'Patient/2' }));
});

test('classifyFollowUp through the boundary', () => {
  const at = (sbp, dbp, age) => hs.classifyFollowUp({ condition: 'hypertension', date: '2026-03-10', sbp, dbp, age });
  assert.equal(at(179, 80, 50).status, 'uncontrolled-first');
  const urgent = at(180, 80, 50);
  assert.deepEqual([urgent.status, urgent.referral, urgent.nextVisit], ['urgent', 'urgent', '2026-03-24']);
  assert.equal(at(145, 85, 64).status, 'uncontrolled-first');
  const ok = at(145, 85, 65);
  assert.deepEqual([ok.status, ok.nextVisit], ['controlled', '2026-06-10']);
  const dm = (glucose) => hs.classifyFollowUp({ condition: 'diabetes', date: '2026-03-10', glucose }, { locale: 'en' }).status;
  assert.deepEqual([16.6, 16.7, 3.9, 4.0].map(dm), ['uncontrolled-first', 'urgent', 'urgent', 'controlled']);
  const repeat = hs.classifyFollowUp(
    { condition: 'hypertension', date: '2026-03-10', sbp: 150, dbp: 95 },
    { previous: { condition: 'hypertension', date: '2026-02-20', sbp: 152, dbp: 96 }, locale: 'en' },
  );
  assert.deepEqual([repeat.status, repeat.referral], ['uncontrolled-repeat', 'planned']);
});

test('rules: defaults as data, extension changes the plan, errors name the path', () => {
  const rules = hs.defaultCareRules();
  assert.equal(rules.version, '1.0.0');
  assert.equal(Object.getPrototypeOf(rules), Object.prototype, 'a plain object');
  assert.ok(rules.packages.some((p) => p.tier === 'premium'));
  const [profile, options] = scenarios.olderMan;
  const faster = hs.generateCarePlan(profile, {
    ...options, visits: undefined,
    rules: { extends: 'default', schedules: [{ id: 'htn-follow-up', intervalMonths: 2 }] },
  });
  assert.equal(faster.activities.filter((a) => a.id.startsWith('htn-follow-up-')).length, 6);

  const broken = structuredClone(rules);
  broken.schedules[2].intervalMonths = 0;
  assert.throws(() => hs.generateCarePlan(profile, { ...options, rules: broken }), (e) => {
    assert.ok(e instanceof Error);
    assert.equal(e.code, 'INVALID_RULES');
    assert.equal(e.field, 'options.rules.schedules[2].intervalMonths');
    // The rule is named in words; the path stays in `field`.
    assert.match(e.message, /^Interval in months of schedule 3 in the rule set is invalid/);
    return true;
  });
  throwsWith(() => hs.generateCarePlan(profile, { startDate: '2026-03-01', rules: { extends: 'default', schedules: [{ id: 'x', intervalMonths: 'two' }] } }),
    'INVALID_RULES', 'options.rules.schedules[0].intervalMonths');
  throwsWith(() => hs.classifyFollowUp({ condition: 'diabetes', date: '2026-03-10', glucose: 5 },
    { rules: { extends: 'default', classification: { control: { diabetes: { fastingGlucose: -1 } } } } }),
  'INVALID_RULES', 'options.rules.classification.control.diabetes.fastingGlucose');
});

test('other errors cross the boundary with code and field', () => {
  const [profile] = scenarios.officeWorker;
  throwsWith(() => hs.generateCarePlan(profile), 'MISSING_INPUT', 'options.startDate');
  throwsWith(() => hs.generateCarePlan(profile, {}), 'MISSING_INPUT', 'options.startDate');
  throwsWith(() => hs.generateCarePlan(profile, { startDate: '2026-02-30' }), 'INVALID_DATE', 'options.startDate');
  throwsWith(() => hs.generateCarePlan(profile, { startDate: '2026-02-01', horizonMonths: 0 }), 'OUT_OF_RANGE', 'options.horizonMonths');
  throwsWith(() => hs.generateCarePlan({ ...profile, sbp: 'high' }, { startDate: '2026-02-01' }), 'INVALID_INPUT', 'profile.sbp');
  throwsWith(() => hs.generateCarePlan(profile, { startDate: '2026-02-01', visits: [{ condition: 'asthma', date: '2026-01-01' }] }),
    'INVALID_INPUT', 'options.visits[0].condition');
  throwsWith(() => hs.classifyFollowUp({ condition: 'hypertension', date: '2026-03-10', dbp: 80 }), 'MISSING_INPUT', 'visit.sbp');
  throwsWith(() => hs.carePlanToFhir(plans.child), 'MISSING_INPUT', 'options.patientReference');
  throwsWith(() => hs.carePlanToFhir(plans.child, {}), 'MISSING_INPUT', 'options.patientReference');
  throwsWith(() => hs.carePlanToIcs({ ...plans.child, startDate: 'soon' }), 'INVALID_DATE', 'plan.startDate');
  throwsWith(() => hs.carePlanToIcs(42), 'INVALID_INPUT', 'plan');
  // Messages follow the requested locale.
  assert.throws(() => hs.generateCarePlan(profile, { startDate: '2026-02-30', locale: 'en' }), /invalid date/);
  assert.throws(() => hs.generateCarePlan(profile, { startDate: '2026-02-30' }), /日期/);
});

test('options.report from assessRisk is used as given; a malformed one is an error naming the path inside it', () => {
  const profile = { sex: 'male', age: 52, sbp: 150, dbp: 95, totalCholesterol: 6.1, hdlCholesterol: 0.9, waistCm: 96,
    region: 'north', residence: 'urban', smoker: true, diabetes: false, heightCm: 170, weightKg: 80 };
  const report = hs.assessRisk(profile, { asOf: '2026-11-24', locale: 'en' });
  const withReport = hs.generateCarePlan(profile, { startDate: '2026-11-24', locale: 'en', report });
  const computed = hs.generateCarePlan(profile, { startDate: '2026-11-24', locale: 'en' });
  assert.deepEqual(withReport.segments, computed.segments);
  assert.deepEqual(withReport.goals.map((g) => g.id), computed.goals.map((g) => g.id));
  // A report that says something else changes the plan: it is really read.
  const lowRisk = structuredClone(report);
  lowRisk.results = lowRisk.results.filter((r) => r.id !== 'china-par' && r.id !== 'hypertension');
  const fromLow = hs.generateCarePlan(profile, { startDate: '2026-11-24', locale: 'en', report: lowRisk });
  assert.notDeepEqual(fromLow.cards.map((c) => c.code), withReport.cards.map((c) => c.code));
  assert.throws(
    () => hs.generateCarePlan(profile, { startDate: '2026-11-24', report: { results: 'none' } }),
    (e) => e instanceof Error && e.code === 'INVALID_INPUT' && e.field === 'options.report.results',
  );
});
