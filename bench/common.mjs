// Shared by the Node-side benches (bench/node.mjs, bench/web.mjs) and tests: timing, the
// deterministic workloads (mirrored in bench/native.rs) and the plain-JS China-PAR a front-end
// developer would write instead of calling the library.

import { performance } from 'node:perf_hooks';

// ---------------------------------------------------------------------------------------------
// Timing

function median(xs) {
  const v = [...xs].sort((a, b) => a - b);
  const n = v.length;
  return n % 2 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}
export { median };

/**
 * Per-call time in nanoseconds: warm up, calibrate a batch to about `sampleMs`, median of
 * `samples` batches (as bench/native.rs does). `perCallStats` also gives the fastest batch,
 * which shared machines disturb least.
 */
export function perCallNs(fn, options) {
  return perCallStats(fn, options).median;
}

export function perCallStats(fn, { quick = false } = {}) {
  const warmMs = quick ? 100 : 150;
  const sampleMs = quick ? 20 : 100;
  const samples = quick ? 3 : 7;
  let iters = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < warmMs || iters === 0) {
    fn();
    iters++;
  }
  const per = (performance.now() - t0) / iters;
  const batch = Math.max(1, Math.ceil(sampleMs / per));
  const times = [];
  for (let s = 0; s < samples; s++) {
    const t = performance.now();
    for (let i = 0; i < batch; i++) fn();
    times.push(((performance.now() - t) * 1e6) / batch);
  }
  return { median: median(times), min: Math.min(...times) };
}

/** Wall time of one call in milliseconds. */
export function timeMs(fn) {
  const t = performance.now();
  const value = fn();
  return { ms: performance.now() - t, value };
}

// ---------------------------------------------------------------------------------------------
// Deterministic data (bench/native.rs has the same generator)

/** mulberry32: uniform in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `n` China-PAR residents as columns (the shape `chinaParBatch` takes): whole-year ages 20–85
 * (so some are extrapolated), whole-mmHg SBP 90–190, lipids in mmol/L with two decimals, whole-cm
 * waists 60–110, 0/1 flags. Same sequence as `china_par_columns` in bench/native.rs.
 */
export function chinaParColumns(n, seed = 8) {
  const r = mulberry32(seed);
  const c = {
    male: new Uint8Array(n),
    age: new Float64Array(n),
    sbp: new Float64Array(n),
    onAntihypertensives: new Uint8Array(n),
    totalCholesterol: new Float64Array(n),
    hdlCholesterol: new Float64Array(n),
    waistCm: new Float64Array(n),
    smoker: new Uint8Array(n),
    diabetes: new Uint8Array(n),
    north: new Uint8Array(n),
    urban: new Uint8Array(n),
    familyHistoryAscvd: new Uint8Array(n),
  };
  for (let i = 0; i < n; i++) {
    c.male[i] = r() < 0.5 ? 1 : 0;
    c.age[i] = 20 + Math.floor(r() * 66);
    c.sbp[i] = 90 + Math.floor(r() * 101);
    c.onAntihypertensives[i] = r() < 0.3 ? 1 : 0;
    c.totalCholesterol[i] = Math.round((3 + r() * 5) * 100) / 100;
    c.hdlCholesterol[i] = Math.round((0.8 + r() * 1.4) * 100) / 100;
    c.waistCm[i] = 60 + Math.floor(r() * 51);
    c.smoker[i] = r() < 0.25 ? 1 : 0;
    c.diabetes[i] = r() < 0.1 ? 1 : 0;
    c.north[i] = r() < 0.5 ? 1 : 0;
    c.urban[i] = r() < 0.6 ? 1 : 0;
    c.familyHistoryAscvd[i] = r() < 0.1 ? 1 : 0;
  }
  return c;
}

/** Row `i` of the columns as a `Profile` for `assessModel('china-par', …)`. */
export function profileOfRow(c, i) {
  return {
    sex: c.male[i] ? 'male' : 'female',
    age: c.age[i],
    sbp: c.sbp[i],
    onAntihypertensives: c.onAntihypertensives[i] === 1,
    totalCholesterol: c.totalCholesterol[i],
    hdlCholesterol: c.hdlCholesterol[i],
    waistCm: c.waistCm[i],
    smoker: c.smoker[i] === 1,
    diabetes: c.diabetes[i] === 1,
    region: c.north[i] ? 'north' : 'south',
    residence: c.urban[i] ? 'urban' : 'rural',
    familyHistory: { ascvd: c.familyHistoryAscvd[i] === 1 },
  };
}

// ---------------------------------------------------------------------------------------------
// China-PAR in plain JS: the published equation (Yang X et al., Circulation 2016;134:1430–40) with
// the three-decimal coefficients of T/JPMA 024—2024 (Appendices C, D) the library uses
// (docs/risk-models.md §1), written the way a front-end developer would: a loop over the columns
// with Math.log / Math.exp / Math.pow.

