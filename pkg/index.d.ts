// TypeScript declarations of the health-steward API (the contract; docs/ describes it in prose).
// Shared by the web, node and miniprogram entry points. Hand-kept: every export of the Wasm
// module has a declaration here; tests/js/typings.test.mjs checks that they stay in step.

// ----------------------------------------------------------------------------------------------
// Common

/** `'zh-CN'` (default) or `'en'`; any `zh…` / `en…` tag is accepted. */
export type Locale = 'zh-CN' | 'en' | (string & {});
/** A calendar date, `YYYY-MM-DD`. */
export type DateString = string;
/** An RFC 3339 instant with an offset, e.g. `2026-11-24T08:30:00+08:00`. */
export type Instant = string;
/** Bilingual text. */
export interface Text { 'zh-CN': string; en: string }

/** Stable error codes. */
export type ErrorCode =
  | 'INVALID_INPUT' | 'OUT_OF_RANGE' | 'MISSING_INPUT' | 'INVALID_DATE' | 'INVALID_RULES'
  | 'UNKNOWN_MODEL' | 'NOT_APPLICABLE' | 'UNKNOWN_MEMBER' | 'UNKNOWN_REWARD' | 'INSUFFICIENT_POINTS'
  | 'LIMIT_REACHED' | 'OUT_OF_STOCK' | 'INVALID_STATE' | 'STATE_TOO_LARGE';

/** Codes of events the points rules refuse (`accepted: false`) or accept with a note (`CAP_REACHED`). */
export type PointsResultCode =
  | 'UNKNOWN_MEMBER' | 'UNKNOWN_REWARD' | 'INSUFFICIENT_POINTS' | 'LIMIT_REACHED' | 'OUT_OF_STOCK'
  | 'ALREADY_MEMBER' | 'INVALID_REFERRAL' | 'UNKNOWN_CHALLENGE' | 'CHALLENGE_CLOSED' | 'INVALID_MAKEUP'
  | 'UNKNOWN_REDEMPTION' | 'ALREADY_REFUNDED' | 'OUT_OF_RANGE' | 'CAP_REACHED' | 'TOO_LATE';

/** Every function throws this (a real `Error`), never a Wasm trap or a string. */
export interface HealthStewardError extends Error {
  name: 'HealthStewardError';
  code: ErrorCode;
  /** JSON path of the field to blame, e.g. `profile.sbp`, when one field is (else `undefined`). */
  field?: string | undefined;
  /** In the requested locale. */
  message: string;
}

/** The crate version, e.g. `"0.1.0"`. */
export function version(): string;

export type ConcentrationUnit = 'mmol/L' | 'mg/dL';
/** Cholesterol by default (38.67 mg/dL per mmol/L); `'triglycerides'` uses 88.57. */
export function convertLipid(value: number, from: ConcentrationUnit, to: ConcentrationUnit, lipid?: 'cholesterol' | 'triglycerides'): number;
/** Glucose (18.016 mg/dL per mmol/L). */
export function convertGlucose(value: number, from: ConcentrationUnit, to: ConcentrationUnit): number;

// ----------------------------------------------------------------------------------------------
// Resident profile

export type Level = 'independent' | 'mild' | 'moderate' | 'dependent';

export interface Profile {
  sex: 'male' | 'female';
  /** Years; or `birthDate` + `options.asOf`. */
  age?: number;
  birthDate?: DateString;
  heightCm?: number; weightKg?: number; waistCm?: number;
  /** Office BP, mmHg. */
  sbp?: number; dbp?: number;
  onAntihypertensives?: boolean; onStatin?: boolean;
  /** mmol/L */
  totalCholesterol?: number; hdlCholesterol?: number; ldlCholesterol?: number; triglycerides?: number;
  /** mmol/L (hba1c in %, homocysteine in μmol/L, eGFR in mL/min/1.73 m²) */
  fastingGlucose?: number; postLoadGlucose?: number; hba1c?: number; homocysteine?: number; egfr?: number;
  /** Urine albumin-to-creatinine ratio, mg/g (PREVENT's UACR model). */
  uacr?: number;
  smoker?: boolean; diabetes?: boolean; hypertension?: boolean; dyslipidemia?: boolean;
  /** The resident's own answer to "clearly overweight or obese?" (stroke screening, when height and weight are not given). */
  overweight?: boolean;
  region?: 'north' | 'south'; residence?: 'urban' | 'rural';
  /** PCE only. */
  race?: 'white' | 'black' | 'other';
  familyHistory?: { ascvd?: boolean; prematureCvd?: boolean; diabetes?: boolean; stroke?: boolean };
  history?: {
    stroke?: boolean; tia?: boolean; myocardialInfarction?: boolean; coronaryHeartDisease?: boolean;
    heartFailure?: boolean; atrialFibrillation?: boolean; valvularHeartDisease?: boolean;
    peripheralArteryDisease?: boolean; ckdStage?: 1 | 2 | 3 | 4 | 5; targetOrganDamage?: boolean;
    diabetesComplications?: boolean;
  };
  activity?: { sessionsPerWeek?: number; minutesPerSession?: number; heavyLabour?: boolean };
  questionnaires?: {
    /** Nine item scores 0–3. */
    phq9?: number[];
    /** Seven item scores 0–3. */
    gad7?: number[];
    frail?: { fatigue: boolean; resistance: boolean; ambulation: boolean; illnesses: number; weightLoss: boolean };
    selfCare?: { eating: Level; grooming: Level; dressing: Level; toileting: Level; mobility: Level };
    findrisc?: {
      dailyActivity: boolean; dailyVegetables: boolean; everAntihypertensives: boolean;
      everHighGlucose: boolean; familyDiabetes: 'none' | 'second-degree' | 'first-degree';
    };
  };
  pregnancy?: { lastMenstrualPeriod?: DateString; dueDate?: DateString; deliveryDate?: DateString; dischargeDate?: DateString };
  employed?: boolean;
}

