// Compiled (not run) by tests/js/typings.test.mjs with `tsc --noEmit --strict` in a fresh app
// that has the packed package in node_modules, under `moduleResolution` bundler, nodenext (as an
// ES module) and nodenext (as CommonJS): a front-end developer's use of every entry point
// type-checks against the declarations, by package name, as it would in their project.
import init, { initSync, assessRisk, assessModel, modelCatalog, version, defaultCareRules, type Profile, type RiskReport, type HealthStewardError } from 'health-steward';
import * as web from 'health-steward/web';
import * as node from 'health-steward/node';
import { init as initMiniProgram, PointsEngine, generateCarePlan, carePlanToIcs, carePlanToFhir, classifyFollowUp, evaluateReadings, defaultProgram } from 'health-steward/miniprogram';

export async function browser(bytes: Uint8Array): Promise<string> {
  await init(bytes);
  initSync(bytes);
  await web.default(new URL('https://example.invalid/health_steward_bg.wasm'));
  const profile: Profile = { sex: 'male', age: 60, sbp: 130, totalCholesterol: 5.4, hdlCholesterol: 1.4, waistCm: 80, region: 'north', residence: 'urban', smoker: false, diabetes: true };
  const report: RiskReport = assessRisk(profile, { locale: 'en', models: ['china-par', 'bmi'] });
  for (const r of report.results) {
    const label: string = r.label;
    // Narrowing by id gives each model's own details.
    if (r.id === 'hypertension' && r.details) {
      const grade: 'normal' | 'high-normal' | 'grade-1' | 'grade-2' | 'grade-3' = r.details.bpCategory;
      void grade;
    }
    void label;
  }
  // A literal model id types the result: details, category and what-ifs of that model.
  const cpar = assessModel('china-par', profile);
  const ideal: number | undefined = cpar.details?.ideal;
  const category: 'low' | 'medium' | 'high' = cpar.category;
  void ideal; void category;
  try {
    assessModel('china-par', { sex: 'female' });
  } catch (e) {
    const err = e as HealthStewardError;
    const code: string = err.code;
    const field: string | undefined = err.field;
    void code; void field;
  }
  const rules = defaultCareRules();
  const schedules: number = rules.schedules.length;
  return version() + modelCatalog('zh-CN').map((m) => m.id).join(',') + schedules;
}

export async function nodeSide(): Promise<number> {
  await node.default();
  return node.assessRisk({ sex: 'female', age: 50, heightCm: 160, weightKg: 60 }).results.length;
}

export async function miniProgram(): Promise<string> {
  await initMiniProgram('/miniprogram_npm/health-steward/health_steward_bg.wasm.br');
  const plan = generateCarePlan({ sex: 'male', age: 68, hypertension: true }, { startDate: '2026-11-24', locale: 'zh-CN' });
  const ics: string = carePlanToIcs(plan, { calendarName: '我的健康计划', uidNamespace: 'member-1' });
  const bundle = carePlanToFhir(plan, { patientReference: 'Patient/1' });
  const kinds = bundle.entry.map((e) => e.resource.resourceType).join(',');
  const follow = classifyFollowUp({ condition: 'hypertension', date: '2026-11-24', sbp: 182, dbp: 95 });
  const alerts = evaluateReadings([{ id: 'r1', at: '2026-11-24T08:00:00+08:00', kind: 'bp', sbp: 185, dbp: 100 }], { sex: 'male' }, { asOf: '2026-11-24' }).alerts;
  const program = defaultProgram();
  const engine = new PointsEngine(program);
  const result = engine.apply({ id: 'e1', memberId: 'm1', at: '2026-11-24T08:00:00+08:00', type: 'join', groups: { family: 'f1', building: 'b1' } });
  const board = engine.leaderboard({ scope: 'family', metric: 'participation', limit: 10 });
  const restored = PointsEngine.fromState(engine.exportState());
  restored.free();
  return ics + kinds + (program.name?.['zh-CN'] ?? '') + follow.status + alerts.length + String(result.accepted) + board.length;
}
