/** Whether a worker process is alive (infra/liveness.ts), against FerretDB: what lets a killed worker's claims be taken over early. */
import { startLiveness } from '../../infra/liveness';
import { workerIncarnationModel } from '../../infra/models/workerIncarnation';
import { startTestDb } from '../support/ferret';

let dbh: Awaited<ReturnType<typeof startTestDb>>;
beforeAll(async () => (dbh = await startTestDb()));
afterAll(async () => dbh.stop());

describe('worker liveness', () => {
  it('a process is alive while it renews its row, and dead once it stopped for longer than the stale limit', async () => {
    const a = await startLiveness(dbh.db, { everyMs: 100, staleAfterMs: 1_000 });
    const b = await startLiveness(dbh.db, { everyMs: 100, staleAfterMs: 1_000 });
    try {
      const first = (await workerIncarnationModel(dbh.db).findById(b.id).lean())!.seenAt.getTime();
      await new Promise((r) => setTimeout(r, 400));
      expect((await workerIncarnationModel(dbh.db).findById(b.id).lean())!.seenAt.getTime()).toBeGreaterThan(first);
      expect(await a.alive(b.id)).toBe(true);
      b.stop();
      await new Promise((r) => setTimeout(r, 1_300));
      expect(await a.alive(b.id)).toBe(false);
      expect(await a.alive(a.id)).toBe(true);
      // Never seen (a row not written, or from another database): not declared dead, so the lease still holds.
      expect(await a.alive('no-such-incarnation')).toBe(true);
    } finally {
      a.stop();
      b.stop();
    }
  });

  it('a worker that starts forgets incarnations unseen for longer than a day, and keeps the others', async () => {
    const rows = workerIncarnationModel(dbh.db);
    const old = new Date(Date.now() - 25 * 3_600_000);
    const recent = new Date(Date.now() - 23 * 3_600_000);
    await rows.create([
      { _id: 'gone-long-ago', seenAt: old, startedAt: old, host: 'h', pid: 1 },
      { _id: 'gone-yesterday', seenAt: recent, startedAt: recent, host: 'h', pid: 2 },
    ]);
    const a = await startLiveness(dbh.db);
    try {
      expect(await rows.findById('gone-long-ago').lean()).toBeNull();
      expect(await rows.findById('gone-yesterday').lean()).not.toBeNull();
      expect(await rows.findById(a.id).lean()).not.toBeNull();
    } finally {
      a.stop();
    }
  });
});
