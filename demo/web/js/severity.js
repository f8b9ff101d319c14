// Severity 0 (fine) … 3 (act now) of the library's stable category and indicator codes, for the
// colour of a chip or a border only (the words always come from the library). Shared with the
// WeChat example (copied by sync-lib.mjs).
const LEVELS = [
  ['low', 'normal', 'minimal', 'robust', 'independent', 'absent', 'not-elevated', 'controlled', 'none', 'info'],
  ['medium', 'borderline', 'slightly-elevated', 'mild', 'pre-frail', 'overweight', 'underweight',
    'pre-central-obesity', 'mild-dependence', 'high-normal'],
  ['moderate', 'medium-high', 'intermediate', 'moderate-dependence', 'central-obesity', 'moderately-severe',
    'present', 'grade-1', 'warning', 'uncontrolled-first'],
  ['high', 'high-very-high', 'very-high', 'severe', 'frail', 'dependent', 'obese', 'grade-2', 'grade-3',
    'critical', 'urgent', 'uncontrolled-repeat'],
];

/** 0–3 for a known code; 1 (worth a look) for one this table does not know yet. */
export function level(code) {
  const i = LEVELS.findIndex((codes) => codes.includes(code));
  return i < 0 ? 1 : i;
}
