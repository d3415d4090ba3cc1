import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'mongoose';
import { connectDb } from '../../infra/db';
import { startFerretDb, type FerretDb } from '../../local/ferretdb';

/** A FerretDB of the test file's own, on SQLite files in a temporary folder. */
export async function startTestDb(): Promise<{ db: Connection; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'custodio-db-'));
  const ferret: FerretDb = await startFerretDb({ dataDir: dir });
  const db = await connectDb(ferret.uri('test'));
  return {
    db,
    stop: async () => {
      await db.close();
      await ferret.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
