#!/usr/bin/env node
// China-PAR lifetime risk: derives the baseline by age from the official calculator's recordings
// (tests/fixtures/china-par-official-recordings.jsonl), validates it on recordings each
// derivation did not use, and writes the baseline the library ships
// (src/risk/cn/china_par_lifetime.rs). See docs/risk-models.md, "China-PAR lifetime risk".
//
//   node scripts/china-par-lifetime.mjs            # the validation report
//   node scripts/china-par-lifetime.mjs --json     # the numbers (tests/js/risk-cn-lifetime.test.mjs)
//   node scripts/china-par-lifetime.mjs --write    # rewrite the Rust baseline table from every recording
//
// Form (proportional hazards with age as the time scale; lifetime = risk to age 85):
//   lifetime = 1 − exp(−exp(Σ β·x + g_sex(age)))
// x: ln SBP (treated or untreated coefficient), ln TC and ln HDL-C in mg/dL, ln waist in cm,
// smoking, diabetes, north; for men also urban and family history of ASCVD (the variables and
// coefficients of Liu F et al., Sci Bull 2018;63(12):779–787). g_sex(age), one value per sex and
// whole age 20–59, is not published: it is what this script derives.
//
// Derivation (from a set of recordings):
// 1. Each recording shows the lifetime risk rounded to one decimal (half up), so it bounds
//    g(age) to an interval; the intervals of one sex and age are intersected.
// 2. g(age) = ln(H(85) − H(age)) for a cumulative baseline hazard H, so it never rises with age
//    and it is constant over the youngest ages where H has not started to grow. The plateau is
//    the longest run of ages from 20 whose intervals share a point; its ages share one value
//    (and one interval: the intersection of all of theirs).
// 3. Never rising: an age's upper bound is at most the younger ages', its lower bound at least
//    the older ages'. The estimate is the middle of the interval left.
// Validation (docs/risk-models.md says why this scheme, chosen after several were measured):
// 10-fold cross-validation stratified by sex and age — within each sex and age, in file order,
// the i-th recording goes to fold i mod 10; each fold is predicted from a baseline derived from
// the other nine. Also reported: leave-one-out, and 2 folds (a baseline from half the data).
// Goal: ≥ 95% of held-out values identical to the official one, and no category difference at
// the 32.8% cut-off (high lifetime risk).

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FIXTURE = fileURLToPath(new URL('../tests/fixtures/china-par-official-recordings.jsonl', import.meta.url));
const RUST_TABLE = fileURLToPath(new URL('../src/risk/cn/china_par_lifetime.rs', import.meta.url));
export const GOAL_IDENTICAL = 0.95;
export const HIGH_FROM = 32.8;
export const AGES = [20, 59];
export const FOLDS = 10;
/** Decimals of the shipped baseline values (well inside the narrowest interval, 1e-4). */
const DECIMALS = 6;

// Coefficients of the linear predictor (Liu F et al. 2018; docs/risk-models.md).
export const COEF = {
  male: { treated: 3.21, untreated: 3.14, tc: 0.61, hdl: -0.65, waist: -0.38, smoker: 0.19, diabetes: 0.25, north: 0.53, urban: -0.16, family: 0.22 },
  female: { treated: 2.58, untreated: 2.53, tc: 0.07, hdl: -0.2, waist: 1.58, smoker: 0.49, diabetes: 0.51, north: 0.57, urban: 0, family: 0 },
};

/** Round half away from zero to one decimal, absorbing binary representation error. */
export const round1 = (x) => {
  const s = x * 10;
  return Math.round(s + Math.sign(s) * 1e-9 * Math.max(Math.abs(s), 1)) / 10;
};

export function predictor(r) {
  const c = COEF[r.sex];
  const male = r.sex === 'male';
  return (
    (r.onAntihypertensives ? c.treated : c.untreated) * Math.log(r.sbp) +
    c.tc * Math.log(r.totalCholesterolMgDl) +
    c.hdl * Math.log(r.hdlCholesterolMgDl) +
    c.waist * Math.log(r.waistCm) +
    c.smoker * +r.smoker +
    c.diabetes * +r.diabetes +
    c.north * +(r.region === 'north') +
    (male ? c.urban * +(r.residence === 'urban') + c.family * +r.familyHistoryAscvd : 0)
  );
}

