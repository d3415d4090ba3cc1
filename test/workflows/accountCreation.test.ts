import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Activities, ActivateAccountsInput, DecisionEmailInput, NoticeInput, RecordDecisionInput } from '../../activities';
import { createCalendarActivities } from '../../activities/calendar';
import { CHECKLIST_ITEMS } from '../../domain/creationChecklist';
import { accountCreation } from '../../workflows/accountCreation';
import { pcmEntity, validProposal } from '../support/fixtures';
import type { EntityPolicy } from '../../domain/entity';
import type { AccountProposal } from '../../domain/accountProposal';
import { documentCode, numberingYear } from '../../domain/documentNumbers';
import { timeSkippingWorkerForFile } from '../support/timeSkippingFile';
import { decide, renewLink, saveHistory, terminateWhenIdle, waitForStep } from '../support/workflowDriver';
import { accountCreationStatusQuery, type AccountCreationInput } from '../../contracts/accountCreation';
import { decideSignal, requestOutcomeQuery, resendStepSignal, type DecisionRequest } from '../../contracts/decision';
import { eventually } from '../support/eventually';
import { ask } from '../../processes/asking';

let env: TestWorkflowEnvironment;
const taskQueue = 'account-creation-test';
let emails: DecisionEmailInput[];
let notices: NoticeInput[];
let activated: ActivateAccountsInput[];
let rotationsStarted: string[];
/** Addresses the fake relay refuses for good. */
let refusing: Set<string>;
/** Decisions the process wrote to the audit trail, and how many writes of each failed first. */
let recorded: RecordDecisionInput[];
let auditFailures: number;
/** The entity as the registry has it now, when a test changes it after the process started. */
let registryEntity: EntityPolicy | undefined;

const activities: Partial<Activities> = {
  sendDecisionEmail: async (i) => {
    emails.push(i);
    return { undelivered: i.to.filter((c) => refusing.has(c.email)).map((c) => ({ address: c.email, reason: '550 Mailbox unavailable' })) };
  },
  sendNotice: async (i) => (notices.push(i), { undelivered: [] }),
  recordDecision: async (i) => {
    if (auditFailures > 0) {
      auditFailures--;
      throw new Error('audit store unreachable');
    }
    recorded.push(i);
  },
  stepWithdrawn: async () => undefined,
  // The registry as the process reads it when it asks someone; `undefined` leaves what it knew.
  currentEntity: async ({ known }) => registryEntity ?? known,
  businessInstants: createCalendarActivities().businessInstants,
  activateAccounts: async (i) => {
    activated.push(i);
    return i.networks.map((n) => `${i.requestId}-${n}`);
  },
  startRotations: async (i) => void rotationsStarted.push(...i.accounts.map((a) => a.accountId)),
  // The registry's numbering is tested against FerretDB (test/registry/documentNumbers.test.ts).
  documentNumber: async (i) => {
    const n = ++numbered;
    return { series: i.series, n, year: numberingYear(i.at), code: documentCode(i.series, n, numberingYear(i.at), 'OC', i.entityId.toUpperCase()) };
  },
};
let numbered = 0;

timeSkippingWorkerForFile(taskQueue, activities, (started) => (env = started));

beforeEach(() => {
  emails = [];
  notices = [];
  activated = [];
  rotationsStarted = [];
  refusing = new Set();
  recorded = [];
  auditFailures = 0;
  registryEntity = undefined;
});

function start(input: Partial<AccountCreationInput> = {}) {
  const requestId = randomUUID();
  return env.client.workflow.start(accountCreation, {
    taskQueue,
    workflowId: `account-request-${requestId}`,
    args: [{ requestId, entity: pcmEntity(), proposal: validProposal(), submittedAt: new Date().toISOString(), ...input }],
  });
}

const entity = pcmEntity();


const head = entity.head.email;
const cm = entity.communityManager.email;