// ----------------------------------------------------------------------------------------------
// Risk scoring

export type ModelId =
  | 'china-par' | 'cdrs' | 'hypertension' | 'stroke-screen' | 'bmi' | 'waist' | 'child-bmi'
  | 'metabolic-syndrome' | 'phq9' | 'gad7' | 'frail' | 'self-care' | 'findrisc' | 'pce' | 'prevent'
  | 'framingham';

export interface AssessOptions {
  /** Assessment date, needed with `profile.birthDate`. */
  asOf?: DateString;
  locale?: Locale;
  /**
   * Only these models. By default the Chinese models and the questionnaires (catalogue entries
   * with `byDefault: true`); PCE, PREVENT and Framingham run only when named here.
   */
  models?: ModelId[];
}

export interface Card {
  code: string;
  indicator: 'info' | 'warning' | 'critical';
  /** Under 140 characters. */
  summary: string;
  detail: string;
  source: { label: string; clause?: string };
  /** Ids of the readings that triggered the card (home monitoring). */
  readings?: string[];
}

/** The category codes of each model (stable; the localized text is in `label`). */
export interface ModelCategories {
  'china-par': 'low' | 'medium' | 'high';
  cdrs: 'low' | 'high';
  hypertension: 'not-elevated' | 'low' | 'medium' | 'medium-high' | 'high' | 'high-very-high' | 'very-high';
  'stroke-screen': 'low' | 'medium' | 'high';
  bmi: 'underweight' | 'normal' | 'overweight' | 'obese';
  waist: 'normal' | 'pre-central-obesity' | 'central-obesity';
  'child-bmi': 'normal' | 'overweight' | 'obese';
  'metabolic-syndrome': 'absent' | 'present';
  phq9: 'minimal' | 'mild' | 'moderate' | 'moderately-severe' | 'severe';
  gad7: 'minimal' | 'mild' | 'moderate' | 'severe';
  frail: 'robust' | 'pre-frail' | 'frail';
  'self-care': 'independent' | 'mild-dependence' | 'moderate-dependence' | 'dependent';
  findrisc: 'low' | 'slightly-elevated' | 'moderate' | 'high' | 'very-high';
  pce: 'low' | 'borderline' | 'intermediate' | 'high';
  prevent: 'low' | 'borderline' | 'intermediate' | 'high';
  framingham: 'low' | 'intermediate' | 'high';
}

/** Blood-pressure category of the 2018 Chinese hypertension guideline. */
export type BpCategory = 'normal' | 'high-normal' | 'grade-1' | 'grade-2' | 'grade-3';

/** US models: the lipids as the equations take them. */
export interface MgDlLipids {
  totalCholesterolMgDl: number;
  hdlCholesterolMgDl: number;
  /** The factor used: mmol/L per mg/dL. */
  mmolPerMgDl: number;
}

/**
 * `details.ifUnansweredYes` of a result that counted absent yes/no answers as "no": the value and
 * category with every such answer "yes", and with each one alone (`question` in words).
 */
export interface IfUnansweredYes {
  value: number;
  category: string;
  label: string;
  questions: { field: string; question: string; value: number; category: string; label: string }[];
}

