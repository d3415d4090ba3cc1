/**
 * What the API asks of Temporal when people start processes, against a stub client (no Temporal
 * server): the workflow type, the id derived from what the process governs, the task queue, the
 * conflict and reuse policies and the memo of each start, and how the answers Temporal gives (the same
 * id already running, with the same or another fingerprint; nobody answering) reach the caller. The
 * same routes against the real stack are in test/e2e.
 */
import { limaDate } from '../../domain/businessDays';
import { auditModel } from '../../infra/models/audit';
import { campaignModel } from '../../infra/models/campaign';
import { contentRequestModel } from '../../infra/models/contentRequest';
import { personModel } from '../../infra/models/person';
import { createRegistry } from '../../registry/reads';
import { requestModel } from '../../infra/models/request';
import { startTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { plusDays, validCampaign } from '../support/campaignFixtures';
import { validProposal } from '../support/fixtures';
import { png } from '../support/images';
import { stubTemporal, type StubTemporal } from '../support/stubTemporal';

const HEAD = 'aquispe@cultura.gob.pe';
const CM = 'crojas@cultura.gob.pe';
const REQUESTER = 'dtorres@cultura.gob.pe';
const TEAM = 'eteam@cultura.gob.pe';
/** The requesting unit as the demo roster names her: people always request in their own name. */
const UNIT = { name: 'Diego Torres Vega', email: REQUESTER };

let stub: StubTemporal;
let t: TestApp;
/** The requesting unit (PCM 5.2.4), who proposes accounts, campaigns and content; and the head, who starts handovers. */
let unit: Browser;
let head: Browser;

beforeAll(async () => {
  stub = stubTemporal();
  t = await startTestApp({ temporal: stub.client });
  await personModel(t.db).create({ email: TEAM, name: 'Elena Team', memberships: [{ entityId: 'mincul', role: 'team', since: new Date() }] });
  // Written past the API, so announced as every roster writer does (registry `rosterChanged`).
  await createRegistry(t.db).rosterChanged(['mincul']);
  unit = new Browser(t.url);
  await unit.signIn(REQUESTER, t.mailbox);
  head = new Browser(t.url);
  await head.signIn(HEAD, t.mailbox);
});
afterAll(() => t?.stop());
beforeEach(() => stub.clearCalls());

let n = 0;
const unique = () => `${Date.now().toString(36)}-${n++}`;

/** A JSON POST from the browser's session, with the Idempotency-Key header a client would send. */
async function post(b: Browser, path: string, body: unknown, idempotencyKey?: string): Promise<{ status: number; json: any }> {
  if (!b.csrf) await b.open('/');
  const res = await b.fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': b.csrf, ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

/** What an idempotent start must carry, whatever the process. */
const idempotentStart = (workflowType: string, workflowId: string) => ({
  method: 'start',
  workflowType,
  options: expect.objectContaining({
    taskQueue: 'custodio',
    workflowId,
    workflowIdConflictPolicy: 'FAIL',
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    memo: { fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/), entityId: 'mincul' },
  }),
});

describe('account requests (POST /api/account-requests)', () => {
  it('starts accountCreation as account-request-<id> on the custodio task queue, never beside a running or closed one of that id, with the fingerprint in the memo', async () => {
    const before = Date.now();
    const res = await post(unit, '/api/account-requests', validProposal(), `cuenta-${unique()}`);
    expect(res.status).toBe(202);
    const id = res.json.id as string;
    expect(id).toMatch(/^[0-9a-f]{24}$/);

    expect(stub.callsOf('start')).toEqual([idempotentStart('accountCreation', `account-request-${id}`)]);
    const [start] = stub.callsOf('start');
    expect(start!.options.args).toEqual([
      {
        requestId: id, entity: expect.objectContaining({ id: 'mincul', profile: 'PCM' }), proposal: expect.objectContaining({ requester: UNIT, policyProfile: 'PCM' }), submittedAt: expect.any(String),
        // PCM 6.2.2.1: the year's approved plan, none here.
        plan: { year: expect.any(Number), code: null },
      },
    ]);
    // A new process needs no read back of its memo (one Temporal round trip), and the whole call ran under the API's deadline.
    expect(stub.calls.map((c) => c.method)).toEqual(['withDeadline', 'start']);
    expect(stub.callsOf('withDeadline')[0]!.deadline).toBeGreaterThanOrEqual(before + 1_000);
    expect(await requestModel(t.db).countDocuments({ _id: id, workflowId: `account-request-${id}` })).toBe(1);
  });

  it('the same Idempotency-Key with the same proposal answers the same id and records nothing twice; with another proposal it answers 409 idempotency_conflict', async () => {
    const key = `cuenta-${unique()}`;
    const first = await post(unit, '/api/account-requests', validProposal(), key);
    const again = await post(unit, '/api/account-requests', validProposal(), key);
    expect([first.status, again.status]).toEqual([202, 202]);
    expect(again.json.id).toBe(first.json.id);
    const workflowId = `account-request-${first.json.id}`;
    expect(stub.callsOf('start').map((c) => c.options.workflowId)).toEqual([workflowId, workflowId]);
    const [one, two] = stub.callsOf('start');
    expect(two!.options.memo).toEqual(one!.options.memo);

    const other = await post(unit, '/api/account-requests', validProposal({ proposedNames: ['CulturaOtra', 'MinCulturaOtra'] }), key);
    expect(other.status).toBe(409);
    expect(other.json.error).toMatchObject({ code: 'idempotency_conflict', message: 'Esa clave de idempotencia ya se usó con otra propuesta.' });
    // The other proposal reached the same process, whose memo still holds the first fingerprint.
    const third = stub.callsOf('start')[2]!;
    expect(third.options.workflowId).toBe(workflowId);
    expect(third.options.memo).not.toEqual(one!.options.memo);
    expect(stub.workflows.get(workflowId)?.memo).toEqual(one!.options.memo);
    expect(await requestModel(t.db).countDocuments({ _id: first.json.id })).toBe(1);
    expect(await auditModel(t.db).countDocuments({ action: 'request.submitted', workflowId })).toBe(1);
  });

  it('ten simultaneous submissions of the same key and proposal (a double click, a client retrying) all answer the same id; one row, one audit entry', async () => {
    const key = `cuenta-${unique()}`;
    const answers = await Promise.all(Array.from({ length: 10 }, () => post(unit, '/api/account-requests', validProposal(), key)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(202));
    const ids = new Set(answers.map((a) => a.json.id));
    expect(ids.size).toBe(1);
    const [id] = [...ids];
    expect(await requestModel(t.db).countDocuments({ _id: id })).toBe(1);
    expect(await auditModel(t.db).countDocuments({ action: 'request.submitted', workflowId: `account-request-${id}` })).toBe(1);
  });

  it("reading a request answers its process's status query; a process Temporal does not know (WorkflowNotFoundError) is 404", async () => {
    const res = await post(unit, '/api/account-requests', validProposal(), `cuenta-${unique()}`);
    const id = res.json.id as string;
    stub.answerQuery('status', (workflowId) => ({ requestId: workflowId.replace('account-request-', ''), stage: 'aprobacion', waiting: [], decisions: [] }));
    stub.clearCalls();
    const status = await unit.api('GET', `/api/account-requests/${id}`);
    expect(status.status).toBe(200);
    expect(status.json).toEqual({ requestId: id, stage: 'aprobacion', waiting: [], decisions: [] });
    expect(stub.callsOf('query')).toEqual([{ method: 'query', workflowId: `account-request-${id}`, name: 'status', args: [] }]);

    stub.workflows.delete(`account-request-${id}`);
    const gone = await unit.api('GET', `/api/account-requests/${id}`);
    expect([gone.status, gone.json.error.code]).toEqual([404, 'not_found']);
  });
});

describe('campaigns (POST /api/campaigns)', () => {
  const startsOn = () => plusDays(limaDate(new Date()), 3);

  it('starts campaign as campana-<id> on the custodio task queue, using an existing run, never reusing a closed id, with the fingerprint in the memo', async () => {
    const res = await post(unit, '/api/campaigns', validCampaign({ name: `Museos ${unique()}` }, startsOn()), `campana-${unique()}`);
    expect(res.status).toBe(202);
    const id = res.json.id as string;
    expect(stub.callsOf('start')).toEqual([idempotentStart('campaign', `campana-${id}`)]);
    expect(stub.callsOf('start')[0]!.options.args).toEqual([
      { campaignId: id, entity: expect.objectContaining({ id: 'mincul' }), proposal: expect.objectContaining({ proposer: UNIT }), submittedAt: expect.any(String) },
    ]);
    expect(await campaignModel(t.db).countDocuments({ _id: id })).toBe(1);
  });

  it('the same Idempotency-Key with the same proposal answers the same id; with another proposal it answers 409 idempotency_conflict', async () => {
    const key = `campana-${unique()}`;
    const body = validCampaign({ name: `Idempotente ${unique()}` }, startsOn());
    const first = await post(unit, '/api/campaigns', body, key);
    const again = await post(unit, '/api/campaigns', body, key);
    expect([first.status, again.status, again.json.id]).toEqual([202, 202, first.json.id]);
    const other = await post(unit, '/api/campaigns', { ...body, name: 'Otra campaña' }, key);
    expect([other.status, other.json.error.code]).toEqual([409, 'idempotency_conflict']);
    expect(stub.callsOf('start').map((c) => c.options.workflowId)).toEqual(Array(3).fill(`campana-${first.json.id}`));
    expect(await campaignModel(t.db).countDocuments({ _id: first.json.id })).toBe(1);
  });

  it('a start Temporal does not answer (gRPC UNAVAILABLE) answers 503 temporal_unavailable and records nothing', async () => {
    stub.failNext('start', Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 }));
    const before = await campaignModel(t.db).countDocuments();
    const res = await post(unit, '/api/campaigns', validCampaign({ name: `Sin Temporal ${unique()}` }, startsOn()), `campana-${unique()}`);
    expect([res.status, res.json.error.code]).toEqual([503, 'temporal_unavailable']);
    expect(await campaignModel(t.db).countDocuments()).toBe(before);
  });
});

