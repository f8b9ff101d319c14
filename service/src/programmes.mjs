// Per-programme engines, rebuilt from the command log and kept in memory.
//
// The engine's state depends on the sequence of calls (batches and advanceTo), refusals included,
// so the service logs *commands*, not only events: each accepted batch and each scheduled
// advanceTo, numbered per programme. Replaying them in order (from the latest snapshot, an
// exportState() document, plus the commands after it, when snapshots are turned on) gives a
// byte-identical engine in a restarted process or in a second process on the same PostgreSQL.
//
// Writes to one programme are serialised twice: in this process by a promise chain, and across
// processes by a row lock on the programme (SELECT … FOR UPDATE, which also reads the head of the
// log; a row lock, unlike an advisory lock, holds on Citus when queries enter through any node,
// since it is taken on the programme's shard). Inside the lock a process first
// replays the commands other processes committed, then applies its own, stores it with its side
// rows, and commits before the caller answers. Anything that fails after the engine was touched
// drops the cached engine, so memory never runs ahead of the database.
import { PointsEngine } from './engine.mjs';
import { ServiceError } from './errors.mjs';

const PAGE = 500; // commands fetched per query while replaying

export class Programmes {
  /** @param {import('./db.mjs').Database} db */
  constructor(db, { snapshotEvery = 0, rebuildFrom = 'snapshot', maxEngines = Infinity, log } = {}) {
    this.db = db;
    this.maxEngines = maxEngines; // engines kept in memory; the least recently used go first
    this.useSnapshots = rebuildFrom !== 'log';
    this.snapshotEvery = snapshotEvery; // events applied between snapshots
    this.log = log;
    this.entries = new Map();
    this.tails = new Map();
  }

