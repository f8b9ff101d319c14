// What the organiser console reads besides the contract's routes: the redemption desk (look a
// voucher up, list vouchers), daily participation in a challenge, and the audit log. Fulfilling
// is `POST …/redemptions/:id/fulfil`; refunding and adjusting are organiser events sent to
// `POST …/events` (a refund marks the voucher refunded there).
import { ServiceError } from '../errors.mjs';
import { defaultProgram } from '../engine.mjs';
import { bearer, errors, ID, pidParams } from '../schemas.mjs';
import { currentOutcome } from './events.mjs';

const redemptionParams = { type: 'object', required: ['pid', 'redemptionId'], properties: { pid: pidParams.properties.pid, redemptionId: { type: 'string', pattern: ID } } };

const voucher = {
  type: 'object',
  properties: {
    redemptionId: { type: 'string' }, eventId: { type: 'string' }, memberId: { type: 'string' },
    displayName: { type: ['string', 'null'] }, family: { type: ['string', 'null'] }, building: { type: ['string', 'null'] },
    rewardId: { type: 'string' }, cost: { type: ['number', 'null'] }, title: { type: ['object', 'null'], additionalProperties: true },
    redeemedAt: { type: ['string', 'null'] }, fulfilledAt: { type: ['string', 'null'] }, fulfilledBy: { type: ['string', 'null'] },
    refundedAt: { type: ['string', 'null'] },
    status: { type: 'string', enum: ['ready', 'fulfilled', 'refunded', 'refused'], description: 'ready: accepted and not used; refused: the engine refused it (or a later event did)' },
    code: { type: ['string', 'null'], description: 'The engine\'s code when refused (OUT_OF_STOCK, INSUFFICIENT_POINTS, …)' },
  },
};

const iso = (v) => (v ? new Date(v).toISOString() : null);

/** A redemption row as the desk sees it, with its status from the engine's current outcome. */
function voucherOf(entry, r) {
  const reward = (entry.program.rewards ?? []).find((w) => w.id === r.reward_id);
  const outcome = outcomeOf(entry, r.event_id, { accepted: r.first_accepted, code: r.first_code ?? undefined });
  const status = r.refunded_at ? 'refunded' : r.fulfilled_at ? 'fulfilled' : outcome?.accepted ? 'ready' : 'refused';
  return {
    redemptionId: r.redemption_id, eventId: r.event_id, memberId: r.member_id,
    displayName: r.display_name ?? null, family: r.family ?? null, building: r.building ?? null,
    rewardId: r.reward_id, cost: reward?.cost ?? null, title: reward?.title ?? null,
    redeemedAt: r.redeemed_at ?? null, fulfilledAt: iso(r.fulfilled_at), fulfilledBy: r.fulfilled_by ?? null,
    refundedAt: iso(r.refunded_at), status, code: outcome && !outcome.accepted ? outcome.code ?? null : null,
  };
}

const VOUCHER_SQL = `SELECT r.redemption_id, r.event_id, r.member_id, r.reward_id, r.redeemed_at, r.fulfilled_at, r.fulfilled_by,
    r.refunded_at, m.display_name, m.family, m.building, e.accepted AS first_accepted, e.code AS first_code
  FROM redemptions r LEFT JOIN members m ON m.program_id = r.program_id AND m.member_id = r.member_id
    LEFT JOIN events e ON e.program_id = r.program_id AND e.event_id = r.event_id
  WHERE r.program_id = $1`;

/** The engine's current outcome of an event; its first outcome (as stored) with a library that has no change feed yet. */
function outcomeOf(entry, eventId, first) {
  return typeof entry.engine.outcome === 'function' ? currentOutcome(entry.engine, eventId) : first;
}

/** The local day (YYYY-MM-DD) of an RFC 3339 instant in the programme's fixed offset. */
export function localDay(at, offset = '+00:00') {
  const ms = Date.parse(at);
  const m = /^([+-])(\d\d):(\d\d)$/.exec(offset);
  const shift = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000 : 0;
  return Number.isFinite(ms) ? new Date(ms + shift).toISOString().slice(0, 10) : null;
}

const addDays = (date, n) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86400_000).toISOString().slice(0, 10);

