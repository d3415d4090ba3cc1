/**
 * The Temporal-client adapter (processes/, the port of contracts/processes.ts) against a stub client:
 * which workflow each port method starts, signals or queries, under which id, run, task queue and
 * policies, and how Temporal's answers (already started, not found, unreachable, a request refused)
 * reach the caller. The real processes behind these calls are tested in test/workflows and test/e2e.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { ContentRequest } from '../../domain/content';
import type { Decision, DecisionInput } from '../../domain/decision';
import { Refusal } from '../../domain/refusal';
import { ProcessesUnavailable, type Processes } from '../../contracts/processes';
import type { RequestOutcome } from '../../contracts/decision';
import { createProcesses } from '../../processes';
import { validCampaign } from '../support/campaignFixtures';
import { pcmEntity, validProposal } from '../support/fixtures';
import { stubTemporal, type StubTemporal } from '../support/stubTemporal';

const TASK_QUEUE = 'custodio-pruebas';

let stub: StubTemporal;
let processes: Processes;

beforeEach(() => {
  stub = stubTemporal();
  processes = createProcesses(stub.client, { taskQueue: TASK_QUEUE });
});

/** A gRPC error as the client throws it when nobody answers (UNAVAILABLE, or DEADLINE_EXCEEDED). */
const grpcError = (code: number, message: string) => Object.assign(new Error(message), { code });
const running = (workflowType: string, memo?: Record<string, unknown>) => ({ workflowType, status: 'RUNNING' as const, ...(memo ? { memo } : {}) });

const entity = pcmEntity();
const contentRequest: ContentRequest = {
  entityId: 'mincul',
  requester: { name: 'Diego Torres', email: 'dtorres@cultura.gob.pe' },
  unit: 'Dirección General de Patrimonio Cultural',
  text: 'Visita gratuita al Museo Nacional el domingo.',
  audience: 'Familias de Lima',
  publishOn: '2037-03-04',
  publishAt: '10:00',
  networks: ['x'],
  unitAuthorization: { name: 'Luis Paredes', position: 'Director General', email: 'lparedes@cultura.gob.pe', authorizedOn: '2037-03-01' },
  images: [{ id: `img-${'a'.repeat(48)}`, placement: 'x', filename: 'banner.png', type: 'png', width: 1080, height: 600, bytes: 3000 }],
};

