import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app';
import { validProposal } from '../support/fixtures';

let t: TestApp;
let app: TestApp['app'];

beforeAll(async () => {
  t = await startTestApp({ temporalDeadlineMs: 500, rateLimits: { linksPer15Min: 3, submissionsPerMinute: 2 } });
  app = t.app;
});
afterAll(() => t.stop());

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

it.each(['/api/account-requests', '/api/campaigns', '/api/content-requests'])('POST %s, when limited, answers 429 rate_limited, as the OpenAPI document declares', async (path) => {
  let res = await request(app).post(path).send({});
  // Two submissions a minute pass (fewer if an earlier test spent them), two more if the window turns meanwhile.
  for (let i = 0; i < 4 && res.status !== 429; i++) res = await request(app).post(path).send({});
  expect(res.status).toBe(429);
  expect(res.body.error.code).toBe('rate_limited');
  const doc = (await request(app).get('/api/openapi.json')).body;
  expect(Object.keys(doc.paths[path].post.responses)).toContain('429');
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
