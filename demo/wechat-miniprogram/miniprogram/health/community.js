// The WeChat example's link to the community challenge service (the web app's js/service.js, for
// wx): an invite link (scanned with wx.scanCode or pasted) joins; the resident's own events go
// through health-steward/sync with wx storage and wx.request (outbox, batches, retry, change
// feed); the programme, rewards and leaderboards are fetched with wx.request and kept in wx
// storage for offline use. Only points data is sent; health data stays on the phone.
'use strict';
const { createSyncClient, wxRequestTransport, wxStorageAdapter } = require('./lib/sync.js');
const { carryOver, parseInvite } = require('./lib/challenge.js');
const i18n = require('../common/i18n.js');

const KEY = 'hs_community';
const CACHE = 'hs_community_cache';
const EVENTS = 'hs_community_events';
const LOST = 'hs_community_lost';
const RENEW_BEFORE_MS = 30 * 86400_000;

const connection = () => i18n.read(KEY, null);
const cached = () => i18n.read(CACHE, {}) || {};
const keep = (part) => i18n.write(CACHE, Object.assign({}, cached(), part));

/** One wx.request as a promise: resolves with the JSON body of a 2xx, rejects with { code, message, status }. */
function request(method, url, { token, body } = {}) {
  return new Promise((resolve, reject) => {
    const header = { accept: 'application/json', 'accept-language': i18n.getLocale() === 'en' ? 'en' : 'zh-CN' };
    if (token) header.authorization = `Bearer ${token}`;
    if (body !== undefined) header['content-type'] = 'application/json';
    wx.request({
      url, method, header, data: body === undefined ? undefined : JSON.stringify(body), dataType: 'json', timeout: 10000,
      success: (res) => {
        const data = typeof res.data === 'string' ? safeParse(res.data) : res.data;
        if (res.statusCode >= 200 && res.statusCode < 300) resolve(data);
        else reject(Object.assign(new Error((data && data.error && data.error.message) || `HTTP ${res.statusCode}`), { code: data && data.error && data.error.code, status: res.statusCode }));
      },
      fail: (err) => reject(Object.assign(new Error((err && err.errMsg) || 'wx.request failed'), { code: 'OFFLINE' })),
    });
  });
}

function safeParse(s) {
  try { return JSON.parse(s); } catch (e) { return null; }
}

const syncKey = (c) => `health-steward/sync:${c.programId}:${c.memberId}`;

/** True when the service no longer takes this phone's token (a 401): the resident must join again. */
const isLost = () => Boolean(i18n.read(LOST, false));
function setLost(lost) { i18n.write(LOST, lost ? true : null); }

/** The same community (service and programme) as connection `c`. */
const sameCommunity = (invite, c) => Boolean(invite && c && invite.baseUrl === c.baseUrl && invite.programId === c.programId);

/**
 * Joins with an invite. Joining again the same community after its token stopped working (a 401)
 * keeps what the phone had not sent: the outbox moves to the new membership (challenge.js
 * carryOver) and goes out with the next sync. Returns { conn, carried }.
 */
async function join(invite, displayName) {
  const before = connection();
  const again = sameCommunity(invite, before);
  const kept = again ? syncClient().pending() : [];
  const res = await request('POST', `${invite.baseUrl}/v1/programs/${invite.programId}/join`, { body: { code: invite.code, displayName } });
  const conn = { baseUrl: invite.baseUrl, programId: invite.programId, memberId: res.memberId, token: res.token, expiresAt: res.expiresAt, displayName, joinEvent: res.event };
  const carried = carryOver(kept, res.event, (cached().program || {}).utcOffset);
  if (again) {
    closeClient();
    i18n.write(syncKey(before), null);
    i18n.write(EVENTS, carried);
  }
  i18n.write(KEY, conn);
  setLost(false);
  if (carried.length) {
    const sync = syncClient();
    for (const e of carried) sync.add(e);
  }
  return { conn, carried };
}

function closeClient() {
  if (client) client.sync.close();
  client = null;
}

function leave() {
  const c = connection();
  if (c) i18n.write(syncKey(c), null);
  for (const k of [KEY, CACHE, EVENTS, LOST, 'hs_community_vouchers', 'hs_community_notices']) i18n.write(k, null);
  closeClient();
}

let client = null;
function syncClient() {
  const c = connection();
  if (!c) return null;
  if (!client || client.memberId !== c.memberId) {
    const sync = createSyncClient({
      baseUrl: c.baseUrl, programId: c.programId, memberId: c.memberId, token: c.token,
      storage: wxStorageAdapter(wx), transport: wxRequestTransport(wx), timeoutMs: 10000, retry: { baseMs: 2000, maxMs: 60000 },
    });
    client = { memberId: c.memberId, sync, renewing: null };
    sync.onToken((t) => { const now = connection(); if (now && now.memberId === c.memberId) i18n.write(KEY, Object.assign({}, now, t)); });
  }
  renewIfEnding(c);
  return client.sync;
}

/**
 * A month before the member token ends (or when its end is not known), asks once for a fresh one;
 * checked whenever the page uses the service, so a mini program kept open for days renews too.
 * Offline, it asks again next time.
 */
function renewIfEnding(c) {
  const entry = client;
  if (entry.renewing || Date.parse(c.expiresAt) > Date.now() + RENEW_BEFORE_MS) return;
  entry.renewing = entry.sync.renewToken()
    .catch(() => { /* offline or refused: next time */ })
    .then(() => { entry.renewing = null; });
}

function get(path) {
  const c = connection();
  return request('GET', `${c.baseUrl}/v1/programs/${c.programId}${path}`, { token: c.token });
}

async function fetchProgram() {
  const p = await get('');
  keep({ program: p.program, name: p.name, demo: Boolean(p.demo) });
  return p;
}

async function fetchRewards() {
  const { rewards } = await get('/rewards');
  keep({ rewards });
  return rewards;
}

async function fetchBoard(scope, challengeId) {
  const { rows } = await get(`/leaderboard?scope=${scope}&metric=points&limit=10${challengeId ? `&challengeId=${encodeURIComponent(challengeId)}` : ''}`);
  const boards = Object.assign({}, cached().boards, { [scope]: { rows, at: new Date().toISOString() } });
  keep({ boards });
  return boards[scope];
}

module.exports = { parseInvite, connection, cached, isLost, setLost, sameCommunity, join, leave, syncClient, fetchProgram, fetchRewards, fetchBoard };
