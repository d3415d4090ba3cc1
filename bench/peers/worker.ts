/**
 * The peers' worker process (`bench/peers/run.ts` spawns it, SIGKILLs it mid-burst and spawns it
 * again): a BullMQ Worker or an Agenda processor running `createReminder` for each due job.
 * Configuration from the environment: PEER (bullmq | agenda), MONGODB_URI, SMTP_URL, REDIS_URL (BullMQ),
 * CONCURRENCY. Prints `ready` once it polls; SIGTERM stops it cleanly.
 */
import { MongoBackend } from '@agendajs/mongo-backend';
import { Agenda } from 'agenda';
import { Worker } from 'bullmq';
import { connectDb } from '../../infra/db';
import { createMailer } from '../../infra/mailer';
import { AGENDA_PROCESS_EVERY_MS } from './enqueue';
import { createReminder, REMINDER_JOB } from './reminder';

const env = (name: string) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required`);
  return v;
};

async function main() {
  const peer = env('PEER');
  const concurrency = Number(env('CONCURRENCY'));
  const db = await connectDb(env('MONGODB_URI'));
  const mailer = createMailer(env('SMTP_URL'), 'Custodio <no-responder@custodio.gob.pe>');
  const remind = createReminder(db, mailer);
  let stop: () => Promise<void>;
  if (peer === 'bullmq') {
    const url = new URL(env('REDIS_URL'));
    const worker = new Worker<{ accountId: string }>(REMINDER_JOB, (job) => remind(job.data.accountId), {
      connection: { host: url.hostname, port: Number(url.port), maxRetriesPerRequest: null },
      concurrency,
    });
    worker.on('error', (err) => console.error(`worker error: ${err.message}`));
    await worker.waitUntilReady();
    stop = () => worker.close();
  } else if (peer === 'agenda') {
    const agenda = new Agenda({
      backend: new MongoBackend({ address: env('MONGODB_URI') }),
      processEvery: AGENDA_PROCESS_EVERY_MS,
      maxConcurrency: concurrency,
      defaultConcurrency: concurrency,
    });
    agenda.define<{ accountId: string }>(REMINDER_JOB, (job) => remind(job.attrs.data.accountId));
    agenda.on('error', (err) => console.error(`agenda error: ${err.message}`));
    await agenda.start();
    stop = () => agenda.stop();
  } else throw new Error(`unknown PEER ${peer}`);
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => {
    void stop()
      .then(() => db.close())
      .finally(() => {
        mailer.close();
        process.exit(0);
      });
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
