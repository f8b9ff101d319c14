// The service owns the clock (the library never reads one). Instants are written in RFC 3339 with
// the programme's fixed UTC offset, so that logs and the engine's local days read the same.

/** `2026-12-02T18:40:05.123+08:00` for `ms` (epoch milliseconds) in `offset` (`+08:00`). */
export function instantIn(ms, offset = '+00:00') {
  const m = /^([+-])(\d\d):(\d\d)$/.exec(offset) ?? ['', '+', '00', '00'];
  const shift = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000;
  const local = new Date(ms + shift).toISOString().replace('Z', '');
  return `${local}${m[1]}${m[2]}:${m[3]}`;
}

/** Epoch milliseconds of an RFC 3339 instant, or NaN. */
export const instantMs = (s) => Date.parse(s);
