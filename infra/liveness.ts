/**
 * Whether a worker process is alive, for claims that must not wait out a lease when their holder died
 * (the outbox, activities/email/outbox.ts). Each worker process is one incarnation with a random id; it
 * renews its row every `everyMs`, and an incarnation not seen for `staleAfterMs` is dead. A process whose
 * event loop stalls that long could not be sending either, so taking its claim over costs at most the
 * duplicate the lease already allows (same Message-ID).
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Connection } from 'mongoose';
import { trusted } from './db';
import { workerIncarnationModel } from './models/workerIncarnation';

export interface Liveness {
  /** This process's incarnation. */
  readonly id: string;
  /** Whether the incarnation was seen lately; a process never seen (its first row not written yet) counts as alive. */
  alive(id: string): Promise<boolean>;
  stop(): void;
}

/**
 * `forgetAfterMs`: rows of incarnations unseen this long are deleted when a worker starts. A claim such an
 * incarnation held is far older than the outbox lease (10 minutes), so it is taken over without asking it.
 */
export const LIVENESS = { everyMs: 10_000, staleAfterMs: 30_000, forgetAfterMs: 24 * 3_600_000 };

export async function startLiveness(db: Connection, opts: Partial<typeof LIVENESS> = {}): Promise<Liveness> {
  const { everyMs, staleAfterMs, forgetAfterMs } = { ...LIVENESS, ...opts };
  const rows = workerIncarnationModel(db);
  const id = randomUUID();
  const startedAt = new Date();
  const beat = () => rows.updateOne({ _id: id }, { $set: { seenAt: new Date() }, $setOnInsert: { startedAt, host: hostname(), pid: process.pid } }, { upsert: true });
  // The first row before any claim names this incarnation; a missed beat later is retried at the next.
  await beat();
  // One row per worker start would otherwise pile up for ever; a missed clean-up is made at the next start.
  await rows.deleteMany({ seenAt: trusted({ $lt: new Date(Date.now() - forgetAfterMs) }) }).catch(() => undefined);
  const timer = setInterval(() => void beat().catch(() => undefined), everyMs);
  timer.unref();
  return {
    id,
    async alive(other: string) {
      if (other === id) return true;
      const row = await rows.findById(other).lean();
      return !row || row.seenAt.getTime() > Date.now() - staleAfterMs;
    },
    stop: () => clearInterval(timer),
  };
}
