// Event batches and a member's own view: the sync path of the phones.
import { ServiceError, fromEngineError } from '../errors.mjs';
import { bearer, errors, MAX_BATCH, pidParams } from '../schemas.mjs';

/** What residents may send for themselves; organisers may send these and their own types. */
const RESIDENT_TYPES = new Set(['check-in', 'makeup', 'share', 'redeem']);
const ORGANISER_TYPES = new Set(['activity', 'follow-up', 'refund', 'adjust']);
/** join and referral happen only through invites. */
const INVITE_TYPES = new Set(['join', 'referral']);

const CURSOR = '^(0|[1-9][0-9]{0,14})$';

const syncAnswer = {
  type: 'object',
  properties: {
    results: { type: 'array', items: { $ref: 'ApplyResult#' } },
    changed: { type: 'array', items: { $ref: 'Change#' } },
    member: { $ref: 'MemberView#' },
    cursor: { type: 'string', description: 'Pass as `since` next time to get only newer changes.' },
  },
};

/** GET /me adds the check-ins and make-ups others recorded for the member (see recordedFor). */
const meAnswer = {
  ...syncAnswer,
  properties: {
    ...syncAnswer.properties,
    recorded: {
      type: 'array', items: { $ref: 'PointsEvent#' },
      description: 'Check-ins and make-ups the organiser recorded for the member (at the desk, say), so that the phone\'s '
        + 'own engine, day grid and streak count them too.',
    },
  },
};

/** Role rules, checked before anything is stored: the first offending event is named. */
function checkRoles(who, events, nowMs, toleranceMs) {
  events.forEach((e, i) => {
    const at = `events[${i}]`;
    if (INVITE_TYPES.has(e.type)) throw new ServiceError(403, 'USE_INVITE', { field: `${at}.type` });
    if (who.role === 'member') {
      if (!RESIDENT_TYPES.has(e.type)) throw new ServiceError(403, 'EVENT_TYPE_NOT_ALLOWED', { field: `${at}.type` });
      if (e.memberId !== who.memberId) throw new ServiceError(403, 'WRONG_MEMBER', { field: `${at}.memberId` });
    } else if (!RESIDENT_TYPES.has(e.type) && !ORGANISER_TYPES.has(e.type)) {
      throw new ServiceError(403, 'EVENT_TYPE_NOT_ALLOWED', { field: `${at}.type` });
    }
    // The service owns the clock: nothing may be dated beyond now (plus a phone's clock drift).
    const ms = Date.parse(e.at);
    if (Number.isFinite(ms) && ms > nowMs + toleranceMs) throw new ServiceError(400, 'EVENT_IN_FUTURE', { field: `${at}.at` });
  });
}

const parseChange = (r) => ({ eventId: r.event_id, memberId: r.member_id, before: JSON.parse(r.before), after: JSON.parse(r.after) });

/** Changes after `since` (of one member, or all for an organiser), oldest first. */
async function changesSince(q, pid, memberId, since) {
  const rows = memberId
    ? await q('SELECT event_id, member_id, before, after FROM changes WHERE program_id = $1 AND member_id = $2 AND seq > $3 ORDER BY seq, idx', [pid, memberId, since])
    : await q('SELECT event_id, member_id, before, after FROM changes WHERE program_id = $1 AND seq > $2 ORDER BY seq, idx LIMIT 10000', [pid, since]);
  return rows.map(parseChange);
}

/** The current outcome of a logged event, from the engine's change feed. */
export function currentOutcome(engine, eventId) {
  return engine.outcome(eventId)?.current ?? null;
}