/** `details` of each model (`undefined`: the model has none). */
export interface ModelDetails {
  'china-par': {
    /** 10-year risk with ideal risk factors at the same age and sex, %. */
    ideal: number;
    idealCategory: ModelCategories['china-par'];
    /** Age outside 35–74: the equation is extrapolated. */
    extrapolated: boolean;
    /** Ages 20–59: lifetime risk (to age 85), %, one decimal, as the official calculator shows it. */
    lifetime?: number;
    /** `high` from 32.8% (终生高危). */
    lifetimeCategory?: 'high' | 'not-high';
    /** Lifetime risk with the ideal risk factors; present with `lifetime`. */
    idealLifetime?: number;
    ifUnansweredYes?: IfUnansweredYes;
  };
  cdrs: { /** Points from which the risk is high. */ highFrom: number; recommendOgtt: boolean; ifUnansweredYes?: IfUnansweredYes };
  hypertension: {
    bpCategory: BpCategory;
    /** Localized label of `bpCategory`. */
    bpLabel: string;
    /** The stratification table's column, or `null` when BP is not raised. */
    column: string | null;
    /** Count of other cardiovascular risk factors. */
    riskFactors: number;
    isolatedSystolic: boolean;
    diabetes: boolean;
    clinicalConditions: boolean;
    targetOrganDamage: boolean;
    ifUnansweredYes?: IfUnansweredYes;
  };
  'stroke-screen': { lipidsUnknown: boolean; priorStrokeOrTia: boolean; ifUnansweredYes?: IfUnansweredYes };
  bmi: { healthyWeightKg: { min: number; max: number } };
  waist: undefined;
  'child-bmi': {
    /** The half-year row of the WS/T 586 table used (years). */
    ageStep: number;
    /** BMI cut-offs of that row and sex, kg/m². */
    overweightFrom: number;
    obeseFrom: number;
  };
  'metabolic-syndrome': {
    components: { id: 'waist' | 'glucose' | 'bloodPressure' | 'triglycerides' | 'hdlCholesterol'; label: string; status: 'met' | 'not-met' | 'unknown' }[];
    met: number;
    unknown: number;
    ifUnansweredYes?: IfUnansweredYes;
  };
  phq9: { items: number[]; safetyAlert: boolean; /** Item 9 (thoughts of self-harm). */ selfHarmItem: number };
  gad7: { items: number[] };
  frail: undefined;
  'self-care': undefined;
  findrisc: {
    bmi: number;
    points: { age: number; bmi: number; waist: number; dailyActivity: number; dailyVegetables: number;
              everAntihypertensives: number; everHighGlucose: number; familyDiabetes: number };
    ifUnansweredYes?: IfUnansweredYes;
  };
  pce: MgDlLipids & {
    /** The equation set used: `white` or `african-american`. */ equations: string;
    /** `profile.race`, `null` when not given. */ race: string | null;
    /** LDL-C ≥ 4.9 mmol/L (190 mg/dL): outside the equations' use (warning `LDL_190_OR_MORE`). */
    outsideIntendedUse: boolean;
    ifUnansweredYes?: IfUnansweredYes;
  };
  prevent: MgDlLipids & {
    /** 10-year ASCVD risk, %. */
    ascvd: number;
    /** 10-year heart-failure risk, %. */
    heartFailure: number;
    bmi: number;
    /** The lower bounds of `borderline`, `intermediate` and `high`, %. */
    categoryCutoffs: number[];
    /** Where the cut-offs come from (PREVENT publishes none: borrowed from the PCE guidance). */
    categorySource: string;
    /** The equations used, chosen by the values present. */
    model: 'base' | 'hba1c' | 'uacr' | 'full';
    /** Ages 30–59: the 30-year risks, %. */
    thirtyYear?: { totalCvd: number; ascvd: number; heartFailure: number };
    ifUnansweredYes?: IfUnansweredYes;
  };
  /** The laboratory equation with lipids, or the office equation with BMI when lipids are absent. */
  framingham:
    | (MgDlLipids & { equation: 'laboratory'; ifUnansweredYes?: IfUnansweredYes })
    | { equation: 'office'; bmi: number; ifUnansweredYes?: IfUnansweredYes };
}

/** The readings behind the hypertension model's obesity factor. */
export interface ObesityMeasures { bmi: number | null; waistCm: number | null }

export interface Factor {
  id: string;
  label: string;
  /** The resident's value: a number, text, yes/no, or (hypertension) the measures behind obesity. */
  value?: number | string | boolean | ObesityMeasures;
  points?: number;
  modifiable: boolean;
}
export interface WhatIf<Category extends string = string> { id: string; label: string; value: number; category: Category }

/** Codes of a result's warnings. */
export type WarningCode =
  | 'EXTRAPOLATED' | 'ASSUMED_NO' | 'RACE_EQUATIONS' | 'DERIVATION_POPULATION' | 'UNKNOWN_COMPONENTS'
  | 'UNCHECKED_FACTORS' | 'LIPIDS_UNKNOWN' | 'SAFETY_ALERT' | 'TREATED_BP' | 'CATEGORIES_BORROWED'
  | 'LDL_190_OR_MORE' | 'OFFICE_MODEL';

