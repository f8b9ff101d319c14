// China-PAR lifetime risk (docs/risk-models.md §1, "China-PAR lifetime risk"): the baseline the
// library ships is derived by scripts/china-par-lifetime.mjs from the official calculator's
// recordings; this checks the derivation on recordings it did not use, that the shipped table is
// the script's, and the values through the built package.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import {
  run, recordings, derive, crossValidate, folds, shown, GOAL_IDENTICAL, HIGH_FROM, FOLDS,
} from '../../scripts/china-par-lifetime.mjs';

const require = createRequire(import.meta.url);
const hs = require('../../pkg/node/index.js');
const MG = 0.0259;

const result = run();

test(`lifetime baseline: ≥ ${100 * GOAL_IDENTICAL}% of held-out values identical, no category difference at ${HIGH_FROM}%`, (t) => {
  const { tenFold, leaveOneOut, twoFold } = result;
  t.diagnostic(`${FOLDS}-fold cross-validation: ${tenFold.identical}/${tenFold.n} held-out values identical, ${tenFold.sameCategory}/${tenFold.n} same category, worst ${tenFold.worst} pp`);
  t.diagnostic(`leave-one-out: ${leaveOneOut.identical}/${leaveOneOut.n}; 2 folds (half the recordings): ${twoFold.identical}/${twoFold.n}`);
  assert.equal(tenFold.n, 400);
  assert.ok(tenFold.identical / tenFold.n >= GOAL_IDENTICAL, `${tenFold.identical}/${tenFold.n}`);
  assert.equal(tenFold.sameCategory, tenFold.n);
  assert.ok(tenFold.worst <= 0.2);
  assert.ok(leaveOneOut.identical / leaveOneOut.n >= GOAL_IDENTICAL);
  assert.equal(leaveOneOut.sameCategory, leaveOneOut.n);
  // Every miss is a held-out value the derivation did not see, off by at most 0.2 points.
  for (const m of tenFold.misses) assert.ok(Math.abs(m.derived - m.official) <= 0.2 + 1e-9, JSON.stringify(m));
  assert.equal(result.goalMet, true);
});

test('lifetime baseline: folds are fixed by sex, age and file order; a fold never sees its own recordings', () => {
  const recs = recordings();
  const f = folds(recs, FOLDS);
  // Within one sex and age the folds run 0, 1, 2, … in file order.
  const first = recs.map((r, i) => [r, i]).filter(([r]) => r.sex === 'male' && r.age === 30).map(([, i]) => f[i]);
  assert.deepEqual(first, first.map((_, i) => i % FOLDS));
  // A baseline derived without a recording can miss it; one derived with it never does.
  const own = derive(recs);
  for (const r of recs) assert.equal(shown(own, r), r.officialLifetimePercent);
  // An age the derivation saw nothing of lies between its neighbours (the baseline never rises).
  const gap = derive(recs.filter((r) => !(r.sex === 'male' && r.age === 50)));
  assert.ok(gap.male[29] >= gap.male[30] && gap.male[30] >= gap.male[31]);
  // Cross-validation with a single fold holding everything has nothing to derive from.
  assert.equal(crossValidate(recs.slice(0, 5), [0, 0, 0, 0, 0]).identical, 0);
});

test('lifetime baseline: the table in src/risk/cn/china_par_lifetime.rs is the script’s, from every recording', () => {
  const src = readFileSync(new URL('../../src/risk/cn/china_par_lifetime.rs', import.meta.url), 'utf8');
  const table = (name) => src.match(new RegExp(`pub const ${name}: \\[f64; 40\\] = \\[([^\\]]+)\\]`))[1].split(',').map(Number);
  const base = result.baseline;
  assert.deepEqual(table('MEN'), base.male);
  assert.deepEqual(table('WOMEN'), base.female);
  assert.equal(base.plateau.male, 36);
  assert.equal(base.plateau.female, 38);
});

test('lifetime risk through the package: the official value for every recording aged 20–59, none from 60', () => {
  const lines = readFileSync(new URL('../fixtures/china-par-official-recordings.jsonl', import.meta.url), 'utf8').split('\n').filter((l) => l.trim());
  let shownCount = 0;
  const different = [];
  for (const line of lines) {
    const rec = JSON.parse(line);
    const r = hs.assessModel('china-par', {
      sex: rec.sex, age: rec.age, region: rec.region, residence: rec.residence, waistCm: rec.waistCm,
      sbp: rec.sbp, totalCholesterol: rec.totalCholesterolMgDl * MG, hdlCholesterol: rec.hdlCholesterolMgDl * MG,
      onAntihypertensives: rec.onAntihypertensives, diabetes: rec.diabetes, smoker: rec.smoker,
      familyHistory: { ascvd: rec.familyHistoryAscvd },
    });
    const official = rec.officialLifetimePercent;
    if (typeof official === 'number') {
      shownCount++;
      const cat = official >= HIGH_FROM ? 'high' : 'not-high';
      if (r.details.lifetime !== official || r.details.lifetimeCategory !== cat || typeof r.details.idealLifetime !== 'number') {
        different.push(`${line} → ${JSON.stringify(r.details)}`);
      }
    } else if ('lifetime' in r.details || 'idealLifetime' in r.details || 'lifetimeCategory' in r.details) {
      different.push(`${line} → ${JSON.stringify(r.details)} (no lifetime from 60)`);
    }
  }
  assert.equal(shownCount, 400);
  assert.deepEqual(different, []);
});

test('lifetime risk: the edition says the baseline reproduces the official calculator, not a published table', () => {
  const r = hs.assessModel('china-par', {
    sex: 'female', age: 45, region: 'south', waistCm: 88, sbp: 142, totalCholesterol: 5.6, hdlCholesterol: 1.1,
    onAntihypertensives: false, diabetes: true, smoker: false,
  }, { locale: 'en' });
  assert.match(r.source.edition, /Lifetime risk \(ages 20–59\)/);
  assert.match(r.source.edition, /reproduces the official calculator/);
  assert.match(r.source.edition, /not a published table/);
  assert.match(r.source.citation, /Sci Bull 2018/);
  assert.ok(r.details.idealLifetime < r.details.lifetime);
  const entry = hs.modelCatalog().find((m) => m.id === 'china-par');
  assert.match(JSON.stringify(entry), /Sci Bull 2018/);
});
