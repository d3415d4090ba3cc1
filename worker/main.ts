import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createActivities } from '../activities';
import { loadConfig } from '../infra/config';
import { connectDb } from '../infra/db';
import { createLinkSigner } from '../infra/links';
import { createLogger } from '../infra/logger';
import { tokenKeyring } from '../infra/meta/tokenCipher';
import { createMailer } from '../infra/mailer';
import { createMetrics } from '../infra/metrics';
import { reconcileProcesses } from './reconcile';
import { createWorker } from './createWorker';
import { createProcesses } from '../processes';
import { startLiveness } from '../infra/liveness';
import { serveMetrics } from './metricsServer';
import { installRuntime } from './runtime';

/** Production worker entry point (`node dist/worker/main.js`). */
async function main() {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  const metrics = createMetrics({ temporalMetricsUrl: await installRuntime() });
  const metricsServer = config.METRICS_PORT
    ? await serveMetrics(metrics, { port: config.METRICS_PORT, production: config.NODE_ENV === 'production', ...(config.METRICS_TOKEN ? { token: config.METRICS_TOKEN } : {}) })
    : undefined;
  if (metricsServer && config.NODE_ENV === 'production' && !config.METRICS_TOKEN) log.warn('METRICS_TOKEN is unset: /metrics on METRICS_PORT refuses every caller');
  const db = await connectDb(config.MONGODB_URI);
  const mailer = createMailer(config.SMTP_URL, config.MAIL_FROM);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const clientConnection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE });
  const processes = createProcesses(client, { taskQueue: config.TASK_QUEUE });
  const liveness = await startLiveness(db);
  const worker = await createWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TASK_QUEUE,
    activities: createActivities({
      db, mailer, links: createLinkSigner(config.LINK_SECRET), publicUrl: config.PUBLIC_URL, linkTtlDays: config.LINK_TTL_DAYS, processes, metrics, liveness,
      ...(config.CNSD_EMAIL ? { cnsdEmail: config.CNSD_EMAIL } : {}),
      meta: { graph: { baseUrl: config.META_GRAPH_URL, version: config.META_GRAPH_VERSION }, keyring: tokenKeyring(config.META_TOKEN_KEYS, config.LINK_SECRET) },
    }),
    tuning: {
      maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
      maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    },
    ...(config.WORKFLOW_BUNDLE_PATH ? { workflowBundle: { codePath: config.WORKFLOW_BUNDLE_PATH } } : {}),
  });
  const { rotationsStarted } = await reconcileProcesses(db, processes);
  log.info({ taskQueue: config.TASK_QUEUE, rotationsStarted, metricsPort: config.METRICS_PORT }, 'worker started');
  await worker.run();
  metricsServer?.close();
  liveness.stop();
  await connection.close();
  await clientConnection.close();
  await db.close();
  mailer.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