export default async function deskRoutes(app, { db, auth, programmes }) {
  app.get('/v1/templates/default', {
    schema: {
      summary: 'The library\'s default program (defaultProgram()): the template the console starts a programme from (organiser)', security: bearer,
      response: { 200: { type: 'object', additionalProperties: true }, ...errors(401, 403) },
    },
  }, async (request) => {
    await auth.organiser(request);
    return defaultProgram();
  });

  app.get('/v1/programs/:pid/rewards', {
    schema: {
      summary: 'The rewards with their cost and how many are left (member, organiser)', security: bearer, params: pidParams,
      response: {
        200: {
          type: 'object',
          properties: {
            rewards: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  id: { type: 'string' }, title: { type: 'object', additionalProperties: true }, cost: { type: 'number' },
                  stock: { type: ['number', 'null'] }, left: { type: ['number', 'null'], description: 'null: unlimited' }, perMemberLimit: { type: ['number', 'null'] },
                },
              },
            },
          },
        },
        ...errors(401, 404),
      },
    },
  }, async (request) => {
    const { pid } = request.params;
    await auth.principal(request, pid);
    return programmes.read(pid, async (entry) => {
      const rows = await db.query(`${VOUCHER_SQL}`, [pid]);
      const taken = new Map();
      for (const r of rows) {
        const v = voucherOf(entry, r);
        if (v.status === 'ready' || v.status === 'fulfilled') taken.set(v.rewardId, (taken.get(v.rewardId) ?? 0) + 1);
      }
      return {
        rewards: (entry.program.rewards ?? []).map((w) => ({
          id: w.id, title: w.title, cost: w.cost, stock: w.stock ?? null, perMemberLimit: w.perMemberLimit ?? null,
          left: w.stock === undefined ? null : Math.max(0, w.stock - (taken.get(w.id) ?? 0)),
        })),
      };
    });
  });

  app.get('/v1/programs/:pid/redemptions', {
    schema: {
      summary: 'Vouchers of the programme, newest first, with their status at the desk (organiser)', security: bearer, params: pidParams,
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          status: { type: 'string', enum: ['ready', 'fulfilled', 'refunded', 'refused'] },
          memberId: { type: 'string', pattern: ID },
          limit: { type: 'string', pattern: '^[1-9][0-9]{0,3}$' },
        },
      },
      response: { 200: { type: 'object', properties: { redemptions: { type: 'array', items: voucher } } }, ...errors(400, 401, 403, 404) },
    },
  }, async (request) => {
    const { pid } = request.params;
    await auth.organiser(request, pid);
    const { status, memberId, limit } = request.query;
    return programmes.read(pid, async (entry) => {
      const rows = memberId
        ? await db.query(`${VOUCHER_SQL} AND r.member_id = $2 ORDER BY r.redeemed_at DESC NULLS LAST, r.redemption_id`, [pid, memberId])
        : await db.query(`${VOUCHER_SQL} ORDER BY r.redeemed_at DESC NULLS LAST, r.redemption_id`, [pid]);
      let list = rows.map((r) => voucherOf(entry, r));
      if (status) list = list.filter((v) => v.status === status);
      return { redemptions: list.slice(0, Number(limit ?? 1000)) };
    });
  });

  app.get('/v1/programs/:pid/redemptions/:redemptionId', {
    schema: {
      summary: 'Look a voucher up by its code (the redemption id): who, which reward, and whether it can be used (organiser)',
      security: bearer, params: redemptionParams,
      response: { 200: voucher, ...errors(401, 403, 404) },
    },
  }, async (request) => {
    const { pid, redemptionId } = request.params;
    await auth.organiser(request, pid);
    return programmes.read(pid, async (entry) => {
      const [row] = await db.query(`${VOUCHER_SQL} AND r.redemption_id = $2`, [pid, redemptionId]);
      if (!row) throw new ServiceError(404, 'REDEMPTION_NOT_FOUND', { field: 'redemptionId' });
      return voucherOf(entry, row);
    });
  });

  app.get('/v1/programs/:pid/participation', {
    schema: {
      summary: 'Daily participation in a challenge: members credited on each day (check-in or make-up), from the engine\'s current outcomes (organiser)',
      security: bearer, params: pidParams,
      querystring: { type: 'object', additionalProperties: false, properties: { challengeId: { type: 'string', maxLength: 128 } } },
      response: {
        200: {
          type: 'object',
          properties: {
            challengeId: { type: 'string' }, startDate: { type: 'string' }, days: { type: 'integer' },
            members: { type: 'integer', description: 'members of the programme (not erased)' },
            daily: { type: 'array', items: { type: 'object', properties: { date: { type: 'string' }, checkIns: { type: 'integer' }, makeups: { type: 'integer' }, members: { type: 'integer' } } } },
          },
        },
        ...errors(400, 401, 403, 404),
      },
    },
  }, async (request) => {
    const { pid } = request.params;
    await auth.organiser(request, pid);
    return programmes.read(pid, async (entry) => {
      const challenges = entry.program.challenges ?? [];
      const challenge = request.query.challengeId ? challenges.find((c) => c.id === request.query.challengeId) : challenges[0];
      if (!challenge) throw new ServiceError(404, 'NOT_FOUND', { field: 'challengeId' });
      if (entry.participation?.seq !== entry.seq || entry.participation.id !== challenge.id) {
        entry.participation = { seq: entry.seq, id: challenge.id, value: await dailyParticipation(db.query, pid, entry, challenge) };
      }
      const [{ n }] = await db.query('SELECT count(*)::int AS n FROM members WHERE program_id = $1 AND erased_at IS NULL', [pid]);
      return { challengeId: challenge.id, startDate: challenge.startDate, days: challenge.days, members: Number(n), daily: entry.participation.value };
    });
  });

  app.get('/v1/programs/:pid/audit', {
    schema: {
      summary: 'The audit log of the programme, newest first: who did what and when (organiser)', security: bearer, params: pidParams,
      querystring: {
        type: 'object', additionalProperties: false,
        properties: { before: { type: 'string', pattern: '^[1-9][0-9]{0,15}$' }, limit: { type: 'string', pattern: '^[1-9][0-9]{0,2}$' } },
      },
      response: {
        200: {
          type: 'object',
          properties: {
            entries: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, at: { type: 'string' }, actor: { type: 'string' }, action: { type: 'string' }, detail: { type: ['object', 'null'], additionalProperties: true } } } },
            next: { type: ['string', 'null'], description: 'Pass as `before` for the next page' },
          },
        },
        ...errors(400, 401, 403, 404),
      },
    },
  }, async (request) => {
    const { pid } = request.params;
    await auth.organiser(request, pid);
    if (!(await db.query('SELECT 1 FROM programs WHERE program_id = $1', [pid])).length) throw new ServiceError(404, 'PROGRAM_NOT_FOUND');
    const limit = Number(request.query.limit ?? 100);
    const before = request.query.before ? Number(request.query.before) : Number.MAX_SAFE_INTEGER;
    const rows = await db.query('SELECT id, at, actor, action, detail FROM audit_log WHERE program_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3', [pid, before, limit]);
    const entries = rows.map((r) => ({ id: Number(r.id), at: iso(r.at), actor: r.actor, action: r.action, detail: r.detail ? JSON.parse(r.detail) : null }));
    return { entries, next: entries.length === limit ? String(entries.at(-1).id) : null };
  });
}

