'use strict';
// Generated from ../index.js by service/scripts/sync-cjs.mjs: edit that file, not this one.

const MAX_BATCH = 1000;
function localStorageAdapter(storage = globalThis.localStorage) {
  if (!storage) throw new Error('localStorage is not available here; pass a storage adapter');
  return { getItem: (k) => storage.getItem(k), setItem: (k, v) => storage.setItem(k, v) };
}
function wxStorageAdapter(wx = globalThis.wx) {
  if (!wx) throw new Error('wx is not available here; pass it explicitly');
  return {
    getItem: (k) => { const v = wx.getStorageSync(k); return typeof v === 'string' && v !== '' ? v : null; },
    setItem: (k, v) => wx.setStorageSync(k, v),
  };
}
function memoryStorage(map = new Map()) {
  return { getItem: (k) => (map.has(k) ? map.get(k) : null), setItem: (k, v) => { map.set(k, String(v)); } };
}
function fetchTransport(fetchImpl = globalThis.fetch) {
  if (!fetchImpl) throw new Error('fetch is not available here; pass it explicitly');
  return async ({ method, url, headers, body, timeoutMs }) => {
    const ctl = typeof AbortController === 'function' ? new AbortController() : null;
    const timer = ctl && timeoutMs ? setTimeout(() => ctl.abort(), timeoutMs) : null;
    try {
      const res = await fetchImpl(url, { method, headers, body, signal: ctl?.signal });
      const text = await res.text();
      let json = null;
      try { json = text ? JSON.parse(text) : null; } catch { json = null; }
      return { status: res.status, body: json };
    } finally {
      if (timer) clearTimeout(timer);
    }
  };
}
function wxRequestTransport(wx = globalThis.wx) {
  if (!wx) throw new Error('wx is not available here; pass it explicitly');
  return ({ method, url, headers, body, timeoutMs }) => new Promise((resolve, reject) => {
    wx.request({
      url, method, header: headers, data: body, dataType: 'json', responseType: 'text', timeout: timeoutMs,
      success: (res) => resolve({ status: res.statusCode, body: typeof res.data === 'string' ? safeParse(res.data) : res.data }),
      fail: (err) => reject(new Error(err?.errMsg || 'wx.request failed')),
    });
  });
}

function safeParse(text) {
  try { return JSON.parse(text); } catch { return null; }
}