/** The result of one model; `RiskResult` is the union over every model (narrow it by `id`). */
export interface ModelResult<Id extends ModelId> {
  id: Id;
  name: string;
  value: number;
  unit: 'percent' | 'points' | 'kg/m2' | 'cm' | 'count';
  /** Stable code (docs/api.md), e.g. `low`, `medium-high`. */
  category: ModelCategories[Id];
  /** Localized label of the category. */
  label: string;
  /** One sentence a resident understands. */
  summary: string;
  factors: Factor[];
  whatIf: WhatIf<ModelCategories[Id]>[];
  details?: ModelDetails[Id];
  warnings: { code: WarningCode; message: string }[];
  source: { citation: string; edition: string };
  /** Safety cards this result raises (PHQ-9 item 9 above 0), from `assessModel`; `assessRisk` moves them to `RiskReport.alerts`. */
  alerts?: Card[];
}
export type RiskResult = { [Id in ModelId]: ModelResult<Id> }[ModelId];

export interface SkippedModel {
  id: ModelId;
  reason: 'missing-input' | 'not-applicable';
  fields?: string[];
  message: string;
  /** `OUT_OF_RANGE` when a value is outside the model's accepted range. */
  code?: ErrorCode;
}

/** The opening of a report: the one finding that matters most, the next step, the best changes. */
export interface RiskSummary {
  /** The one finding that matters most, in one sentence. */
  headline: string;
  /** What to do next; `within` is an ISO 8601 duration (`P0D` now, `P14D`, `P1M`, `P3M`, `P1Y`). */
  nextStep: { text: string; within?: string };
  /** At most three what-ifs (of China-PAR when scored) that lower risk most, best first. */
  topChanges: { id: string; label: string }[];
  /** The value of `modelId` with `topChanges` applied together. */
  combinedWhatIf?: { modelId: ModelId | (string & {}); value: number; category: string };
}

export interface RiskReport {
  asOf?: DateString;
  locale: string;
  age?: number;
  summary: RiskSummary;
  results: RiskResult[];
  skipped: SkippedModel[];
  alerts: Card[];
}

/**
 * Scores every selected model whose inputs are present and applicable (by default the Chinese
 * models and the questionnaires). Throws `INVALID_INPUT` on `profile.dbp` when the diastolic
 * pressure is not below the systolic one.
 */
export function assessRisk(profile: Profile, options?: AssessOptions): RiskReport;
/** Scores one model; throws `MISSING_INPUT` naming the fields, `NOT_APPLICABLE` or `UNKNOWN_MODEL`. */
export function assessModel<Id extends ModelId>(modelId: Id, profile: Profile, options?: AssessOptions): ModelResult<Id>;
export function assessModel(modelId: string, profile: Profile, options?: AssessOptions): RiskResult;

export interface CatalogEntry {
  id: ModelId;
  name: string;
  names: Text;
  unit: RiskResult['unit'];
  /** `field`: the profile path (`sbp`, `questionnaires.phq9`); `unit`: its unit (`''` for yes/no and text). */
  inputs: { field: string; unit: string; min?: number; max?: number; required: boolean }[];
  citation: string;
  edition: string;
  ages: { min: number; max: number };
  categories: { id: string; label: string }[];
  /** Scored by `assessRisk` unless `options.models` says otherwise. */
  byDefault: boolean;
  /** Items an app can ask one by one to fill a count input (FRAIL's 11 illnesses); absent when none. */
  checklists?: { field: string; items: { id: string; label: string }[] }[];
}
export function modelCatalog(locale?: Locale): CatalogEntry[];

/**
 * eGFR (mL/min/1.73 m², whole number) by the CKD-EPI 2021 creatinine equation without race, for
 * PREVENT's `egfr` when only a creatinine result is at hand. Creatinine 0.1–30 mg/dL (or the same
 * in μmol/L), ages 18–100; errors are `OUT_OF_RANGE` / `INVALID_INPUT` / `MISSING_INPUT` naming
 * `input.creatinine`, `input.unit`, `input.age` or `input.sex`.
 */
export function estimateEgfr(
  input: { creatinine: number; unit: 'mg/dL' | 'umol/L' | 'μmol/L'; age: number; sex: 'male' | 'female' },
  options?: { locale?: Locale },
): number;

