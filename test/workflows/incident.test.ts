/**
 * A security incident in simulated time (Java time-skipping server): report → rotation asked for every
 * affected account → head and SCS told → checklist → the CNSD's notice → the head's closing report.
 * The registry is what the fake activities answer; the calendar activities are the real ones.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Activities, DecisionEmailInput, IncidentContext, NoticeInput, RecordIncidentInput } from '../../activities';
import { createCalendarActivities } from '../../activities/calendar';
import { incidentStatusQuery, incidentWorkflowId, type IncidentStatus } from '../../contracts/incident';
import type { EntityPolicy } from '../../domain/entity';
import { CNSD_DEFAULT_EMAIL, INCIDENT_CLOSING_STEP } from '../../domain/incident';
import { securityIncident } from '../../workflows/incident';
import { eventually } from '../support/eventually';
import { pcmEntity } from '../support/fixtures';
import { timeSkippingWorkerForFile } from '../support/timeSkippingFile';
import { closedResult, decide, saveHistory, waitForStep } from '../support/workflowDriver';


let env: TestWorkflowEnvironment;
const taskQueue = 'incident-test';
const SCS = 'rrss_scs@pcm.gob.pe';

let entity: EntityPolicy;
let supervised: boolean;
let emails: DecisionEmailInput[];
let notices: NoticeInput[];
let records: RecordIncidentInput[];
let rotations: Array<{ accountIds: string[]; reason: string; by: string }>;

const calendar = createCalendarActivities();
const context = (): IncidentContext => ({
  exists: true,
  entity,
  supervisedByScs: supervised,
  cnsdEmail: CNSD_DEFAULT_EMAIL,
  words: {
    kind: 'Cuenta comprometida',
    noticedAt: 'lunes 7 de diciembre de 2026, 09:00',
    reportedAt: 'lunes 7 de diciembre de 2026, 09:30',
    description: 'Alguien publicó desde la cuenta un enlace fraudulento.',
    accounts: ['Facebook @CulturaPeru', 'X @CulturaPeru'],
  },
});

const activities: Partial<Activities> = {
  incidentContext: async () => context(),
  recordIncident: async (i) => void records.push(structuredClone(i)),
  rotateNow: async (i) => void rotations.push(i),
  currentEntity: async () => entity,
  sendDecisionEmail: async (i) => (emails.push(i), { undelivered: [] }),
  sendNotice: async (i) => (notices.push(i), { undelivered: [] }),
  recordDecision: async () => undefined,
  stepWithdrawn: async () => undefined,
  businessInstants: calendar.businessInstants,
};

timeSkippingWorkerForFile(taskQueue, activities, (started) => (env = started));

beforeEach(() => {
  entity = pcmEntity();
  supervised = true;
  emails = [];
  notices = [];
  records = [];
  rotations = [];
});

let n = 0;
const start = (accountIds = ['acc-fb', 'acc-x']) => {
  const incidentId = (++n).toString(16).padStart(24, '0');
  return env.client.workflow.start(securityIncident, {
    taskQueue,
    workflowId: incidentWorkflowId('mincul', incidentId),
    args: [{ incidentId, entityId: 'mincul', kind: 'cuenta-comprometida', accountIds, reportedBy: 'crojas@cultura.gob.pe', reportedAt: '2026-12-07T14:30:00.000Z' }],
  });
};

describe('security incident (PCM 6.1.1.7; DU 007-2020)', () => {
  it('PCM 6.1.1.7: asks at once for the rotation of every affected account, tells the head and SCS, keeps the checklist, notifies the CNSD when ticked, and closes with the head\'s report', async () => {
    const head = entity.head.email;
    const cm = entity.communityManager.email;
    const handle = await start();

    // The checklist opens only after the rotation was asked for and the head and SCS were told.
    const recover = await waitForStep(handle, 'recuperar-acceso');
    expect(rotations).toEqual([{ accountIds: ['acc-fb', 'acc-x'], reason: expect.stringContaining('PCM 6.1.1.7'), by: cm }]);
    const toHead = notices.find((x) => x.key.endsWith('/aviso'))!;
    expect(toHead.to.map((c) => c.email)).toEqual([head]);
    expect(toHead.cc).toEqual([cm]);
    expect(toHead.summary).toContainEqual(['Cuentas afectadas', 'Facebook @CulturaPeru; X @CulturaPeru']);
    expect(notices.find((x) => x.key.endsWith('/aviso-scs'))!.to.map((c) => c.email)).toEqual([SCS]);
    expect(recover.deciders).toEqual([cm, head]);
    for (const step of ['revisar-roles', 'notificar-cnsd']) expect((await waitForStep(handle, step)).deciders).toEqual([cm, head]);
    // Nothing goes to the CNSD before someone decides so.
    expect(notices.some((x) => x.to.some((c) => c.email === CNSD_DEFAULT_EMAIL))).toBe(false);

    // The checklist in any order, by either of them; a step is ticked once.
    await decide(handle, 'revisar-roles', 'confirm', head);
    await decide(handle, 'notificar-cnsd', 'confirm', cm);
    await eventually(async () => notices.find((x) => x.key.endsWith('/cnsd')), Boolean, 'the notice to the CNSD');
    const cnsd = notices.find((x) => x.key.endsWith('/cnsd'))!;
    expect(cnsd.to.map((c) => c.email)).toEqual([CNSD_DEFAULT_EMAIL]);
    expect(cnsd.cc).toEqual([head, cm]);
    expect(cnsd.paragraphs.join(' ')).toContain('Decreto de Urgencia N° 007-2020');
    await expect(decide(handle, 'revisar-roles', 'confirm', cm)).rejects.toThrow(/ya fue atendido/);
    await decide(handle, 'recuperar-acceso', 'confirm', cm);

    // Only the head closes it, and only with a report.
    const closing = await waitForStep(handle, INCIDENT_CLOSING_STEP);
    expect(closing.deciders).toEqual([head]);
    expect(closing.form).toBe('incidentClosing');
    await expect(decide(handle, INCIDENT_CLOSING_STEP, 'report', head, { payload: { report: 'corto' } })).rejects.toThrow(/informe de cierre/);
    const report = 'Se recuperó el acceso, se retiró un rol ajeno y se cambiaron las contraseñas de ambas cuentas.';
    await decide(handle, INCIDENT_CLOSING_STEP, 'report', head, { payload: { report } });
    const done: IncidentStatus = await closedResult(handle);

    expect(done.stage).toBe('cerrado');
    expect(done.closing).toMatchObject({ report, by: head });
    expect(done.checklist.map((c) => [c.item, c.by])).toEqual([['recuperar-acceso', cm], ['revisar-roles', head], ['notificar-cnsd', cm]]);
    // The timeline says who did what, in order.
    expect(done.timeline.map((e) => e.by)).toEqual([cm, 'Custodio', 'Custodio', head, cm, 'Custodio', cm, head]);
    expect(done.timeline.every((e) => !Number.isNaN(Date.parse(e.at)))).toBe(true);
    const closed = notices.find((x) => x.key.endsWith('/cierre'))!;
    expect(closed.to.map((c) => c.email)).toEqual([cm]);
    expect(closed.cc).toEqual([head, SCS]);
    expect(closed.paragraphs).toContain(report);
    // The row was written after each step, ending closed with the same story.
    expect(records.at(-1)).toMatchObject({ stage: 'cerrado', closing: { report, by: head } });
    expect(records.at(-1)!.timeline).toEqual(done.timeline);
    await saveHistory(handle, 'securityIncident-closed');
  });

  it('PCM 2: SCS does not hear of an incident of an entity it does not supervise; an impersonation with no account of ours asks for no rotation', async () => {
    supervised = false;
    entity = pcmEntity({ profile: 'CONGRESO' });
    const handle = await start([]);
    await waitForStep(handle, 'recuperar-acceso');
    expect(rotations).toEqual([]);
    expect(notices.map((x) => x.key.split('/')[1])).toEqual(['aviso']);
    const status = await handle.query(incidentStatusQuery);
    expect(status.stage).toBe('en-atencion');
    expect(status.waiting.map((w) => w.step).sort()).toEqual(['notificar-cnsd', 'recuperar-acceso', 'revisar-roles']);
    expect(status.rotationsRequested).toEqual([]);
    for (const step of ['recuperar-acceso', 'revisar-roles', 'notificar-cnsd']) await decide(handle, step, 'confirm', entity.head.email);
    await decide(handle, INCIDENT_CLOSING_STEP, 'report', entity.head.email, { payload: { report: 'La cuenta falsa fue denunciada y dada de baja por la plataforma.' } });
    const done: IncidentStatus = await closedResult(handle);
    expect(notices.find((x) => x.key.endsWith('/cierre'))!.cc).toEqual([entity.head.email]);
    expect(done.stage).toBe('cerrado');
  });

  it('reminds whoever has not ticked a checklist task, on the entity\'s plan in business days', async () => {
    const handle = await start();
    await waitForStep(handle, 'recuperar-acceso');
    // Two reminders at business days 2 and 4: two calendar weeks cover them across any holiday.
    await env.sleep('14 days');
    await eventually(async () => emails.filter((e) => e.step === 'recuperar-acceso' && e.kind === 'reminder'), (r) => r.length >= 2, 'two reminders');
    expect((await handle.query(incidentStatusQuery)).stage).toBe('en-atencion');
    for (const step of ['recuperar-acceso', 'revisar-roles', 'notificar-cnsd']) await decide(handle, step, 'confirm', entity.head.email);
    await decide(handle, INCIDENT_CLOSING_STEP, 'report', entity.head.email, { payload: { report: 'Atendido: acceso recuperado y roles revisados sin hallazgos.' } });
    await closedResult(handle);
  });
});