export default async function eventRoutes(app, { auth, programmes, config }) {
  app.post('/v1/programs/:pid/events', {
    schema: {
      summary: 'Send a batch of points events (member: own check-in, makeup, share, redeem; organiser: also activity, follow-up, refund, adjust)',
      description: `At most ${MAX_BATCH} events (\`BATCH_TOO_LARGE\`) and 1 MB (\`BODY_TOO_LARGE\`). The batch is committed before the answer. `
        + 'Resending events already received returns their original outcomes (`duplicate: true`) and stores nothing: a retry never pays twice. '
        + '`changed` lists earlier outcomes of the member that a later event changed: with `since` (a cursor from an earlier answer), every change after it; '
        + 'without, the changes this batch made. A role violation, a malformed event or an id reused with other content refuses the whole batch and stores nothing.',
      security: bearer, params: pidParams,
      body: {
        type: 'object', required: ['events'], additionalProperties: false,
        properties: {
          events: { type: 'array', minItems: 1, maxItems: MAX_BATCH, items: { $ref: 'PointsEvent#' } },
          since: { type: 'string', pattern: CURSOR },
        },
      },
      response: { 200: syncAnswer, ...errors(400, 401, 403, 404, 409, 413, 415, 429) },
    },
  }, async (request) => {
    const { pid } = request.params;
    const who = await auth.principal(request, pid);
    const { events, since } = request.body;
    const receivedAt = new Date();
    checkRoles(who, events, receivedAt.getTime(), config.futureToleranceMs);
    const sender = who.role === 'organiser' ? `organiser:${who.user}` : `member:${who.memberId}`;
    const me = who.role === 'member' ? who.memberId : null;

    return programmes.write(pid, async ({ entry, q, run }) => {
      const ids = events.map((e) => e.id);
      const known = await knownIds(q, pid, entry.engine, ids);
      if (who.role === 'organiser') await refuseRefundOfFulfilled(q, pid, events);

      let result;
      if (ids.every((id) => known.has(id))) {
        // A resend of events already logged: the engine answers with their outcomes (duplicates
        // change nothing), and nothing is logged, so retries cannot grow the log.
        try { result = entry.engine.applyBatch(events); } catch (e) { throw fromEngineError(e, 409); }
      } else {
        let seq;
        try {
          ({ result, seq } = await run('batch', JSON.stringify(events)));
        } catch (e) {
          throw fromEngineError(e, e?.field?.endsWith('.id') ? 409 : 400);
        }
        await storeBatch(q, pid, seq, events, result, known, receivedAt, sender);
        if (who.role === 'organiser') await auditOrganiserEvents(q, pid, sender, events, result, known);
      }

      const own = (c) => !me || c.memberId === me;
      const changed = since === undefined ? (result.changed ?? []).filter(own) : await changesSince(q, pid, me, Number(since));
      const subject = me ?? (new Set(events.map((e) => e.memberId)).size === 1 ? events[0].memberId : null);
      const answer = { results: result.results, changed, cursor: String(entry.seq) };
      if (subject) answer.member = entry.engine.member(subject);
      return answer;
    });
  });

  app.get('/v1/programs/:pid/me', {
    schema: {
      summary: 'The member\'s own view and the changes to their outcomes since a cursor (member)',
      security: bearer, params: pidParams,
      querystring: { type: 'object', additionalProperties: false, properties: { since: { type: 'string', pattern: CURSOR } } },
      response: { 200: meAnswer, ...errors(400, 401, 403, 404) },
    },
  }, async (request) => {
    const { pid } = request.params;
    const who = await auth.principal(request, pid);
    if (who.role !== 'member') throw new ServiceError(403, 'FORBIDDEN');
    const since = Number(request.query.since ?? 0);
    return programmes.read(pid, async (entry) => ({
      member: entry.engine.member(who.memberId),
      changed: await changesSince(programmes.db.query, pid, who.memberId, since),
      recorded: await recordedFor(programmes.db.query, pid, who.memberId),
      cursor: String(entry.seq),
    }));
  });
}

/**
 * The check-ins and make-ups an organiser sent for `memberId`, as sent (from the logged batches):
 * the phone holds only its own events, so without these a day checked in at the desk would stay
 * "missed" on the phone.
 */
async function recordedFor(q, pid, memberId) {
  const rows = await q(`SELECT e.event_id, c.body FROM events e
    JOIN commands c ON c.program_id = e.program_id AND c.seq = e.seq AND c.kind = 'batch'
    WHERE e.program_id = $1 AND e.member_id = $2 AND e.sender LIKE 'organiser:%' AND e.type IN ('check-in', 'makeup')
    ORDER BY e.seq, e.event_id`, [pid, memberId]);
  return rows.map((r) => JSON.parse(r.body).find((e) => e.id === r.event_id)).filter(Boolean);
}

/**
 * The ids of `ids` already logged. The engine knows every event it keeps; an event it refused for
 * good is not kept, so a resend of one is logged again (it changes nothing either way).
 */
async function knownIds(q, pid, engine, ids) {
  if (typeof engine.outcome === 'function') return new Set(ids.filter((id) => engine.outcome(id) !== null));
  return new Set((await q('SELECT event_id FROM events WHERE program_id = $1 AND event_id = ANY($2)', [pid, ids])).map((r) => r.event_id));
}

/** A voucher used at the desk cannot be refunded. */
async function refuseRefundOfFulfilled(q, pid, events) {
  const refunds = events.map((e, i) => [e, i]).filter(([e]) => e.type === 'refund' && e.redemptionId);
  for (const [e, i] of refunds) {
    const [row] = await q('SELECT fulfilled_at FROM redemptions WHERE program_id = $1 AND redemption_id = $2', [pid, e.redemptionId]);
    if (row?.fulfilled_at) throw new ServiceError(409, 'ALREADY_FULFILLED', { field: `events[${i}].redemptionId` });
  }
}

