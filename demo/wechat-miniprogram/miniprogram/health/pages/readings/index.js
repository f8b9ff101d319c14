// Readings: home blood pressure and glucose (wx storage on the phone), evaluateReadings alerts;
// a bad value shows the library's localized error under its input.
'use strict';
const i18n = require('../../../common/i18n.js');
const bridge = require('../../bridge.js');

const KEY = 'hs_readings';
const CONTEXTS = ['fasting', 'postprandial', 'random'];

Component({
  data: { L: {}, elder: false, needProfile: false, kind: 'bp', contexts: [], contextIndex: 0, errors: {}, formError: '', alerts: [], history: [], evaluated: false },
  methods: {
    onLoad(query) {
      bridge.pinToday(query && query.today);
      this.readings = i18n.read(KEY, []) || [];
      this.draft = {};
      const L = i18n.labels();
      this.setData({ L, elder: i18n.isElder(), needProfile: !bridge.getProfile(), contexts: CONTEXTS.map((c) => L[`readings_${c}`]) });
      if (typeof wx.setNavigationBarTitle === 'function') wx.setNavigationBarTitle({ title: L.tab_readings });
      this.ready = bridge.load().then(() => this.refresh()).catch((e) => this.setData({ formError: bridge.errorOf(e).message }));
      return this.ready;
    },
    evaluate(list) {
      return bridge.call('evaluateReadings', list, bridge.getProfile(), { asOf: bridge.today(), locale: i18n.getLocale(), utcOffset: bridge.OFFSET });
    },
    refresh() {
      const L = i18n.labels();
      const history = this.readings.slice().sort((a, b) => (a.at < b.at ? 1 : -1)).slice(0, 12).map((r) => ({
        id: r.id, when: `${r.at.slice(0, 10)} ${r.at.slice(11, 16)}`,
        what: r.kind === 'bp' ? `${r.sbp}/${r.dbp} mmHg` : `${r.value} mmol/L · ${L[`readings_${r.context || 'random'}`]}`,
      }));
      let alerts = [];
      let formError = '';
      if (this.readings.length && !this.data.needProfile) {
        try {
          alerts = this.evaluate(this.readings).alerts.map(bridge.card);
        } catch (e) {
          formError = bridge.errorOf(e).message;
        }
      }
      this.setData({ history, alerts, formError, evaluated: this.readings.length > 0 });
    },
    onKind(e) {
      this.draft = {};
      this.setData({ kind: e.currentTarget.dataset.kind, errors: {} });
    },
    onInput(e) {
      const raw = String(e.detail.value).trim();
      this.draft[e.currentTarget.dataset.name] = raw === '' ? undefined : Number(raw);
    },
    onContext(e) {
      this.setData({ contextIndex: Number(e.detail.value) });
    },
    onAdd() {
      const seq = (i18n.read('hs_reading_seq', 0) || 0) + 1;
      const r = { id: `r${seq}`, at: bridge.instant(bridge.today(), bridge.nowTime()), kind: this.data.kind };
      if (r.kind === 'bp') {
        r.sbp = this.draft.sbp;
        r.dbp = this.draft.dbp;
      } else {
        r.value = this.draft.value;
        r.context = CONTEXTS[this.data.contextIndex];
      }
      Object.keys(r).forEach((k) => r[k] === undefined && delete r[k]);
      const next = this.readings.concat([r]);
      try {
        this.evaluate(next);
      } catch (err) {
        const e = bridge.errorOf(err);
        const m = new RegExp(`^readings\\[${next.length - 1}\\]\\.(\\w+)$`).exec(e.field);
        if (m) this.setData({ errors: { [m[1]]: e.message }, formError: '' });
        else this.setData({ errors: {}, formError: e.message });
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
    onGoProfile() {
      wx.navigateTo({ url: '/health/pages/risk/index' });
    },
  },
});