/** Lifetime risk in percent, unrounded. */
export const lifetime = (lp, g) => 100 * (1 - Math.exp(-Math.exp(lp + g)));

/** The interval of g a recording allows (its shown value is the rounded risk). */
const cloglog = (p) => (p <= 0 ? -Infinity : p >= 100 ? Infinity : Math.log(-Math.log(1 - p / 100)));
function bounds(r) {
  const lp = predictor(r);
  const shown = r.officialLifetimePercent;
  return [cloglog(shown - 0.05) - lp, cloglog(shown + 0.05) - lp];
}

/**
 * The baseline by sex and age derived from `recs`: { male: [g20 … g59], female: […], plateau:
 * { male, female } (the last age of each plateau) }. Throws when no baseline fits.
 */
export function derive(recs) {
  const out = { plateau: {} };
  for (const sex of ['male', 'female']) {
    const lo = [], hi = [];
    for (let age = AGES[0]; age <= AGES[1]; age++) {
      let [a, b] = [-Infinity, Infinity];
      for (const r of recs) {
        if (r.sex !== sex || r.age !== age) continue;
        const [l, h] = bounds(r);
        a = Math.max(a, l);
        b = Math.min(b, h);
      }
      lo.push(a);
      hi.push(b);
    }
    // The plateau: the longest run from the youngest age whose intervals share a point, ending
    // at an age with a recording.
    let [a, b, last] = [-Infinity, Infinity, -1];
    for (let i = 0; i < lo.length; i++) {
      const [na, nb] = [Math.max(a, lo[i]), Math.min(b, hi[i])];
      if (na > nb) break;
      [a, b] = [na, nb];
      if (Number.isFinite(lo[i]) || Number.isFinite(hi[i])) last = i;
    }
    for (let i = 0; i <= last; i++) [lo[i], hi[i]] = [a, b];
    out.plateau[sex] = AGES[0] + last;
    // Never rising with age.
    for (let i = 1; i < hi.length; i++) hi[i] = Math.min(hi[i], hi[i - 1]);
    for (let i = lo.length - 2; i >= 0; i--) lo[i] = Math.max(lo[i], lo[i + 1]);
    out[sex] = lo.map((a, i) => {
      const b = hi[i];
      if (a > b) throw new Error(`no baseline for ${sex} ${AGES[0] + i} fits every recording`);
      if (!Number.isFinite(a) || !Number.isFinite(b)) throw new Error(`no recording bounds ${sex} ${AGES[0] + i}`);
      return Math.round(((a + b) / 2) * 10 ** DECIMALS) / 10 ** DECIMALS;
    });
  }
  return out;
}

/** The shown (rounded) lifetime risk of a recording under a baseline. */
export const shown = (base, r) => round1(lifetime(predictor(r), base[r.sex][r.age - AGES[0]]));

/** How many of `recs` the baseline reproduces: identical shown values, same category. */
export function validate(base, recs) {
  let identical = 0, sameCategory = 0, worst = 0;
  for (const r of recs) {
    const v = shown(base, r);
    if (v === r.officialLifetimePercent) identical++;
    if ((v >= HIGH_FROM) === (r.officialLifetimePercent >= HIGH_FROM)) sameCategory++;
    worst = Math.max(worst, Math.abs(v - r.officialLifetimePercent));
  }
  return { n: recs.length, identical, sameCategory, worst: round1(worst) };
}

/** The recordings that show a lifetime risk (ages 20–59). */
export function recordings() {
  return readFileSync(FIXTURE, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l))
    .filter((r) => typeof r.officialLifetimePercent === 'number');
}

/** Fold numbers: within each sex and age, in file order, the i-th recording is in fold i mod k. */
export function folds(recs, k) {
  const seen = new Map();
  return recs.map((r) => {
    const key = `${r.sex} ${r.age}`;
    const i = seen.get(key) ?? 0;
    seen.set(key, i + 1);
    return i % k;
  });
}

/**
 * Cross-validation: every recording predicted from a baseline derived without its fold
 * (`fold[i]` is recording i's fold number).
 */
