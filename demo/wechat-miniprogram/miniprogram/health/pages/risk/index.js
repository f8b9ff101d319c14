// My risk: profile form (wx storage on the phone only) → assessRisk → cards with category
// colours, factors, "what if", alerts and skipped models. The library's localized error is shown
// under the input its `field` names.
'use strict';
const i18n = require('../../../common/i18n.js');
const bridge = require('../../bridge.js');

const FIELDS = [
  { path: 'sex', type: 'seg', options: ['male', 'female'] },
  { path: 'age', type: 'number' },
  { path: 'heightCm', type: 'number' },
  { path: 'weightKg', type: 'number' },
  { path: 'waistCm', type: 'number' },
  { path: 'sbp', type: 'number' },
  { path: 'dbp', type: 'number' },
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

Component({
  data: { L: {}, elder: false, ready: false, version: '', fields: [], formError: '', results: [], alerts: [], skipped: [], assessed: false },
  methods: {
    onLoad(query) {
      bridge.pinToday(query && query.today);
      this.profile = bridge.getProfile() || {};
      this.errors = {};
      this.ready = bridge.load().then(() => {
        this.setData({ ready: true, version: bridge.hs.version() });
        if (bridge.getProfile()) this.assess();
        else this.refresh();
      }, (e) => this.setData({ formError: bridge.errorOf(e).message }));
      this.refresh();
      return this.ready;
    },
    refresh() {
      const L = i18n.labels();
      const fields = FIELDS.map((f) => {
        const key = f.label || `risk_${f.path}`;
        const value = get(this.profile, f.path);
        return {
          id: f.path.replace(/\./g, '-'), path: f.path, type: f.type, label: L[key] || f.path,
          value: f.type === 'number' ? (value === undefined ? '' : String(value)) : value,
          error: this.errors[`profile.${f.path}`] || '',
          options: (f.options || []).map((o) => ({ value: o, label: L[`risk_${o}`], checked: value === o })),
        };
      });
      this.setData({ L, elder: i18n.isElder(), fields });
      if (typeof wx.setNavigationBarTitle === 'function') wx.setNavigationBarTitle({ title: L.tab_risk });
    },
    onInput(e) {
      const raw = String(e.detail.value).trim();
      set(this.profile, e.currentTarget.dataset.path, raw === '' ? undefined : Number(raw));
    },
    onSwitch(e) {
      set(this.profile, e.currentTarget.dataset.path, !!e.detail.value);
    },
    onSeg(e) {
      set(this.profile, e.currentTarget.dataset.path, e.currentTarget.dataset.value);
      this.refresh();
    },
    onExample() {
      this.profile = JSON.parse(JSON.stringify(EXAMPLE));
      this.errors = {};
      this.refresh();
    },
    onAssess() {
      bridge.saveProfile(this.profile);
      return this.assess();
    },
    assess() {
      this.errors = {};
      let report;
      try {
        report = bridge.call('assessRisk', this.profile, { asOf: bridge.today(), locale: i18n.getLocale() });
      } catch (err) {
        const e = bridge.errorOf(err);
        const known = FIELDS.some((f) => `profile.${f.path}` === e.field);
        if (known) this.errors[e.field] = e.message;
        this.setData({ formError: known ? '' : e.message, results: [], alerts: [], skipped: [], assessed: false });
        this.refresh();
        return null;
      }
      let catalog = [];
      try {
        catalog = bridge.call('modelCatalog', i18n.getLocale());
      } catch (e) {
        catalog = [];
      }
      const nameOf = (id) => (catalog.find((m) => m.id === id) || { name: id }).name;
      const catLabel = (r, code) => {
        if (code === r.category) return r.label;
        const m = catalog.find((x) => x.id === r.id);
        const c = m && m.categories ? m.categories.find((x) => x.id === code) : null;
        return c ? c.label : code;
      };
      const L = i18n.labels();
      const unit = (u) => (u === 'percent' ? '%' : u === 'points' ? (i18n.getLocale() === 'en' ? ' points' : '分') : u === 'kg/m2' ? ' kg/m²' : u === 'cm' ? ' cm' : '');
      const results = report.results
        .slice()
        .sort((a, b) => (a.id === 'china-par' ? -1 : b.id === 'china-par' ? 1 : 0))
        .map((r) => ({
          id: r.id, name: r.name, category: r.category, label: r.label, lv: bridge.level(r.category),
          value: bridge.fmt(r.value) + unit(r.unit), summary: r.summary,
          factors: r.factors.map((f) => ({ id: f.id, label: f.label, tag: f.modifiable ? L.risk_modifiable : '', value: typeof f.value === 'number' ? bridge.fmt(f.value) : '' })),
          whatIf: r.whatIf.map((w) => ({ id: w.id, label: w.label, value: bridge.fmt(w.value) + unit(r.unit), category: catLabel(r, w.category), lv: bridge.level(w.category) })),
          source: r.source.citation,
        }));
      const fieldLabel = (f) => {
        const p = f.replace(/^profile\./, '');
        const def = FIELDS.find((x) => x.path === p);
        return def ? L[def.label || `risk_${def.path}`] : p;
      };
      this.setData({
        formError: '', assessed: true, results,
        alerts: report.alerts.map(bridge.card),
        skipped: report.skipped.map((s) => ({ id: s.id, name: nameOf(s.id), message: s.message, missing: (s.fields || []).map(fieldLabel).join('、') })),
      });
      this.refresh();
      return report;
    },
  },
});
