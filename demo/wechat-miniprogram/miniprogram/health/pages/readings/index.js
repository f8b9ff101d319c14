// Readings: home blood pressure and glucose (wx storage on the phone), evaluateReadings alerts,
// the full history by day with deletion (confirmed with wx.showModal). Each reading has the real
// date and time it was measured (pickers, not later than now).
//
// A reading is saved only when it passes the strict reading of each box, the date check, the
// library's validation (its message under the field it names) and the checks the library does
// not make yet — the same rules as the web demo (lib/numbers.js).
'use strict';
const i18n = require('../../../common/i18n.js');
const bridge = require('../../bridge.js');

const KEY = 'hs_readings';
const CONTEXTS = ['fasting', 'postprandial', 'random'];
const UNITS = ['mmol/L', 'mg/dL'];
const LABELS = { sbp: 'readings_sbp', dbp: 'readings_dbp', value: 'readings_glucose', at: 'readings_time', context: 'readings_context' };

function labelOf(field) {
  const m = /\.(\w+)$/.exec(String(field));
  return m && LABELS[m[1]] ? i18n.t(LABELS[m[1]]) : '';
}

/** A reading as the library takes it (the unit typed, an app note, left out). */
function forLibrary(r) {
  const out = { id: r.id, at: r.at, kind: r.kind };
  ['sbp', 'dbp', 'value', 'context'].forEach((k) => { if (r[k] !== undefined) out[k] = r[k]; });
  // Stored glucose is in mmol/L (mg/dL entries are converted): say so, or the library refuses a
  // value above 33.3 as probably mg/dL before the app's own meter-range check can speak.
  if (r.kind === 'glucose') out.unit = 'mmol/L';
  return out;
}

