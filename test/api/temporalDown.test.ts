import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { createApp } from '../../api/app';
import { createLinkSigner } from '../../infra/links';
import { createLogger } from '../../infra/logger';
import { freePort } from '../../infra/local/ports';
import { linkEventModel } from '../../infra/models/linkEvent';
import { seedDemoEntities } from '../../infra/seed';
import { startTestDb } from '../support/ferret';
import { validProposal } from '../support/fixtures';

/** STACK "Reliability details": a decision posted while Temporal is down gets a clear "try again" page. */
let dbh: Awaited<ReturnType<typeof startTestDb>>;
let app: ReturnType<typeof createApp>;
let connection: Connection;
const links = createLinkSigner('q'.repeat(40));

beforeAll(async () => {
  dbh = await startTestDb();
  await seedDemoEntities(dbh.db);
  // Nothing listens on this port: every call to Temporal fails as UNAVAILABLE.
  connection = Connection.lazy({ address: `127.0.0.1:${await freePort()}` });
  app = createApp({ temporal: new Client({ connection }), db: dbh.db, links, taskQueue: 'custodio', log: createLogger('silent'), temporalDeadlineMs: 1_500 });
});
afterAll(async () => {
  await connection.close();
  await dbh.stop();
});

const token = links.sign({ workflowId: 'account-request-x', step: 'aprobacion-1', version: 1, email: 'aquispe@cultura.gob.pe', action: 'approve', expiresAt: Date.now() + 60_000 });

it('a link opened or posted while Temporal is down says "try again" and stays usable', async () => {
  const opened = await request(app).get(`/enlace/${token}`);
  expect(opened.status).toBe(503);
  expect(opened.text).toContain('Intente de nuevo');
  const posted = await request(app).post(`/enlace/${token}`).type('form').send({});
  expect(posted.status).toBe(503);
  expect(posted.text).toContain('sigue siendo válido');
  expect(links.verify(token).ok).toBe(true);
});

it('the JSON API answers 503 temporal_unavailable and stores nothing', async () => {
  const before = await linkEventModel(dbh.db).countDocuments();
  const res = await request(app).post('/api/account-requests').send(validProposal());
  expect(res.status).toBe(503);
  expect(res.body.error.code).toBe('temporal_unavailable');
  const status = await request(app).get('/api/account-requests/0123456789abcdef01234567');
  expect(status.status).toBe(503);
  expect(await linkEventModel(dbh.db).countDocuments()).toBe(before);
});

it('an expired or tampered link is refused with a Spanish page before Temporal is asked', async () => {
  const expired = links.sign({ workflowId: 'w', step: 's', version: 1, email: 'a@b.pe', action: 'approve', expiresAt: Date.now() - 1 });
  const res = await request(app).get(`/enlace/${expired}`);
  expect(res.status).toBe(410);
  expect(res.text).toContain('Enlace vencido');
  const tampered = await request(app).get(`/enlace/${token.slice(0, -2)}xx`);
  expect(tampered.status).toBe(400);
  expect(tampered.text).toContain('fue modificado');
});

it('malformed JSON and oversized bodies get structured errors', async () => {
  const bad = await request(app).post('/api/account-requests').set('content-type', 'application/json').send('{"entityId":');
  expect(bad.status).toBe(400);
  expect(bad.body.error.code).toBe('bad_request');
  const big = await request(app).post('/api/account-requests').send({ bio: 'x'.repeat(200_000) });
  expect(big.status).toBe(413);
  expect(big.body.error.code).toBe('payload_too_large');
});