function newId() {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  let s = Date.now().toString(36);
  for (let i = 0; i < 4; i++) s += '-' + Math.floor(Math.random() * 0x100000000).toString(36);
  return s;
}
function localInstant(ms) {
  const d = new Date(ms);
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  const local = new Date(ms + off * 60000).toISOString().replace('Z', '');
  return `${local}${sign}${pad(off / 60)}:${pad(off % 60)}`;
}
function createSyncClient(options) {
  const {
    baseUrl, programId, memberId, storage, transport,
    batchSize = 100, timeoutMs = 15000, autoRetry = true,
    now = () => Date.now(),
  } = options;
  if (!baseUrl || !programId || !memberId) throw new Error('baseUrl, programId and memberId are required');
  if (!storage || !transport) throw new Error('storage and transport adapters are required');
  const retry = { baseMs: 1000, maxMs: 60000, factor: 2, ...options.retry };
  const key = options.key || `health-steward/sync:${programId}:${memberId}`;
  const size = Math.max(1, Math.min(MAX_BATCH, batchSize));
  let token = options.token;

  const saved = safeParse(storage.getItem(key) || 'null') || {};
  const state = {
    outbox: Array.isArray(saved.outbox) ? saved.outbox : [],
    rejected: Array.isArray(saved.rejected) ? saved.rejected : [],
    cursor: typeof saved.cursor === 'string' ? saved.cursor : null,
    member: saved.member || null,
    recorded: Array.isArray(saved.recorded) ? saved.recorded : [],
  };
  const listeners = { change: new Set(), result: new Set(), reject: new Set(), error: new Set(), member: new Set(), token: new Set() };
  let inflight = null, timer = null, attempt = 0, closed = false;

  const save = () => storage.setItem(key, JSON.stringify(state));
  const emit = (kind, value) => { for (const fn of listeners[kind]) { try { fn(value); } catch (e) { /* a listener's error is its own */ } } };
  const on = (kind) => (fn) => { listeners[kind].add(fn); return () => listeners[kind].delete(fn); };

  const base = baseUrl.replace(/\/$/, '');
  const url = (path) => `${base}/v1/programs/${encodeURIComponent(programId)}${path}`;
  function failure(res, code) {
    const error = (res.body && res.body.error) || { code, message: `service answered ${res.status}` };
    return Object.assign(new Error(error.message), { code: error.code, status: res.status });
  }

  async function request(method, path, body, at = url(path)) {
    const headers = { accept: 'application/json', authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return transport({ method, url: at, headers, body: body === undefined ? undefined : JSON.stringify(body), timeoutMs });
  }

  function takeAnswer(body) {
    if (typeof body.cursor === 'string') state.cursor = body.cursor;
    if (body.member) { state.member = body.member; emit('member', body.member); }
    if (Array.isArray(body.recorded)) state.recorded = body.recorded;
    for (const c of body.changed || []) emit('change', c);
  }
  const transient = (status) => status === undefined || status === 408 || status === 429 || status >= 500;

  function schedule() {
    if (!autoRetry || closed || timer) return;
    const base = Math.min(retry.maxMs, retry.baseMs * retry.factor ** Math.max(0, attempt - 1));
    const delay = Math.round(base * (0.5 + Math.random() / 2));
    timer = setTimeout(() => { timer = null; flush().catch(() => {}); }, delay);
    if (timer && typeof timer.unref === 'function') timer.unref();
  }

  async function sendAll() {
    while (state.outbox.length && !closed) {
      const batch = state.outbox.slice(0, size);
      const body = { events: batch };
      if (state.cursor !== null) body.since = state.cursor;
      let res;
      try {
        res = await request('POST', '/events', body);
      } catch (err) {
        res = { status: undefined, error: err };
      }
      if (res.status === 200 && res.body && Array.isArray(res.body.results)) {
        const sent = new Set(batch.map((e) => e.id));
        state.outbox = state.outbox.filter((e) => !sent.has(e.id));
        takeAnswer(res.body);
        save();
        attempt = 0;
        for (const r of res.body.results) emit('result', r);
        continue;
      }
      if (transient(res.status)) {
        attempt += 1;
        const error = res.error || new Error(`service answered ${res.status}`);
        emit('error', { error, status: res.status, retrying: autoRetry });
        schedule();
        throw Object.assign(new Error('sync failed; the events stay in the outbox'), { cause: error, status: res.status });
      }
      if (res.status === 401) {
        const error = res.body && res.body.error;
        emit('error', { error, status: 401, retrying: false });
        throw Object.assign(new Error((error && error.message) || 'unauthenticated'), { code: (error && error.code) || 'UNAUTHENTICATED', status: 401 });
      }
      const error = (res.body && res.body.error) || { code: 'REFUSED', message: `service answered ${res.status}` };
      const m = /^events\[(\d+)\]/.exec(error.field || '');
      const bad = m && batch[Number(m[1])] ? [batch[Number(m[1])]] : batch;
      const badIds = new Set(bad.map((e) => e.id));
      state.outbox = state.outbox.filter((e) => !badIds.has(e.id));
      for (const e of bad) state.rejected.push({ event: e, error });
      save();
      emit('reject', { events: bad, error });
    }
  }
  function flush() {
    if (closed) return Promise.resolve();
    if (timer) { clearTimeout(timer); timer = null; }
    if (!inflight) inflight = sendAll().finally(() => { inflight = null; });
    return inflight;
  }

  return {
    add(event) {
      const e = { ...event };
      if (!e.id) e.id = newId();
      if (!e.memberId) e.memberId = memberId;
      if (!e.at) e.at = localInstant(now());
      state.outbox.push(e);
      save();
      return e;
    },
    flush,
    async refresh() {
      const q = state.cursor !== null ? `?since=${encodeURIComponent(state.cursor)}` : '';
      const res = await request('GET', `/me${q}`);
      if (res.status !== 200 || !res.body) throw failure(res, 'SYNC_FAILED');
      takeAnswer(res.body);
      save();
      return res.body;
    },
    async sync() { await flush(); return this.refresh(); },
    pending: () => state.outbox.slice(),
    rejected: () => state.rejected.slice(),
    clearRejected() { state.rejected = []; save(); },
    member: () => state.member,
    recorded: () => state.recorded.slice(),
    cursor: () => state.cursor,
    setToken(t) { token = t; },
    async renewToken() {
      const res = await request('POST', '', { programId }, `${base}/v1/auth/renew`);
      if (res.status !== 200 || !res.body || !res.body.token) throw failure(res, 'RENEW_FAILED');
      token = res.body.token;
      emit('token', res.body);
      return res.body;
    },
    onToken: on('token'),
    onChange: on('change'),
    onResult: on('result'),
    onReject: on('reject'),
    onError: on('error'),
    onMember: on('member'),
    close() { closed = true; if (timer) clearTimeout(timer); timer = null; },
  };
}

module.exports = { MAX_BATCH, localStorageAdapter, wxStorageAdapter, memoryStorage, fetchTransport, wxRequestTransport, createSyncClient };