  /** Runs `fn` after every earlier call for this programme in this process has settled. */
  exclusive(pid, fn) {
    const prev = this.tails.get(pid) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => {});
    this.tails.set(pid, tail);
    tail.then(() => { if (this.tails.get(pid) === tail) this.tails.delete(pid); });
    return run;
  }

  /** Reads with an engine that has every command committed so far. */
  read(pid, fn) {
    return this.exclusive(pid, async () => fn(await this.fresh(this.db.query, pid)));
  }

  /**
   * Runs `fn({ entry, q, run })` in a transaction holding the programme's lock. `run(kind, body)`
   * applies one command to the engine and logs it; side rows go through `q` in the same
   * transaction. Nothing is logged unless `run` is called.
   */
  write(pid, fn) {
    return this.exclusive(pid, async () => {
      let touched = false;
      try {
        return await this.db.tx(async (q) => {
          const [row] = await q('SELECT head_seq FROM programs WHERE program_id = $1 FOR UPDATE', [pid]);
          if (!row) throw new ServiceError(404, 'PROGRAM_NOT_FOUND');
          const entry = await this.fresh(q, pid, Number(row.head_seq));
          const run = async (kind, body) => {
            // The library changes nothing when it throws (a malformed event, a reused id), so a
            // refused batch keeps the cached engine; anything after this point drops it on failure.
            const result = applyCommand(entry.engine, kind, body);
            touched = true;
            entry.seq += 1;
            entry.sinceSnapshot += kind === 'batch' ? result.results.length : 1;
            await q(`WITH logged AS (INSERT INTO commands (program_id, seq, kind, body) VALUES ($1, $2, $3, $4))
              UPDATE programs SET head_seq = $2 WHERE program_id = $1`, [pid, entry.seq, kind, body]);
            return { result, seq: entry.seq };
          };
          return await fn({ entry, q, run });
        }).then((out) => { this.maybeSnapshot(pid); return out; });
      } catch (e) {
        if (touched) this.forget(pid);
        throw e;
      }
    });
  }

  forget(pid) {
    const entry = this.entries.get(pid);
    this.entries.delete(pid);
    entry?.engine.free();
  }

  /** The cached engine, caught up with the database (`head` when the caller read it), or a new one rebuilt from the log. */
  async fresh(q, pid, head) {
    const entry = this.entries.get(pid);
    if (!entry) return this.load(q, pid);
    this.entries.delete(pid); // most recently used last
    this.entries.set(pid, entry);
    if (head === undefined) {
      const [row] = await q('SELECT head_seq FROM programs WHERE program_id = $1', [pid]);
      if (!row) { this.forget(pid); throw new ServiceError(404, 'PROGRAM_NOT_FOUND'); }
      head = Number(row.head_seq);
    }
    if (head > entry.seq) {
      try { await this.replay(q, entry); } catch (e) { this.forget(pid); throw e; }
    }
    return entry;
  }

  async load(q, pid) {
    const [row] = await q('SELECT name, program, head_seq FROM programs WHERE program_id = $1', [pid]);
    if (!row) throw new ServiceError(404, 'PROGRAM_NOT_FOUND');
    const [snap] = this.useSnapshots
      ? await q('SELECT seq, state FROM snapshots WHERE program_id = $1 ORDER BY seq DESC LIMIT 1', [pid])
      : [];
    const program = JSON.parse(row.program);
    let entry = snap && this.fromSnapshot(pid, row, program, snap);
    if (entry) {
      try {
        await this.replay(q, entry);
      } catch (err) {
        entry.engine.free();
        this.log?.warn({ err, programId: pid, snapshotSeq: Number(snap.seq) }, 'the commands after the snapshot do not apply to it; rebuilding from the whole log');
        entry = null;
      }
    }
    if (!entry) {
      // Built under the programme's latest rules: every command replays under them, so the
      // `program` commands of earlier edits are passed over (see replay).
      entry = { pid, name: row.name, program, engine: new PointsEngine(program), seq: 0, sinceSnapshot: 0, underLatest: true };
      try { await this.replay(q, entry); } catch (e) { entry.engine.free(); throw e; }
      entry.underLatest = false;
    }
    this.entries.set(pid, entry);
    this.evict();
    return entry;
  }

  /**
   * An entry restored from a snapshot, or null when the library cannot read it (a document of an
   * older or newer version, corrupted, or sealed with another key): the log stays authoritative,
   * so the caller rebuilds from it rather than failing to serve the programme.
   */
  fromSnapshot(pid, row, program, snap) {
    try {
      return { pid, name: row.name, program, engine: PointsEngine.fromState(snap.state), seq: Number(snap.seq), sinceSnapshot: 0 };
    } catch (err) {
      this.log?.warn({ err: { code: err.code, message: err.message }, programId: pid, snapshotSeq: Number(snap.seq) }, 'snapshot not readable; rebuilding from the whole log');
      return null;
    }
  }

  /** Frees the least recently used engines beyond `maxEngines` that nobody is using now. */
  evict() {
    for (const pid of this.entries.keys()) {
      if (this.entries.size <= this.maxEngines) return;
      if (!this.tails.has(pid)) this.forget(pid);
    }
  }

  async replay(q, entry) {
    for (;;) {
      const rows = await q('SELECT seq, kind, body FROM commands WHERE program_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
        [entry.pid, entry.seq, PAGE]);
      for (const r of rows) {
        if (r.kind === 'program') {
          // An edit of the rules: everything before it replays under the new ones.
          if (!entry.underLatest) await this.rebuildUnder(q, entry, JSON.parse(r.body), Number(r.seq));
          entry.seq = Number(r.seq);
          continue;
        }
        const result = applyCommand(entry.engine, r.kind, r.body);
        entry.seq = Number(r.seq);
        entry.sinceSnapshot += r.kind === 'batch' ? result.results.length : 1;
      }
      if (rows.length < PAGE) return;
    }
  }

  /** A new engine under `program` with every batch and advance of the log before `seq` replayed. */
  async engineUnder(q, pid, program, seq) {
    const engine = new PointsEngine(program);
    try {
      for (let from = 0; ;) {
        const rows = await q(`SELECT seq, kind, body FROM commands WHERE program_id = $1 AND seq > $2 AND seq < $3
          AND kind <> 'program' ORDER BY seq LIMIT $4`, [pid, from, seq, PAGE]);
        for (const r of rows) {
          applyCommand(engine, r.kind, r.body);
          from = Number(r.seq);
        }
        if (rows.length < PAGE) return engine;
      }
    } catch (e) {
      engine.free();
      throw e;
    }
  }

  async rebuildUnder(q, entry, program, seq) {
    const engine = await this.engineUnder(q, entry.pid, program, seq);
    const [row] = await q('SELECT name FROM programs WHERE program_id = $1', [entry.pid]);
    entry.engine.free();
    Object.assign(entry, { engine, program, name: row?.name ?? entry.name });
  }

  /**
   * Replaces a programme's rules (already validated by the library). The log stays as it is: a
   * `program` command marks the edit, the engine is rebuilt under the new rules from every command
   * before it, and the outcomes that changed (a redemption the lower stock no longer covers, say)
   * are stored as changes at that command, so members learn them through `changed` like the
   * changes a late event makes. Stored snapshots (of the old rules) are dropped. `check(old)`
   * may refuse the edit before anything is written; `fn(q, out)` writes side rows (the audit log)
   * in the same transaction. Resolves to { seq, changed }.
   */
  replaceProgram(pid, program, name, { check, fn }) {
    return this.exclusive(pid, async () => {
      let engine;
      try {
        const out = await this.db.tx(async (q) => {
          const [row] = await q('SELECT head_seq FROM programs WHERE program_id = $1 FOR UPDATE', [pid]);
          if (!row) throw new ServiceError(404, 'PROGRAM_NOT_FOUND');
          const entry = await this.fresh(q, pid, Number(row.head_seq));
          check(entry.program);
          const seq = entry.seq + 1;
          engine = await this.engineUnder(q, pid, program, seq);
          const changed = [];
          for (const e of await q('SELECT event_id, member_id FROM events WHERE program_id = $1 ORDER BY seq, event_id', [pid])) {
            const before = entry.engine.outcome(e.event_id)?.current;
            const after = engine.outcome(e.event_id)?.current;
            if (before && after && (before.accepted !== after.accepted || (before.code ?? null) !== (after.code ?? null))) {
              changed.push({ memberId: e.member_id, eventId: e.event_id, before, after });
            }
          }
          await q(`WITH logged AS (INSERT INTO commands (program_id, seq, kind, body) VALUES ($1, $2, 'program', $3))
            UPDATE programs SET head_seq = $2, program = $3, name = $4 WHERE program_id = $1`, [pid, seq, JSON.stringify(program), name]);
          await q('DELETE FROM snapshots WHERE program_id = $1', [pid]);
          if (changed.length) {
            await q(`INSERT INTO changes (program_id, seq, idx, member_id, event_id, before, after)
              SELECT $1, $2, x.idx, x.member_id, x.event_id, x.before, x.after
              FROM json_to_recordset($3::json) AS x(idx int, member_id text, event_id text, before text, after text)`,
            [pid, seq, JSON.stringify(changed.map((c, idx) => ({ idx, member_id: c.memberId, event_id: c.eventId, before: JSON.stringify(c.before), after: JSON.stringify(c.after) })))]);
          }
          const result = { seq, changed };
          await fn(q, result);
          return result;
        });
        // Committed: the cached engine becomes the rebuilt one.
        const entry = this.entries.get(pid);
        if (entry) {
          entry.engine.free();
          Object.assign(entry, { engine, program, name, seq: out.seq, sinceSnapshot: 0 });
        } else {
          engine.free();
        }
        return out;
      } catch (e) {
        // The cached engine was never touched (the new one is separate), so it stays.
        engine?.free();
        throw e;
      }
    });
  }

  /** Stores exportState() once enough events have passed since the last snapshot (after the answer). */
  maybeSnapshot(pid) {
    const entry = this.entries.get(pid);
    if (!entry || !(this.snapshotEvery > 0) || entry.sinceSnapshot < this.snapshotEvery) return;
    entry.sinceSnapshot = 0;
    setImmediate(() => this.snapshot(pid).catch((err) => this.log?.warn({ err }, 'snapshot failed')));
  }

  snapshot(pid) {
    return this.exclusive(pid, async () => {
      const entry = this.entries.get(pid);
      if (!entry) return;
      const { seq } = entry;
      const state = entry.engine.exportState();
      await this.db.tx(async (q) => {
        await q('INSERT INTO snapshots (program_id, seq, state) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [pid, seq, state]);
        await q('DELETE FROM snapshots WHERE program_id = $1 AND seq < $2', [pid, seq]);
      });
    });
  }

  /** Loads every programme, up to `maxEngines` (at start, so the first request does not pay for a rebuild). */
  async loadAll() {
    const rows = await this.db.query('SELECT program_id FROM programs ORDER BY program_id');
    const some = rows.slice(0, Math.min(rows.length, this.maxEngines));
    for (const { program_id: pid } of some) await this.read(pid, () => {});
    return some.length;
  }

  close() {
    for (const pid of [...this.entries.keys()]) this.forget(pid);
  }
}

function applyCommand(engine, kind, body) {
  if (kind === 'batch') return engine.applyBatch(JSON.parse(body));
  if (kind === 'advance') return engine.advanceTo(body);
  throw new Error(`unknown command kind ${kind}`);
}