/** INPE as the registry has it: Executive Branch, under its own guideline too. */
const inpeEntity = (over: Partial<EntityPolicy> = {}) =>
  pcmEntity({
    id: 'inpe', name: 'Instituto Nacional Penitenciario', profile: 'INPE', emailDomains: ['inpe.gob.pe'], officialHosts: ['inpe.gob.pe'],
    head: { name: 'Gustavo Ramos', email: 'gramos@inpe.gob.pe' }, secondInCommand: { name: 'Hilda Mendoza', email: 'hmendoza@inpe.gob.pe' },
    communityManager: { name: 'Iván Torres', email: 'itorres@inpe.gob.pe' }, ...over,
  });

/** A request of INPE's unit (Dirección de Tratamiento Penitenciario's Nora Ibáñez). */
const inpeProposal = (over: Partial<AccountProposal> = {}) =>
  validProposal({
    entityId: 'inpe', requester: { name: 'Nora Ibáñez', email: 'nibanez@inpe.gob.pe' }, managingEmail: 'redes@inpe.gob.pe',
    admins: [
      { name: 'Gustavo Ramos', email: 'gramos@inpe.gob.pe', role: 'head' },
      { name: 'Hilda Mendoza', email: 'hmendoza@inpe.gob.pe', role: 'second' },
      { name: 'SCS – Coordinación de Comunicación Digital', email: 'rrss_scs@pcm.gob.pe', role: 'supervisor' },
    ],
    bio: 'Instituto Nacional Penitenciario, Lima. https://www.gob.pe/inpe',
    ...over,
  });

/** Drives everything after the head's approval: SCS acknowledgement, checklist, both agreements. */
async function finishCreation(handle: Awaited<ReturnType<typeof start>>) {
  await decide(handle, 'acuse-scs', 'acknowledge', 'rrss_scs@pcm.gob.pe');
  await decide(handle, 'verificacion-1', 'confirm', cm, { payload: { items: [...CHECKLIST_ITEMS], chosenName: 'CulturaPeru' } });
  await decide(handle, 'acuerdo-1', 'sign', 'aquispe@cultura.gob.pe');
  await decide(handle, 'acuerdo-2', 'sign', 'bsalas@cultura.gob.pe');
}

