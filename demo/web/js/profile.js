// The resident's profile: the form's fields, reading them strictly, and the copy kept on this
// phone. A profile is saved only after the library has accepted it (a failed submit saves
// nothing), so the other screens never start from a profile the library refuses.
import { t } from './i18n.js';
import { load, save } from './store.js';
import { impossiblePairs, implausibleGlucose, parseNumber } from './numbers.js';

// Each input's `path` inside the Profile (its error field is `profile.<path>`).
export const SECTIONS = [
  { id: 'basic', items: [
    { path: 'sex', label: 'risk.sex', type: 'seg', options: ['male', 'female'] },
    { path: 'age', label: 'risk.age', type: 'number', integer: true },
    { path: 'heightCm', label: 'risk.heightCm', type: 'number' },
    { path: 'weightKg', label: 'risk.weightKg', type: 'number' },
    { path: 'waistCm', label: 'risk.waistCm', type: 'number' },
  ] },
  { id: 'bp', items: [
    { path: 'sbp', label: 'risk.sbp', type: 'number', integer: true },
    { path: 'dbp', label: 'risk.dbp', type: 'number', integer: true },
    { path: 'onAntihypertensives', label: 'risk.onAntihypertensives', type: 'check' },
  ] },
  { id: 'lab', items: [
    { path: 'totalCholesterol', label: 'risk.totalCholesterol', type: 'number' },
    { path: 'hdlCholesterol', label: 'risk.hdlCholesterol', type: 'number' },
    { path: 'ldlCholesterol', label: 'risk.ldlCholesterol', type: 'number' },
    { path: 'triglycerides', label: 'risk.triglycerides', type: 'number' },
    { path: 'fastingGlucose', label: 'risk.fastingGlucose', type: 'number' },
  ] },
  { id: 'life', items: [
    { path: 'smoker', label: 'risk.smoker', type: 'check' },
    { path: 'hypertension', label: 'risk.hypertension', type: 'check' },
    { path: 'diabetes', label: 'risk.diabetes', type: 'check' },
    { path: 'familyHistory.ascvd', label: 'risk.familyAscvd', type: 'check' },
    { path: 'familyHistory.diabetes', label: 'risk.familyDiabetes', type: 'check' },
    { path: 'history.stroke', label: 'risk.historyStroke', type: 'check' },
    { path: 'region', label: 'risk.region', type: 'seg', options: ['north', 'south'] },
    { path: 'residence', label: 'risk.residence', type: 'seg', options: ['urban', 'rural'] },
    { path: 'activity.sessionsPerWeek', label: 'risk.sessionsPerWeek', type: 'number', integer: true },
    { path: 'activity.minutesPerSession', label: 'risk.minutesPerSession', type: 'number', integer: true },
  ] },
];
export const ITEMS = SECTIONS.flatMap((s) => s.items);

export const EXAMPLE = {
  sex: 'male', age: 58, heightCm: 168, weightKg: 75, waistCm: 92, sbp: 148, dbp: 92,
  onAntihypertensives: false, totalCholesterol: 5.6, hdlCholesterol: 1.1, ldlCholesterol: 3.5,
  triglycerides: 1.9, fastingGlucose: 6.3, smoker: true, hypertension: true, diabetes: false,
  familyHistory: { ascvd: false, diabetes: true }, history: { stroke: false },
  region: 'north', residence: 'urban', activity: { sessionsPerWeek: 2, minutesPerSession: 30 },
};

/** The profile saved on this phone (the plan and readings screens start from it). */
export function savedProfile() {
  return load('profile', null);
}

export function saveProfile(profile) {
  save('profile', profile);
}

export function get(obj, path) {
  return path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj);
}

export function set(obj, path, value) {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) o = o[k] ||= {};
  if (value === undefined) delete o[keys[keys.length - 1]];
  else o[keys[keys.length - 1]] = value;
}

/** Names of a home reading's fields (`readings[3].sbp`, or `reading.sbp` on the form). */
const READING_LABELS = { sbp: 'readings.sbp', dbp: 'readings.dbp', value: 'readings.valueLabel', at: 'readings.at', context: 'readings.context' };

/**
 * The resident's name for a field (`profile.sbp`, `sbp`, `readings[0].at`), or null when the
 * app has no input for it.
 */
export function fieldLabel(field) {
  const reading = /^readings?(\[\d+\])?\.(\w+)$/.exec(String(field));
  if (reading) return READING_LABELS[reading[2]] ? t(READING_LABELS[reading[2]]) : null;
  const p = String(field).replace(/^profile\./, '');
  const item = ITEMS.find((i) => i.path === p);
  return item ? t(item.label).replace(/（[^）]*）$|\s*\([^)]*\)$/, '') : null;
}

/** The resident-facing message of a number the app could not read (`problem` of parseNumber). */
export function numberProblem(problem, raw, label) {
  return t(`input.${problem}`, { raw, label });
}

/**
 * Reads the form: `{ profile, errors }`. Empty inputs are left out, never guessed; a box whose
 * text is not one plain number is an error at that field (and the profile is not to be used).
 */
export function readForm(form) {
  const profile = {};
  const errors = [];
  for (const item of ITEMS) {
    if (item.type === 'check') {
      set(profile, item.path, form.querySelector(`input[name="${item.path}"]`).checked);
    } else if (item.type === 'seg') {
      const checked = form.querySelector(`input[name="${item.path}"]:checked`);
      if (checked) set(profile, item.path, checked.value);
    } else {
      const raw = form.querySelector(`input[name="${item.path}"]`).value;
      const n = parseNumber(raw);
      if (n.problem) {
        const key = n.problem === 'two-numbers' && (item.path === 'sbp' || item.path === 'dbp') ? 'bp-in-one-box' : n.problem;
        errors.push({ field: `profile.${item.path}`, code: 'INVALID_INPUT', message: numberProblem(key, n.raw, fieldLabel(item.path)) });
      } else if (!n.empty) {
        set(profile, item.path, n.value);
      }
    }
  }
  return { profile, errors };
}

/**
 * Checks the library does not make (yet): pairs that cannot both be true and a fasting glucose no
 * meter or laboratory reports. Runs after the library has accepted the profile, so that its own
 * message, where it has one, is the one shown.
 */
export function profileProblems(profile) {
  const errors = impossiblePairs(profile).map((p) => ({
    field: `profile.${p.field}`, code: 'INVALID_INPUT', message: t(`pair.${p.check}`, p),
  }));
  if (typeof profile.fastingGlucose === 'number' && implausibleGlucose(profile.fastingGlucose)) {
    errors.push({ field: 'profile.fastingGlucose', code: 'OUT_OF_RANGE', message: t('input.glucose-implausible', { value: profile.fastingGlucose }) });
  }
  return errors;
}