/** The side rows of a logged batch, one statement per table: new events (once), changed outcomes, redemptions. */
async function storeBatch(q, pid, seq, events, result, known, receivedAt, sender) {
  const seen = new Set(known);
  const rows = [];
  const redemptions = [];
  const refunds = [];
  events.forEach((e, i) => {
    if (seen.has(e.id)) return;
    seen.add(e.id);
    const r = result.results[i];
    rows.push({ event_id: e.id, member_id: e.memberId, type: e.type, at: e.at, accepted: r.accepted, code: r.code ?? null });
    if (e.type === 'redeem') redemptions.push({ redemption_id: e.redemptionId ?? e.id, event_id: e.id, member_id: e.memberId, reward_id: e.rewardId ?? '', redeemed_at: e.at });
    if (e.type === 'refund' && r.accepted && e.redemptionId) refunds.push({ redemption_id: e.redemptionId, event_id: e.id });
  });
  if (rows.length) {
    await q(`INSERT INTO events (program_id, event_id, member_id, type, at, seq, received_at, sender, accepted, code)
      SELECT $1, x.event_id, x.member_id, x.type, x.at, $2, $3, $4, x.accepted, x.code
      FROM json_to_recordset($5::json) AS x(event_id text, member_id text, type text, at text, accepted boolean, code text)
      ON CONFLICT DO NOTHING`, [pid, seq, receivedAt, sender, JSON.stringify(rows)]);
  }
  if (redemptions.length) {
    await q(`INSERT INTO redemptions (program_id, redemption_id, event_id, member_id, reward_id, redeemed_at)
      SELECT $1, x.redemption_id, x.event_id, x.member_id, x.reward_id, x.redeemed_at
      FROM json_to_recordset($2::json) AS x(redemption_id text, event_id text, member_id text, reward_id text, redeemed_at text)
      ON CONFLICT DO NOTHING`, [pid, JSON.stringify(redemptions)]);
  }
  if (refunds.length) {
    // A voucher refunded (at the desk or by any refund event) is marked, for the desk's look-up.
    await q(`UPDATE redemptions r SET refunded_at = $2, refunded_by = $3, refund_event_id = x.event_id
      FROM json_to_recordset($4::json) AS x(redemption_id text, event_id text)
      WHERE r.program_id = $1 AND r.redemption_id = x.redemption_id AND r.refunded_at IS NULL`, [pid, receivedAt, sender, JSON.stringify(refunds)]);
  }
  const changed = result.changed ?? [];
  if (changed.length) {
    await q(`INSERT INTO changes (program_id, seq, idx, member_id, event_id, before, after)
      SELECT $1, $2, x.idx, x.member_id, x.event_id, x.before, x.after
      FROM json_to_recordset($3::json) AS x(idx int, member_id text, event_id text, before text, after text)`,
    [pid, seq, JSON.stringify(changed.map((c, idx) => ({ idx, member_id: c.memberId, event_id: c.eventId, before: JSON.stringify(c.before), after: JSON.stringify(c.after) })))]);
  }
}

/**
 * The audit log of what an organiser sent: one entry per organiser-only event (adjust with its
 * reason, refund, activity, follow-up), one summary entry for resident types sent on their behalf.
 */
async function auditOrganiserEvents(q, pid, actor, events, result, known) {
  const rows = [];
  const onBehalf = {};
  events.forEach((e, i) => {
    if (known.has(e.id)) return;
    if (!ORGANISER_TYPES.has(e.type)) { onBehalf[e.type] = (onBehalf[e.type] ?? 0) + 1; return; }
    const r = result.results[i];
    const detail = { eventId: e.id, memberId: e.memberId, accepted: r.accepted };
    for (const k of ['points', 'reason', 'redemptionId', 'tier', 'until']) if (e[k] !== undefined) detail[k] = e[k];
    if (r.code) detail.code = r.code;
    rows.push({ action: e.type, detail: JSON.stringify(detail) });
  });
  if (Object.keys(onBehalf).length) rows.push({ action: 'send-events', detail: JSON.stringify({ count: onBehalf }) });
  if (!rows.length) return;
  await q(`INSERT INTO audit_log (program_id, actor, action, detail)
    SELECT $1, $2, x.action, x.detail FROM json_to_recordset($3::json) AS x(action text, detail text)`, [pid, actor, JSON.stringify(rows)]);
}