/** Columns of `chinaParBatch`: one row per resident, all of the same length. Lipids in mmol/L; flags 0 or 1. */
export interface ChinaParColumns {
  /** 1 = male, 0 = female. */
  male: Uint8Array;
  /** Years, 20–85 (results outside 35–74 are extrapolations). */
  age: Float64Array;
  /** mmHg, 70–200. */
  sbp: Float64Array;
  onAntihypertensives: Uint8Array;
  /** mmol/L, 2–11. */
  totalCholesterol: Float64Array;
  /** mmol/L, 0.5–4. */
  hdlCholesterol: Float64Array;
  /** cm, 50–130. */
  waistCm: Float64Array;
  smoker: Uint8Array;
  diabetes: Uint8Array;
  /** 1 = north of the Yangtze. */
  north: Uint8Array;
  /** 1 = urban residence (not in the women's equation). */
  urban: Uint8Array;
  /** 1 = a parent or sibling had a heart attack or stroke (not in the women's equation). */
  familyHistoryAscvd: Uint8Array;
}
/**
 * China-PAR 10-year risk of every row, in percent, unrounded: rounded half away from zero to one
 * decimal it is `assessModel('china-par', …).value` (whose category uses the rounded value).
 * Throws `MISSING_INPUT`, `INVALID_INPUT` or `OUT_OF_RANGE` naming the first bad value, e.g.
 * `columns.sbp[17]`. Residents with a prior stroke, MI or coronary heart disease must be left out
 * by the caller (China-PAR does not apply to them).
 */
export function chinaParBatch(columns: ChinaParColumns, options?: { locale?: Locale }): Float64Array;

// ----------------------------------------------------------------------------------------------
// Home monitoring

export interface Reading {
  id: string;
  at: Instant;
  kind: 'bp' | 'glucose' | 'heart-rate' | 'spo2' | 'temperature' | 'weight';
  sbp?: number; dbp?: number;
  value?: number;
  context?: 'fasting' | 'postprandial' | 'random';
  /**
   * Glucose only: `mmol/L` (the default) or `mg/dL` (converted). Without it, a value above 33.3
   * (the highest a meter shows in mmol/L) is refused as probably mg/dL (`INVALID_INPUT` on `unit`).
   */
  unit?: 'mmol/L' | 'mg/dL';
}
export function evaluateReadings(
  readings: Reading[],
  profile: Profile,
  options: { asOf: DateString | Instant; locale?: Locale; utcOffset?: string },
): { alerts: Card[] };

// ----------------------------------------------------------------------------------------------
// Care plans

export interface Activity {
  id: string;
  kind: 'follow-up' | 'health-check' | 'screening' | 'prenatal-visit' | 'postpartum-visit'
    | 'child-check' | 'reassessment' | 'lifestyle' | 'education';
  title: string;
  due: DateString;
  window?: { start: DateString; end: DateString };
  reason: string;
  source: { label: string; clause?: string };
}

export interface Visit {
  condition: 'hypertension' | 'diabetes';
  date: DateString;
  age?: number; sbp?: number; dbp?: number;
  glucose?: number; glucoseContext?: 'fasting' | 'random';
  heartRate?: number; temperature?: number;
  adverseReaction?: boolean; uncontrollableAdverseReaction?: boolean; newOrWorseComplication?: boolean;
  dangerSymptoms?: boolean;
}

export interface FollowUp {
  condition?: Visit['condition'];
  visitDate?: DateString;
  status: 'controlled' | 'uncontrolled-first' | 'uncontrolled-repeat' | 'urgent';
  referral: 'none' | 'planned' | 'urgent';
  nextVisit: DateString;
  reasons: string[];
  cards: Card[];
}

/** Where a plan item comes from: the source's label and the clause. */
export interface PlanSource { label: string; clause?: string }

/** One measurable part of a goal's target (LOINC `code` where one exists, UCUM `ucum`). */
export interface GoalComponent {
  metric: string;
  comparator?: '<' | '<=' | '>' | '>=';
  value?: number;
  /** A range instead of a comparator. */
  low?: number;
  high?: number;
  unit: string;
  ucum: string;
  code?: string;
  system?: string;
  display?: string;
}

export interface CarePlan {
  startDate: DateString; endDate: DateString; locale: string; rulesVersion: string;
  segments: { id: string; label: string; reason: string; source?: PlanSource }[];
  packages: {
    id: string; label: string; services: { id: string; label: string }[];
    tier?: 'basic' | 'standard' | 'premium' | (string & {}); optional?: boolean; termMonths?: number;
    price?: { amount: number; currency: string; per?: string };
    source?: PlanSource;
  }[];
  goals: { id: string; measure: string; label: string; target: { components: GoalComponent[]; text: string };
           due?: DateString; source?: PlanSource }[];
  /** Sorted by due date. */
  activities: Activity[];
  cards: Card[];
  /** The risk results the plan was built from. */
  risks?: { id: ModelId; name: string; value: number; unit: RiskResult['unit']; category: string; label: string;
            summary: string; source?: PlanSource }[];
  /** When cardiovascular risk should be reassessed, and why. */
  reassessment?: { id: string; intervalMonths: number; due: DateString; reason: string; source: PlanSource };
  /** The classification of each visit given in `options.visits`. */
  followUps?: FollowUp[];
}

