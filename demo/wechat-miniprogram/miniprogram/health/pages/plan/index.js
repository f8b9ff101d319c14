// My plan: generateCarePlan from the stored profile (and its risk report); segments, goals, a
// dated timeline and cards; the ICS from carePlanToIcs is written to the user data folder and
// offered with wx.shareFileMessage (mini programs cannot download into the phone calendar); each
// visit can go into the phone's calendar with a reminder the day before (wx.addPhoneCalendar).
// Dates carry the year whenever it is not this year's; activities due on the same day are one
// visit with several items.
'use strict';
const i18n = require('../../../common/i18n.js');
const bridge = require('../../bridge.js');

function kindLabel(kind) {
  return i18n.t(`kind_${String(kind).replace(/-/g, '_')}`);
}

Component({
  data: { L: {}, elder: false, needProfile: false, error: '', errorField: '', plan: null, icsPath: '' },
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
        const field = bridge.errorOf(e).field;
        this.setData({ error: bridge.residentMessage(e), errorField: field.indexOf('profile.') === 0 ? field : '', plan: null });
        return null;
      }
      const p = this.plan;
      const visits = [];
      for (const a of p.activities) {
        let v = visits[visits.length - 1];
        if (!v || v.date !== a.due) {
          const rel = bridge.relativeDay(a.due);
          const month = a.due.slice(0, 7);
          v = {
            date: a.due, header: !visits.length || visits[visits.length - 1].date.slice(0, 7) !== month ? bridge.monthTitle(a.due) : '',
            when: `${bridge.dateText(a.due, { weekdayToo: true })}${rel ? i18n.t('plan_relative', { rel }) : ''}`, items: [], together: '',
          };
          visits.push(v);
        }
        v.items.push({ id: a.id, due: a.due, kind: kindLabel(a.kind), title: a.title, reason: a.reason || '', source: a.source ? `${a.source.label || ''} ${a.source.clause || ''}`.trim() : '' });
      }
      for (const v of visits) if (v.items.length > 1) v.together = i18n.t('plan_together', { n: v.items.length });
      const withYear = p.startDate.slice(0, 4) !== p.endDate.slice(0, 4);
      this.setData({
        error: '',
        plan: {
          period: i18n.t('plan_period', { start: bridge.dateText(p.startDate, { withYear }), end: bridge.dateText(p.endDate, { withYear }) }),
          segments: p.segments.map((s) => ({ id: s.id, label: s.label, reason: s.reason || '' })),
          goals: p.goals.map((g) => ({ id: g.id, label: g.label, due: g.due ? i18n.t('plan_due', { date: bridge.dateText(g.due) }) : '' })),
          cards: p.cards.map(bridge.card),
          visits,
        },
      });
      return p;
    },
    /** One visit into the phone's calendar (wx.addPhoneCalendar), reminded the day before. */
    onRemind(e) {
      const date = e.currentTarget.dataset.date;
      const visit = (this.data.plan && this.data.plan.visits || []).find((v) => v.date === date);
      if (!visit || typeof wx.addPhoneCalendar !== 'function') return null;
      const options = {
        title: visit.items.map((i) => i.title).join('、'),
        description: visit.items.map((i) => [i.title, i.reason].filter(Boolean).join('：')).join('\n'),
        startTime: Math.floor(Date.parse(`${date}T09:00:00${bridge.OFFSET}`) / 1000),
        allDay: true, alarm: true, alarmOffset: 86400,
        success: () => wx.showToast({ title: i18n.t('plan_remind_done'), icon: 'none' }),
        fail: () => {},
      };
      wx.addPhoneCalendar(options);
      return options;
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