Component({
  data: {
    L: {}, elder: false, ready: false, needProfile: false, kind: 'bp', contexts: [], contextIndex: 0, units: UNITS, unitIndex: 0,
    date: '', time: '', today: '', errors: {}, formError: '', alerts: [], days: [], count: '', evaluated: false,
  },
  methods: {
    onLoad(query) {
      bridge.pinToday(query && query.today);
      this.readings = i18n.read(KEY, []) || [];
      this.draft = {};
      const L = i18n.labels();
      this.setData({
        L, elder: i18n.isElder(), needProfile: !bridge.getProfile(), contexts: CONTEXTS.map((c) => L[`readings_${c}`]),
        date: bridge.today(), time: bridge.nowTime(), today: bridge.today(),
      });
      if (typeof wx.setNavigationBarTitle === 'function') wx.setNavigationBarTitle({ title: L.tab_readings });
      this.ready = bridge.load().then(() => {
        this.setData({ ready: true });
        this.refresh();
      }).catch((e) => this.setData({ formError: bridge.errorOf(e).message }));
      return this.ready;
    },
    evaluate(list) {
      return bridge.call('evaluateReadings', list.map(forLibrary), bridge.getProfile(), { asOf: bridge.today(), locale: i18n.getLocale(), utcOffset: bridge.OFFSET });
    },
    valueText(r) {
      const L = i18n.labels();
      if (r.kind === 'bp') return `${r.sbp}/${r.dbp} mmHg`;
      const entered = r.entered ? `（${r.entered.value} ${r.entered.unit}）` : '';
      return `${bridge.fmt(r.value)} mmol/L${entered} · ${L[`readings_${r.context || 'random'}`]}`;
    },
    refresh() {
      const sorted = this.readings.slice().sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
      const days = [];
      for (const r of sorted) {
        const date = r.at.slice(0, 10);
        let d = days[days.length - 1];
        if (!d || d.date !== date) {
          d = { date, title: bridge.dateText(date, { weekdayToo: true }), rows: [] };
          days.push(d);
        }
        d.rows.push({ id: r.id, what: this.valueText(r), time: r.at.slice(11, 16) });
      }
      let alerts = [];
      let formError = '';
      if (this.readings.length && !this.data.needProfile) {
        try {
          alerts = this.evaluate(this.readings).alerts.map(bridge.card);
        } catch (e) {
          formError = bridge.residentMessage(e, labelOf);
        }
      }
      this.setData({ days, alerts, formError, evaluated: this.readings.length > 0, count: i18n.t('readings_count', { n: this.readings.length }) });
    },
    onKind(e) {
      this.draft = {};
      this.setData({ kind: e.currentTarget.dataset.kind, errors: {} });
    },
    onInput(e) {
      this.draft[e.currentTarget.dataset.name] = String(e.detail.value);
    },
    onContext(e) {
      this.setData({ contextIndex: Number(e.detail.value) });
    },
    onUnit(e) {
      this.setData({ unitIndex: Number(e.detail.value) });
    },
    onDate(e) {
      this.setData({ date: e.detail.value });
    },
    onTime(e) {
      this.setData({ time: e.detail.value });
    },
    /** Validates and, only when everything passes, saves the reading. */
    onAdd() {
      if (!bridge.isReady()) {
        this.setData({ formError: i18n.t('loading_wait') });
        return null;
      }
      const seq = (i18n.read('hs_reading_seq', 0) || 0) + 1;
      const errors = {};
      const { date, time, kind } = this.data;
      const r = { id: `r${seq}`, at: bridge.instant(date, time), kind };
      if (bridge.inFuture(date, time)) errors.at = i18n.t('readings_future');
      const num = (name) => {
        const n = bridge.readNumber(this.draft[name], { bpBox: kind === 'bp' });
        if (n.error) errors[name] = n.error;
        return n.value;
      };
      if (kind === 'bp') {
        r.sbp = num('sbp');
        r.dbp = num('dbp');
      } else {
        const v = num('value');
        r.context = CONTEXTS[this.data.contextIndex];
        if (v !== undefined && UNITS[this.data.unitIndex] === 'mg/dL') {
          r.entered = { value: v, unit: 'mg/dL' };
          r.value = bridge.call('convertGlucose', v, 'mg/dL', 'mmol/L');
        } else {
          r.value = v;
        }
      }
      Object.keys(r).forEach((k) => r[k] === undefined && delete r[k]);
      if (Object.keys(errors).length) {
        this.setData({ errors, formError: '' });
        return null;
      }
      const next = this.readings.concat([r]);
      try {
        this.evaluate(next);
      } catch (err) {
        const e = bridge.errorOf(err);
        const m = new RegExp(`^readings\\[${next.length - 1}\\]\\.(\\w+)$`).exec(e.field);
        const message = bridge.residentMessage(err, labelOf);
        if (m) this.setData({ errors: { [m[1]]: message }, formError: '' });
        else this.setData({ errors: {}, formError: message });
        return null;
      }
      const problems = kind === 'bp' ? bridge.pairProblems(r) : [];
      const glucose = kind === 'glucose' && typeof r.value === 'number' ? bridge.glucoseProblem(r.value) : '';
      if (problems.length || glucose) {
        const shown = {};
        problems.forEach((p) => { shown[p.field] = p.message; });
        if (glucose) shown.value = glucose;
        this.setData({ errors: shown, formError: '' });
        return null;
      }
      this.readings = next;
      i18n.write(KEY, next);
      i18n.write('hs_reading_seq', seq);
      this.setData({ errors: {} });
      wx.showToast({ title: i18n.t('readings_added'), icon: 'success' });
      this.refresh();
      return r;
    },
    /** Asks first (wx.showModal); deletes on confirm. Resolves to true when deleted. */
    onDelete(e) {
      const id = e.currentTarget.dataset.id;
      const r = this.readings.find((x) => x.id === id);
      if (!r) return Promise.resolve(false);
      const when = `${bridge.dateText(r.at.slice(0, 10))} ${r.at.slice(11, 16)}`;
      return new Promise((resolve) => {
        wx.showModal({
          title: i18n.t('readings_delete_title'),
          content: i18n.t('readings_delete_confirm', { what: this.valueText(r), when }),
          confirmText: i18n.t('readings_delete'),
          cancelText: i18n.t('readings_cancel'),
          confirmColor: '#b3261e',
          success: (res) => {
            if (!res.confirm) {
              resolve(false);
              return;
            }
            this.readings = this.readings.filter((x) => x.id !== id);
            i18n.write(KEY, this.readings);
            this.refresh();
            if (typeof wx.showToast === 'function') wx.showToast({ title: i18n.t('readings_deleted'), icon: 'none' });
            resolve(true);
          },
          fail: () => resolve(false),
        });
      });
    },
    onGoProfile() {
      wx.navigateTo({ url: '/health/pages/risk/index' });
    },
  },
});
