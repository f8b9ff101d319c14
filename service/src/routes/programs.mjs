// Programmes, invites and joining.
import { randomBytes } from 'node:crypto';
import { PointsEngine } from '../engine.mjs';
import { ServiceError, english, fromEngineError } from '../errors.mjs';
import { inviteCodeHash, newInviteCode } from '../security.mjs';
import { instantIn } from '../clock.mjs';
import { bearer, errors, ID, pidParams, PROGRAM_ID } from '../schemas.mjs';
import { audit } from './common.mjs';

const groupName = { type: 'string', minLength: 1, maxLength: 64 };

/** The lists of a program whose ids events and accounts refer to. */
const ID_LISTS = [['challenges', (p) => p.challenges], ['rewards', (p) => p.rewards], ['earning', (p) => p.earning], ['tiers.levels', (p) => p.tiers?.levels]];

/** The first id of `old` that `next` no longer has, with the field to show it at, or null. */
function removedId(old, next) {
  for (const [list, of] of ID_LISTS) {
    const now = new Set((of(next) ?? []).map((x) => x?.id));
    const gone = (of(old) ?? []).findIndex((x) => !now.has(x.id));
    if (gone >= 0) {
      const at = (of(next) ?? []).length > gone ? `[${gone}].id` : '';
      return { id: of(old)[gone].id, field: `program.${list}${at}` };
    }
  }
  return null;
}

