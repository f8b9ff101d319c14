// Compiled (not run) by tests/js/typings.test.mjs with `tsc --noEmit --strict`: a front-end
// developer's use of every entry point type-checks against the hand-kept declarations.
import init, { assessRisk, assessModel, modelCatalog, version, type Profile, type RiskReport, type HealthStewardError } from '../../pkg/web/index.js';
import * as node from '../../pkg/node/index.js';
import { init as initMiniProgram, PointsEngine, generateCarePlan, carePlanToIcs, carePlanToFhir, classifyFollowUp, evaluateReadings, defaultProgram } from '../../pkg/miniprogram/index.js';

export async function web(bytes: Uint8Array): Promise<string> {
  await init(bytes);
  await init(new URL('https://example.invalid/health_steward_bg.wasm'));
  const profile: Profile = { sex: 'male', age: 60, sbp: 130, totalCholesterol: 5.4, hdlCholesterol: 1.4, waistCm: 80, region: 'north', residence: 'urban', smoker: false, diabetes: true };
  const report: RiskReport = assessRisk(profile, { locale: 'en', models: ['china-par', 'bmi'] });
  for (const r of report.results) {
    const label: string = r.label;
    const pct: number = r.value;
    void label; void pct;
  }
  try {
    assessModel('china-par', { sex: 'female' });
  } catch (e) {
    const err = e as HealthStewardError;
    const code: string = err.code;
    void code;
  }
  return version() + modelCatalog('zh-CN').map((m) => m.id).join(',');
}

export function nodeSide(): number {
  return node.assessRisk({ sex: 'female', age: 50, heightCm: 160, weightKg: 60 }).results.length;
}

export async function miniProgram(): Promise<string> {
  await initMiniProgram('/lib/health-steward/health_steward_bg.wasm.br');
  const plan = generateCarePlan({ sex: 'male', age: 68, hypertension: true }, { startDate: '2026-11-24', locale: 'zh-CN' });
  const ics: string = carePlanToIcs(plan, { calendarName: '我的健康计划' });
  const bundle = carePlanToFhir(plan, { patientReference: 'Patient/1' });
  const follow = classifyFollowUp({ condition: 'hypertension', date: '2026-11-24', sbp: 182, dbp: 95 });
  const alerts = evaluateReadings([{ id: 'r1', at: '2026-11-24T08:00:00+08:00', kind: 'bp', sbp: 185, dbp: 100 }], { sex: 'male' }, { asOf: '2026-11-24' }).alerts;
  const engine = new PointsEngine(defaultProgram());
  const result = engine.apply({ id: 'e1', memberId: 'm1', at: '2026-11-24T08:00:00+08:00', type: 'join', groups: { family: 'f1', building: 'b1' } });
  const board = engine.leaderboard({ scope: 'family', metric: 'participation', limit: 10 });
  const restored = PointsEngine.fromState(engine.exportState());
  restored.free();
  return ics + bundle.type + follow.status + alerts.length + String(result.accepted) + board.length;
}
