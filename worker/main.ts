import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createActivities } from '../activities';
import { loadConfig } from '../infra/config';
import { connectDb } from '../infra/db';
import { createLinkSigner } from '../infra/links';
import { createLogger } from '../infra/logger';
import { createMailer } from '../infra/mailer';
import { reconcileProcesses } from './reconcile';
import { createWorker } from './createWorker';
import { createProcesses } from '../processes';

/** Production worker entry point (`node dist/worker/main.js`). */
async function main() {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  const db = await connectDb(config.MONGODB_URI);
  const mailer = createMailer(config.SMTP_URL, config.MAIL_FROM);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const clientConnection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE });
  const processes = createProcesses(client, { taskQueue: config.TASK_QUEUE });
  const worker = await createWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TASK_QUEUE,
    activities: createActivities({ db, mailer, links: createLinkSigner(config.LINK_SECRET), publicUrl: config.PUBLIC_URL, linkTtlDays: config.LINK_TTL_DAYS, processes }),
    tuning: { maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES },
    ...(config.WORKFLOW_BUNDLE_PATH ? { workflowBundle: { codePath: config.WORKFLOW_BUNDLE_PATH } } : {}),
  });
  const { rotationsStarted } = await reconcileProcesses(db, processes);
  log.info({ taskQueue: config.TASK_QUEUE, rotationsStarted }, 'worker started');
  await worker.run();
  await connection.close();
  await clientConnection.close();
  await db.close();
  mailer.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
