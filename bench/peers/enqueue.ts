/**
 * Puts one job per account, all due at `dueAtMs`, as a team would with each peer, with the peer's own
 * protection against a second job for the same account: BullMQ's job id (= account id; a second add
 * with that id is ignored) and Agenda's unique job (`unique({ 'data.accountId' })`, an upsert).
 */
import { MongoBackend } from '@agendajs/mongo-backend';
import { Agenda } from 'agenda';
import { Queue } from 'bullmq';
import { REMINDER_JOB } from './reminder';

/** BullMQ retries a failed reminder (an SMTP hiccup) this often, backing off from a second. */
export const BULLMQ_ATTEMPTS = 5;
/** Agenda's poll for due jobs (worker.ts); its default (5 s) would add up to 5 s to every lateness. */
export const AGENDA_PROCESS_EVERY_MS = 1000;

export async function enqueueBullmq(redisUrl: string, accountIds: string[], dueAtMs: number): Promise<void> {
  const url = new URL(redisUrl);
  const queue = new Queue(REMINDER_JOB, { connection: { host: url.hostname, port: Number(url.port) } });
  try {
    for (let i = 0; i < accountIds.length; i += 500) {
      const delay = Math.max(0, dueAtMs - Date.now());
      await queue.addBulk(
        accountIds.slice(i, i + 500).map((accountId) => ({
          name: REMINDER_JOB,
          data: { accountId },
          opts: { jobId: accountId, delay, attempts: BULLMQ_ATTEMPTS, backoff: { type: 'exponential', delay: 1000 } },
        })),
      );
    }
  } finally {
    await queue.close();
  }
}

export async function enqueueAgenda(mongodbUri: string, accountIds: string[], dueAtMs: number, parallel: number): Promise<void> {
  const agenda = new Agenda({ backend: new MongoBackend({ address: mongodbUri }) });
  await agenda.ready;
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        while (next < accountIds.length) {
          const accountId = accountIds[next++]!;
          await agenda.create(REMINDER_JOB, { accountId }).unique({ 'data.accountId': accountId }).schedule(new Date(dueAtMs)).save();
        }
      }),
    );
  } finally {
    await agenda.stop();
  }
}
