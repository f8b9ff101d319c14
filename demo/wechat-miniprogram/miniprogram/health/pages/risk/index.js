// My risk: the profile form (wx storage, on the phone only) → assessRisk → the report's summary
// first (the finding, the next step and how soon, the changes that help most), then each result
// as a number in text. Until the Wasm is ready the button says so and a tap waits for it.
//
// A profile is saved only when it passes the strict reading of each box, the library's
// validation (its message under the field it names) and the checks the library does not make yet
// (impossible pairs, a glucose no meter shows) — the same rules as the web demo (lib/numbers.js).
'use strict';
const i18n = require('../../../common/i18n.js');
const bridge = require('../../bridge.js');

const FIELDS = [
  { path: 'sex', type: 'seg', options: ['male', 'female'] },
  { path: 'age', type: 'number' },
  { path: 'heightCm', type: 'number' },
  { path: 'weightKg', type: 'number' },
  { path: 'waistCm', type: 'number' },
  { path: 'sbp', type: 'number', bp: true },
  { path: 'dbp', type: 'number', bp: true },
  { path: 'onAntihypertensives', type: 'check' },
  { path: 'totalCholesterol', type: 'number' },
  { path: 'hdlCholesterol', type: 'number' },
  { path: 'fastingGlucose', type: 'number' },
  { path: 'smoker', type: 'check' },
  { path: 'hypertension', type: 'check' },
  { path: 'diabetes', type: 'check' },
  { path: 'familyHistory.ascvd', type: 'check', label: 'risk_familyAscvd' },
  { path: 'familyHistory.diabetes', type: 'check', label: 'risk_familyDiabetes' },
  { path: 'region', type: 'seg', options: ['north', 'south'] },
  { path: 'residence', type: 'seg', options: ['urban', 'rural'] },
];

const EXAMPLE = {
  sex: 'male', age: 58, heightCm: 168, weightKg: 75, waistCm: 92, sbp: 148, dbp: 92, onAntihypertensives: false,
  totalCholesterol: 5.6, hdlCholesterol: 1.1, fastingGlucose: 6.3, smoker: true, hypertension: true, diabetes: false,
  familyHistory: { ascvd: false, diabetes: true }, region: 'north', residence: 'urban',
};

function get(obj, path) {
  return path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj);
}
function set(obj, path, value) {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) o = o[k] || (o[k] = {});
  if (value === undefined) delete o[keys[keys.length - 1]];
  else o[keys[keys.length - 1]] = value;
}

/** The form's values as typed (numbers as strings), from a profile. */
function rawOf(profile) {
  const raw = {};
  for (const f of FIELDS) {
    const v = get(profile, f.path);
    if (v !== undefined) raw[f.path] = f.type === 'number' ? String(v) : v;
  }
  return raw;
}

function labelOf(path) {
  const def = FIELDS.find((x) => x.path === String(path).replace(/^profile\./, ''));
  if (!def) return '';
  return String(i18n.labels()[def.label || `risk_${def.path}`] || '').replace(/（[^）]*）$|\s*\([^)]*\)$/, '');
}

/** The library's default models (China-first) whose required inputs this form collects. */
function offeredModels(catalog) {
  const onForm = (field) => field === 'bmi' || FIELDS.some((f) => f.path === field || f.path.indexOf(`${field}.`) === 0);
  return catalog.filter((m) => m.byDefault !== false)
    .filter((m) => (m.inputs || []).filter((i) => i.required).every((i) => onForm(i.field)))
    .map((m) => m.id);
}

/** The library's message, or the field named in words when it carries a path or code name. */
function residentMessage(e) {
  return bridge.residentMessage(e, labelOf);
}

