// The service owns the clock: every programme's engine is advanced to "now" on a schedule, as a
// logged command like any batch, so that expiries, tier demotions and challenge finalisation happen
// at the same point of the log in every process that replays it.
import { instantIn } from './clock.mjs';

/**
 * advanceTo(now) for one programme, unless another process did it less than `minGapMs` ago or the
 * clock would go back. Returns the engine's answer with the instant, or null when skipped.
 */
export function advanceProgramme(programmes, pid, nowMs, { minGapMs = 0, force = false } = {}) {
  return programmes.write(pid, async ({ entry, q, run }) => {
    const [row] = await q('SELECT advanced_to FROM programs WHERE program_id = $1', [pid]);
    const last = row?.advanced_to ? new Date(row.advanced_to).getTime() : -Infinity;
    if (nowMs <= last || (!force && nowMs - last < minGapMs)) return null;
    const at = instantIn(nowMs, entry.program.utcOffset);
    const { result } = await run('advance', at);
    await q('UPDATE programs SET advanced_to = $2 WHERE program_id = $1', [pid, new Date(nowMs)]);
    return { at, ...result };
  });
}

/** Starts the schedule; returns a function that stops it. */
export function startScheduler({ db, programmes, everyMs, log }) {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const rows = await db.query('SELECT program_id FROM programs ORDER BY program_id');
      for (const { program_id: pid } of rows) {
        await advanceProgramme(programmes, pid, Date.now(), { minGapMs: everyMs / 2 })
          .catch((err) => log?.warn({ err, pid }, 'scheduled advanceTo failed'));
      }
    } catch (err) {
      log?.warn({ err }, 'scheduler tick failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  tick();
  return () => clearInterval(timer);
}
