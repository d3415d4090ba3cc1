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
import { workerIncarnationModel } from './models/workerIncarnation';

export interface Liveness {
  /** This process's incarnation. */
  readonly id: string;
  /** Whether the incarnation was seen lately; a process never seen (its first row not written yet) counts as alive. */
  alive(id: string): Promise<boolean>;
  stop(): void;
}

export const LIVENESS = { everyMs: 10_000, staleAfterMs: 30_000 };

export async function startLiveness(db: Connection, opts: Partial<typeof LIVENESS> = {}): Promise<Liveness> {
  const { everyMs, staleAfterMs } = { ...LIVENESS, ...opts };
  const rows = workerIncarnationModel(db);
  const id = randomUUID();
  const startedAt = new Date();
  const beat = () => rows.updateOne({ _id: id }, { $set: { seenAt: new Date() }, $setOnInsert: { startedAt, host: hostname(), pid: process.pid } }, { upsert: true });
  // The first row before any claim names this incarnation; a missed beat later is retried at the next.
  await beat();
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