Component({
  data: {
    L: {}, elder: false, ready: false, waiting: false, version: '', fields: [], formError: '',
    assessed: false, summary: null, lead: null, others: [], alerts: [], skipped: [], asOf: '',
  },
  methods: {
    onLoad(query) {
      bridge.pinToday(query && query.today);
      const saved = bridge.getProfile();
      this.raw = rawOf(saved || {});
      this.errors = {};
      this.refresh();
      this.ready = bridge.load().then(() => {
        this.setData({ ready: true, version: bridge.hs.version() });
        if (this.queued) {
          this.queued = false;
          this.setData({ waiting: false });
          return this.onAssess();
        }
        if (bridge.getProfile()) return this.assess(bridge.getProfile());
        return null;
      }, (e) => this.setData({ formError: bridge.errorOf(e).message, waiting: false }));
      return this.ready;
    },
    refresh() {
      const L = i18n.labels();
      const fields = FIELDS.map((f) => {
        const value = this.raw[f.path];
        return {
          id: f.path.replace(/\./g, '-'), path: f.path, type: f.type, label: L[f.label || `risk_${f.path}`] || '',
          value: f.type === 'number' ? (value === undefined ? '' : String(value)) : value,
          error: this.errors[`profile.${f.path}`] || '',
          options: (f.options || []).map((o) => ({ value: o, label: L[`risk_${o}`], checked: value === o })),
        };
      });
      this.setData({ L, elder: i18n.isElder(), fields });
      if (typeof wx.setNavigationBarTitle === 'function') wx.setNavigationBarTitle({ title: L.tab_risk });
    },
    onInput(e) {
      this.raw[e.currentTarget.dataset.path] = String(e.detail.value);
    },
    onSwitch(e) {
      this.raw[e.currentTarget.dataset.path] = !!e.detail.value;
    },
    onSeg(e) {
      this.raw[e.currentTarget.dataset.path] = e.currentTarget.dataset.value;
      this.refresh();
    },
    onExample() {
      this.raw = rawOf(JSON.parse(JSON.stringify(EXAMPLE)));
      this.errors = {};
      this.refresh();
    },
    /** Reads the form strictly: { profile, errors } (errors keyed by `profile.<path>`). */
    readForm() {
      const profile = {};
      const errors = {};
      for (const f of FIELDS) {
        const v = this.raw[f.path];
        if (f.type === 'check') set(profile, f.path, !!v);
        else if (f.type === 'seg') { if (v) set(profile, f.path, v); } else {
          const n = bridge.readNumber(v, { bpBox: !!f.bp });
          if (n.error) errors[`profile.${f.path}`] = n.error;
          else if (!n.empty) set(profile, f.path, n.value);
        }
      }
      return { profile, errors };
    },
    /** Validates and, only when everything passes, saves and shows the result. */
    onAssess() {
      if (!bridge.isReady()) {
        // Tapped before the Wasm is ready: say so, and assess as soon as it is.
        this.queued = true;
        this.setData({ waiting: true });
        return null;
      }
      const { profile, errors } = this.readForm();
      this.errors = errors;
      if (Object.keys(errors).length) {
        this.setData({ formError: '' });
        this.refresh();
        return null;
      }
      const report = this.assess(profile, { showErrors: true });
      if (!report) return null;
      const problems = bridge.pairProblems(profile).map((p) => ({ field: `profile.${p.field}`, message: p.message }));
      const glucose = typeof profile.fastingGlucose === 'number' ? bridge.glucoseProblem(profile.fastingGlucose) : '';
      if (glucose) problems.push({ field: 'profile.fastingGlucose', message: glucose });
      if (problems.length) {
        this.errors = {};
        for (const p of problems) this.errors[p.field] = p.message;
        this.setData({ assessed: false });
        this.refresh();
        return null;
      }
      bridge.saveProfile(profile);
      if (typeof wx.showToast === 'function') wx.showToast({ title: i18n.t('risk_saved'), icon: 'none' });
      return report;
    },
    assess(profile, { showErrors = false } = {}) {
      const locale = i18n.getLocale();
      let catalog = [];
      try {
        catalog = bridge.call('modelCatalog', locale) || [];
      } catch (e) {
        catalog = [];
      }
      const options = { asOf: bridge.today(), locale };
      const models = offeredModels(catalog);
      if (models.length) options.models = models;
      let report;
      try {
        report = bridge.call('assessRisk', profile, options);
      } catch (err) {
        const e = bridge.errorOf(err);
        const known = FIELDS.some((f) => `profile.${f.path}` === e.field);
        this.errors = known && showErrors ? { [e.field]: residentMessage(err) } : {};
        this.setData({ formError: known ? '' : residentMessage(err), assessed: false });
        this.refresh();
        return null;
      }
      this.errors = {};
      this.show(report, catalog);
      return report;
    },
    show(report, catalog) {
      const L = i18n.labels();
      const nameOf = (id) => (catalog.find((m) => m.id === id) || { name: '' }).name;
      const catLabel = (r, code) => {
        if (code === r.category) return r.label;
        const m = catalog.find((x) => x.id === r.id);
        const c = m && m.categories ? m.categories.find((x) => x.id === code) : null;
        return c ? c.label : '';
      };
      const valueText = (v, unit) => (unit === 'percent' ? `${bridge.fmt(v)}%` : i18n.t(`value_${String(unit).replace('/', '_')}`, { v: bridge.fmt(v) }));
      const results = report.results.slice().sort((a, b) => (a.id === 'china-par' ? -1 : b.id === 'china-par' ? 1 : 0));
      const view = (r) => ({
        id: r.id, name: r.name, category: r.category, label: r.label, lv: bridge.level(r.category),
        value: valueText(r.value, r.unit), summary: r.summary,
        factors: r.factors.map((f) => ({ id: f.id, label: f.label, tag: f.modifiable ? L.risk_modifiable : '', value: typeof f.value === 'number' ? bridge.fmt(f.value) : '' })),
        whatIf: r.whatIf.map((w) => ({ id: w.id, label: w.label, value: valueText(w.value, r.unit), category: catLabel(r, w.category), lv: bridge.level(w.category) })),
        ideal: r.details && typeof r.details.ideal === 'number' ? i18n.t('risk_ideal', { value: valueText(r.details.ideal, r.unit) }) : '',
        source: r.source.citation,
      });
      const lead = results[0];
      const s = report.summary && report.summary.headline ? report.summary : null;
      const combined = s && s.combinedWhatIf;
      const from = combined && results.find((r) => r.id === combined.modelId);
      const summary = s && {
        headline: s.headline,
        lv: lead ? bridge.level(lead.category) : 0,
        next: s.nextStep && s.nextStep.text ? s.nextStep.text : '',
        when: s.nextStep ? bridge.withinText(s.nextStep.within) || '' : '',
        changes: (s.topChanges || []).map((c) => ({ id: c.id, label: c.label })),
        combined: combined && from ? i18n.t('risk_combined', {
          model: from.name, from: valueText(from.value, from.unit), to: valueText(combined.value, from.unit), label: catLabel(from, combined.category),
        }) : '',
      };
      this.setData({
        formError: '', assessed: true, summary,
        asOf: i18n.t('risk_as_of', { date: bridge.dateText(report.asOf || bridge.today()), age: bridge.fmt(report.age) }),
        lead: lead ? view(lead) : null,
        others: results.slice(1).map(view),
        alerts: report.alerts.map(bridge.card),
        skipped: report.skipped.map((x) => {
          const missing = x.reason === 'missing-input' ? (x.fields || []).map(labelOf) : [];
          const askable = missing.length > 0 && missing.every(Boolean);
          return { id: x.id, name: nameOf(x.id), text: askable ? i18n.t('risk_needs', { fields: missing.join(L.list_sep) }) : residentMessage(x) };
        }),
      });
      this.refresh();
    },
  },
});
