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
  | 'LIMIT_REACHED' | 'OUT_OF_STOCK' | 'INVALID_STATE';

/** Codes of events the points rules refuse (`accepted: false`) or accept with a note (`CAP_REACHED`). */
export type PointsResultCode =
  | 'UNKNOWN_MEMBER' | 'UNKNOWN_REWARD' | 'INSUFFICIENT_POINTS' | 'LIMIT_REACHED' | 'OUT_OF_STOCK'
  | 'ALREADY_MEMBER' | 'INVALID_REFERRAL' | 'UNKNOWN_CHALLENGE' | 'CHALLENGE_CLOSED' | 'INVALID_MAKEUP'
  | 'UNKNOWN_REDEMPTION' | 'ALREADY_REFUNDED' | 'OUT_OF_RANGE' | 'CAP_REACHED';

/** Every function throws this (a real `Error`), never a Wasm trap or a string. */
export interface HealthStewardError extends Error {
  name: 'HealthStewardError';
  code: ErrorCode;
  /** JSON path of the field to blame, e.g. `profile.sbp`, when one field is. */
  field?: string;
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
  smoker?: boolean; diabetes?: boolean; hypertension?: boolean; dyslipidemia?: boolean;
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

export interface Factor {
  id: string; label: string; value?: number | string | boolean; points?: number; modifiable: boolean;
}
export interface WhatIf { id: string; label: string; value: number; category: string }

export interface RiskResult {
  id: ModelId | (string & {});
  name: string;
  value: number;
  unit: 'percent' | 'points' | 'kg/m2' | 'cm' | 'count';
  /** Stable code (see API.md), e.g. `low`, `medium-high`. */
  category: string;
  /** Localized label of the category. */
  label: string;
  /** One sentence a resident understands. */
  summary: string;
  factors: Factor[];
  whatIf: WhatIf[];
  /** Model-specific, e.g. China-PAR {@link ChinaParDetails}, PREVENT {@link PreventDetails}, hypertension `{ bpCategory, isolatedSystolic }`; any model that counted unanswered questions as "no": `ifUnansweredYes` ({@link IfUnansweredYes}). */
  details?: Record<string, unknown>;
  warnings: { code: string; message: string }[];
  source: { citation: string; edition: string };
  /** Safety cards this result raises (PHQ-9 item 9 above 0), from `assessModel`; `assessRisk` moves them to `RiskReport.alerts`. */
  alerts?: Card[];
}

/**
 * `details.ifUnansweredYes` of a result that counted absent yes/no answers as "no": the value and
 * category with every such answer "yes", and with each one alone.
 */
export interface IfUnansweredYes {
  value: number;
  category: string;
  label: string;
  questions: { field: string; question: string; value: number; category: string; label: string }[];
}

/** `details` of a PREVENT result. */
export interface PreventDetails {
  model: 'base' | 'hba1c' | 'uacr' | 'full';
  ascvd: number;
  heartFailure: number;
  /** Ages 30–59: 30-year risks, percent. */
  thirtyYear?: { totalCvd: number; ascvd: number; heartFailure: number };
  categoryCutoffs: number[];
  categorySource: string;
  ifUnansweredYes?: IfUnansweredYes;
}

/** `details` of a China-PAR result (`assessModel('china-par', …).details`). */
export interface ChinaParDetails {
  /** 10-year risk, percent (one decimal), with the official calculator's "ideal" values. */
  ideal: number;
  idealCategory: 'low' | 'medium' | 'high';
  /** Age outside the derivation cohorts' 35–74. */
  extrapolated: boolean;
  /** Lifetime risk to age 85, percent (one decimal); ages 20–59 only, as on the official calculator. */
  lifetime?: number;
  /** `high` from 32.8% (终生高危). */
  lifetimeCategory?: 'high' | 'not-high';
  /** Lifetime risk with the ideal values; present with `lifetime`. */
  idealLifetime?: number;
  ifUnansweredYes?: IfUnansweredYes;
}

export interface SkippedModel {
  id: string;
  reason: 'missing-input' | 'not-applicable';
  fields?: string[];
  message: string;
  /** `OUT_OF_RANGE` when a value is outside the model's accepted range. */
  code?: string;
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
/** Scores one model; throws `MISSING_INPUT` naming the fields, or `NOT_APPLICABLE`. */
export function assessModel(modelId: ModelId | (string & {}), profile: Profile, options?: AssessOptions): RiskResult;

export interface CatalogEntry {
  id: ModelId | (string & {});
  name: string;
  names: Text;
  unit: RiskResult['unit'];
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

export interface CarePlan {
  startDate: DateString; endDate: DateString; locale: string; rulesVersion: string;
  segments: { id: string; label: string; reason: string; source?: { label: string; clause?: string } }[];
  packages: {
    id: string; label: string; services: { id: string; label: string }[];
    tier?: string; optional?: boolean; termMonths?: number;
    price?: { amount: number; currency: string; per?: string };
    source?: { label: string; clause?: string };
  }[];
  goals: { id: string; measure: string; label: string; target: Record<string, unknown>; due?: DateString;
           source?: { label: string; clause?: string } }[];
  /** Sorted by due date. */
  activities: Activity[];
  cards: Card[];
  /** The risk results the plan was built from (id, category, value). */
  risks?: Record<string, unknown>[];
  /** When cardiovascular risk should be reassessed, and why. */
  reassessment?: Record<string, unknown>;
  /** The classification of each visit given in `options.visits`. */
  followUps?: FollowUp[];
}

export interface CarePlanOptions {
  startDate: DateString;
  /** Default 12. */
  horizonMonths?: number;
  locale?: Locale;
  /** A rule set replacing or extending `defaultCareRules()`. */
  rules?: Record<string, unknown>;
  /** A report from `assessRisk`; computed when absent. */
  report?: RiskReport;
  visits?: Visit[];
}

export function generateCarePlan(profile: Profile, options: CarePlanOptions): CarePlan;
export function classifyFollowUp(visit: Visit, options?: { previous?: Visit; locale?: Locale; rules?: Record<string, unknown> }): FollowUp;
/** RFC 5545 text (CRLF line endings). `uidNamespace` makes UIDs unique per app (default `health-steward`). */
export function carePlanToIcs(plan: CarePlan, options?: { calendarName?: string; uidNamespace?: string }): string;
/** A FHIR R4 Bundle (type `collection`). */
export function carePlanToFhir(plan: CarePlan, options: { patientReference: string }): FhirBundle;
/** The default, versioned rule set (JSON). */
export function defaultCareRules(): Record<string, unknown>;

export interface FhirBundle {
  resourceType: 'Bundle';
  type: 'collection';
  entry: { fullUrl?: string; resource: { resourceType: string; [key: string]: unknown } }[];
  [key: string]: unknown;
}

// ----------------------------------------------------------------------------------------------
// Points, membership and challenges

export interface Program {
  version: 1;
  /** e.g. `'+08:00'`. */
  utcOffset: string;
  earning: { id: string; on: 'check-in' | 'activity' | 'follow-up' | 'share'; points: number;
             cap?: { times: number; per: 'day' | 'week' | 'month' } }[];
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
  kind: 'earn' | 'spend' | 'expire' | 'adjust' | 'reverse' | 'tier';
  points: number;
  at: Instant;
  localDate: DateString;
  expiresAt?: Instant;
  tierChange?: { from: string; to: string };
}

export interface LeaderboardRow { rank: number; id: string; score: number; members: number }

export class PointsEngine {
  /** The default program when omitted; throws `INVALID_RULES` naming the path on a bad program. */
  constructor(program?: Program, options?: { locale?: Locale });
  /** Restores an engine from `exportState()`; throws `INVALID_STATE`. */
  static fromState(json: string, options?: { locale?: Locale }): PointsEngine;
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
  /** Versioned JSON. */
  exportState(): string;
  /** Releases the Wasm memory of this engine. */
  free(): void;
}

export function defaultProgram(): Program;
