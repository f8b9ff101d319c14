// Helpers the route files share.
import { ServiceError } from '../errors.mjs';

/** Writes one organiser action to the audit log (in the caller's transaction when `q` is one). */
export function audit(q, pid, actor, action, detail) {
  return q('INSERT INTO audit_log (program_id, actor, action, detail) VALUES ($1, $2, $3, $4)',
    [pid ?? '', actor, action, detail === undefined ? null : JSON.stringify(detail)]);
}

/** The caller must be an organiser, or the member `memberId` itself when given. */
export async function organiserOrMember(auth, request, pid, memberId) {
  const who = await auth.principal(request, pid);
  if (who.role === 'organiser' || (memberId === undefined || who.memberId === memberId)) return who;
  throw new ServiceError(403, 'FORBIDDEN');
}

export const actorOf = (who) => (who.role === 'organiser' ? `organiser:${who.user}` : `member:${who.memberId}`);

/** Display names of members, for leaderboards and lists (erased members have none). */
export async function memberRows(q, pid) {
  const rows = await q('SELECT member_id, display_name, family, building, joined_at, erased_at FROM members WHERE program_id = $1 ORDER BY joined_at, member_id', [pid]);
  return rows;
}

export const ERASED_NAME = { 'zh-CN': '已注销成员', en: 'Erased member' };
