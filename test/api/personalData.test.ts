/**
 * Ley 29733 in the API: what a process says of itself is shown to each reader as their role allows.
 * Phones, and the IP address and browser each decision was taken from, are read only by those who hold
 * `personalData.read` (domain/access.ts): never by an entity's API key, nor by a requesting unit.
 * Temporal is a stub whose status queries answer with such data.
 */
import { startTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { validProposal } from '../support/fixtures';
import { stubTemporal, type StubTemporal } from '../support/stubTemporal';

const HEAD = 'aquispe@cultura.gob.pe';
const REQUESTER = 'dtorres@cultura.gob.pe';

let stub: StubTemporal;
let t: TestApp;
let head: Browser;
let unit: Browser;
let apiKey: string;

const decision = { step: 'aprobacion-1', action: 'approve', by: HEAD, at: '2037-03-01T15:00:00.000Z', ip: '203.0.113.7', userAgent: 'Mozilla/5.0 (X11)' };

beforeAll(async () => {
  stub = stubTemporal();
  t = await startTestApp({ temporal: stub.client });
  head = new Browser(t.url);
  await head.signIn(HEAD, t.mailbox);
  unit = new Browser(t.url);
  await unit.signIn(REQUESTER, t.mailbox);
  apiKey = (await head.api('POST', '/api/entities/mincul/api-keys', { label: 'Integración de prueba' })).json.key;
  stub.answerQuery('status', (workflowId) => ({
    requestId: workflowId.replace('account-request-', ''),
    stage: 'creacion',
    waiting: [],
    decisions: [decision],
    proposal: validProposal({ requester: { name: 'Diego Torres Vega', email: REQUESTER } }),
  }));
});
afterAll(() => t?.stop());

/** Every path in a JSON value whose key holds personal data. */
function personalPaths(value: unknown, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => personalPaths(v, `${path}[${i}]`));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [...(/^(phone|ip|userAgent)$/.test(k) ? [`${path}.${k}`] : []), ...personalPaths(v, `${path}.${k}`)]);
}

it("an account request's status: the head sees phones and where decisions came from; an API key and the requesting unit see neither (issue 14 §1.8)", async () => {
  const submitted = await fetch(`${t.url}/api/account-requests`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(validProposal({ requester: { name: 'Diego Torres Vega', email: REQUESTER } })),
  });
  expect(submitted.status).toBe(202);
  const { id } = (await submitted.json()) as { id: string };

  const byHead = await head.api('GET', `/api/account-requests/${id}`);
  expect(personalPaths(byHead.json)).toEqual(['$.decisions[0].ip', '$.decisions[0].userAgent', '$.proposal.responsibles[0].phone']);

  const byKey = await fetch(`${t.url}/api/account-requests/${id}`, { headers: { authorization: `Bearer ${apiKey}` } });
  const asKey = await byKey.json();
  expect(byKey.status).toBe(200);
  expect(personalPaths(asKey)).toEqual([]);
  expect(asKey.decisions).toEqual([{ step: 'aprobacion-1', action: 'approve', by: HEAD, at: decision.at }]);
  expect(asKey.proposal.responsibles).toEqual([{ names: 'Carla', surnames: 'Rojas Díaz' }]);

  const byUnit = await unit.api('GET', `/api/account-requests/${id}`);
  expect(byUnit.status).toBe(200);
  expect(personalPaths(byUnit.json)).toEqual([]);
});