export interface CarePlanOptions {
  startDate: DateString;
  /** Default 12. */
  horizonMonths?: number;
  locale?: Locale;
  /** A rule set replacing (`CareRules`) or extending (`{ extends: 'default', … }`) `defaultCareRules()`. */
  rules?: CareRulesInput;
  /** A report from `assessRisk`; computed when absent. */
  report?: RiskReport;
  visits?: Visit[];
}

export function generateCarePlan(profile: Profile, options: CarePlanOptions): CarePlan;
export function classifyFollowUp(visit: Visit, options?: { previous?: Visit; locale?: Locale; rules?: CareRulesInput }): FollowUp;
/**
 * RFC 5545 text (CRLF line endings), one all-day event per activity. UIDs are
 * `<activity id>.<16 hex>@health-steward`: the hex hashes `uidNamespace` when given (pass the
 * member id: a revised plan keeps the UIDs of unchanged activities), else the plan's machine
 * fields, so two residents' plans do not collide in one calendar and re-exporting keeps UIDs.
 */
export function carePlanToIcs(plan: CarePlan, options?: { calendarName?: string; uidNamespace?: string }): string;
/** A FHIR R4 Bundle (type `collection`): the CarePlan, its Goals and the RiskAssessments. */
export function carePlanToFhir(plan: CarePlan, options: { patientReference: string }): FhirBundle;
/** The default, versioned rule set (`rules/care-rules.v1.json`; docs/care-rules.md). */
export function defaultCareRules(): CareRules;

// ---- Care rules (the document `defaultCareRules()` returns and `options.rules` takes)

export type RuleOp = '<' | '<=' | '>' | '>=' | '==' | '!=' | 'in';
/** A condition of the rule language (docs/care-rules.md). */
export type RuleCondition =
  | { all: RuleCondition[] }
  | { any: RuleCondition[] }
  | { not: RuleCondition }
  | { segment: string }
  | { ref: string }
  | { fact: string; op: RuleOp; value: number | boolean | string | string[] }
  | { risk: string; in: string[] }
  | { risk: string; op: Exclude<RuleOp, 'in'>; value: number };

/** A clause: bilingual, or one text for both languages. */
export type RuleClause = Text | string;
/** An offset from an anchor date. */
export interface RuleOffset { months?: number; weeks?: number; days?: number }

export interface CareSchedule {
  id: string;
  kind: Activity['kind'];
  /** `follow-up` (by condition), `recurring` (every `intervalMonths`) or `anchored` (to a life event). */
  type: 'follow-up' | 'recurring' | 'anchored';
  segments: string[];
  exceptSegments?: string[];
  condition?: 'hypertension' | 'diabetes';
  intervalMonths?: number;
  offsetMonths?: number;
  when?: RuleCondition;
  anchor?: 'lmp' | 'delivery' | 'discharge' | 'birth' | (string & {});
  from?: RuleOffset;
  to?: RuleOffset;
  fallback?: { anchor: string; from: RuleOffset; to: RuleOffset };
  title: Text;
  reason: Text;
  source: string;
  clause: RuleClause;
}

export interface CareRules {
  version: string;
  title?: Text;
  sources: { id: string; label: Text; edition?: string }[];
  conditions?: { id: string; when: RuleCondition }[];
  segments: {
    id: string; label: Text;
    criteria: { when: RuleCondition; reason: Text }[];
    packages: string[];
    unless?: RuleCondition; fallback?: boolean; reason?: Text;
    source: string; clause: RuleClause;
  }[];
  schedules: CareSchedule[];
  classification: {
    urgent: { sbp: number; dbp: number; glucoseHigh: number; glucoseLow: number; heartRate: number; temperature: number };
    control: {
      hypertension: { sbp: number; dbp: number; elderlyAge: number; elderlySbp: number; elderlyDbp: number };
      diabetes: { fastingGlucose: number };
    };
    nextVisit: { controlledMonths: number; uncontrolledDays: number };
    source: string; clause: RuleClause;
  };
  reassessment?: { id: string; when: RuleCondition; intervalMonths: number; title: Text; reason: Text; source: string; clause: RuleClause }[];
  /** The first assessment, due on the plan's start date when a `reassessment` tier applies and the
   *  risk report holds no result of the `assessedBy` models (lipids missing, say). */
  firstAssessment?: { id: string; assessedBy: string[]; unless?: RuleCondition; title: Text; reason: Text; source: string; clause: RuleClause };
  goals?: { id: string; measure: string; when: RuleCondition; label: Text;
            target: { components: GoalComponent[]; text: Text };
            /** `plan-end`: due at the end of the plan. */
            due?: 'plan-end' | (string & {});
            source: string; clause: RuleClause }[];
  advice?: { id: string; indicator: Card['indicator']; when: RuleCondition; summary: Text; detail: Text; source: string; clause: RuleClause }[];
  packages: {
    id: string; label: Text; services: { id: string; label: Text }[];
    always?: boolean; optional?: boolean; tier?: string; termMonths?: number;
    price?: { amount: number; currency: string; per?: string };
    source: string; clause: RuleClause;
  }[];
}

