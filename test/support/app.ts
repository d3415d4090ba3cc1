import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import type { Connection as DbConnection } from 'mongoose';
import { createApp, type AppDeps } from '../../api/app';
import { createLinkSigner, type LinkSigner } from '../../infra/links';
import { createLogger } from '../../infra/logger';
import { createMailer } from '../../infra/mailer';
import { freePort } from '../../local/ports';
import { startSmtpCapture, type SmtpCapture } from '../../local/smtpCapture';
import { seedDemo } from '../../local/seed';
import { startTestDb } from './ferret';

export const TEST_SECRET = 't'.repeat(48);

export interface TestApp {
  app: ReturnType<typeof createApp>;
  /** Where the app listens, e.g. `http://127.0.0.1:41234`; emailed links point here. */
  url: string;
  db: DbConnection;
  mailbox: SmtpCapture;
  links: LinkSigner;
  stop(): Promise<void>;
}

/**
 * The API over a FerretDB of its own, seeded with the demo registry, and a real SMTP capture. Temporal
 * is a client to a port nobody listens on unless one is given: routes that reach it answer 503.
 */
export async function startTestApp(overrides: Partial<AppDeps> = {}): Promise<TestApp> {
  const dbh = await startTestDb();
  await seedDemo(dbh.db);
  const mailbox = await startSmtpCapture();
  const mailer = createMailer(mailbox.url, 'Custodio <no-responder@custodio.gob.pe>');
  const connection = overrides.temporal ? undefined : Connection.lazy({ address: `127.0.0.1:${await freePort()}` });
  const links = createLinkSigner(TEST_SECRET);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const app = createApp({
    temporal: overrides.temporal ?? new Client({ connection: connection! }),
    db: dbh.db,
    links,
    secret: TEST_SECRET,
    mailer,
    publicUrl: url,
    taskQueue: 'custodio',
    log: createLogger('silent'),
    temporalDeadlineMs: 1_000,
    ...overrides,
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const srv = app.listen(port, '127.0.0.1', () => resolve(srv));
    srv.once('error', reject);
  });
  return {
    app,
    url,
    db: dbh.db,
    mailbox,
    links,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      mailer.close();
      await connection?.close();
      await mailbox.stop();
      await dbh.stop();
    },
  };
}
