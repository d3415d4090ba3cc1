import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../infra/config';
import { connectDb } from '../infra/db';
import { createLinkSigner } from '../infra/links';
import { startHousekeeping } from './housekeeping';
import { createLogger } from '../infra/logger';
import { createMailer } from '../infra/mailer';
import { createApp } from './app';

/** Production API entry point (`node dist/api/main.js`). */
async function main() {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  const db = await connectDb(config.MONGODB_URI);
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const mailer = createMailer(config.SMTP_URL, config.MAIL_FROM);
  const app = createApp({
    temporal,
    db,
    links: createLinkSigner(config.LINK_SECRET),
    secret: config.LINK_SECRET,
    mailer,
    publicUrl: config.PUBLIC_URL,
    taskQueue: config.TASK_QUEUE,
    log,
    production: config.NODE_ENV === 'production',
    ...(config.METRICS_TOKEN ? { metricsToken: config.METRICS_TOKEN } : {}),
    metaTokenKeys: config.META_TOKEN_KEYS,
    metaGraph: { baseUrl: config.META_GRAPH_URL, version: config.META_GRAPH_VERSION },
  });
  const housekeeping = startHousekeeping(db, log);
  if (config.NODE_ENV === 'production' && !config.METRICS_TOKEN) log.warn('METRICS_TOKEN is unset: /metrics refuses every caller');
  const server = app.listen(config.PORT, () => log.info({ port: config.PORT }, 'API listening'));
  const stop = () => {
    housekeeping.stop();
    mailer.close();
    server.close(() => void Promise.all([connection.close(), db.close()]).then(() => process.exit(0)));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
