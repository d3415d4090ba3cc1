/**
 * «Consulta ciudadana» (issue 19 §4; PCM 6.2.2.12, SENACE 8.4) in simulated time (Java time-skipping
 * server): the registry is what the fake activities answer; the calendar activities are the real ones.
 */
import { randomBytes } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Activities, CitizenQuestionContext, DecisionEmailInput } from '../../activities';
import { createCalendarActivities } from '../../activities/calendar';
import { CITIZEN_QUESTION_STEPS, citizenQuestionStatusQuery, citizenQuestionWorkflowId, type CitizenQuestionStatus } from '../../contracts/citizenQuestion';
import type { EntityPolicy } from '../../domain/entity';
import { citizenQuestion } from '../../workflows/citizenQuestion';
import { eventually } from '../support/eventually';
import { pcmEntity } from '../support/fixtures';
import { timeSkippingWorkerForFile } from '../support/timeSkippingFile';
import { decide, saveHistory, waitForStep } from '../support/workflowDriver';

let env: TestWorkflowEnvironment;
const taskQueue = 'citizen-question-test';

const HEAD = { name: 'Ana Quispe', email: 'aquispe@cultura.gob.pe' };
const CM = { name: 'Carla Rojas', email: 'crojas@cultura.gob.pe' };
const AREA = { name: 'Diego Torres', email: 'dtorres@cultura.gob.pe' };

let entity: EntityPolicy;
let countsFrom = '';
let emails: DecisionEmailInput[];
let answers: Array<{ answer: string; by: string }>;
let replies: string[];

const context = (): CitizenQuestionContext => ({
  exists: true, entity, area: AREA, areaName: 'Dirección de Patrimonio', network: 'Facebook', kind: 'Consulta o pedido de orientación',
  question: '¿Qué horario tiene el museo los feriados?', link: 'https://www.facebook.com/CulturaPeru/posts/1?comment_id=2',
  receivedAt: countsFrom, countsFrom, dueAt: '', dueBusinessDays: 3,
  labels: { receivedAt: 'recibida', countsFrom: 'desde', dueAt: 'vence' },
});

const calendar = createCalendarActivities();
const activities: Partial<Activities> = {
  citizenQuestionContext: async () => context(),
  recordQuestionAnswer: async (i) => void answers.push({ answer: i.answer, by: i.by }),
  recordQuestionReply: async (i) => void replies.push(i.by),
  currentEntity: async () => entity,
  sendDecisionEmail: async (i) => (emails.push(i), { undelivered: [] }),
  sendNotice: async () => ({ undelivered: [] }),
  recordDecision: async () => undefined,
  stepWithdrawn: async () => undefined,
  businessInstants: calendar.businessInstants,
};

timeSkippingWorkerForFile(taskQueue, activities, (started) => (env = started));
beforeEach(async () => {
  entity = pcmEntity();
  emails = [];
  answers = [];
  replies = [];
  countsFrom = new Date(await env.currentTimeMs()).toISOString();
});

async function start() {
  const questionId = randomBytes(12).toString('hex');
  const handle = await env.client.workflow.start(citizenQuestion, { taskQueue, workflowId: citizenQuestionWorkflowId('mincul', questionId), args: [{ questionId }] });
  return { questionId, handle };
}

async function finished(handle: WorkflowHandle): Promise<CitizenQuestionStatus> {
  const { status: run } = await eventually(() => handle.describe(), (d) => d.status.name !== 'RUNNING', 'the end of the run', 10_000, { intervalMs: 25 });
  if (run.name !== 'COMPLETED') throw new Error(`run ended ${run.name}`);
  return handle.query(citizenQuestionStatusQuery);
}

describe('consulta ciudadana (PCM 6.2.2.12)', () => {
  it('PCM 6.2.2.12: the area answers on its link page, the answer goes back to the CM, who confirms the reply on the network', async () => {
    const { handle } = await start();
    const ask = await waitForStep(handle, CITIZEN_QUESTION_STEPS.answer);
    expect(ask).toMatchObject({ deciders: [AREA.email], actions: ['answer'], form: 'questionAnswer' });
    const [mail] = emails;
    expect(mail!.intro).toContain('PCM 6.2.2.12');
    expect(mail!.summary).toContainEqual(['Consulta', '¿Qué horario tiene el museo los feriados?']);
    await expect(decide(handle, 'atencion', 'answer', AREA.email, { payload: { answer: 'corto' } })).rejects.toThrow('al menos 10 caracteres');
    await expect(decide(handle, 'atencion', 'answer', CM.email, { payload: { answer: 'El museo abre los feriados de 9:00 a 13:00.' } })).rejects.toThrow('no está dirigido a usted');
    await decide(handle, 'atencion', 'answer', AREA.email, { payload: { answer: 'El museo abre los feriados de 9:00 a 13:00.' } });

    const reply = await waitForStep(handle, CITIZEN_QUESTION_STEPS.reply);
    expect(reply).toMatchObject({ deciders: [CM.email], actions: ['confirm'] });
    expect(emails.find((e) => e.step === 'respuesta')!.summary).toContainEqual(['Respuesta del área', 'El museo abre los feriados de 9:00 a 13:00.']);
    expect(answers).toEqual([{ answer: 'El museo abre los feriados de 9:00 a 13:00.', by: AREA.email }]);
    await decide(handle, 'respuesta', 'confirm', CM.email);
    expect(await finished(handle)).toMatchObject({ stage: 'respondida', answeredBy: AREA.email, repliedBy: CM.email, waitingFor: [] });
    expect(replies).toEqual([CM.email]);
    await saveHistory(handle, 'citizen-question-answered');
  });

  it('PCM 6.2.2.12, SENACE 8.4: reminders count from when the deadline starts to run: the area is reminded the business day before and the head is asked on the due day', async () => {
    // The deadline started to run two business days after the step opens (attention hours opened later).
    const now = new Date(await env.currentTimeMs()).toISOString();
    [countsFrom] = await calendar.businessInstants({ from: now, offsets: [2], nonWorkingDays: [] }) as [string];
    const { handle } = await start();
    await waitForStep(handle, 'atencion');
    const [remind, due] = await calendar.businessInstants({ from: countsFrom, offsets: [2, 3], nonWorkingDays: [] });
    // Just before the reminder, only the request went out.
    await env.sleep(Date.parse(remind!) - 60_000 - (await env.currentTimeMs()));
    expect(emails.filter((e) => e.step === 'atencion').map((e) => e.kind)).toEqual(['request']);
    await env.sleep(Date.parse(due!) + 60_000 - (await env.currentTimeMs()));
    const late = await eventually(() => handle.query(citizenQuestionStatusQuery), (s) => s.waitingFor.includes(HEAD.email), 'the escalation', 10_000, { intervalMs: 25 });
    expect(late.waitingFor).toEqual([AREA.email, HEAD.email]);
    expect(emails.filter((e) => e.step === 'atencion').map((e) => e.kind)).toEqual(['request', 'reminder', 'escalation']);
    // The head may answer in the area's place.
    await decide(handle, 'atencion', 'answer', HEAD.email, { payload: { answer: 'Respuesta coordinada con la Dirección de Patrimonio.' } });
    await waitForStep(handle, 'respuesta');
    expect(answers.at(-1)!.by).toBe(HEAD.email);
  });
});
