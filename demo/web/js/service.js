// The resident app's link to the community challenge service (optional: without one the check-in
// screen works on the phone alone). An invite link (?service=…&program=…&code=…) is read once at
// start; joining keeps { baseUrl, programId, memberId, token } on the phone. Events go through
// health-steward/sync (outbox in localStorage, batches, retry, change feed); the programme,
// rewards and leaderboards are fetched and kept for offline use. Only points data is sent.
import { createSyncClient, fetchTransport, localStorageAdapter } from '/pkg/sync/index.js';
import { load, remove, save } from './store.js';
import { carryOver, parseInvite } from './challenge.js';

const KEY = 'community';
const INVITE = 'invite';
const LOST = 'community-lost';
const RENEW_BEFORE_MS = 30 * 86400_000;

/** Reads an invite link from the page's URL once, keeps it, and removes it from the address bar. */
export function takeInviteFromUrl() {
  const invite = parseInvite(location.href);
  if (!invite) return null;
  save(INVITE, invite);
  const url = new URL(location.href);
  for (const k of ['service', 'program', 'code']) url.searchParams.delete(k);
  url.hash = '#checkin';
  history.replaceState(null, '', url.href);
  return invite;
}

export { parseInvite };

export const pendingInvite = () => load(INVITE, null);
export const dropInvite = () => remove(INVITE);
export const connection = () => load(KEY, null);

async function http(method, url, { token, body, locale } = {}) {
  const headers = { accept: 'application/json', 'accept-language': locale === 'en' ? 'en' : 'zh-CN' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  let json = null;
  try { json = await res.json(); } catch { /* empty */ }
  if (!res.ok) throw Object.assign(new Error(json?.error?.message || `HTTP ${res.status}`), { code: json?.error?.code, field: json?.error?.field, status: res.status });
  return json;
}

/** True when the service no longer takes this phone's token (a 401, or the programme is gone). */
export const isLost = () => load(LOST, false);
export const setLost = (lost) => (lost ? save(LOST, true) : remove(LOST));

/** The same community (service and programme) as connection `c`. */
export const sameCommunity = (invite, c) => Boolean(invite && c && invite.baseUrl === c.baseUrl && invite.programId === c.programId);

const syncKey = (c) => `health-steward/sync:${c.programId}:${c.memberId}`;
function dropSyncState(c) {
  try { localStorage.removeItem(syncKey(c)); } catch { /* ignore */ }
}

/**
 * Joins with an invite; keeps the connection and the join event (the phone's engine replays it).
 * Joining again the same community after its token stopped working keeps what the phone had not
 * sent: the outbox moves to the new membership (challenge.js carryOver) and goes out with the
 * next sync. Returns { conn, carried }.
 */
export async function join(invite, displayName, locale) {
  const before = connection();
  const again = sameCommunity(invite, before);
  const kept = again ? syncClient().pending() : [];
  const res = await http('POST', `${invite.baseUrl}/v1/programs/${encodeURIComponent(invite.programId)}/join`, { body: { code: invite.code, displayName }, locale });
  const conn = { baseUrl: invite.baseUrl, programId: invite.programId, memberId: res.memberId, token: res.token, expiresAt: res.expiresAt, displayName, joinEvent: res.event };
  const carried = carryOver(kept, res.event, cached().program?.utcOffset);
  if (again) {
    closeClient();
    dropSyncState(before);
    save('community-events', carried);
  }
  save(KEY, conn);
  setLost(false);
  dropInvite();
  if (carried.length) {
    const sync = syncClient();
    for (const e of carried) sync.add(e);
  }
  return { conn, carried };
}

/** Forgets the community on this phone (what was sent stays with the community; the outbox goes). */
export function leave() {
  const c = connection();
  if (c) dropSyncState(c);
  closeClient();
  for (const k of [KEY, LOST, 'community-cache', 'community-events', 'community-vouchers', 'community-notices']) remove(k);
}

let client = null;
function closeClient() {
  client?.sync.close();
  client = null;
}

/** The sync client of the current connection (one per page). */
export function syncClient() {
  const c = connection();
  if (!c) return null;
  if (client && client.memberId === c.memberId) return client.sync;
  client?.sync.close();
  const sync = createSyncClient({
    baseUrl: c.baseUrl, programId: c.programId, memberId: c.memberId, token: c.token,
    storage: localStorageAdapter(), transport: fetchTransport(), batchSize: 100, timeoutMs: 10000,
    retry: { baseMs: 1000, maxMs: 30000 },
  });
  client = { memberId: c.memberId, sync };
  // A member token lives 180 days: a month before it ends (or when its end is not known) the
  // phone asks for a fresh one and keeps it, so a resident never has to join again.
  sync.onToken(({ token, expiresAt }) => { const now = connection(); if (now?.memberId === c.memberId) save(KEY, { ...now, token, expiresAt }); });
  if (!(Date.parse(c.expiresAt) > Date.now() + RENEW_BEFORE_MS)) sync.renewToken().catch(() => { /* offline: next time */ });
  // Back online: send what waited.
  window.addEventListener('online', () => sync.flush().catch(() => {}));
  return sync;
}

/** What the phone keeps from the service for offline use: programme, rewards, leaderboards. */
export const cached = () => load('community-cache', {});
function keep(part) { save('community-cache', { ...cached(), ...part }); }

function api(path, locale) {
  const c = connection();
  return http('GET', `${c.baseUrl}/v1/programs/${encodeURIComponent(c.programId)}${path}`, { token: c.token, locale });
}

export async function fetchProgram(locale) {
  const p = await api('', locale);
  keep({ program: p.program, name: p.name, demo: Boolean(p.demo), at: new Date().toISOString() });
  return p;
}

export async function fetchRewards(locale) {
  const { rewards } = await api('/rewards', locale);
  keep({ rewards });
  return rewards;
}

export async function fetchBoard(scope, challengeId, locale) {
  const q = new URLSearchParams({ scope, metric: 'points', limit: '10' });
  if (challengeId) q.set('challengeId', challengeId);
  const { rows } = await api(`/leaderboard?${q}`, locale);
  const boards = { ...(cached().boards ?? {}), [scope]: { rows, at: new Date().toISOString() } };
  keep({ boards });
  return boards[scope];
}
