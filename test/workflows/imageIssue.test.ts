/**
 * A matter that can affect the institution's image in simulated time (Java time-skipping server):
 * reported → the head acknowledges (and may raise it) → the superior acknowledges; reminders by the
 * entity's plan. The registry is what the fake activities answer; the calendar activities are real.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Activities, DecisionEmailInput, ImageIssueContext, NoticeInput, RecordImageIssueInput } from '../../activities';
import { createCalendarActivities } from '../../activities/calendar';
import { imageIssueStatusQuery, imageIssueWorkflowId, type ImageIssueStatus } from '../../contracts/imageIssue';
import type { EntityPolicy } from '../../domain/entity';
import { IMAGE_ISSUE_HEAD_STEP, IMAGE_ISSUE_SUPERIOR_STEP } from '../../domain/imageIssue';
import { imageIssue } from '../../workflows/imageIssue';
import { eventually } from '../support/eventually';
import { pcmEntity } from '../support/fixtures';
import { timeSkippingWorkerForFile } from '../support/timeSkippingFile';
import { closedResult, decide, saveHistory, waitForStep } from '../support/workflowDriver';


let env: TestWorkflowEnvironment;
const taskQueue = 'image-issue-test';
const SUPERIOR = { name: 'Secretaría General', email: 'secretaria.general@cultura.gob.pe' };

let entity: EntityPolicy;
let emails: DecisionEmailInput[];
let notices: NoticeInput[];
let records: RecordImageIssueInput[];

const calendar = createCalendarActivities();
const context = (): ImageIssueContext => ({
  exists: true,
  entity,
  words: {
    subject: 'Críticas por el cierre del museo',
    description: 'Usuarios comparten que el museo cerró sin aviso; el tema crece en X desde la mañana.',
    links: ['https://x.com/usuario/status/1'],
    accounts: ['X @CulturaPeru'],
    reportedAt: 'lunes 7 de diciembre de 2026, 09:30',
  },
});

const activities: Partial<Activities> = {
  imageIssueContext: async () => context(),
  recordImageIssue: async (i) => void records.push(structuredClone(i)),
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
  emails = [];
  notices = [];
  records = [];
});

let n = 0;
const start = () => {
  const issueId = (++n).toString(16).padStart(24, '0');
  return env.client.workflow.start(imageIssue, {
    taskQueue,
    workflowId: imageIssueWorkflowId('mincul', issueId),
    args: [{ issueId, entityId: 'mincul', reportedBy: entity.communityManager.email, reportedAt: '2026-12-07T14:30:00.000Z' }],
  });
};

describe('matters that can affect the institution\'s image (PCM 6.2.2.14)', () => {
  it('PCM 6.2.2.14: the CM informs the head, who acknowledges and raises it to a superior; the superior acknowledges; everyone concerned hears of each', async () => {
    const head = entity.head.email;
    const cm = entity.communityManager.email;
    const handle = await start();

    const step = await waitForStep(handle, IMAGE_ISSUE_HEAD_STEP);
    expect(step.deciders).toEqual([head]);
    expect(step.form).toBe('imageIssueAck');
    expect((await eventually(async () => emails.find((e) => e.step === IMAGE_ISSUE_HEAD_STEP), Boolean, 'the email to the head', 20_000))!.cc).toEqual([cm]);
    // Half a superior is refused with the reason; the step stays open.
    await expect(decide(handle, IMAGE_ISSUE_HEAD_STEP, 'acknowledge', head, { payload: { superiorName: SUPERIOR.name } })).rejects.toThrow(/nombre y el correo/);
    await decide(handle, IMAGE_ISSUE_HEAD_STEP, 'acknowledge', head, { payload: { superiorName: SUPERIOR.name, superiorEmail: SUPERIOR.email, note: 'Preparen una nota aclaratoria.' } });

    const raised = await waitForStep(handle, IMAGE_ISSUE_SUPERIOR_STEP);
    expect(raised.deciders).toEqual([SUPERIOR.email]);
    // A step opens before its email goes: under load the email activity runs a moment later.
    const toSuperior = (await eventually(async () => emails.find((e) => e.step === IMAGE_ISSUE_SUPERIOR_STEP), Boolean, 'the email to the superior', 20_000))!;
    expect(toSuperior.cc).toEqual([head]);
    expect(toSuperior.summary).toContainEqual(['Nota del/la titular', 'Preparen una nota aclaratoria.']);
    const told = notices.find((x) => x.key.endsWith('/conocimiento'))!;
    expect(told.to.map((c) => c.email)).toEqual([cm]);
    expect(told.paragraphs.join(' ')).toContain(`Lo elevó a ${SUPERIOR.name}`);
    expect((await handle.query(imageIssueStatusQuery)).stage).toBe('elevado');

    await decide(handle, IMAGE_ISSUE_SUPERIOR_STEP, 'acknowledge', SUPERIOR.email);
    const done: ImageIssueStatus = await closedResult(handle);
    expect(done.stage).toBe('atendido');
    expect(done.acknowledged).toMatchObject({ by: head, superior: SUPERIOR, note: 'Preparen una nota aclaratoria.' });
    expect(done.superiorAcknowledged).toMatchObject({ by: SUPERIOR.email });
    expect(done.timeline.map((e) => e.by)).toEqual([cm, head, SUPERIOR.email]);
    const last = notices.find((x) => x.key.endsWith('/conocimiento-superior'))!;
    expect(last.to.map((c) => c.email)).toEqual([head]);
    expect(last.cc).toEqual([cm]);
    expect(records.at(-1)).toMatchObject({ stage: 'atendido', superiorAcknowledged: { by: SUPERIOR.email } });
    await saveHistory(handle, 'image-issue-raised-acknowledged');
  });

  it('PCM 6.2.2.14: acknowledged without raising it, the matter stays in the office and ends there', async () => {
    const handle = await start();
    await waitForStep(handle, IMAGE_ISSUE_HEAD_STEP);
    await decide(handle, IMAGE_ISSUE_HEAD_STEP, 'acknowledge', entity.head.email, { payload: {} });
    const done: ImageIssueStatus = await closedResult(handle);
    expect(done.stage).toBe('atendido');
    expect(done.acknowledged?.superior).toBeUndefined();
    expect(notices.find((x) => x.key.endsWith('/conocimiento'))!.paragraphs.join(' ')).toContain('queda en la Oficina de Comunicaciones');
    // This matter's emails only: a previous test's may still be arriving.
    expect(emails.some((e) => e.workflowId === handle.workflowId && e.step === IMAGE_ISSUE_SUPERIOR_STEP)).toBe(false);
  });

  it('PCM 6.2.2.14: the head is reminded on the entity\'s plan, in business days, until acknowledging', async () => {
    const handle = await start();
    await waitForStep(handle, IMAGE_ISSUE_HEAD_STEP);
    await env.sleep('14 days');
    await eventually(async () => emails.filter((e) => e.step === IMAGE_ISSUE_HEAD_STEP && e.kind === 'reminder'), (r) => r.length >= 2, 'two reminders');
    expect((await handle.query(imageIssueStatusQuery)).stage).toBe('con-titular');
    await decide(handle, IMAGE_ISSUE_HEAD_STEP, 'acknowledge', entity.head.email);
    await closedResult(handle);
  });
});