export function crossValidate(recs, fold) {
  const total = { n: 0, identical: 0, sameCategory: 0, worst: 0, misses: [] };
  for (const f of new Set(fold)) {
    const heldOut = recs.filter((_, i) => fold[i] === f);
    let base = null;
    try {
      base = derive(recs.filter((_, i) => fold[i] !== f));
    } catch {
      // A fold no baseline fits counts as missed entirely.
    }
    for (const r of heldOut) {
      total.n++;
      if (!base) continue;
      const v = validate(base, [r]);
      total.identical += v.identical;
      total.sameCategory += v.sameCategory;
      total.worst = Math.max(total.worst, v.worst);
      if (!v.identical) total.misses.push({ sex: r.sex, age: r.age, official: r.officialLifetimePercent, derived: shown(base, r) });
    }
  }
  return total;
}

export function run() {
  const recs = recordings();
  const tenFold = crossValidate(recs, folds(recs, FOLDS));
  const leaveOneOut = crossValidate(recs, recs.map((_, i) => i));
  const twoFold = crossValidate(recs, folds(recs, 2));
  const baseline = derive(recs);
  const meets = (v) => v.identical / v.n >= GOAL_IDENTICAL && v.sameCategory === v.n;
  return {
    recordings: recs.length,
    tenFold,
    leaveOneOut,
    twoFold,
    ownData: validate(baseline, recs),
    goal: { identical: GOAL_IDENTICAL, categoryCutOff: HIGH_FROM },
    goalMet: meets(tenFold),
    baseline,
  };
}

/** The Rust source of the baseline table the library ships. */
export function rustTable(base, r) {
  const row = (xs) => xs.map((x) => x.toFixed(DECIMALS)).join(', ');
  const pct = (v) => `${v.identical}/${v.n}`;
  return `//! China-PAR lifetime baseline by sex and age (docs/risk-models.md, "China-PAR lifetime risk").
//!
//! GENERATED by \`node scripts/china-par-lifetime.mjs --write\` from the ${r.recordings} official-calculator
//! recordings aged ${AGES[0]}–${AGES[1]} in tests/fixtures/china-par-official-recordings.jsonl; do not edit.
//! Not a published table: a baseline that reproduces the official calculator (www.cvdrisk.com.cn).
//! Validation when generated: 10-fold cross-validation ${pct(r.tenFold)} held-out values identical,
//! ${r.tenFold.sameCategory}/${r.tenFold.n} in the same category at ${HIGH_FROM}%; leave-one-out ${pct(r.leaveOneOut)};
//! every recording with this table ${pct(r.ownData)}.

/// First age of the tables.
pub const FIRST_AGE: f64 = ${AGES[0]}.0;
/// Last age with a lifetime risk (the official calculator shows none from ${AGES[1] + 1}).
pub const LAST_AGE: f64 = ${AGES[1]}.0;

/// Men, ages ${AGES[0]}–${AGES[1]} (constant to ${base.plateau.male}).
pub const MEN: [f64; ${AGES[1] - AGES[0] + 1}] = [${row(base.male)}];

/// Women, ages ${AGES[0]}–${AGES[1]} (constant to ${base.plateau.female}).
pub const WOMEN: [f64; ${AGES[1] - AGES[0] + 1}] = [${row(base.female)}];
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = run();
  if (process.argv.includes('--write')) {
    if (!r.goalMet) throw new Error('the validation does not reach the goal: the baseline is not written');
    writeFileSync(RUST_TABLE, rustTable(r.baseline, r));
    console.log(`wrote ${RUST_TABLE}`);
  } else if (process.argv.includes('--json')) {
    console.log(JSON.stringify(r));
  } else {
    const pct = (v) => `${v.identical}/${v.n} identical (${((100 * v.identical) / v.n).toFixed(2)}%), ${v.sameCategory}/${v.n} same category at ${HIGH_FROM}%, worst ${v.worst} pp`;
    console.log(`China-PAR lifetime baseline from ${r.recordings} recordings aged ${AGES[0]}–${AGES[1]}`);
    console.log(`  ${FOLDS}-fold cross-validation (the goal's test): ${pct(r.tenFold)}`);
    console.log(`  leave-one-out: ${pct(r.leaveOneOut)}`);
    console.log(`  2 folds (a baseline from half the recordings): ${pct(r.twoFold)}`);
    console.log(`  the baseline from every recording, on its own data: ${pct(r.ownData)}`);
    console.log(`  plateau: men to ${r.baseline.plateau.male}, women to ${r.baseline.plateau.female}`);
    console.log(`  goal (≥ ${100 * GOAL_IDENTICAL}% identical, no category difference): ${r.goalMet ? 'met' : 'NOT met'}`);
  }
}
