// Check-in challenge: a PointsEngine on the default program (its first challenge starts four days
// before "today" on first use); the phone keeps the resident's own events and replays them (and
// the simulated community when asked) with applyBatch. Streak, make-up cards, points, tier and
// leaderboards all come from the engine.
'use strict';
const i18n = require('../../../common/i18n.js');
const bridge = require('../../bridge.js');
const { communityEvents, MY_FAMILY, MY_BUILDING } = require('../../community.js');

const ME = 'me';
const KEY = 'hs_checkin';

Component({
  data: { L: {}, elder: false, error: '', view: null, cells: [], board: [], scope: 'family', simulated: false, simulatedText: '' },
  methods: {
    onLoad(query) {
      bridge.pinToday(query && query.today);
      this.setData({ L: i18n.labels(), elder: i18n.isElder() });
      if (typeof wx.setNavigationBarTitle === 'function') wx.setNavigationBarTitle({ title: i18n.t('tab_checkin') });
      this.ready = bridge.load().then(() => {
        this.build();
        this.draw();
      }).catch((e) => this.setData({ error: bridge.errorOf(e).message }));
      return this.ready;
    },
    build() {
      if (typeof bridge.hs.PointsEngine !== 'function') throw bridge.notAvailable('PointsEngine');
      const today = bridge.today();
      if (!this.state) this.state = i18n.read(KEY, null) || { start: bridge.addDays(today, -4), simulated: false, events: [] };
      const program = bridge.call('defaultProgram');
      if (!program || !program.challenges || !program.challenges.length) throw bridge.notAvailable('defaultProgram().challenges');
      const challenge = program.challenges.find((c) => c.days === 21) || program.challenges[0];
      challenge.startDate = this.state.start;
      this.program = program;
      this.challenge = challenge;
      this.offset = program.utcOffset || bridge.OFFSET;
      if (!this.state.events.some((e) => e.type === 'join')) {
        this.state.events.unshift({ id: `${ME}-join`, memberId: ME, at: bridge.instant(this.state.start, '08:00', this.offset), type: 'join', groups: { family: MY_FAMILY, building: MY_BUILDING } });
      }
      if (this.engine && this.engine.free) this.engine.free();
      this.engine = new bridge.hs.PointsEngine(program);
      let events = this.state.events;
      this.community = 0;
      if (this.state.simulated) {
        const sim = communityEvents({ challenge, today, offset: this.offset });
        this.community = sim.members;
        events = sim.events.concat(events);
      }
      const { results } = this.engine.applyBatch(events);
      this.outcomes = {};
      for (const r of results) this.outcomes[r.eventId] = r;
      i18n.write(KEY, this.state);
    },
    myDays() {
      const days = {};
      for (const e of this.state.events) {
        const r = this.outcomes[e.id];
        if (!r || !r.accepted) continue;
        if (e.type === 'check-in') days[e.at.slice(0, 10)] = 'done';
        if (e.type === 'makeup' && e.date) days[e.date] = 'makeup';
      }
      return days;
    },
    name(id) {
      if (id === MY_FAMILY) return `${i18n.t('family_zhang')}（${i18n.t('checkin_my_family')}）`;
      let m = /^family-(\w+)$/.exec(id);
      if (m) return i18n.t(`family_${m[1]}`);
      m = /^building-(\d+)$/.exec(id);
      if (m) return i18n.t('building', { n: m[1] });
      return id;
    },
    tierTitle(id) {
      const lv = (this.program.tiers && this.program.tiers.levels || []).find((l) => l.id === id);
      return lv ? i18n.text(lv.title) : id;
    },
    draw() {
      const today = bridge.today();
      const c0 = this.challenge;
      const v = this.engine.member(ME, { asOf: bridge.instant(today, bridge.nowTime(), this.offset) });
      const c = (v.challenges || []).find((x) => x.id === c0.id) || { daysCompleted: 0, currentStreak: 0, longestStreak: 0, makeupCardsLeft: c0.makeupCards };
      const days = this.myDays();
      const cells = [];
      for (let i = 0; i < c0.days; i++) {
        const date = bridge.addDays(c0.startDate, i);
        const cls = days[date] || (date === today ? 'today' : date < today ? 'missed' : 'future');
        cells.push({ date, n: i + 1, label: date.slice(5).replace('-', '/'), cls });
      }
      const lastDay = bridge.addDays(c0.startDate, c0.days - 1);
      let board = [];
      try {
        board = this.engine.leaderboard({ challengeId: c0.id, scope: this.data.scope, metric: 'points', limit: 8 })
          .map((r) => ({ id: r.id, rank: r.rank, name: this.name(r.id), score: Math.round(r.score * 10) / 10, members: i18n.t('checkin_members', { n: r.members }), mine: r.id === MY_FAMILY || r.id === MY_BUILDING }));
      } catch (e) {
        board = [];
      }
      const next = v.nextTier;
      this.setData({
        error: '',
        title: i18n.text(c0.title),
        cells,
        over: today > lastDay,
        doneToday: !!days[today],
        view: {
          streak: c.currentStreak, completed: `${c.daysCompleted}/${c0.days}`, makeupLeft: c.makeupCardsLeft,
          balance: v.balance, tier: this.tierTitle(v.tier),
          next: next ? i18n.t('checkin_next', { n: next.pointsNeeded, tier: this.tierTitle(next.id) }) : i18n.t('checkin_top'),
          progress: next ? Math.round((100 * v.earnedInWindow) / Math.max(1, v.earnedInWindow + next.pointsNeeded)) : 100,
        },
        board,
        simulated: this.state.simulated,
        simulatedText: this.state.simulated ? i18n.t('checkin_simulated', { n: this.community }) : '',
      });
    },
    apply(event) {
      const r = this.engine.apply(event);
      if (r.accepted && !r.duplicate) {
        this.state.events.push(event);
        this.outcomes[event.id] = r;
        i18n.write(KEY, this.state);
        const pts = r.awards.filter((a) => a.memberId === ME).reduce((s, a) => s + a.points, 0);
        wx.showToast({ title: pts > 0 ? i18n.t('checkin_awarded', { n: pts }) : i18n.t('readings_added'), icon: 'none' });
      } else if (!r.accepted) {
        wx.showToast({ title: i18n.t('checkin_refused') + (r.message || r.code || ''), icon: 'none' });
      }
      this.draw();
      return r;
    },
    onCheckIn() {
      if (!this.engine || this.data.doneToday || this.data.over) return null;
      const today = bridge.today();
      return this.apply({ id: `${ME}-checkin-${today}`, memberId: ME, at: bridge.instant(today, bridge.nowTime(), this.offset), type: 'check-in', challengeId: this.challenge.id });
    },
    onDay(e) {
      const { date, cls } = e.currentTarget.dataset;
      if (!this.engine || cls !== 'missed') return null;
      const today = bridge.today();
      return this.apply({ id: `${ME}-makeup-${date}`, memberId: ME, at: bridge.instant(today, bridge.nowTime(), this.offset), type: 'makeup', challengeId: this.challenge.id, date });
    },
    onScope(e) {
      this.setData({ scope: e.currentTarget.dataset.scope });
      this.draw();
    },
    onSimulate() {
      this.state.simulated = true;
      try {
        this.build();
      } catch (e) {
        this.state.simulated = false;
        this.setData({ error: bridge.errorOf(e).message });
        return;
      }
      this.draw();
    },
    onReset() {
      i18n.write(KEY, null);
      this.state = null;
      this.build();
      this.draw();
    },
  },
});