/** A patch over the default rules: array items merged by `id` (RFC 7396), `remove: true` deletes. */
export type CareRulesPatch = { extends: 'default' } & {
  [K in keyof CareRules]?: CareRules[K] extends (infer Item)[] ? (Partial<Item> & { id: string; remove?: boolean })[] : Partial<CareRules[K]>;
};
export type CareRulesInput = CareRules | CareRulesPatch;

// ---- FHIR R4 resources the export writes

export interface FhirCoding { system: string; code: string; display?: string }
export interface FhirCodeableConcept { coding?: FhirCoding[]; text?: string }
export interface FhirQuantity { value: number; comparator?: '<' | '<=' | '>=' | '>'; unit: string; system: string; code: string }
export interface FhirReference { reference: string }

export interface FhirCarePlan {
  resourceType: 'CarePlan';
  id: string;
  language: string;
  status: 'active';
  intent: 'plan';
  title: string;
  description: string;
  subject: FhirReference;
  period: { start: DateString; end: DateString };
  category: FhirCodeableConcept[];
  /** Absent when the plan has no goals. */
  goal?: FhirReference[];
  activity: { detail: { kind: 'Appointment' | 'ServiceRequest' | 'Task'; code: FhirCodeableConcept; status: 'scheduled';
                        description: string; scheduledPeriod: { start: DateString; end: DateString } } }[];
  note?: { text: string }[];
}

export interface FhirGoal {
  resourceType: 'Goal';
  id: string;
  language: string;
  lifecycleStatus: 'active';
  description: { text: string };
  subject: FhirReference;
  startDate: DateString;
  target?: { measure?: FhirCodeableConcept; detailQuantity?: FhirQuantity;
             detailRange?: { low?: FhirQuantity; high?: FhirQuantity }; dueDate?: DateString }[];
  note?: { text: string }[];
}

export interface FhirRiskAssessment {
  resourceType: 'RiskAssessment';
  id: string;
  language: string;
  status: 'final';
  subject: FhirReference;
  occurrenceDateTime: DateString;
  method: FhirCodeableConcept;
  basis?: { display: string }[];
  prediction: { outcome: { text: string }; probabilityDecimal?: number; qualitativeRisk?: FhirCodeableConcept }[];
  note?: { text: string }[];
}

export interface FhirBundle {
  resourceType: 'Bundle';
  id: string;
  type: 'collection';
  entry: { fullUrl: string; resource: FhirCarePlan | FhirGoal | FhirRiskAssessment }[];
}

// ----------------------------------------------------------------------------------------------
// Points, membership and challenges

export interface Program {
  version: 1;
  /** The program's id and name (`defaultProgram()` has both; optional in a program you write). */
  id?: string;
  name?: Text;
  /** e.g. `'+08:00'`. */
  utcOffset: string;
  /** Hours behind the clock an event may be dated and still count (168 when absent). */
  syncGraceHours?: number;
  earning: { id: string; on: 'check-in' | 'activity' | 'follow-up' | 'share'; points: number;
             /** `scope` (check-in rules): `'challenge'` counts each challenge apart, `'member'` all together. */
             cap?: { times: number; per: 'day' | 'week' | 'month'; scope?: 'challenge' | 'member' } }[];
  referral: { points: number; bonus?: { at: number; points: number } };
  tiers: { windowDays: number; levels: { id: string; minEarned: number; title: Text; benefits: Text[] }[] };
  expiry: { policy: 'end-of-next-year' | 'after-days' | 'never'; days?: number };
  rewards: { id: string; title: Text; cost: number; stock?: number; perMemberLimit?: number }[];
  challenges: { id: string; title: Text; startDate: DateString; days: number; makeupCards: number;
                completionBonus: number; streakMilestones: { days: number; points: number }[];
                syncGraceHours: number }[];
}

export type PointsEventType =
  | 'join' | 'check-in' | 'makeup' | 'activity' | 'follow-up' | 'share' | 'referral'
  | 'redeem' | 'refund' | 'adjust';

export interface PointsEvent {
  id: string;
  memberId: string;
  at: Instant;
  type: PointsEventType;
  challengeId?: string;
  /** makeup: the missed local day. */
  date?: DateString;
  /** join */
  groups?: { family?: string; building?: string };
  /** join: who referred this member. */
  referrerId?: string;
  /** redeem / refund */
  rewardId?: string; redemptionId?: string;
  /** adjust */
  points?: number; reason?: string;
  /** adjust: a manual tier override (a floor) … */
  tier?: string;
  /** … until this local day (inclusive). */
  until?: DateString;
}