const MEN = {
  lnAge: 31.967, lnSbpTreated: 27.388, lnSbpUntreated: 26.148, lnTc: 0.621, lnHdl: -0.695,
  lnWaist: -0.712, smoker: 3.955, diabetes: 0.357, north: 0.475, urban: -0.164, familyHistory: 6.221,
  lnAgeLnSbpTreated: -6.018, lnAgeLnSbpUntreated: -5.731, lnAgeSmoker: -0.939, lnAgeFamilyHistory: -1.534,
  meanSum: 140.68, s10: 0.9707,
};
const WOMEN = {
  lnAge: 24.874, lnSbpTreated: 20.709, lnSbpUntreated: 19.982, lnTc: 0.058, lnHdl: -0.217, lnWaist: 1.475,
  smoker: 0.495, diabetes: 0.567, north: 0.544, urban: 0, familyHistory: 0, lnAgeLnSbpTreated: -4.528,
  lnAgeLnSbpUntreated: -4.36, lnAgeSmoker: 0, lnAgeFamilyHistory: 0, meanSum: 117.258, s10: 0.9851,
};

/** 10-year risk in percent, unrounded, for every row. */
export function chinaParJs(c, out = new Float64Array(c.age.length)) {
  const n = c.age.length;
  for (let i = 0; i < n; i++) {
    const k = c.male[i] ? MEN : WOMEN;
    const lnAge = Math.log(c.age[i]);
    const lnSbp = Math.log(c.sbp[i]);
    const smoker = c.smoker[i];
    const fh = c.familyHistoryAscvd[i];
    const sbpTerms = c.onAntihypertensives[i]
      ? k.lnSbpTreated * lnSbp + k.lnAgeLnSbpTreated * lnAge * lnSbp
      : k.lnSbpUntreated * lnSbp + k.lnAgeLnSbpUntreated * lnAge * lnSbp;
    const sum =
      k.lnAge * lnAge +
      sbpTerms +
      k.lnTc * Math.log(c.totalCholesterol[i] / 0.0259) +
      k.lnHdl * Math.log(c.hdlCholesterol[i] / 0.0259) +
      k.lnWaist * Math.log(c.waistCm[i]) +
      k.smoker * smoker +
      k.diabetes * c.diabetes[i] +
      k.north * c.north[i] +
      k.urban * c.urban[i] +
      k.familyHistory * fh +
      k.lnAgeSmoker * lnAge * smoker +
      k.lnAgeFamilyHistory * lnAge * fh;
    out[i] = 100 * (1 - Math.pow(k.s10, Math.exp(sum - k.meanSum)));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Points events (bench/native.rs builds the same sequence)

export const POINTS_MEMBERS = 10_000;

function pad(n, w = 2) {
  return String(n).padStart(w, '0');
}

/** `YYYY-MM-DD` + seconds after local midnight → RFC 3339 in +08:00. */
export function instantAt(startDate, daysAfter, seconds) {
  const [y, m, d] = startDate.split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d + daysAfter));
  const hh = Math.floor(seconds / 3600);
  const mm = Math.floor((seconds % 3600) / 60);
  const ss = seconds % 60;
  return `${day.getUTCFullYear()}-${pad(day.getUTCMonth() + 1)}-${pad(day.getUTCDate())}T${pad(hh)}:${pad(mm)}:${pad(ss)}+08:00`;
}

/**
 * Event `k` of the points workload, in timestamp order: the first `POINTS_MEMBERS` events are
 * joins (families of 3, buildings of 100; every tenth member referred by the previous one);
 * then each day from the challenge start, every member checks in to the challenge, shares twice
 * (or joins an activity every seventh day), between 07:00 and 15:20 local time.
 */
export function pointsEvent(k, { startDate, challengeId }) {
  const M = POINTS_MEMBERS;
  if (k < M) {
    const ev = {
      id: `e${k}`,
      memberId: `m${k}`,
      at: instantAt(startDate, -1, 7 * 3600 + Math.floor(k / 2)),
      type: 'join',
      groups: { family: `f${Math.floor(k / 3)}`, building: `b${Math.floor(k / 100)}` },
    };
    if (k % 10 === 9) ev.referrerId = `m${k - 1}`;
    return ev;
  }
  const j = k - M;
  const day = Math.floor(j / (3 * M));
  const within = j % (3 * M);
  const member = Math.floor(within / 3);
  const slot = within % 3;
  const ev = { id: `e${k}`, memberId: `m${member}`, at: instantAt(startDate, day, 7 * 3600 + within), type: 'share' };
  if (slot === 0) {
    ev.type = 'check-in';
    ev.challengeId = challengeId;
  } else if (slot === 2 && (day + member) % 7 === 0) {
    ev.type = 'activity';
  }
  return ev;
}