describe('content requests (POST /api/content-requests)', () => {
  const day = (k: number) => plusDays(limaDate(new Date()), k);
  const body = (text: string) => ({
    entityId: 'mincul', unit: 'Dirección General de Patrimonio Cultural', text, audience: 'Familias de Lima', publishOn: day(5), publishAt: '10:00', networks: ['x'],
    unitAuthorization: { name: 'Luis Paredes', position: 'Director General', email: 'lparedes@cultura.gob.pe', authorizedOn: day(0) },
    images: [{ placement: 'x', filename: 'banner-x.png', contentBase64: png(1080, 600).toString('base64') }],
  });

  it('starts contentPublication as contenido-<id> with the measured images; the same key and body answer the same id, another body 409 idempotency_conflict', async () => {
    const key = `contenido-${unique()}`;
    const sent = body(`Visita gratuita al Museo Nacional ${unique()}`);
    const first = await post(unit, '/api/content-requests', sent, key);
    expect(first.status).toBe(202);
    const id = first.json.id as string;
    expect(stub.callsOf('start')).toEqual([idempotentStart('contentPublication', `contenido-${id}`)]);
    const [input] = stub.callsOf('start')[0]!.options.args as [{ requestId: string; request: { images: unknown[] } }];
    expect(input).toMatchObject({ requestId: id, entity: { id: 'mincul' }, request: { requester: UNIT, images: [{ placement: 'x', width: 1080, height: 600, type: 'png' }] } });
    // The process gets the image's measurements, never its bytes.
    expect(JSON.stringify(input)).not.toContain('contentBase64');

    const again = await post(unit, '/api/content-requests', sent, key);
    expect([again.status, again.json.id]).toEqual([202, id]);
    const other = await post(unit, '/api/content-requests', body('Otro contenido'), key);
    expect(other.status).toBe(409);
    expect(other.json.error).toMatchObject({ code: 'idempotency_conflict', message: 'Esa clave de idempotencia ya se usó con otra solicitud.' });
    expect(await contentRequestModel(t.db).countDocuments({ _id: id })).toBe(1);
  });
});

describe('handovers (POST /api/entities/:id/handovers)', () => {
  it('starts handover as traspaso-<entity>-<id> on the custodio task queue, with a new id each time and no idempotency policy', async () => {
    const res = await post(head, '/api/entities/mincul/handovers', { outgoingEmail: CM, incomingEmail: TEAM });
    expect(res.status).toBe(201);
    const id = res.json.id as string;
    expect(res.json.workflowId).toBe(`traspaso-mincul-${id}`);
    expect(stub.callsOf('start')).toEqual([
      {
        method: 'start', workflowType: 'handover',
        options: { taskQueue: 'custodio', workflowId: `traspaso-mincul-${id}`, args: [{ handoverId: id, entityId: 'mincul', outgoingEmail: CM, incomingEmail: TEAM, startedBy: HEAD }] },
      },
    ]);
  });
});
