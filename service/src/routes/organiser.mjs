// Leaderboards, the members list, desk fulfilment, exports, backups, erasure and the clock.
import { PointsEngine } from '../engine.mjs';
import { english, ServiceError, fromEngineError } from '../errors.mjs';
import { bearer, errors, ID, pidParams } from '../schemas.mjs';
import { audit, actorOf, ERASED_NAME, memberRows } from './common.mjs';
import { currentOutcome } from './events.mjs';
import { advanceProgramme } from '../scheduler.mjs';

const memberParams = { type: 'object', required: ['pid', 'memberId'], properties: { pid: pidParams.properties.pid, memberId: { type: 'string', pattern: ID } } };

export default async function organiserRoutes(app, { db, auth, programmes }) {
  app.get('/v1/programs/:pid/leaderboard', {
    schema: {
      summary: 'Ranking of members, families or buildings: display names and scores only (member, organiser)',
      security: bearer, params: pidParams,
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          scope: { type: 'string', enum: ['member', 'family', 'building'], default: 'member' },
          challengeId: { type: 'string', maxLength: 128 },
          metric: { type: 'string', enum: ['points', 'participation'] },
          limit: { type: 'string', pattern: '^[1-9][0-9]{0,3}$' },
        },
      },
      response: {
        200: {
          type: 'object',
          properties: {
            scope: { type: 'string' }, challengeId: { type: 'string' }, metric: { type: 'string' },
            rows: { type: 'array', items: { type: 'object', properties: { rank: { type: 'integer' }, name: { type: 'string' }, score: { type: 'number' }, members: { type: 'integer' } } } },
          },
        },
        ...errors(400, 401, 404),
      },
    },
  }, async (request) => {
    const { pid } = request.params;
    await auth.principal(request, pid);
    const { scope = 'member', challengeId, metric, limit } = request.query;
    const options = { scope };
    if (challengeId) options.challengeId = challengeId;
    if (metric) options.metric = metric;
    if (limit) options.limit = Number(limit);
    return programmes.read(pid, async (entry) => {
      let rows;
      try { rows = entry.engine.leaderboard(options); } catch (e) { throw fromEngineError(e); }
      const names = scope === 'member'
        ? new Map((await memberRows(db.query, pid)).filter((m) => !m.erased_at).map((m) => [m.member_id, m.display_name]))
        : null;
      return {
        ...options,
        rows: rows.map((r) => (names
          ? { rank: r.rank, name: names.get(r.id) ?? ERASED_NAME[english(request) ? 'en' : 'zh-CN'], score: r.score }
          : { rank: r.rank, name: r.id, score: r.score, members: r.members })),
      };
    });
  });

  app.get('/v1/programs/:pid/members', {
    schema: {
      summary: 'Members with balance, tier and challenge progress (organiser)', security: bearer, params: pidParams,
      response: {
        200: {
          type: 'object',
          properties: {
            members: {
              type: 'array',
              items: {
                type: 'object', additionalProperties: true,
                properties: {
                  memberId: { type: 'string' }, displayName: { type: ['string', 'null'] }, family: { type: ['string', 'null'] },
                  building: { type: ['string', 'null'] }, joinedAt: { type: 'string' }, erased: { type: 'boolean' },
                  balance: { type: 'number' }, tier: { type: 'string' },
                  challenges: { type: 'array', items: { type: 'object', additionalProperties: true } },
                },
              },
            },
          },
        },
        ...errors(401, 403, 404),
      },
    },
  }, async (request) => {
    const { pid } = request.params;
    await auth.organiser(request, pid);
    return programmes.read(pid, async (entry) => {
      const rows = await memberRows(db.query, pid);
      return {
        members: rows.map((m) => {
          const v = entry.engine.member(m.member_id);
          return {
            memberId: m.member_id, displayName: m.display_name, family: m.family, building: m.building,
            joinedAt: new Date(m.joined_at).toISOString(), erased: Boolean(m.erased_at),
            balance: v.balance, tier: v.tier, earnedInWindow: v.earnedInWindow, challenges: v.challenges,
          };
        }),
      };
    });
  });

  app.post('/v1/programs/:pid/redemptions/:redemptionId/fulfil', {
    schema: {
      summary: 'Mark a voucher as used at the desk (organiser); a second call is ALREADY_FULFILLED', security: bearer,
      params: { type: 'object', required: ['pid', 'redemptionId'], properties: { pid: pidParams.properties.pid, redemptionId: { type: 'string', pattern: ID } } },
      response: {
        200: { type: 'object', properties: { redemptionId: { type: 'string' }, memberId: { type: 'string' }, rewardId: { type: 'string' }, fulfilledAt: { type: 'string' } } },
        ...errors(401, 403, 404, 409),
      },
    },
  }, async (request) => {
    const { pid, redemptionId } = request.params;
    const who = await auth.organiser(request, pid);
    return programmes.write(pid, async ({ entry, q }) => {
      const [r] = await q('SELECT event_id, member_id, reward_id, fulfilled_at FROM redemptions WHERE program_id = $1 AND redemption_id = $2 FOR UPDATE', [pid, redemptionId]);
      if (!r) throw new ServiceError(404, 'REDEMPTION_NOT_FOUND');
      if (r.fulfilled_at) throw new ServiceError(409, 'ALREADY_FULFILLED');
      if (!currentOutcome(entry.engine, r.event_id)?.accepted) throw new ServiceError(409, 'REDEMPTION_NOT_ACCEPTED');
      const at = new Date();
      await q('UPDATE redemptions SET fulfilled_at = $3, fulfilled_by = $4 WHERE program_id = $1 AND redemption_id = $2', [pid, redemptionId, at, who.user]);
      await audit(q, pid, actorOf(who), 'fulfil', { redemptionId, memberId: r.member_id, rewardId: r.reward_id });
      return { redemptionId, memberId: r.member_id, rewardId: r.reward_id, fulfilledAt: at.toISOString() };
    });
  });

  app.get('/v1/programs/:pid/export.csv', {
    schema: {
      summary: 'One row per member: display name, family, building, balance, tier, days completed per challenge (organiser; UTF-8 with BOM, opens in Excel)',
      security: bearer, params: pidParams,
      response: { 200: { type: 'string', description: 'text/csv' }, ...errors(401, 403, 404) },
    },
  }, async (request, reply) => {
    const { pid } = request.params;
    const who = await auth.organiser(request, pid);
    const csv = await programmes.read(pid, async (entry) => {
      const challenges = entry.program.challenges ?? [];
      const head = ['显示名称 Display name', '家庭 Family', '楼栋 Building', '积分余额 Balance', '等级 Tier',
        ...challenges.map((c) => `${c.title?.['zh-CN'] ?? c.id} 完成天数 / ${c.title?.en ?? c.id} days completed`)];
      const lines = [head];
      for (const m of await memberRows(db.query, pid)) {
        if (m.erased_at) continue;
        const v = entry.engine.member(m.member_id);
        const days = new Map(v.challenges.map((c) => [c.id, c.daysCompleted]));
        lines.push([m.display_name, m.family ?? '', m.building ?? '', v.balance, v.tier, ...challenges.map((c) => days.get(c.id) ?? 0)]);
      }
      return '\uFEFF' + lines.map((l) => l.map(csvCell).join(',')).join('\r\n') + '\r\n';
    });
    await audit(db.query, pid, actorOf(who), 'export-csv');
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${pid}-members.csv"`).send(csv);
  });

  app.get('/v1/programs/:pid/state', {
    schema: {
      summary: 'The engine\'s exportState() document, a backup (organiser)',
      description: 'With `advanceTo`, the state of a copy advanced to that instant (the live engine is not changed).',
      security: bearer, params: pidParams,
      querystring: { type: 'object', additionalProperties: false, properties: { advanceTo: { type: 'string', maxLength: 40 } } },
      response: { 200: { type: 'object', additionalProperties: true }, ...errors(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    const { pid } = request.params;
    const who = await auth.organiser(request, pid);
    const state = await programmes.read(pid, (entry) => {
      const doc = entry.engine.exportState();
      if (!request.query.advanceTo) return doc;
      const copy = PointsEngine.fromState(doc);
      try { copy.advanceTo(request.query.advanceTo); return copy.exportState(); } catch (e) { throw fromEngineError(e); } finally { copy.free(); }
    });
    await audit(db.query, pid, actorOf(who), 'export-state');
    // The document is sent as the engine wrote it, byte for byte.
    return reply.type('application/json; charset=utf-8').serializer((s) => s).send(state);
  });

  app.get('/v1/programs/:pid/commands', {
    schema: {
      summary: 'The engine command log: each accepted batch, each advanceTo and each edit of the rules, in order (organiser)',
      description: 'Replaying the commands with the library (applyBatch / advanceTo) on `new PointsEngine(program)` '
        + 'gives the service\'s exportState() byte for byte. A `program` command is an edit of the rules: replay every '
        + 'batch and advanceTo before it on `new PointsEngine(program)` of that command, then go on. Pages by `after` (a seq).',
      security: bearer, params: pidParams,
      querystring: { type: 'object', additionalProperties: false, properties: { after: { type: 'string', pattern: '^(0|[1-9][0-9]{0,14})$' }, limit: { type: 'string', pattern: '^[1-9][0-9]{0,3}$' } } },
      response: {
        200: {
          type: 'object',
          properties: {
            head: { type: 'integer' },
            commands: { type: 'array', items: { type: 'object', properties: { seq: { type: 'integer' }, kind: { type: 'string', enum: ['batch', 'advance', 'program'] }, events: { type: 'array', items: { $ref: 'PointsEvent#' } }, instant: { type: 'string' }, program: { type: 'object', additionalProperties: true } } } },
          },
        },
        ...errors(400, 401, 403, 404),
      },
    },
  }, async (request) => {
    const { pid } = request.params;
    await auth.organiser(request, pid);
    const after = Number(request.query.after ?? 0);
    const limit = Number(request.query.limit ?? 1000);
    const rows = await db.query('SELECT seq, kind, body FROM commands WHERE program_id = $1 AND seq > $2 ORDER BY seq LIMIT $3', [pid, after, limit]);
    const [p] = await db.query('SELECT head_seq FROM programs WHERE program_id = $1', [pid]);
    if (!p) throw new ServiceError(404, 'PROGRAM_NOT_FOUND');
    return {
      head: Number(p.head_seq),
      commands: rows.map((r) => {
        const seq = Number(r.seq);
        if (r.kind === 'batch') return { seq, kind: r.kind, events: JSON.parse(r.body) };
        if (r.kind === 'program') return { seq, kind: r.kind, program: JSON.parse(r.body) };
        return { seq, kind: r.kind, instant: r.body };
      }),
    };
  });

  app.delete('/v1/programs/:pid/members/:memberId', {
    schema: {
      summary: 'Erase a member (organiser, or the member): display name and tokens removed; events kept under the pseudonymous id so totals stay correct',
      security: bearer, params: memberParams,
      response: { 200: { type: 'object', properties: { memberId: { type: 'string' }, erased: { type: 'boolean' } } }, ...errors(401, 403, 404) },
    },
  }, async (request) => {
    const { pid, memberId } = request.params;
    const who = await auth.principal(request, pid);
    if (who.role !== 'organiser' && who.memberId !== memberId) throw new ServiceError(403, 'FORBIDDEN');
    await db.tx(async (q) => {
      const rows = await q('UPDATE members SET display_name = NULL, erased_at = now() WHERE program_id = $1 AND member_id = $2 AND erased_at IS NULL RETURNING member_id', [pid, memberId]);
      if (!rows.length) throw new ServiceError(404, 'MEMBER_NOT_FOUND');
      await q('DELETE FROM member_tokens WHERE program_id = $1 AND member_id = $2', [pid, memberId]);
      await audit(q, pid, actorOf(who), 'erase-member', { memberId });
    });
    auth.forgetMember(pid, memberId);
    return { memberId, erased: true };
  });

  app.post('/v1/programs/:pid/advance', {
    schema: {
      summary: 'Run the scheduled advanceTo(now) at once: expiries, tier changes, challenge finalisation (organiser)',
      security: bearer, params: pidParams,
      response: { 200: { type: 'object', additionalProperties: true, properties: { at: { type: 'string' }, expired: { type: 'array' }, finalized: { type: 'array' } } }, ...errors(401, 403, 404) },
    },
  }, async (request) => {
    const { pid } = request.params;
    const who = await auth.organiser(request, pid);
    const out = await advanceProgramme(programmes, pid, Date.now(), { force: true });
    await audit(db.query, pid, actorOf(who), 'advance', { at: out?.at });
    return out ?? { at: null, expired: [], finalized: [] };
  });
}

/** RFC 4180 quoting, and no cell that Excel would run as a formula. */
function csvCell(v) {
  let s = String(v ?? '');
  if (/^[=+\-@\t\r]/.test(s) && typeof v === 'string') s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
