// Check-in challenge (the web app's js/screens/checkin.js for WeChat): with a community service
// (joined by scanning or pasting an invite link) the programme, rewards and leaderboards come from
// the service through wx.request and the resident's events go through health-steward/sync (outbox
// in wx storage); alone on the phone the default programme's challenge starts the day it is first
// opened. The phone replays the resident's own events into a PointsEngine for the calendar,
// streak and make-up cards; every rule is the engine's.
'use strict';
const i18n = require('../../../common/i18n.js');
const bridge = require('../../bridge.js');
const community = require('../../community.js');
const ch = require('../../lib/challenge.js');
const { t, both, labels } = require('./text.js');

const ME = 'me';
const KEY = 'hs_checkin';
const EVENTS = 'hs_community_events';
const VOUCHERS = 'hs_community_vouchers';
const NOTICES = 'hs_community_notices';

Component({
  data: { L: {}, elder: false, error: '', mode: 'alone', view: null, cells: [], board: [], scope: 'family', joinLink: '', joinName: '', invite: null },
  methods: {
    onLoad(query) {
      bridge.pinToday(query && query.today);
      this.pinned = /^\d{4}-\d{2}-\d{2}$/.test((query && query.today) || '');
      this.setData({ L: labels(), elder: i18n.isElder() });
      if (typeof wx.setNavigationBarTitle === 'function') wx.setNavigationBarTitle({ title: i18n.t('tab_checkin') });
      const invite = query && query.program ? community.parseInvite(`${query.service || ''}/?service=${encodeURIComponent(query.service || '')}&program=${query.program}&code=${query.code}`) : null;
      if (invite && (!community.connection() || this.mayRejoin(invite))) this.setData({ invite });
      this.ready = bridge.load().then(() => {
        this.draw();
        return this.refresh();
      }).catch((e) => this.setData({ error: bridge.errorOf(e).message }));
      return this.ready;
    },

    /** After a 401, an invite to the same community joins again and keeps what was not sent. */
    mayRejoin(invite) {
      return community.isLost() && community.sameCommunity(invite, community.connection());
    },

    /** Now in the programme's offset (pinned by ?today= for reproducible runs). */
    clock(offset) {
      if (this.pinned) return { date: bridge.today(), time: '09:00', at: bridge.instant(bridge.today(), '09:00', offset) };
      return ch.clockIn(offset);
    },

    model() {
      const conn = community.connection();
      if (typeof bridge.hs.PointsEngine !== 'function') throw bridge.notAvailable('PointsEngine');
      if (!conn) {
        const program = bridge.call('defaultProgram');
        if (!program || !program.challenges || !program.challenges.length) throw bridge.notAvailable('defaultProgram().challenges');
        const now = this.clock(program.utcOffset);
        let state = i18n.read(KEY, null);
        if (!state || !Array.isArray(state.events)) state = { start: now.date, events: [] };
        state.events = state.events.filter((e) => e.type !== 'join' && e.memberId === ME);
        i18n.write(KEY, state);
        program.challenges[0] = Object.assign({}, program.challenges[0], { startDate: state.start });
        const join = { id: `${ME}-join`, memberId: ME, at: bridge.instant(state.start, '00:00', program.utcOffset), type: 'join' };
        const r = this.replay(program, [join].concat(state.events), ME, now);
        return { mode: 'alone', program, challenge: program.challenges[0], memberId: ME, events: state.events, outcomes: r.outcomes, view: r.view, now, pending: 0, pendingPoints: 0 };
      }
      const cache = community.cached();
      if (!cache.program) return null;
      const program = cache.program;
      const now = this.clock(program.utcOffset);
      const sync = community.syncClient();
      // The resident's own events, and the check-ins the organiser recorded for them (at the
      // desk, say): the day grid, streak and days completed count both.
      const mine = i18n.read(EVENTS, []) || [];
      const mineIds = new Set(mine.map((e) => e.id));
      const own = mine.concat((sync.recorded ? sync.recorded() : []).filter((e) => !mineIds.has(e.id)));
      const pendingIds = new Set(sync.pending().map((e) => e.id));
      const all = this.replay(program, [conn.joinEvent].concat(own), conn.memberId, now);
      let pendingPoints = 0;
      if (pendingIds.size) pendingPoints = all.view.balance - this.replay(program, [conn.joinEvent].concat(own.filter((e) => !pendingIds.has(e.id))), conn.memberId, now).view.balance;
      const service = sync.member();
      const view = service ? Object.assign({}, service, { challenges: all.view.challenges }) : all.view;
      return { mode: 'community', conn, cache, program, challenge: program.challenges[0], memberId: conn.memberId, events: own, outcomes: all.outcomes, view, now, pending: pendingIds.size, pendingPoints, sync };
    },

    replay(program, events, memberId, now) {
      const engine = new bridge.hs.PointsEngine(program);
      const { results } = engine.applyBatch(events);
      const view = engine.member(memberId, { asOf: now.at });
      if (engine.free) engine.free();
      return { outcomes: new Map(results.map((r) => [r.eventId, r])), view };
    },

    draw() {
      let m;
      try {
        m = this.model();
      } catch (e) {
        this.setData({ error: bridge.errorOf(e).message });
        return null;
      }
      if (!m) { this.setData({ mode: 'loading' }); return null; }
      this.m = m;
      const c0 = m.challenge;
      const c = (m.view.challenges || []).find((x) => x.id === c0.id) || { daysCompleted: 0, currentStreak: 0, longestStreak: 0, makeupCardsLeft: c0.makeupCards, completed: false, points: 0 };
      this.progress = c;
      const today = m.now.date;
      // Days in the programme's offset, whatever offset an instant was written in (a desk check-in).
      const days = ch.creditedDays(m.events, m.outcomes, c0.id, m.program.utcOffset);
      const joined = m.mode === 'community' ? ch.localDay(m.conn.joinEvent.at, m.program.utcOffset) : c0.startDate;
      const cells = [];
      for (let i = 0; i < c0.days; i++) {
        const date = ch.addDays(c0.startDate, i);
        const cls = days.get(date) || (date === today ? 'today' : date < joined ? 'before' : date < today ? 'missed' : 'future');
        cells.push({ date, n: i + 1, label: date.slice(5).replace('-', '/'), cls });
      }
      const phase = ch.phaseOf(c0, today);
      const left = ch.daysLeft(c0, today, days.has(today));
      const tier = (id) => (m.program.tiers.levels || []).find((l) => l.id === id);
      const next = m.view.nextTier;
      const earn = (on) => ((m.program.earning || []).find((r) => r.on === on) || {}).points || 0;
      let nextText = t('top');
      let howText = '';
      if (next) {
        nextText = t('next', { n: next.pointsNeeded, tier: i18n.text(tier(next.id).title), benefits: (tier(next.id).benefits || []).map(i18n.text).join('、') || '—' });
        const max = ch.maxMorePoints(m.program, c0, c, left);
        howText = max >= next.pointsNeeded ? t('next_reachable', { max }) : t('next_far', { max, activity: earn('activity'), followUp: earn('follow-up') });
      }
      const benefits = ((tier(m.view.tier) || {}).benefits || []).map(i18n.text);
      const rewards = (m.mode === 'community' && m.cache.rewards ? m.cache.rewards : m.program.rewards.map((r) => Object.assign({}, r, { left: r.stock === undefined ? null : r.stock })))
        .map((r) => {
          const soldOut = r.left !== null && r.left !== undefined && r.left <= 0;
          const short = r.cost - (m.view.balance + m.pendingPoints);
          const stock = r.left === null || r.left === undefined ? t('unlimited') : soldOut ? t('sold_out') : t('left', { n: r.left });
          return { id: r.id, title: i18n.text(r.title), line: `${t('cost', { n: r.cost })} · ${stock}${short > 0 && !soldOut ? ` · ${t('need_points', { n: short })}` : ''}`, can: m.mode === 'community' && !soldOut && short <= 0, cost: r.cost };
        });
      const scopeBoard = m.mode === 'community' && m.cache.boards && m.cache.boards[this.data.scope];
      const mine = this.data.scope === 'family' ? m.view.family : m.view.building;
      const board = scopeBoard ? scopeBoard.rows.map((r) => ({ name: r.name, rank: r.rank, score: r.score, shown: Math.round(r.score * 10) / 10, members: t('members', { n: r.members }), mine: r.name === mine, suffix: r.name === mine ? t(this.data.scope === 'family' ? 'mine' : 'my_building') : '' })) : [];
      const vouchers = (i18n.read(VOUCHERS, []) || []).slice().reverse().map((v) => Object.assign({}, v, { title: i18n.text(v.title), label: t(`voucher_${v.status}`) }));
      this.setData({
        error: '', mode: m.mode, cells, phase,
        title: i18n.text(c0.title),
        dates: `${bridge.dateText(c0.startDate)} – ${bridge.dateText(ch.lastDay(c0))} · ${phase === 'before' ? t('not_started', { date: bridge.dateText(c0.startDate) }) : t('day_of', { n: Math.round((Date.parse(today) - Date.parse(c0.startDate)) / 86400000) + 1, days: c0.days })}`,
        doneToday: days.has(today),
        button: phase === 'before' ? t('not_started', { date: bridge.dateText(c0.startDate) }) : days.has(today) ? t('done') : t('today'),
        view: {
          streak: c.currentStreak, completed: `${c.daysCompleted}/${c0.days}`, makeupLeft: c.makeupCardsLeft, longest: c.longestStreak,
          balance: m.view.balance, tier: i18n.text((tier(m.view.tier) || {}).title) || m.view.tier,
          pendingPoints: m.pendingPoints > 0 ? t('pending_points', { n: m.pendingPoints }) : '',
          benefits: benefits.length ? t('benefits', { list: benefits.join('、') }) : t('no_benefits'),
          next: nextText, how: howText,
          progress: next ? Math.round((100 * m.view.earnedInWindow) / Math.max(1, m.view.earnedInWindow + next.pointsNeeded)) : 100,
          summaryLead: c.completed ? t('summary_done', { days: c0.days }) : t('summary_partly', { n: c.daysCompleted, days: c0.days }),
          summaryPoints: t('summary_points', { n: c.points || 0, longest: c.longestStreak }),
        },
        milestones: ch.milestones(c0, c, left).map((x) => ({ id: x.id, label: x.kind === 'streak' ? t('milestone', { d: x.days }) : t('completion', { d: x.days }), bonus: t('bonus', { n: x.points }), reached: x.reached, status: x.reached ? t('reached') : x.reachable ? t('to_go', { n: x.need }) : t('missed_out') })),
        rewards, vouchers, board,
        boardNote: m.mode === 'alone' ? t('board_standalone') : !scopeBoard ? '' : board.length ? '' : t('board_empty'),
        communityName: m.mode === 'community' && m.cache.name ? t('connected', { name: m.cache.name }) : '',
        demo: Boolean(m.mode === 'community' && m.cache.demo),
        syncText: m.mode !== 'community' ? '' : m.pending ? t('sync_pending', { n: m.pending }) : t('sync_ok'),
        pending: m.pending,
        // The service no longer takes this phone's token: in Chinese and in English, whatever the
        // language set, how to get back in; what was not sent stays in the outbox meanwhile.
        lost: m.mode === 'community' && community.isLost() ? both('lost', { n: m.pending }, m.pending ? 'lost_kept' : '') : null,
        notices: i18n.read(NOTICES, []) || [],
      });
      return m;
    },

    /** Records one of the resident's own events: alone on the phone, or through the outbox. */
    record(event) {
      const m = this.m;
      if (!m) return null;
      if (m.mode === 'alone') {
        const state = i18n.read(KEY, null);
        const full = Object.assign({ id: `${ME}-${event.type}-${event.date || m.now.date}-${state.events.length}`, memberId: ME }, event);
        const join = { id: `${ME}-join`, memberId: ME, at: bridge.instant(state.start, '00:00', m.program.utcOffset), type: 'join' };
        const r = this.replay(m.program, [join].concat(state.events, [full]), ME, m.now).outcomes.get(full.id);
        if (r && r.accepted) {
          state.events.push(full);
          i18n.write(KEY, state);
          const pts = r.awards.filter((a) => a.memberId === ME).reduce((s, a) => s + a.points, 0);
          wx.showToast({ title: pts > 0 ? t('awarded', { n: pts }) : t('done'), icon: 'none' });
        } else {
          wx.showToast({ title: t('refused') + ((r && r.message) || ''), icon: 'none' });
        }
        this.draw();
        return r;
      }
      const added = m.sync.add(event);
      i18n.write(EVENTS, (i18n.read(EVENTS, []) || []).concat([added]));
      const r = this.replay(m.program, [m.conn.joinEvent].concat(i18n.read(EVENTS, [])), m.memberId, m.now).outcomes.get(added.id);
      if (event.type === 'redeem') wx.showToast({ title: t('voucher_pending'), icon: 'none' });
      else if (r && !r.accepted) wx.showToast({ title: t('refused') + (r.message || ''), icon: 'none' });
      else if (r) wx.showToast({ title: t('awarded', { n: r.awards.filter((a) => a.memberId === m.memberId).reduce((s, a) => s + a.points, 0) }), icon: 'none' });
      this.draw();
      return this.refresh().then(() => added);
    },

    /** Sync, then the programme, rewards and leaderboard from the service; redraw. */
    refresh() {
      const conn = community.connection();
      if (!conn) return Promise.resolve();
      const sync = community.syncClient();
      this.listen(sync);
      const board = () => {
        const p = community.cached().program;
        return p ? community.fetchBoard(this.data.scope, p.challenges[0].id) : null;
      };
      // A 401 (the token expired, or was revoked when the organiser removed the member): the
      // outbox keeps its events until the resident joins again with an invite. Offline, nothing
      // is known either way (null).
      let lost = null;
      const answered = (e) => { if (e && e.status) lost = Boolean(lost) || e.status === 401; return null; };
      return community.fetchProgram().then(() => { lost = Boolean(lost); }, answered)
        .then(() => sync.sync().catch(answered))
        .then(() => Promise.all([community.fetchRewards().catch(() => null), Promise.resolve(board()).catch(() => null)]))
        .then(() => {
          // Only about the connection it started with (not one made by joining again meanwhile).
          const now = community.connection();
          if (lost !== null && now && now.memberId === conn.memberId) community.setLost(lost);
          this.draw();
        });
    },

    listen(sync) {
      if (this.listening === sync) return;
      this.listening = sync;
      sync.onResult((r) => {
        const vouchers = i18n.read(VOUCHERS, []) || [];
        const v = vouchers.find((x) => x.code === r.eventId);
        if (!v) return;
        v.status = r.accepted ? 'ready' : 'refused';
        i18n.write(VOUCHERS, vouchers);
        // Sent while offline, it arrived after the last one was gone: say so in words.
        if (!r.accepted && r.code === 'OUT_OF_STOCK' && !r.duplicate) {
          i18n.write(NOTICES, (i18n.read(NOTICES, []) || []).filter((n) => n.eventId !== r.eventId).concat([{ eventId: r.eventId, text: t('late_stock', { reward: i18n.text(v.title) }) }]));
        }
      });
      sync.onChange((change) => {
        const vouchers = i18n.read(VOUCHERS, []) || [];
        const v = vouchers.find((x) => x.code === change.eventId);
        if (!v) return;
        v.status = change.after.accepted ? 'ready' : 'refused';
        i18n.write(VOUCHERS, vouchers);
        if (change.after.accepted) return;
        const reward = i18n.text(v.title);
        const words = change.after.code === 'OUT_OF_STOCK' ? t('change_stock', { reward }) : t('change_other', { reward, reason: change.after.code || '' });
        i18n.write(NOTICES, (i18n.read(NOTICES, []) || []).filter((n) => n.eventId !== change.eventId).concat([{ eventId: change.eventId, text: words }]));
      });
    },

    onCheckIn() {
      const m = this.m;
      if (!m || this.data.doneToday || this.data.phase !== 'during') return null;
      return this.record({ type: 'check-in', challengeId: m.challenge.id, at: m.now.at });
    },
    onDay(e) {
      const { date, cls } = e.currentTarget.dataset;
      const m = this.m;
      if (!m || cls !== 'missed' || this.progress.makeupCardsLeft <= 0 || this.data.phase !== 'during') return null;
      return ask(t('makeup_title'), t('makeup_confirm', { date: bridge.dateText(date) }))
        .then((yes) => (yes ? this.record({ type: 'makeup', challengeId: m.challenge.id, date, at: m.now.at }) : null));
    },
    onRedeem(e) {
      const m = this.m;
      const reward = this.data.rewards.find((r) => r.id === e.currentTarget.dataset.id);
      if (!m || !reward || !reward.can) return null;
      return ask(t('redeem_title'), t('redeem_confirm', { cost: reward.cost, reward: reward.title })).then((yes) => {
        if (!yes) return null;
        const bytes = [];
        for (let i = 0; i < 8; i++) bytes.push(Math.floor(Math.random() * 256));
        const code = ch.voucherCode(bytes);
        const full = (m.cache.rewards || []).find((r) => r.id === reward.id) || {};
        i18n.write(VOUCHERS, (i18n.read(VOUCHERS, []) || []).concat([{ code, rewardId: reward.id, title: full.title || reward.title, status: 'pending' }]));
        return this.record({ id: code, type: 'redeem', rewardId: reward.id, at: m.now.at });
      });
    },
    onScope(e) {
      this.setData({ scope: e.currentTarget.dataset.scope });
      this.draw();
      return this.refresh();
    },
    onSync() { return this.refresh(); },
    onDismiss(e) {
      i18n.write(NOTICES, (i18n.read(NOTICES, []) || []).filter((n) => n.eventId !== e.currentTarget.dataset.id));
      this.draw();
    },
    onJoinLink(e) { this.setData({ joinLink: e.detail.value }); },
    onJoinName(e) { this.setData({ joinName: e.detail.value }); },
    onPaste() {
      const invite = community.parseInvite(this.data.joinLink);
      // Joining again keeps the unsent records only within the same community; another one needs leaving first (which asks).
      if (invite && community.connection() && !this.mayRejoin(invite)) { this.setData({ joinError: t('join_other') }); return; }
      this.setData({ joinError: invite ? '' : t('join_bad_link'), invite });
    },
    onScan() {
      if (typeof wx.scanCode !== 'function') return null;
      return new Promise((resolve) => wx.scanCode({
        onlyFromCamera: false,
        success: (res) => { this.setData({ joinLink: res.result }); this.onPaste(); resolve(); },
        fail: () => resolve(),
      }));
    },
    onJoin() {
      const name = (this.data.joinName || '').trim();
      if (!name) { this.setData({ joinError: t('join_need_name') }); return null; }
      return community.join(this.data.invite, name)
        .then(({ carried }) => this.refresh().then(() => this.noteCarried(carried)))
        .then(() => {
          this.setData({ invite: null, joinError: '' });
          wx.showToast({ title: t('joined', { name: community.cached().name || '' }), icon: 'none' });
          this.draw();
        }, (e) => this.setData({ joinError: e.message }));
    },
    /** After joining again: says what became of the records the phone had kept (a notice). */
    noteCarried(carried) {
      const m = this.m;
      if (!carried.length || !m || m.mode !== 'community') return;
      const pending = new Set(m.sync.pending().map((e) => e.id));
      const n = carried.length;
      const notCounted = carried.filter((e) => !pending.has(e.id) && !(m.outcomes.get(e.id) || {}).accepted).length;
      const words = carried.some((e) => pending.has(e.id)) ? t('carried_kept', { n })
        : t('carried_sent', { n }) + (notCounted ? t('carried_not_counted', { n: notCounted }) : '');
      i18n.write(NOTICES, (i18n.read(NOTICES, []) || []).filter((x) => x.eventId !== 'carried').concat([{ eventId: 'carried', text: words }]));
    },
    onLeave() {
      // Leaving drops what the phone has not sent yet: the question says how much.
      const unsent = this.m && this.m.mode === 'community' ? this.m.pending : 0;
      const question = (unsent ? t('leave_unsent', { n: unsent }) : '') + t('leave_confirm');
      return ask(t('leave_title'), question).then((yes) => { if (yes) { community.leave(); this.draw(); } });
    },
    onReset() {
      return ask(t('reset_title'), t('reset_confirm')).then((yes) => { if (yes) { i18n.write(KEY, null); this.draw(); } });
    },
  },
});

/** wx.showModal as a promise: true when confirmed. Destructive actions always ask first. */
function ask(title, content) {
  return new Promise((resolve) => {
    if (typeof wx.showModal !== 'function') { resolve(false); return; }
    wx.showModal({ title, content, confirmText: t('join_go') === 'Join' ? 'OK' : '确定', cancelText: t('join_go') === 'Join' ? 'Cancel' : '取消', success: (r) => resolve(Boolean(r.confirm)), fail: () => resolve(false) });
  });
}