/**
 * Members credited on each day of `challenge`: accepted check-ins (on their local day) and make-ups
 * (on the day they make up), read from the command log, each with the engine's current outcome.
 */
async function dailyParticipation(q, pid, entry, challenge) {
  const offset = entry.program.utcOffset;
  const perDay = new Map();
  for (let i = 0; i < challenge.days; i++) perDay.set(addDays(challenge.startDate, i), { checkIns: new Set(), makeups: new Set() });
  const seen = new Set();
  const firstAccepted = typeof entry.engine.outcome === 'function' ? null
    : new Set((await q("SELECT event_id FROM events WHERE program_id = $1 AND accepted AND type IN ('check-in', 'makeup')", [pid])).map((r) => r.event_id));
  for (let after = 0; ;) {
    const rows = await q("SELECT seq, body FROM commands WHERE program_id = $1 AND kind = 'batch' AND seq > $2 ORDER BY seq LIMIT 500", [pid, after]);
    for (const r of rows) {
      after = Number(r.seq);
      for (const e of JSON.parse(r.body)) {
        if (e.challengeId !== challenge.id || (e.type !== 'check-in' && e.type !== 'makeup') || seen.has(e.id)) continue;
        seen.add(e.id);
        if (!(firstAccepted ? firstAccepted.has(e.id) : currentOutcome(entry.engine, e.id)?.accepted)) continue;
        const day = perDay.get(e.type === 'makeup' ? e.date : localDay(e.at, offset));
        day?.[e.type === 'makeup' ? 'makeups' : 'checkIns'].add(e.memberId);
      }
    }
    if (rows.length < 500) break;
  }
  return [...perDay].map(([date, d]) => ({ date, checkIns: d.checkIns.size, makeups: d.makeups.size, members: new Set([...d.checkIns, ...d.makeups]).size }));
}