export interface ApplyResult {
  eventId: string;
  accepted: boolean;
  duplicate: boolean;
  code?: PointsResultCode | (string & {});
  message?: string;
  awards: { memberId: string; ruleId: string; points: number; reason: string }[];
  balance: number;
  tier: string;
  tierChange?: { from: string; to: string };
}

/** Whether an event is accepted, and its code (a refusal code, or `CAP_REACHED`). */
export interface PointsVerdict { accepted: boolean; code?: PointsResultCode | (string & {}) }

/** The outcome of an event applied in an earlier call that a later call changed (a late event). */
export interface PointsChange { eventId: string; memberId: string; before: PointsVerdict; after: PointsVerdict }

/** `apply`: the event's result plus the earlier outcomes this call changed. */
export interface ApplyOneResult extends ApplyResult { changed: PointsChange[] }

/** `applyBatch`: results in input order, plus the earlier outcomes this batch changed. */
export interface ApplyBatchResult { results: ApplyResult[]; changed: PointsChange[] }

/** `outcome(eventId)`: the outcome when the event was applied (or imported) and the current one. */
export interface PointsOutcome { eventId: string; memberId: string; original: PointsVerdict; current: PointsVerdict }

export interface MemberView {
  memberId: string;
  balance: number;
  earnedInWindow: number;
  lifetimeEarned: number;
  tier: string;
  nextTier?: { id: string; pointsNeeded: number };
  expiring: { date: DateString; points: number }[];
  challenges: { id: string; daysCompleted: number; currentStreak: number; longestStreak: number;
                makeupCardsLeft: number; completed: boolean; final: boolean; points: number }[];
  referrals: { qualified: number; pending: number };
  joinedAt: Instant;
  family?: string;
  building?: string;
}

export interface LedgerEntry {
  eventId: string;
  ruleId: string;
  kind: 'earn' | 'spend' | 'expire' | 'adjust' | 'reverse' | 'tier' | 'carry';
  points: number;
  at: Instant;
  localDate: DateString;
  expiresAt?: Instant;
  tierChange?: { from: string; to: string };
}

export interface PointsStats {
  /** Events held (the open log, held refusals included). */
  events: number;
  /** Held refusals. */
  pending: number;
  members: number;
  /** Members with a checkpoint (compacted history). */
  checkpoints: number;
  /** Remembered ids of refusals no longer held. */
  forgotten: number;
  /** Bytes of memory the engine holds (estimated from its tables). */
  bytes: number;
  memberReplays: number;
  fullReplays: number;
}

export interface LeaderboardRow { rank: number; id: string; score: number; members: number }

export class PointsEngine {
  /** The default program when omitted; throws `INVALID_RULES` naming the path on a bad program. */
  constructor(program?: Program, options?: { locale?: Locale });
  /** Restores an engine from `exportState()`; throws `INVALID_STATE`. With `key`, the document
   *  must carry an HMAC-SHA-256 under that key (docs/points-rules.md, "The state document"). */
  static fromState(json: string, options?: { locale?: Locale; key?: string }): PointsEngine;
  /** How many events the engine holds (its log). */
  eventCount(): number;
  /** Malformed events throw; events the rules refuse return `accepted: false` with a code. */
  apply(event: PointsEvent): ApplyOneResult;
  /** Same outcome as applying the events in timestamp order. */
  applyBatch(events: PointsEvent[]): ApplyBatchResult;
  /** The original and current outcome of an event; `null` for an id the engine does not hold. */
  outcome(eventId: string): PointsOutcome | null;
  member(memberId: string, options?: { asOf?: Instant }): MemberView;
  leaderboard(options: { challengeId?: string; scope: 'member' | 'family' | 'building';
                         metric?: 'points' | 'participation'; limit?: number }): LeaderboardRow[];
  ledger(memberId: string): LedgerEntry[];
  /** Expires points and finalises challenges up to `instant` (the engine never reads the clock). */
  advanceTo(instant: Instant): { expired: { memberId: string; points: number }[]; finalized: string[] };
  /** Versioned JSON, sealed with a checksum, and an HMAC-SHA-256 when `key` (≥ 16 bytes) is given.
   *  Throws `STATE_TOO_LARGE` when the document would be longer than a JS string can be
   *  (2^29 − 24 characters in V8, about 5 M events uncompacted): `compact()` first.
   *  (`apply`, `applyBatch` and `fromState` throw it too once the module holds 3 GB.) */
  exportState(options?: { key?: string; locale?: string }): string;
  /** Folds the history before the horizon into per-member checkpoints (after `advanceTo`). */
  compact(): { horizon: Instant | null; folded: number; members: number };
  /** Figures of the engine's memory and work. */
  stats(): PointsStats;
  /** Releases the Wasm memory of this engine. */
  free(): void;
}

export function defaultProgram(): Program;
