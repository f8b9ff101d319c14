// Helpers the route files share.
/** Writes one organiser action to the audit log (in the caller's transaction when `q` is one). */
export function audit(q, pid, actor, action, detail) {
  return q('INSERT INTO audit_log (program_id, actor, action, detail) VALUES ($1, $2, $3, $4)',
    [pid ?? '', actor, action, detail === undefined ? null : JSON.stringify(detail)]);
}

export const actorOf = (who) => (who.role === 'organiser' ? `organiser:${who.user}` : `member:${who.memberId}`);

/** The programme's members in joining order (erased ones have no display name). */
export function memberRows(q, pid) {
  return q('SELECT member_id, display_name, family, building, joined_at, erased_at FROM members WHERE program_id = $1 ORDER BY joined_at, member_id', [pid]);
}

export const ERASED_NAME = { 'zh-CN': '已注销成员', en: 'Erased member' };
