// My plan: generateCarePlan from the stored profile (and its risk report); segments, goals, a
// dated timeline and cards; the ICS from carePlanToIcs is written to the user data folder and
// offered with wx.shareFileMessage (mini programs cannot download into the phone calendar).
'use strict';
const i18n = require('../../../common/i18n.js');
const bridge = require('../../bridge.js');

function kindLabel(kind) {
  return i18n.t(`kind_${String(kind).replace(/-/g, '_')}`);
}

Component({
  data: { L: {}, elder: false, needProfile: false, error: '', plan: null, icsPath: '' },
  methods: {
    onLoad(query) {
      bridge.pinToday(query && query.today);
      this.setData({ L: i18n.labels(), elder: i18n.isElder(), needProfile: !bridge.getProfile() });
      if (typeof wx.setNavigationBarTitle === 'function') wx.setNavigationBarTitle({ title: i18n.t('tab_plan') });
      this.ready = bridge.load().catch((e) => this.setData({ error: bridge.errorOf(e).message }));
      return this.ready;
    },
    onGoProfile() {
      wx.navigateTo({ url: '/health/pages/risk/index' });
    },
    onGenerate() {
      const profile = bridge.getProfile();
      const locale = i18n.getLocale();
      let report;
      try {
        report = bridge.call('assessRisk', profile, { asOf: bridge.today(), locale });
      } catch (e) {
        report = undefined;
      }
      try {
        const options = { startDate: bridge.today(), horizonMonths: 12, locale };
        if (report) options.report = report;
        this.plan = bridge.call('generateCarePlan', profile, options);
      } catch (e) {
        this.plan = null;
        this.setData({ error: bridge.errorOf(e).message, plan: null });
        return null;
      }
      const p = this.plan;
      let month = '';
      const timeline = p.activities.map((a) => {
        const m = a.due.slice(0, 7);
        const header = m !== month ? m : '';
        month = m;
        return { id: a.id, header, due: a.due, kind: kindLabel(a.kind), title: a.title, reason: a.reason || '', source: a.source ? `${a.source.label || ''} ${a.source.clause || ''}`.trim() : '' };
      });
      this.setData({
        error: '',
        plan: {
          period: `${p.startDate} – ${p.endDate}`,
          segments: p.segments.map((s) => ({ id: s.id, label: s.label, reason: s.reason || '' })),
          goals: p.goals.map((g) => ({ id: g.id, label: g.label, due: g.due || '' })),
          cards: p.cards.map(bridge.card),
          timeline,
        },
      });
      return p;
    },
    onIcs() {
      if (!this.plan) return null;
      let ics;
      try {
        ics = bridge.call('carePlanToIcs', this.plan, { calendarName: i18n.t('plan_calendar') });
      } catch (e) {
        this.setData({ error: bridge.errorOf(e).message });
        return null;
      }
      const path = `${wx.env.USER_DATA_PATH}/health-plan-${this.plan.startDate}.ics`;
      wx.getFileSystemManager().writeFileSync(path, ics, 'utf8');
      this.setData({ icsPath: path });
      if (typeof wx.shareFileMessage === 'function') {
        wx.shareFileMessage({ filePath: path, fileName: `health-plan-${this.plan.startDate}.ics`, fail: () => {} });
      }
      wx.showToast({ title: i18n.t('plan_ics_done'), icon: 'none' });
      return ics;
    },
  },
});