describe('account creation workflow (RULEBOOK §1)', () => {
  it('the process writes each decision\'s audit row itself, retrying until the store takes it, keyed by step and link version (issue 14 §1.7; RULEBOOK §8)', async () => {
    auditFailures = 2;
    const handle = await start();
    await decide(handle, 'aprobacion-1', 'observe', head, { reason: 'Falta precisar el público objetivo.' });
    await eventually(async () => recorded.length, (n) => n === 1, 'the observation recorded');
    expect(recorded[0]).toMatchObject({ workflowId: handle.workflowId, version: 1, decision: { step: 'aprobacion-1', action: 'observe', by: head, reason: 'Falta precisar el público objetivo.' } });
    expect(auditFailures).toBe(0);
    await waitForStep(handle, 'correccion-1');
    await terminateWhenIdle(handle);
  });

  it('PCM 6.1.2.4: a new CM registered after the request was submitted gets the checklist: the process reads the roster when it asks (issue 14 §1.4)', async () => {
    const handle = await start();
    await waitForStep(handle, 'aprobacion-1');
    const newCm = { name: 'Elena Paz Soto', email: 'epaz@cultura.gob.pe' };
    registryEntity = { ...pcmEntity(), communityManager: newCm };
    await decide(handle, 'aprobacion-1', 'approve', head);
    expect((await waitForStep(handle, 'verificacion-1')).deciders).toEqual([newCm.email]);
    expect((await eventually(async () => emails.find((e) => e.step === 'verificacion-1'), Boolean, 'the checklist email'))!.to).toEqual([newCm]);
    await terminateWhenIdle(handle);
  });

  it('a decision arrives as a signal: a refused one is answered with its Spanish reason, never a failed workflow task; each request id is answered once; the first valid one wins (issue 14 §2)', async () => {
    const handle = await start();
    const opened = await waitForStep(handle, 'aprobacion-1');
    const request = (requestId: string, over: Partial<DecisionRequest> = {}): DecisionRequest => ({ step: 'aprobacion-1', version: opened.version, action: 'approve', actor: { email: head }, requestId, ...over });
    const outcome = (requestId: string) => eventually(() => handle.query(requestOutcomeQuery, requestId), Boolean, `the outcome of ${requestId}`);

    await handle.signal(decideSignal, request('stranger', { actor: { email: cm } }));
    expect(await outcome('stranger')).toEqual({ refused: 'Este enlace no está dirigido a usted.' });
    // The same id again, now valid: already answered, so it changes nothing.
    await handle.signal(decideSignal, request('stranger'));
    await handle.signal(decideSignal, request('first'));
    await handle.signal(decideSignal, request('second', { action: 'reject', reason: 'Duplicado de otra cuenta.' }));
    expect(await outcome('first')).toEqual({ decision: expect.objectContaining({ step: 'aprobacion-1', action: 'approve', by: head }) });
    expect(await outcome('second')).toEqual({ refused: `Este paso ya fue atendido (aprobado, por ${head}).` });
    expect(await handle.query(requestOutcomeQuery, 'stranger')).toEqual({ refused: 'Este enlace no está dirigido a usted.' });
    expect(await handle.query(requestOutcomeQuery, 'never-sent')).toBeNull();

    await waitForStep(handle, 'acuse-scs');
    const history = await handle.fetchHistory();
    expect(history.events?.filter((e) => e.workflowTaskFailedEventAttributes)).toEqual([]);
    await terminateWhenIdle(handle);
  });

  it('an expired link\'s addressee asks for fresh links: they alone get the step\'s current version again, once an hour; nobody else may ask (issue 14 §1.5)', async () => {
    const handle = await start();
    const opened = await waitForStep(handle, 'aprobacion-1');
    await renewLink(handle, 'aprobacion-1', head.toUpperCase());
    const renewal = (await eventually(async () => emails.find((e) => e.kind === 'renewal'), Boolean, 'the renewal email'))!;
    expect(renewal).toMatchObject({ step: 'aprobacion-1', version: opened.version, renewal: 1, to: [entity.head] });
    await expect(renewLink(handle, 'aprobacion-1', head)).rejects.toThrow('hace menos de una hora');
    await expect(renewLink(handle, 'aprobacion-1', cm)).rejects.toThrow('ya no le corresponde');
    await env.sleep('61 minutes');
    await renewLink(handle, 'aprobacion-1', head);
    await eventually(async () => emails.filter((e) => e.kind === 'renewal'), (r) => r.length === 2 && r[1]!.renewal === 2, 'the second renewal');
    // The renewed link is the current one: a decision through it counts.
    await decide(handle, 'aprobacion-1', 'approve', head);
    await terminateWhenIdle(handle);
  });

  it('a reminder plan stored without repetition still sends fresh links every five business days, so no link expires unanswered (issue 14 §1.5)', async () => {
    const handle = await start({ entity: { ...pcmEntity(), decisionPlan: { remindAfter: [2] } } });
    await waitForStep(handle, 'aprobacion-1');
    await env.sleep('30 days');
    const sent = emails.filter((e) => e.step === 'aprobacion-1').map((e) => e.kind);
    expect(sent.filter((k) => k === 'reminder').length).toBeGreaterThanOrEqual(3);
    await terminateWhenIdle(handle);
  });

  it('a decider whose address the relay refuses for good: the process goes on waiting, shows it, and the step can be sent to someone else (issue 14 §1.2)', async () => {
    refusing.add(cm);
    const handle = await start();
    await decide(handle, 'aprobacion-1', 'approve', head);
    const refused = await waitForStep(handle, 'verificacion-1');
    await eventually(async () => (await waitForStep(handle, 'verificacion-1')).undelivered, (u) => Boolean(u?.length), 'the refusal to be recorded');
    const status = await handle.query(accountCreationStatusQuery);
    expect(status.waiting.find((w) => w.step === 'verificacion-1')).toMatchObject({ waitingFor: [cm], undelivered: [{ email: cm, reason: '550 Mailbox unavailable' }] });
    expect((await handle.describe()).status.name).toBe('RUNNING');

    // The head sends the checklist to the second in command instead: a new link version, to them alone.
    await handle.signal(resendStepSignal, { step: 'verificacion-1', replace: cm, to: entity.secondInCommand, by: head });
    const resent = await eventually(() => waitForStep(handle, 'verificacion-1'), (v) => v.version === refused.version + 1, 'the step resent');
    expect(resent.deciders).toEqual([entity.secondInCommand.email]);
    expect(resent.undelivered).toBeUndefined();
    const sent = await eventually(async () => emails.filter((e) => e.step === 'verificacion-1'), (e) => e.length >= 2, 'the resent checklist');
    expect(sent.map((e) => [e.version, e.to.map((c) => c.email)])).toEqual([[1, [cm]], [2, [entity.secondInCommand.email]]]);
    await expect(decide(handle, 'verificacion-1', 'confirm', cm, { version: 1, payload: { items: [...CHECKLIST_ITEMS], chosenName: 'CulturaPeru' } })).rejects.toThrow(/reemplazado|no está dirigido/);
    await terminateWhenIdle(handle);
  });

  it('PCM 5.2.4, 6.1.1.2: approval sends the technical report to SCS, and the account ends active', async () => {
    const plan = { year: 2026, code: 'PLAN DE COMUNICACIÓN DIGITAL N° 001-2026-OC/MINCUL' };
    const handle = await start({ plan });
    const first = await waitForStep(handle, 'aprobacion-1');
    expect(first.deciders).toEqual([head]);
    expect(first.actions).toEqual(['approve', 'observe', 'reject']);
    const approval = await decide(handle, 'aprobacion-1', 'approve', head);

    const scs = await waitForStep(handle, 'acuse-scs');
    expect(scs.deciders).toEqual(['rrss_scs@pcm.gob.pe']);
    // The step opens, then its email leaves by activity.
    const report = (await eventually(async () => emails.find((e) => e.step === 'acuse-scs'), Boolean, 'the report to SCS'))!;
    expect(report.addressee).toBe('Coordinación de Comunicación Digital de la Secretaría de Comunicación Social');
    expect(report.attachments?.[0]).toMatchObject({ kind: 'technicalReport', data: { decision: { by: head, action: 'approve' } } });
    // Issue 19 §6: numbered for the entity and the year it is issued (the simulated clock may have crossed into
    // the next one by then), addressed to SCS, from the requester.
    const year = numberingYear(approval.at);
    expect(report.attachments?.[0]?.data).toMatchObject({
      filing: { code: expect.stringMatching(new RegExp(`^INFORME TÉCNICO N° \\d{3}-${year}-OC/MINCUL$`)), to: 'Coordinación de Comunicación Digital de la Secretaría de Comunicación Social', from: 'Diego Torres', names: 'CulturaPeru / MinCulturaPe', networks: 'Facebook, Instagram' },
    });
    // PCM 6.2.2.1: the plan the request was submitted under is cited.
    expect((report.attachments?.[0]?.data as { filing: { plan: unknown } }).filing.plan).toEqual(plan);

    await finishCreation(handle);
    const result = await handle.result();
    expect(result.stage).toBe('activa');
    expect(result.supervisorAcknowledged).toBe(true);
    expect(result.accountIds).toHaveLength(2);
    expect(activated[0]).toMatchObject({ username: 'CulturaPeru', networks: ['facebook', 'instagram'] });
    // PCM 6.3.5: the registry keeps the approved Anexo 4 data, so SCS's directory shows it.
    expect(activated[0]!.anexo4).toEqual({
      responsibles: [{ name: 'Carla Rojas Díaz', phone: '+51 987 654 321' }],
      description: 'Objetivos: Difundir la agenda cultural y los servicios del ministerio. Público objetivo: Ciudadanía interesada en cultura, 18 a 45 años. Funciones: Informar, orientar y atender consultas.',
      contentType: 'Noticias, agenda cultural, videos cortos.',
    });
    // RULEBOOK §2: each active account gets its rotation process, which outlives the creation.
    expect(rotationsStarted).toEqual(result.accountIds);
    // PCM 6.1.1.3: one Anexo 1 per admin who receives credentials; SCS uses its own profile.
    const agreements = emails.filter((e) => e.step.startsWith('acuerdo-'));
    expect(agreements.map((e) => e.to[0]!.email).sort()).toEqual(['aquispe@cultura.gob.pe', 'bsalas@cultura.gob.pe']);
    expect(notices.some((n) => n.subject.startsWith('Cuenta institucional activa'))).toBe(true);
    await saveHistory(handle, 'approve');
  });

  it('RULEBOOK §1.2: observe sends the requester a correction link; the corrected proposal resumes the same workflow', async () => {
    const handle = await start();
    await decide(handle, 'aprobacion-1', 'observe', head, { reason: 'Falta precisar el público objetivo.' });
    const correction = await waitForStep(handle, 'correccion-1');
    expect(correction.deciders).toEqual(['dtorres@cultura.gob.pe']);
    expect(correction.form).toBe('proposal');

    // PCM 6.1.1.8: a correction that breaks a rule is refused and the step stays open.
    const bad = { ...validProposal(), proposedNames: ['cultura', 'CulturaPe'] };
    await expect(decide(handle, 'correccion-1', 'correct', 'dtorres@cultura.gob.pe', { payload: bad })).rejects.toThrow(/PCM 6.1.1.8/);

    const fixed = validProposal({ description: { ...validProposal().description, audience: 'Jóvenes de 18 a 29 años de Lima y regiones.' } });
    await decide(handle, 'correccion-1', 'correct', 'dtorres@cultura.gob.pe', { payload: fixed });
    await waitForStep(handle, 'aprobacion-2');
    expect((await handle.query(accountCreationStatusQuery)).proposal.description.audience).toMatch(/Jóvenes/);
    await decide(handle, 'aprobacion-2', 'approve', head);
    await finishCreation(handle);
    expect((await handle.result()).stage).toBe('activa');
    await saveHistory(handle, 'observe-correct-approve');
  });

  it('RULEBOOK §1.2: reject requires a reason, tells the requester, and ends the process', async () => {
    const handle = await start();
    await expect(decide(handle, 'aprobacion-1', 'reject', head, { reason: '' })).rejects.toThrow(/motivo/);
    await decide(handle, 'aprobacion-1', 'reject', head, { reason: 'Duplica la cuenta existente @CulturaPeru.' });
    const result = await handle.result();
    expect(result.stage).toBe('rechazada');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.to[0]!.email).toBe('dtorres@cultura.gob.pe');
    expect(notices[0]!.paragraphs.join(' ')).toMatch(/Duplica la cuenta/);
    await saveHistory(handle, 'reject');
  });

  it('silence brings reminders on business days, then escalation to the second in command', async () => {
    const handle = await start();
    await waitForStep(handle, 'aprobacion-1');
    await env.sleep('15 days');
    const step = emails.filter((e) => e.step === 'aprobacion-1');
    const kinds = step.map((e) => e.kind);
    expect(kinds[0]).toBe('request');
    expect(kinds.filter((k) => k === 'reminder').length).toBeGreaterThanOrEqual(2);
    const escalation = step.find((e) => e.kind === 'escalation')!;
    expect(escalation.to.map((c) => c.email)).toEqual([head, 'bsalas@cultura.gob.pe']);
    // Each reminder carries a newer link version: the first email's links are superseded.
    const view = await waitForStep(handle, 'aprobacion-1');
    expect(view.version).toBe(new Set(step.map((e) => e.version)).size);
    await expect(decide(handle, 'aprobacion-1', 'approve', head, { version: 1 })).rejects.toThrow(/reemplazado/);
    // The escalation target may decide with their own link.
    await decide(handle, 'aprobacion-1', 'approve', 'bsalas@cultura.gob.pe');
    await waitForStep(handle, 'acuse-scs');
    await terminateWhenIdle(handle);
  });

  it('PCM 6.1.1.2: reminds SCS until it acknowledges the technical report', async () => {
    const handle = await start();
    await decide(handle, 'aprobacion-1', 'approve', head);
    await waitForStep(handle, 'acuse-scs');
    await env.sleep('20 days');
    const reminders = emails.filter((e) => e.step === 'acuse-scs' && e.kind === 'reminder');
    expect(reminders.length).toBeGreaterThanOrEqual(2);
    expect((await handle.query(accountCreationStatusQuery)).supervisorAcknowledged).toBe(false);
    await decide(handle, 'acuse-scs', 'acknowledge', 'rrss_scs@pcm.gob.pe');
    expect((await handle.query(accountCreationStatusQuery)).supervisorAcknowledged).toBe(true);
    await terminateWhenIdle(handle);
  });

  it('RULEBOOK §1.4 (PCM 6.1.1.4, 6.1.2.1, 6.1.1.9, 6.1.1.10, 5.2.6): a partial checklist reopens with the pending items until all are confirmed', async () => {
    const handle = await start();
    await decide(handle, 'aprobacion-1', 'approve', head);
    await decide(handle, 'verificacion-1', 'confirm', cm, { payload: { items: ['institutionalEmail', 'twoFactor'] } });
    const second = await waitForStep(handle, 'verificacion-2');
    expect(second.summary.filter(([k]) => k === 'Pendiente')).toHaveLength(4);
    await expect(
      decide(handle, 'verificacion-2', 'confirm', cm, { payload: { items: ['bio'], chosenName: 'OtroNombre' } }),
    ).rejects.toThrow(/uno de los propuestos/);
    await decide(handle, 'verificacion-2', 'confirm', cm, { payload: { items: ['bio', 'avatar', 'admins', 'verification'], chosenName: 'MinCulturaPe' } });
    await decide(handle, 'acuerdo-1', 'sign', 'aquispe@cultura.gob.pe');
    await decide(handle, 'acuerdo-2', 'sign', 'bsalas@cultura.gob.pe');
    await decide(handle, 'acuse-scs', 'acknowledge', 'rrss_scs@pcm.gob.pe');
    const result = await handle.result();
    expect(result.checklist.pending).toEqual([]);
    expect(activated[0]!.username).toBe('MinCulturaPe');
    await saveHistory(handle, 'partial-checklist');
  });

  it('only the first of ten concurrent decisions counts', async () => {
    const handle = await start();
    await waitForStep(handle, 'aprobacion-1');
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => decide(handle, 'aprobacion-1', 'approve', head)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const decisions = (await handle.query(accountCreationStatusQuery)).decisions.filter((d) => d.step === 'aprobacion-1');
    expect(decisions).toHaveLength(1);
    await terminateWhenIdle(handle);
  });

  it('refuses a decision from someone the step was not sent to', async () => {
    const handle = await start();
    await expect(decide(handle, 'aprobacion-1', 'approve', 'intruso@cultura.gob.pe')).rejects.toThrow(/no está dirigido a usted/);
    await terminateWhenIdle(handle);
  });

  it('separation of duties (PCM 5.2.4): when the head requests, the second in command decides, and silence never escalates to the head', async () => {
    const handle = await start({ proposal: validProposal({ requester: { name: 'Ana Quispe', email: head } }) });
    const view = await waitForStep(handle, 'aprobacion-1');
    expect(view.deciders).toEqual(['bsalas@cultura.gob.pe']);
    await env.sleep('15 days');
    const step = emails.filter((e) => e.step === 'aprobacion-1');
    expect(step.filter((e) => e.kind === 'reminder').length).toBeGreaterThanOrEqual(2);
    expect(step.every((e) => e.to.every((c) => c.email !== head))).toBe(true);
    expect((await waitForStep(handle, 'aprobacion-1')).deciders).toEqual(['bsalas@cultura.gob.pe']);
    await expect(decide(handle, 'aprobacion-1', 'approve', head)).rejects.toThrow(/no está dirigido a usted/);
    await terminateWhenIdle(handle);
  });

  it('separation of duties: when the second in command requests, the head decides and escalation goes nowhere else', async () => {
    const handle = await start({ proposal: validProposal({ requester: { name: 'Bruno Salas', email: 'bsalas@cultura.gob.pe' } }) });
    await waitForStep(handle, 'aprobacion-1');
    await env.sleep('15 days');
    const step = emails.filter((e) => e.step === 'aprobacion-1');
    expect(step.some((e) => e.to.some((c) => c.email === 'bsalas@cultura.gob.pe'))).toBe(false);
    expect((await waitForStep(handle, 'aprobacion-1')).deciders).toEqual([head]);
    await terminateWhenIdle(handle);
  });

  it('PCM 2, 6.1.1.2: an INPE creation is Executive Branch too: the approved report goes to SCS and the process ends only with its acknowledgement', async () => {
    const inpe = inpeEntity();
    const proposal = inpeProposal({ proposedNames: ['InpePeruOf', 'InpeOficial'] });
    const handle = await start({ entity: inpe, proposal });
    await decide(handle, 'aprobacion-1', 'approve', 'gramos@inpe.gob.pe');
    expect((await waitForStep(handle, 'acuse-scs')).deciders).toEqual(['rrss_scs@pcm.gob.pe']);
    const report = (await eventually(async () => emails.find((e) => e.step === 'acuse-scs'), Boolean, 'the report to SCS'))!;
    expect(report.addressee).toBe('Coordinación de Comunicación Digital de la Secretaría de Comunicación Social');
    expect(report.attachments?.[0]).toMatchObject({ kind: 'technicalReport', data: { entityName: 'Instituto Nacional Penitenciario', addressee: report.addressee } });
    // PCM 6.1.1.6: the CM confirms SCS among the admins, as under PCM.
    const checklist = await waitForStep(handle, 'verificacion-1');
    expect((checklist.formData as { labels: { admins: string } }).labels.admins).toMatch(/Coordinación de Comunicación Digital de la SCS/);
    await decide(handle, 'verificacion-1', 'confirm', 'itorres@inpe.gob.pe', { payload: { items: [...CHECKLIST_ITEMS], chosenName: 'InpePeruOf' } });
    await decide(handle, 'acuerdo-1', 'sign', 'gramos@inpe.gob.pe');
    await decide(handle, 'acuerdo-2', 'sign', 'hmendoza@inpe.gob.pe');
    expect((await handle.query(accountCreationStatusQuery)).supervisorAcknowledged).toBe(false);
    await decide(handle, 'acuse-scs', 'acknowledge', 'rrss_scs@pcm.gob.pe');
    const result = await handle.result();
    expect([result.stage, result.supervisorAcknowledged]).toEqual(['activa', true]);
    expect(notices.some((n) => n.key.endsWith('/informe-archivo'))).toBe(false);
    await saveHistory(handle, 'inpe-report-to-scs');
  });

  describe('INPE 4.2.c: a unit\'s own account', () => {
    const GG = { name: 'Julio Gerente Vera', email: 'gerencia@inpe.gob.pe' };
    const UNIT = 'Dirección de Tratamiento Penitenciario';
    const inpe = (over: Partial<EntityPolicy> = {}) => inpeEntity({ generalManagement: [GG], ...over });
    const proposal = () => inpeProposal({ proposedNames: ['InpeTratamiento', 'InpeTratamiPe'] });

    it('INPE 4.2.c: after the press office\'s head approves, the Gerencia General decides; its approval reaches SCS in the technical report', async () => {
      const handle = await start({ entity: inpe(), proposal: proposal(), unit: UNIT });
      await decide(handle, 'aprobacion-1', 'approve', 'gramos@inpe.gob.pe');
      const step = await waitForStep(handle, 'gerencia');
      expect(step.deciders).toEqual([GG.email]);
      expect(step.actions).toEqual(['approve', 'reject']);
      expect((await handle.query(accountCreationStatusQuery)).stage).toBe('gerencia');
      const asked = (await eventually(async () => emails.find((e) => e.step === 'gerencia'), Boolean, 'the email to the Gerencia General'))!;
      expect(asked.intro).toContain(`${UNIT} solicita una cuenta institucional propia`);
      expect(asked.intro).toContain('Gustavo Ramos la aprobó');
      expect(emails.some((e) => e.step === 'acuse-scs')).toBe(false);
      await decide(handle, 'gerencia', 'approve', GG.email);
      await waitForStep(handle, 'acuse-scs');
      const report = (await eventually(async () => emails.find((e) => e.step === 'acuse-scs'), Boolean, 'the report to SCS'))!;
      expect(report.attachments?.[0]).toMatchObject({ data: { generalManagement: { unit: UNIT, by: GG.email, byName: GG.name, clause: 'INPE 4.2.c' } } });
      await saveHistory(handle, 'inpe-unit-account');
      await terminateWhenIdle(handle);
    });

    it('INPE 4.2.c: the Gerencia General\'s rejection ends the request and tells the unit why', async () => {
      const handle = await start({ entity: inpe(), proposal: proposal(), unit: UNIT });
      await decide(handle, 'aprobacion-1', 'approve', 'gramos@inpe.gob.pe');
      await decide(handle, 'gerencia', 'reject', GG.email, { reason: 'La cuenta institucional ya difunde lo que la unidad necesita.' });
      const result = await handle.result();
      expect(result.stage).toBe('rechazada');
      const told = notices.find((n) => n.key.endsWith('/rechazo'))!;
      expect(told.to.map((c) => c.email)).toEqual(['nibanez@inpe.gob.pe']);
      expect(told.paragraphs.join(' ')).toContain('La cuenta institucional ya difunde lo que la unidad necesita.');
    });

    it('INPE 4.2.c: while the roster has no Gerencia General, the head\'s approval is refused saying so; the press office\'s own requests skip the step', async () => {
      const handle = await start({ entity: inpe({ generalManagement: undefined }), proposal: proposal(), unit: UNIT });
      const opened = await waitForStep(handle, 'aprobacion-1');
      await expect(ask(handle.client, handle.workflowId, decideSignal, { step: 'aprobacion-1', version: opened.version, action: 'approve', actor: { email: 'gramos@inpe.gob.pe' } })).rejects.toThrow(
        'no tiene registrada a la Gerencia General',
      );
      await terminateWhenIdle(handle);

      const own = await start({ entity: inpe(), proposal: proposal() });
      await decide(own, 'aprobacion-1', 'approve', 'gramos@inpe.gob.pe');
      await waitForStep(own, 'acuse-scs');
      expect((await own.query(accountCreationStatusQuery)).decisions.map((d) => d.step)).toEqual(['aprobacion-1']);
      await terminateWhenIdle(own);
    });
  });

  it('CONGRESO 6.1.2: no report to SCS; the approved report is filed with the requester', async () => {
    const congreso = pcmEntity({ id: 'congreso', profile: 'CONGRESO', emailDomains: ['congreso.gob.pe'], head: { name: 'Jefe', email: 'jefe@congreso.gob.pe' } });
    const proposal = validProposal({
      entityId: 'congreso',
      requester: { name: 'Solicitante', email: 'sol@congreso.gob.pe' },
      managingEmail: 'redes@congreso.gob.pe',
      networks: ['x'],
      admins: [
        { name: 'Jefe', email: 'jefe@congreso.gob.pe', role: 'head' },
        { name: 'Admin', email: 'admin@congreso.gob.pe', role: 'cm' },
      ],
    });
    const handle = await start({ entity: congreso, proposal });
    await decide(handle, 'aprobacion-1', 'approve', 'jefe@congreso.gob.pe');
    await decide(handle, 'verificacion-1', 'confirm', cm, { payload: { items: [...CHECKLIST_ITEMS], chosenName: 'CulturaPeru' } });
    await decide(handle, 'acuerdo-1', 'sign', 'jefe@congreso.gob.pe');
    await decide(handle, 'acuerdo-2', 'sign', 'admin@congreso.gob.pe');
    const result = await handle.result();
    expect(result.supervisorAcknowledged).toBeNull();
    expect(emails.some((e) => e.step === 'acuse-scs')).toBe(false);
    expect(notices.find((n) => n.subject.startsWith('Informe técnico aprobado'))?.attachments?.[0]?.kind).toBe('technicalReport');
  });
});