export default async function programRoutes(app, { db, auth, programmes, config }) {
  app.get('/v1/programs', {
    schema: {
      summary: 'Programmes of this service (organiser)', security: bearer,
      response: {
        200: { type: 'object', properties: { programs: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, members: { type: 'integer' }, demo: { type: 'boolean', description: 'present (true) for generated demo data' } } } } } },
        ...errors(401, 403),
      },
    },
  }, async (request) => {
    await auth.organiser(request);
    const rows = await db.query(`SELECT p.program_id, p.name, p.demo,
        (SELECT count(*) FROM members m WHERE m.program_id = p.program_id AND m.erased_at IS NULL)::int AS members
      FROM programs p ORDER BY p.created_at, p.program_id`);
    return { programs: rows.map((r) => ({ id: r.program_id, name: r.name, members: Number(r.members), ...(r.demo && { demo: true }) })) };
  });

  app.post('/v1/programs', {
    schema: {
      summary: 'Create a programme from the library\'s program JSON (organiser)', security: bearer,
      description: 'The engine validates the program; a bad one is `INVALID_RULES` with the path in `field`.',
      body: {
        type: 'object', required: ['id', 'program'], additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: PROGRAM_ID },
          name: { type: 'string', minLength: 1, maxLength: 100 },
          program: { type: 'object', additionalProperties: true, description: 'The library\'s Program (defaultProgram() is one).' },
        },
      },
      response: { 201: { type: 'object', properties: { id: { type: 'string' } } }, ...errors(400, 401, 403, 409) },
    },
  }, async (request, reply) => {
    const who = await auth.organiser(request);
    const { id, program } = request.body;
    try {
      new PointsEngine(program).free();
    } catch (e) {
      throw fromEngineError(e);
    }
    const name = request.body.name ?? program.name?.['zh-CN'] ?? program.challenges?.[0]?.title?.['zh-CN'] ?? id;
    await db.tx(async (q) => {
      const rows = await q(`INSERT INTO programs (program_id, name, program, created_by) VALUES ($1, $2, $3, $4)
        ON CONFLICT (program_id) DO NOTHING RETURNING program_id`, [id, name, JSON.stringify(program), who.user]);
      if (!rows.length) throw new ServiceError(409, 'PROGRAM_EXISTS', { field: 'id' });
      await audit(q, id, `organiser:${who.user}`, 'create-program', { name });
    });
    return reply.code(201).send({ id });
  });

  app.get('/v1/programs/:pid', {
    schema: {
      summary: 'A programme\'s rules as a resident may see them (member, organiser)', security: bearer, params: pidParams,
      response: { 200: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, demo: { type: 'boolean', description: 'generated demo data' }, program: { type: 'object', additionalProperties: true } } }, ...errors(401, 404) },
    },
  }, async (request) => {
    const { pid } = request.params;
    await auth.principal(request, pid);
    const [row] = await db.query('SELECT demo FROM programs WHERE program_id = $1', [pid]);
    return programmes.read(pid, (entry) => ({ id: pid, name: entry.name, ...(row?.demo && { demo: true }), program: entry.program }));
  });

  app.put('/v1/programs/:pid', {
    schema: {
      summary: 'Edit a programme\'s rules: dates, points, rewards, stock (organiser)', security: bearer, params: pidParams,
      description: 'The engine validates the new program (`INVALID_RULES` with the path in `field`). The event log stays '
        + 'as it is and is replayed under the new rules; outcomes that change (a redemption a lower stock no longer covers, '
        + 'say) reach members as `changed`, with the cursor, like those of a late event. Ids the log can refer to '
        + '(challenges, rewards, earning rules, tiers) cannot be removed or renamed; new ones can be added.',
      body: {
        type: 'object', required: ['program'], additionalProperties: false,
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 100 },
          program: { type: 'object', additionalProperties: true, description: 'The library\'s Program.' },
        },
      },
      response: {
        200: {
          type: 'object',
          properties: { id: { type: 'string' }, cursor: { type: 'string' }, changed: { type: 'array', items: { $ref: 'Change#' } } },
        },
        ...errors(400, 401, 403, 404),
      },
    },
  }, async (request) => {
    const { pid } = request.params;
    const who = await auth.organiser(request, pid);
    const { program } = request.body;
    try {
      new PointsEngine(program).free();
    } catch (e) {
      throw fromEngineError(e);
    }
    const [current] = await db.query('SELECT name FROM programs WHERE program_id = $1', [pid]);
    if (!current) throw new ServiceError(404, 'PROGRAM_NOT_FOUND');
    const name = request.body.name?.trim() || current.name;
    const out = await programmes.replaceProgram(pid, program, name, {
      check: (old) => {
        const removed = removedId(old, program);
        if (removed) {
          throw new ServiceError(400, 'INVALID_RULES', {
            field: removed.field,
            message: english(request)
              ? `“${removed.id}” is used by the programme and cannot be removed or renamed; change its other fields, or add a new one.`
              : `“${removed.id}”已在本项目中使用，不能删除或改名；可以修改它的其他内容，或新增一项。`,
          });
        }
      },
      fn: (q, { seq, changed }) => audit(q, pid, `organiser:${who.user}`, 'edit-program', { name, seq, changed: changed.length }),
    });
    return { id: pid, cursor: String(out.seq), changed: out.changed };
  });

  app.post('/v1/programs/:pid/invites', {
    schema: {
      summary: 'Single-use invite codes, optionally with a family, a building and a referrer (organiser)', security: bearer, params: pidParams,
      body: {
        type: 'object', required: ['count'], additionalProperties: false,
        properties: {
          count: { type: 'integer', minimum: 1, maximum: 500 },
          family: groupName, building: groupName,
          referrerId: { type: 'string', pattern: ID },
        },
      },
      response: {
        201: { type: 'object', properties: { invites: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, url: { type: 'string' }, expiresAt: { type: 'string' } } } } } },
        ...errors(400, 401, 403, 404),
      },
    },
  }, async (request, reply) => {
    const { pid } = request.params;
    const who = await auth.organiser(request, pid);
    const { count, family = null, building = null, referrerId = null } = request.body;
    const expiresAt = new Date(Date.now() + config.inviteTtlMs);
    const invites = await db.tx(async (q) => {
      if (!(await q('SELECT 1 FROM programs WHERE program_id = $1', [pid])).length) throw new ServiceError(404, 'PROGRAM_NOT_FOUND');
      if (referrerId && !(await q('SELECT 1 FROM members WHERE program_id = $1 AND member_id = $2 AND erased_at IS NULL', [pid, referrerId])).length) {
        throw new ServiceError(400, 'MEMBER_NOT_FOUND', { field: 'referrerId' });
      }
      const out = [];
      for (let i = 0; i < count; i++) {
        const code = newInviteCode();
        await q(`INSERT INTO invites (program_id, code_hash, family, building, referrer_id, created_by, expires_at)
          VALUES ($1, $2, $3, $4, $5, $6, $7)`, [pid, inviteCodeHash(code), family, building, referrerId, who.user, expiresAt]);
        // The join link keeps whatever HS_JOIN_URL carries (e.g. ?service=… for an app on another origin).
        const link = new URL(config.joinUrl);
        link.searchParams.set('program', pid);
        link.searchParams.set('code', code);
        const url = link.href;
        out.push({ code, url, expiresAt: expiresAt.toISOString() });
      }
      await audit(q, pid, `organiser:${who.user}`, 'create-invites', { count, family, building, referrerId });
      return out;
    });
    return reply.code(201).send({ invites });
  });

  app.post('/v1/programs/:pid/join', {
    config: { rateLimit: { max: config.loginRateLimit * 3, timeWindow: '1 minute', keyGenerator: (r) => `join:${r.ip}` } },
    schema: {
      summary: 'Join with an invite code (anyone with a code)', params: pidParams,
      description: 'Applies a `join` event (a `referral` when the invite names a referrer) and returns the member\'s token. '
        + 'The invite\'s family and building win over the ones given here.',
      body: {
        type: 'object', required: ['code', 'displayName'], additionalProperties: false,
        properties: {
          code: { type: 'string', minLength: 4, maxLength: 64 },
          displayName: { type: 'string', minLength: 1, maxLength: 40 },
          family: groupName, building: groupName,
        },
      },
      response: {
        201: {
          type: 'object',
          properties: { memberId: { type: 'string' }, token: { type: 'string' }, expiresAt: { type: 'string' }, event: { $ref: 'PointsEvent#' } },
        },
        ...errors(400, 403, 404, 409, 429),
      },
    },
  }, async (request, reply) => {
    const { pid } = request.params;
    const displayName = request.body.displayName.trim();
    if (!displayName) throw new ServiceError(400, 'INVALID_REQUEST', { field: 'displayName' });
    const codeHash = inviteCodeHash(request.body.code);
    const out = await programmes.write(pid, async ({ entry, q, run }) => {
      const [inv] = await q(`SELECT family, building, referrer_id FROM invites
        WHERE program_id = $1 AND code_hash = $2 AND used_at IS NULL AND expires_at > now() FOR UPDATE`, [pid, codeHash]);
      if (!inv) throw new ServiceError(403, 'INVALID_INVITE', { field: 'code' });
      const memberId = `m_${randomBytes(9).toString('base64url')}`;
      const family = inv.family ?? request.body.family;
      const building = inv.building ?? request.body.building;
      const now = Date.now();
      const event = { id: `join-${memberId}`, memberId, at: instantIn(now, entry.program.utcOffset), type: inv.referrer_id ? 'referral' : 'join' };
      if (family || building) event.groups = { ...(family && { family }), ...(building && { building }) };
      if (inv.referrer_id) event.referrerId = inv.referrer_id;
      const { result, seq } = await run('batch', JSON.stringify([event]));
      const r = result.results[0];
      await q(`INSERT INTO events (program_id, event_id, member_id, type, at, seq, received_at, sender, accepted, code)
        VALUES ($1, $2, $3, $4, $5, $6, $7, 'invite', $8, $9)`, [pid, event.id, memberId, event.type, event.at, seq, new Date(now), r.accepted, r.code ?? null]);
      await q(`INSERT INTO members (program_id, member_id, display_name, family, building, joined_at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [pid, memberId, displayName, family ?? null, building ?? null, new Date(now)]);
      await q('UPDATE invites SET used_at = now(), used_by = $3 WHERE program_id = $1 AND code_hash = $2', [pid, codeHash, memberId]);
      const token = await auth.issueMemberToken(q, pid, memberId);
      return { memberId, token, expiresAt: new Date(now + config.memberTokenTtlMs).toISOString(), event };
    });
    return reply.code(201).send(out);
  });
}