describe('long-lived processes', () => {
  it('startRotations starts one credentialRotation per account, as rotacion-<accountId> on the task queue, from the last confirmation at cycle 1 with no history', async () => {
    await processes.startRotations([
      { accountId: 'acc-1', lastConfirmedAt: '2037-01-05T14:00:00.000Z' },
      { accountId: 'acc-2', lastConfirmedAt: '2037-01-06T14:00:00.000Z', cycle: 4, dueAt: '2037-02-05T14:00:00.000Z' },
    ]);
    expect(stub.callsOf('start')).toEqual([
      {
        method: 'start', workflowType: 'credentialRotation',
        options: { taskQueue: TASK_QUEUE, workflowId: 'rotacion-acc-1', args: [{ accountId: 'acc-1', lastConfirmedAt: '2037-01-05T14:00:00.000Z', cycle: 1, history: [] }] },
      },
      {
        method: 'start', workflowType: 'credentialRotation',
        options: {
          taskQueue: TASK_QUEUE, workflowId: 'rotacion-acc-2',
          args: [{ accountId: 'acc-2', lastConfirmedAt: '2037-01-06T14:00:00.000Z', cycle: 4, history: [], dueAt: '2037-02-05T14:00:00.000Z' }],
        },
      },
    ]);
  });

  it('startRotations counts a rotation already running as started, and goes on with the next account', async () => {
    stub.workflows.set('rotacion-acc-1', running('credentialRotation'));
    await expect(processes.startRotations([{ accountId: 'acc-1', lastConfirmedAt: '2037-01-05T14:00:00.000Z' }, { accountId: 'acc-2', lastConfirmedAt: '2037-01-05T14:00:00.000Z' }])).resolves.toBeUndefined();
    expect(stub.callsOf('start').map((c) => c.options.workflowId)).toEqual(['rotacion-acc-1', 'rotacion-acc-2']);
    expect(stub.workflows.get('rotacion-acc-2')?.status).toBe('RUNNING');
  });

  it('refreshRotations signals refresh to each rotation, skipping one that has ended or never existed (WorkflowNotFoundError)', async () => {
    stub.workflows.set('rotacion-acc-1', running('credentialRotation'));
    stub.workflows.set('rotacion-acc-3', running('credentialRotation'));
    // acc-1's process ends just as it is told; acc-2 never had one.
    stub.failNext('signal', new WorkflowNotFoundError('workflow execution already completed', 'rotacion-acc-1', undefined));
    await processes.refreshRotations(['acc-1', 'acc-2', 'acc-3']);
    expect(stub.callsOf('signal')).toEqual([
      { method: 'signal', workflowId: 'rotacion-acc-1', name: 'refresh', args: [] },
      { method: 'signal', workflowId: 'rotacion-acc-2', name: 'refresh', args: [] },
      { method: 'signal', workflowId: 'rotacion-acc-3', name: 'refresh', args: [] },
    ]);
  });

  it('rotateNow signals rotateNow with start: a missing rotation starts where the registry says (the cycle after its last rotation) and receives the request', async () => {
    const request = { reason: 'Sospecha de filtración de la contraseña', by: 'aquispe@cultura.gob.pe' };
    await processes.rotateNow(
      [
        { accountId: 'acc-1', lastConfirmedAt: '2037-01-05T14:00:00.000Z', cycle: 4 },
        { accountId: 'acc-2', lastConfirmedAt: '2037-02-01T14:00:00.000Z', cycle: 1 },
      ],
      request,
    );
    const calls = stub.callsOf('signalWithStart');
    expect(calls.map((c) => [c.workflowType, c.options.workflowId, c.options.taskQueue, (c.options.signal as { name: string }).name, c.options.signalArgs])).toEqual([
      ['credentialRotation', 'rotacion-acc-1', TASK_QUEUE, 'rotateNow', [request]],
      ['credentialRotation', 'rotacion-acc-2', TASK_QUEUE, 'rotateNow', [request]],
    ]);
    expect(calls.map((c) => c.options.args)).toEqual([
      [{ accountId: 'acc-1', lastConfirmedAt: '2037-01-05T14:00:00.000Z', cycle: 4, history: [] }],
      [{ accountId: 'acc-2', lastConfirmedAt: '2037-02-01T14:00:00.000Z', cycle: 1, history: [] }],
    ]);
    expect(stub.callsOf('start')).toEqual([]);
  });

  it("joinReminderDigest signals the person's digest for the instant (its address in lower case) with start, on the task queue", async () => {
    const digest = {
      to: { name: 'Ana Quispe', email: 'AQuispe@cultura.gob.pe' },
      at: '2037-03-04T14:00:00.000Z',
      topic: 'Rotación de credenciales',
      noun: { one: 'cuenta', many: 'cuentas' },
      intro: 'Cambie la contraseña de cada cuenta.',
      quietMs: 5_000,
      maxGatherMs: 60_000,
    };
    const item = { workflowId: 'rotacion-acc-1', step: 'rotation', version: 1, title: 'Facebook', intro: '', summary: [], actions: [], openedAt: digest.at };
    await processes.joinReminderDigest(digest, item);
    const calls = stub.callsOf('signalWithStart');
    expect(calls.map((c) => [c.workflowType, c.options.workflowId, c.options.taskQueue, (c.options.signal as { name: string }).name, c.options.args, c.options.signalArgs])).toEqual([
      ['reminderDigest', 'resumen-20370304140000000-aquispe@cultura.gob.pe', TASK_QUEUE, 'digestItem', [digest], [item]],
    ]);
  });

  it('runningRotations lists the running credentialRotation workflows; without a listing it answers an empty set', async () => {
    stub.workflows.set('rotacion-acc-1', running('credentialRotation'));
    stub.workflows.set('rotacion-acc-2', running('credentialRotation'));
    expect(await processes.runningRotations()).toEqual(new Set(['rotacion-acc-1', 'rotacion-acc-2']));
    expect(stub.callsOf('list')).toEqual([{ method: 'list', query: "WorkflowType = 'credentialRotation' AND ExecutionStatus = 'Running'" }]);

    stub.failNext('list', new Error('visibility is not enabled'));
    expect(await processes.runningRotations()).toEqual(new Set());
  });

  it("startRoleReview starts the month's roleReview as revision-roles-<entity>-<month>, reusable only after a failure, and answers true", async () => {
    expect(await processes.startRoleReview('mincul', '2037-03')).toBe(true);
    expect(stub.callsOf('start')).toEqual([
      {
        method: 'start', workflowType: 'roleReview',
        options: { taskQueue: TASK_QUEUE, workflowId: 'revision-roles-mincul-2037-03', workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY', args: [{ entityId: 'mincul', month: '2037-03' }] },
      },
    ]);
  });

  it('startRoleReview answers false when Temporal says the review was already started (WorkflowExecutionAlreadyStartedError): running, or completed', async () => {
    stub.workflows.set('revision-roles-mincul-2037-03', running('roleReview'));
    expect(await processes.startRoleReview('mincul', '2037-03')).toBe(false);
    stub.workflows.set('revision-roles-mincul-2037-03', { workflowType: 'roleReview', status: 'COMPLETED' });
    expect(await processes.startRoleReview('mincul', '2037-03')).toBe(false);
    stub.failNext('start', new WorkflowExecutionAlreadyStartedError('Workflow execution already started', 'revision-roles-congreso-2037-03', 'roleReview'));
    expect(await processes.startRoleReview('congreso', '2037-03')).toBe(false);
    // A failed month may run again.
    stub.workflows.set('revision-roles-mincul-2037-03', { workflowType: 'roleReview', status: 'FAILED' });
    expect(await processes.startRoleReview('mincul', '2037-03')).toBe(true);
  });

  it("startReviewSchedulers starts each entity's roleReviewScheduler as revision-roles-<entity>; refreshReviewSchedulers signals refresh and skips a missing one", async () => {
    stub.workflows.set('revision-roles-mincul', running('roleReviewScheduler'));
    await processes.startReviewSchedulers(['mincul', 'congreso']);
    expect(stub.callsOf('start').map((c) => [c.workflowType, c.options])).toEqual([
      ['roleReviewScheduler', { taskQueue: TASK_QUEUE, workflowId: 'revision-roles-mincul', args: [{ entityId: 'mincul' }] }],
      ['roleReviewScheduler', { taskQueue: TASK_QUEUE, workflowId: 'revision-roles-congreso', args: [{ entityId: 'congreso' }] }],
    ]);
    await processes.refreshReviewSchedulers(['inpe', 'mincul']);
    expect(stub.callsOf('signal').map((c) => [c.workflowId, c.name])).toEqual([
      ['revision-roles-inpe', 'refresh'],
      ['revision-roles-mincul', 'refresh'],
    ]);
  });

  it('startDirectoryDigest starts the deployment\'s one directoryDigest as directorio-scs (PCM 6.3.5, 7.3)', async () => {
    await processes.startDirectoryDigest();
    expect(stub.callsOf('start').map((c) => [c.workflowType, c.options])).toEqual([['directoryDigest', { taskQueue: TASK_QUEUE, workflowId: 'directorio-scs', args: [{}] }]]);
  });

  it('startAgencyGrant starts agencyGrant as concesion-<grantId> unless it runs already', async () => {
    await processes.startAgencyGrant('g1');
    await processes.startAgencyGrant('g1');
    expect(stub.callsOf('start').map((c) => [c.workflowType, c.options])).toEqual([
      ['agencyGrant', { taskQueue: TASK_QUEUE, workflowId: 'concesion-g1', args: [{ grantId: 'g1' }] }],
      ['agencyGrant', { taskQueue: TASK_QUEUE, workflowId: 'concesion-g1', args: [{ grantId: 'g1' }] }],
    ]);
  });

  it('endAgencyGrantEarly signals endEarly with the request and answers true; false once the grant has ended; refreshAgencyGrants skips ended ones', async () => {
    stub.workflows.set('concesion-g1', running('agencyGrant'));
    const request = { on: '2037-03-10', reason: 'Se suspendió el festival', by: 'aquispe@cultura.gob.pe' };
    expect(await processes.endAgencyGrantEarly('g1', request)).toBe(true);
    expect(await processes.endAgencyGrantEarly('g2', request)).toBe(false);
    expect(stub.callsOf('signal')).toEqual([
      { method: 'signal', workflowId: 'concesion-g1', name: 'endEarly', args: [request] },
      { method: 'signal', workflowId: 'concesion-g2', name: 'endEarly', args: [request] },
    ]);
    stub.workflows.set('concesion-g1', { workflowType: 'agencyGrant', status: 'COMPLETED' });
    await expect(processes.refreshAgencyGrants(['g1', 'g2'])).resolves.toBeUndefined();
    expect(stub.callsOf('signal').slice(2).map((c) => [c.workflowId, c.name])).toEqual([
      ['concesion-g1', 'refresh'],
      ['concesion-g2', 'refresh'],
    ]);
  });
});

describe('processes people start, idempotent by id', () => {
  const starts: Array<{ name: string; workflowType: string; workflowId: string; conflict: string; start: (p: Processes, fingerprint: string) => Promise<void> }> = [
    {
      name: 'startAccountCreation', workflowType: 'accountCreation', workflowId: 'account-request-r1', conflict: 'Esa clave de idempotencia ya se usó con otra propuesta.',
      start: (p, f) => p.startAccountCreation({ requestId: 'r1', entity, proposal: validProposal(), submittedAt: '2037-03-01T15:00:00.000Z' }, f),
    },
    {
      name: 'startCampaign', workflowType: 'campaign', workflowId: 'campana-c1', conflict: 'Esa clave de idempotencia ya se usó con otra propuesta.',
      start: (p, f) => p.startCampaign({ campaignId: 'c1', entity, proposal: validCampaign(), submittedAt: '2037-03-01T15:00:00.000Z' }, f),
    },
    {
      name: 'startContentPublication', workflowType: 'contentPublication', workflowId: 'contenido-s1', conflict: 'Esa clave de idempotencia ya se usó con otra solicitud.',
      start: (p, f) => p.startContentPublication({ requestId: 's1', entity, request: contentRequest, submittedAt: '2037-03-01T15:00:00.000Z' }, f),
    },
  ];

  it.each(starts)('$name starts $workflowType as $workflowId, never beside a running or closed one of that id, with the fingerprint and entity in the memo', async ({ workflowType, workflowId, start }) => {
    await start(processes, 'huella-1');
    const [call, ...more] = stub.callsOf('start');
    expect(more).toEqual([]);
    expect(call).toMatchObject({
      workflowType,
      options: { taskQueue: TASK_QUEUE, workflowId, workflowIdConflictPolicy: 'FAIL', workflowIdReusePolicy: 'REJECT_DUPLICATE', memo: { fingerprint: 'huella-1', entityId: 'mincul' } },
    });
    expect(call!.options.args).toHaveLength(1);
    // The process this call started carries this fingerprint: its memo is read back only when the id was taken.
    expect(stub.callsOf('describe')).toEqual([]);
    await start(processes, 'huella-1');
    expect(stub.callsOf('describe')).toEqual([{ method: 'describe', workflowId }]);
  });

  it.each(starts)('$name with the same fingerprint again lands on the same process; with another it is refused as idempotency_conflict', async ({ start, workflowId, conflict }) => {
    await start(processes, 'huella-1');
    await expect(start(processes, 'huella-1')).resolves.toBeUndefined();
    const refused = await start(processes, 'huella-2').catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(Refusal);
    expect(refused).toMatchObject({ code: 'idempotency_conflict', message: conflict });
    expect([...stub.workflows.keys()]).toEqual([workflowId]);
    expect(stub.workflows.get(workflowId)?.memo).toEqual({ fingerprint: 'huella-1', entityId: 'mincul' });
  });

  it.each(starts)('$name after the process closed: the same fingerprint is the same submission, another is refused as idempotency_conflict', async ({ start, workflowId, conflict }) => {
    await start(processes, 'huella-1');
    stub.workflows.get(workflowId)!.status = 'COMPLETED';
    await expect(start(processes, 'huella-1')).resolves.toBeUndefined();
    await expect(start(processes, 'huella-2')).rejects.toMatchObject({ code: 'idempotency_conflict', message: conflict });
    expect(stub.workflows.get(workflowId)).toMatchObject({ status: 'COMPLETED', memo: { fingerprint: 'huella-1', entityId: 'mincul' } });
  });

  it('startHandover starts handover as traspaso-<entity>-<handoverId> with no policy or memo of its own (its id is new each time)', async () => {
    const input = { handoverId: 'h1', entityId: 'mincul', outgoingEmail: 'crojas@cultura.gob.pe', incomingEmail: 'eteam@cultura.gob.pe', startedBy: 'aquispe@cultura.gob.pe' };
    await processes.startHandover(input);
    expect(stub.callsOf('start')).toEqual([{ method: 'start', workflowType: 'handover', options: { taskQueue: TASK_QUEUE, workflowId: 'traspaso-mincul-h1', args: [input] } }]);
  });

  it('handoverRunning is true while the handover runs, false once it ended or if it never started', async () => {
    stub.workflows.set('traspaso-mincul-h1', running('handover'));
    stub.workflows.set('traspaso-mincul-h2', { workflowType: 'handover', status: 'TERMINATED' });
    expect(await processes.handoverRunning('mincul', 'h1')).toBe(true);
    expect(await processes.handoverRunning('mincul', 'h2')).toBe(false);
    expect(await processes.handoverRunning('mincul', 'h3')).toBe(false);
    expect(stub.callsOf('describe').map((c) => c.workflowId)).toEqual(['traspaso-mincul-h1', 'traspaso-mincul-h2', 'traspaso-mincul-h3']);
  });
});

describe('what a process says of itself', () => {
  const statuses: Array<{ name: string; workflowId: string; query: string; read: (p: Processes) => Promise<unknown> }> = [
    { name: 'accountCreationStatus', workflowId: 'account-request-r1', query: 'status', read: (p) => p.accountCreationStatus('r1') },
    { name: 'campaignStatus', workflowId: 'campana-c1', query: 'campaignStatus', read: (p) => p.campaignStatus('c1') },
    { name: 'contentStatus', workflowId: 'contenido-s1', query: 'status', read: (p) => p.contentStatus('s1') },
    { name: 'handoverStatus', workflowId: 'traspaso-mincul-h1', query: 'handoverStatus', read: (p) => p.handoverStatus('mincul', 'h1') },
    { name: 'rotationStatus', workflowId: 'rotacion-acc-1', query: 'rotationStatus', read: (p) => p.rotationStatus('acc-1') },
    { name: 'roleReviewStatus', workflowId: 'revision-roles-mincul-2037-03', query: 'roleReviewStatus', read: (p) => p.roleReviewStatus('mincul', '2037-03') },
    { name: 'grantStatus', workflowId: 'concesion-g1', query: 'grantStatus', read: (p) => p.grantStatus('g1') },
  ];

  it.each(statuses)('$name answers the $query query of $workflowId', async ({ workflowId, query, read }) => {
    stub.workflows.set(workflowId, running('any'));
    stub.answerQuery(query, (id) => ({ answeredBy: id }));
    expect(await read(processes)).toEqual({ answeredBy: workflowId });
    expect(stub.callsOf('query')).toEqual([{ method: 'query', workflowId, name: query, args: [] }]);
  });

  it.each(statuses)('$name answers undefined when Temporal says the process does not exist (WorkflowNotFoundError): never started, or removed by an operator', async ({ workflowId, read }) => {
    expect(await read(processes)).toBeUndefined();
    stub.workflows.set(workflowId, running('any'));
    stub.failNext('query', new WorkflowNotFoundError('workflow not found', workflowId, undefined));
    expect(await read(processes)).toBeUndefined();
    expect(stub.callsOf('query').map((c) => c.workflowId)).toEqual([workflowId, workflowId]);
  });

  it('decisionStep asks the decisionStep query for the step; null for an unknown process', async () => {
    const view = { step: 'aprobacion-1', version: 2, actions: ['approve'] };
    stub.workflows.set('account-request-r1', running('accountCreation'));
    stub.answerQuery('decisionStep', (_id, step) => (step === 'aprobacion-1' ? view : null));
    expect(await processes.decisionStep('account-request-r1', 'aprobacion-1')).toEqual(view);
    expect(await processes.decisionStep('account-request-r1', 'otro-paso')).toBeNull();
    expect(await processes.decisionStep('account-request-nadie', 'aprobacion-1')).toBeNull();
    expect(stub.callsOf('query').map((c) => [c.workflowId, c.name, c.args])).toEqual([
      ['account-request-r1', 'decisionStep', ['aprobacion-1']],
      ['account-request-r1', 'decisionStep', ['otro-paso']],
      ['account-request-nadie', 'decisionStep', ['aprobacion-1']],
    ]);
  });
});

describe('decisions and fresh links: a signal to the current run, then that run\'s answer to the request', () => {
  const input: DecisionInput = { step: 'aprobacion-1', version: 1, action: 'approve', actor: { email: 'aquispe@cultura.gob.pe', ip: '127.0.0.1', userAgent: 'jest' } };
  const recorded = { step: 'aprobacion-1', action: 'approve', by: 'aquispe@cultura.gob.pe', at: '2037-03-01T15:00:00.000Z' } as unknown as Decision;
  /** The run answers `null` for `pending` reads, then `outcome` for the request id it was signalled. */
  const answering = (outcome: RequestOutcome, pending = 0) => {
    let reads = 0;
    stub.answerQuery('requestOutcome', (_wf, requestId) => {
      const sent = stub.callsOf('signal').at(-1)?.args[0] as { requestId: string } | undefined;
      return requestId === sent?.requestId && reads++ >= pending ? outcome : null;
    });
  };

  beforeEach(() => stub.workflows.set('account-request-r1', running('accountCreation')));

  it('decide signals decideRequest to the run that is current, with the input and a new request id, and answers what that run recorded for it', async () => {
    answering({ decision: recorded }, 2);
    expect(await processes.decide('account-request-r1', input)).toEqual(recorded);
    const [signal] = stub.callsOf('signal');
    expect(signal).toEqual({ method: 'signal', workflowId: 'account-request-r1', runId: 'run-account-request-r1', name: 'decideRequest', args: [{ ...input, requestId: expect.any(String) }] });
    const reads = stub.callsOf('query');
    expect(reads).toHaveLength(3);
    expect(reads.every((q) => q.runId === 'run-account-request-r1' && q.name === 'requestOutcome' && q.args[0] === (signal!.args[0] as { requestId: string }).requestId)).toBe(true);
    await processes.decide('account-request-r1', input);
    expect(new Set(stub.callsOf('signal').map((c) => (c.args[0] as { requestId: string }).requestId)).size).toBe(2);
  });

  it("decide turns the run's refusal into Refusal('decision_refused') carrying its Spanish reason", async () => {
    answering({ refused: 'Este paso ya fue atendido (aprobado, por aquispe@cultura.gob.pe).' });
    const refused = await processes.decide('account-request-r1', input).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(Refusal);
    expect(refused).toMatchObject({ code: 'decision_refused', message: 'Este paso ya fue atendido (aprobado, por aquispe@cultura.gob.pe).' });
  });

  it('a run that closed (continued as new) between finding it and signalling it: the next current run gets the request', async () => {
    answering({ decision: recorded });
    stub.failNext('signal', new WorkflowNotFoundError('workflow execution already completed', 'account-request-r1', 'run-account-request-r1'));
    expect(await processes.decide('account-request-r1', input)).toEqual(recorded);
    expect(stub.callsOf('describe')).toHaveLength(2);
    expect(stub.callsOf('signal')).toHaveLength(2);
  });

  it('a process that ended or never existed refuses in Spanish without signalling anything', async () => {
    stub.workflows.set('account-request-r2', { workflowType: 'accountCreation', status: 'COMPLETED' });
    await expect(processes.decide('account-request-r2', input)).rejects.toMatchObject({ code: 'decision_refused', message: expect.stringContaining('ya terminó') });
    await expect(processes.decide('account-request-nadie', input)).rejects.toMatchObject({ code: 'decision_refused', message: 'Este proceso no existe.' });
    expect(stub.callsOf('signal')).toEqual([]);
  });

  it('a run that does not take the request within the deadline gives ProcessesUnavailable (the request stays in its history)', async () => {
    answering({ decision: recorded }, Number.POSITIVE_INFINITY);
    const api = createProcesses(stub.client, { taskQueue: TASK_QUEUE, deadlineMs: 60 });
    await expect(api.decide('account-request-r1', input)).rejects.toBeInstanceOf(ProcessesUnavailable);
    expect(stub.callsOf('signal')).toHaveLength(1);
  });

  it('renewLink signals renewLinkRequest and resolves once the run sent the links; its refusal becomes decision_refused', async () => {
    answering({ renewed: true });
    await processes.renewLink('account-request-r1', { step: 'aprobacion-1', email: 'aquispe@cultura.gob.pe' });
    expect(stub.callsOf('signal')[0]).toMatchObject({ name: 'renewLinkRequest', args: [{ step: 'aprobacion-1', email: 'aquispe@cultura.gob.pe', requestId: expect.any(String) }] });
    answering({ refused: 'Ya le enviamos enlaces nuevos hace menos de una hora.' });
    await expect(processes.renewLink('account-request-r1', { step: 'aprobacion-1', email: 'aquispe@cultura.gob.pe' })).rejects.toMatchObject({
      code: 'decision_refused',
      message: 'Ya le enviamos enlaces nuevos hace menos de una hora.',
    });
  });
});

describe('when Temporal does not answer', () => {
  it('an error with gRPC code 14 (UNAVAILABLE) becomes ProcessesUnavailable, keeping the cause', async () => {
    const unavailable = grpcError(14, '14 UNAVAILABLE: No connection established');
    stub.failNext('start', unavailable);
    const err = await processes.startAgencyGrant('g1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProcessesUnavailable);
    expect((err as ProcessesUnavailable).cause).toBe(unavailable);
  });

  it('so does a query or a signal that ran out of time (gRPC code 4, DEADLINE_EXCEEDED), or an error whose cause is one', async () => {
    stub.workflows.set('campana-c1', running('campaign'));
    stub.workflows.set('concesion-g1', running('agencyGrant'));
    stub.failNext('query', grpcError(4, '4 DEADLINE_EXCEEDED: Deadline exceeded'));
    await expect(processes.campaignStatus('c1')).rejects.toBeInstanceOf(ProcessesUnavailable);
    stub.failNext('signal', new Error('signal failed', { cause: grpcError(14, 'UNAVAILABLE') }));
    await expect(processes.refreshAgencyGrants(['g1'])).rejects.toBeInstanceOf(ProcessesUnavailable);
    stub.failNext('signal', grpcError(4, 'DEADLINE_EXCEEDED'));
    await expect(processes.decide('campana-c1', { step: 's', version: 1, action: 'approve', actor: { email: 'a@cultura.gob.pe' } })).rejects.toBeInstanceOf(ProcessesUnavailable);
  });

  it('any other error passes through unchanged', async () => {
    const other = Object.assign(new Error('permission denied'), { code: 7 });
    stub.failNext('start', other);
    await expect(processes.startHandover({ handoverId: 'h1', entityId: 'mincul', outgoingEmail: 'a@cultura.gob.pe', incomingEmail: 'b@cultura.gob.pe', startedBy: 'c@cultura.gob.pe' })).rejects.toBe(other);
  });

  it("with a deadline (the API's), each port call runs once under client.withDeadline(now + deadlineMs); without one (the worker's), never", async () => {
    const api = createProcesses(stub.client, { taskQueue: TASK_QUEUE, deadlineMs: 1_500 });
    const before = Date.now();
    await api.startRotations([{ accountId: 'acc-1', lastConfirmedAt: '2037-01-05T14:00:00.000Z' }, { accountId: 'acc-2', lastConfirmedAt: '2037-01-05T14:00:00.000Z' }]);
    const deadlines = stub.callsOf('withDeadline');
    expect(deadlines).toHaveLength(1);
    expect(deadlines[0]!.deadline).toBeGreaterThanOrEqual(before + 1_500);
    expect(deadlines[0]!.deadline).toBeLessThanOrEqual(Date.now() + 1_500);
    // The deadline wraps the whole call: both starts ran inside it.
    expect(stub.calls.map((c) => c.method)).toEqual(['withDeadline', 'start', 'start']);

    await processes.startRotations([{ accountId: 'acc-3', lastConfirmedAt: '2037-01-05T14:00:00.000Z' }]);
    expect(stub.callsOf('withDeadline')).toHaveLength(1);
  });
});
