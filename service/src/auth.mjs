// Who is calling: an organiser (service-wide account) or a member of one programme, from the
// `Authorization: Bearer <token>` header.
import { ServiceError } from './errors.mjs';
import { hashPassword, newToken, parseToken, verifierMatches } from './security.mjs';

export function bearerOf(request) {
  const h = request.headers.authorization ?? '';
  return /^Bearer\s+(\S+)$/i.exec(h)?.[1] ?? null;
}

/**
 * Verified token rows are cached briefly (HS_TOKEN_CACHE_S, 30 s by default), so that a phone's
 * sync does not cost a lookup per request; the secret is still compared on every request, expiry
 * is still checked, and an erasure in this process drops the member's entries at once (in another
 * process within the cache time).
 */
export class Auth {
  constructor(db, config) {
    this.db = db;
    this.config = config;
    this.cache = new Map();
    this.cacheMs = config.tokenCacheMs ?? 30_000;
  }

  async #row(kind, sql, params, key) {
    const hit = this.cache.get(key);
    if (hit && hit.until > Date.now()) return hit.row;
    const [row] = await this.db.query(sql, params);
    if (row && this.cacheMs > 0) {
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(key, { row: { ...row, kind }, until: Date.now() + this.cacheMs });
    }
    return row && { ...row, kind };
  }

  /** Drops cached tokens of a member (erasure). */
  forgetMember(pid, memberId) {
    for (const [key, { row }] of this.cache) if (row.kind === 'member' && key.startsWith(`m:${pid}:`) && row.member_id === memberId) this.cache.delete(key);
  }

  /** The caller, or a 401. `pid` scopes member tokens to their programme. */
  async principal(request, pid) {
    const parsed = parseToken(bearerOf(request));
    if (!parsed) throw new ServiceError(401, 'UNAUTHENTICATED');
    // On a programme's routes a member token is the common case: look there first.
    if (pid) {
      const mem = await this.#row('member', 'SELECT member_id, verifier_hash, expires_at FROM member_tokens WHERE program_id = $1 AND selector = $2',
        [pid, parsed.selector], `m:${pid}:${parsed.selector}`);
      if (mem) return this.#check(mem, parsed, { role: 'member', memberId: mem.member_id, pid });
    }
    const org = await this.#row('organiser', 'SELECT username, verifier_hash, expires_at FROM organiser_tokens WHERE selector = $1',
      [parsed.selector], `o:${parsed.selector}`);
    if (org) return this.#check(org, parsed, { role: 'organiser', user: org.username });
    throw new ServiceError(401, 'UNAUTHENTICATED');
  }

  #check(row, parsed, who) {
    if (!verifierMatches(parsed.verifier, row.verifier_hash)) throw new ServiceError(401, 'UNAUTHENTICATED');
    if (new Date(row.expires_at).getTime() <= Date.now()) throw new ServiceError(401, 'TOKEN_EXPIRED');
    return who;
  }

  async organiser(request, pid) {
    const who = await this.principal(request, pid);
    if (who.role !== 'organiser') throw new ServiceError(403, 'FORBIDDEN');
    return who;
  }

  async issueOrganiserToken(username) {
    const t = newToken();
    await this.db.query(
      'INSERT INTO organiser_tokens (selector, verifier_hash, username, expires_at) VALUES ($1, $2, $3, $4)',
      [t.selector, t.verifierHash, username, new Date(Date.now() + this.config.organiserTokenTtlMs)]);
    return t.token;
  }

  /** A member token, written with `q` (the join transaction). */
  async issueMemberToken(q, pid, memberId) {
    const t = newToken();
    await q('INSERT INTO member_tokens (program_id, selector, verifier_hash, member_id, expires_at) VALUES ($1, $2, $3, $4, $5)',
      [pid, t.selector, t.verifierHash, memberId, new Date(Date.now() + this.config.memberTokenTtlMs)]);
    return t.token;
  }

  /**
   * A fresh token for the caller (organiser, or member of `pid`), with a full lifetime. The token
   * it replaces stays valid for a grace period only (HS_RENEW_GRACE_S, at most its own expiry), so
   * that a renewal whose answer was lost can be asked again, while a copied token cannot keep
   * itself alive next to its owner's for long.
   */
  async renew(request, pid) {
    const who = await this.principal(request, pid);
    const { selector } = parseToken(bearerOf(request));
    const graceEnd = new Date(Date.now() + this.config.renewGraceMs);
    let token, ttl;
    if (who.role === 'member') {
      ttl = this.config.memberTokenTtlMs;
      token = await this.db.tx(async (q) => {
        await q('UPDATE member_tokens SET expires_at = LEAST(expires_at, $3) WHERE program_id = $1 AND selector = $2', [pid, selector, graceEnd]);
        return this.issueMemberToken(q, pid, who.memberId);
      });
      this.cache.delete(`m:${pid}:${selector}`);
    } else {
      ttl = this.config.organiserTokenTtlMs;
      await this.db.query('UPDATE organiser_tokens SET expires_at = LEAST(expires_at, $2) WHERE selector = $1', [selector, graceEnd]);
      token = await this.issueOrganiserToken(who.user);
      this.cache.delete(`o:${selector}`);
    }
    return { who, token, expiresAt: new Date(Date.now() + ttl).toISOString() };
  }

  /** Creates the organiser from HS_ADMIN_USER / HS_ADMIN_PASSWORD when it does not exist yet. */
  async ensureOrganiser(username, password) {
    const [row] = await this.db.query('SELECT 1 FROM organisers WHERE username = $1', [username]);
    if (row) return false;
    await this.db.query('INSERT INTO organisers (username, password_hash) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [username, await hashPassword(password)]);
    return true;
  }
}
