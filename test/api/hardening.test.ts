import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { createApp } from '../../api/app';
import { createLinkSigner } from '../../infra/links';
import { createLogger } from '../../infra/logger';
import { freePort } from '../../infra/local/ports';
import { startTestDb } from '../support/ferret';
import { validProposal } from '../support/fixtures';

let dbh: Awaited<ReturnType<typeof startTestDb>>;
let connection: Connection;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  dbh = await startTestDb();
  connection = Connection.lazy({ address: `127.0.0.1:${await freePort()}` });
  app = createApp({
    temporal: new Client({ connection }),
    db: dbh.db,
    links: createLinkSigner('h'.repeat(40)),
    taskQueue: 'custodio',
    log: createLogger('silent'),
    temporalDeadlineMs: 500,
    rateLimits: { linksPer15Min: 3, submissionsPerMinute: 2 },
  });
});
afterAll(async () => {
  await connection.close();
  await dbh.stop();
});

it('sends security headers; no page may run scripts or be framed', async () => {
  const res = await request(app).get('/healthz');
  expect(res.headers['content-security-policy']).toContain("script-src 'none'");
  expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['x-powered-by']).toBeUndefined();
});

it('refuses MongoDB operator keys in bodies before anything runs', async () => {
  const res = await request(app).post('/api/account-requests').send({ ...validProposal(), entityId: { $ne: null } });
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('bad_request');
  const dotted = await request(app).post('/api/account-requests').send({ ...validProposal(), 'requester.email': 'x' });
  expect(dotted.status).toBe(400);
});

it('limits link openings per IP, answering with a Spanish page', async () => {
  const codes: number[] = [];
  for (let i = 0; i < 4; i++) codes.push((await request(app).get('/enlace/nope')).status);
  expect(codes).toEqual([400, 400, 400, 429]);
  const last = await request(app).get('/enlace/nope');
  expect(last.text).toContain('Demasiadas solicitudes');
});

it('limits submissions per IP, answering JSON under /api', async () => {
  const codes: number[] = [];
  for (let i = 0; i < 3; i++) codes.push((await request(app).post('/api/account-requests').send({})).status);
  expect(codes[2]).toBe(429);
  const res = await request(app).post('/api/account-requests').send({});
  expect(res.body.error.code).toBe('rate_limited');
});

it('publishes an OpenAPI document built from the validating schema, and a readable page', async () => {
  const doc = (await request(app).get('/api/openapi.json')).body;
  expect(doc.openapi).toBe('3.1.0');
  const proposal = doc.components.schemas.AccountProposal;
  expect(proposal.required).toEqual(expect.arrayContaining(['entityId', 'proposedNames', 'admins', 'bio']));
  expect(proposal.properties.networks.items.enum).toContain('tiktok');
  const page = await request(app).get('/api/docs');
  expect(page.status).toBe(200);
  expect(page.text).toContain('POST /api/account-requests');
});
