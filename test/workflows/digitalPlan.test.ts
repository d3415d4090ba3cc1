/**
 * The approval of the Plan de Comunicación Digital (issue 19 §3; PCM 6.2.2.1, Anexo 2) in simulated time
 * (Java time-skipping server): the registry is what the fake activities answer.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Activities, DecideDigitalPlanInput, DigitalPlanContext, NoticeInput } from '../../activities';
import { createCalendarActivities } from '../../activities/calendar';
import { DIGITAL_PLAN_STEP, digitalPlanStatusQuery, digitalPlanWorkflowId, type DigitalPlanStatus } from '../../contracts/digitalPlan';
import type { EntityPolicy } from '../../domain/entity';
import type { DigitalPlanDocData } from '../../infra/documents/digitalPlan';
import { digitalPlan } from '../../workflows/digitalPlan';
import { eventually } from '../support/eventually';
import { pcmEntity } from '../support/fixtures';
import { timeSkippingWorkerForFile } from '../support/timeSkippingFile';
import { decide, saveHistory, waitForStep } from '../support/workflowDriver';

let env: TestWorkflowEnvironment;
const taskQueue = 'digital-plan-test';

const HEAD = { name: 'Ana Quispe', email: 'aquispe@cultura.gob.pe' };
const CM = { name: 'Carla Rojas', email: 'crojas@cultura.gob.pe' };

let entity: EntityPolicy;
let submitter = CM;
let decided: DecideDigitalPlanInput[];
let notices: NoticeInput[];
let numbered: string[];
const DOC = { code: 'PLAN DE COMUNICACIÓN DIGITAL N° 001-2027-OC/MINCUL' } as DigitalPlanDocData;

const calendar = createCalendarActivities();
const activities: Partial<Activities> = {
  digitalPlanContext: async (): Promise<DigitalPlanContext> => ({ exists: true, entity, submitter, submittedAt: '2026-12-07T15:00:00.000Z' }),
  decideDigitalPlan: async (i) => void decided.push(i),
  digitalPlanDocument: async () => DOC,
  documentNumber: async (i) => (numbered.push(i.key), { series: i.series, n: 1, year: 2027, code: DOC.code }),
  currentEntity: async () => entity,
  sendDecisionEmail: async () => ({ undelivered: [] }),
  sendNotice: async (i) => (notices.push(i), { undelivered: [] }),
  recordDecision: async () => undefined,
  stepWithdrawn: async () => undefined,
  businessInstants: calendar.businessInstants,
};

timeSkippingWorkerForFile(taskQueue, activities, (started) => (env = started));
beforeEach(() => {
  entity = pcmEntity();
  submitter = CM;
  decided = [];
  notices = [];
  numbered = [];
});

const start = (round: number) => env.client.workflow.start(digitalPlan, { taskQueue, workflowId: digitalPlanWorkflowId('mincul', 2027, round), args: [{ entityId: 'mincul', year: 2027, round }] });

async function finished(handle: WorkflowHandle): Promise<DigitalPlanStatus> {
  const { status: run } = await eventually(() => handle.describe(), (d) => d.status.name !== 'RUNNING', 'the end of the run', 10_000, { intervalMs: 25 });
  if (run.name !== 'COMPLETED') throw new Error(`run ended ${run.name}`);
  return handle.query(digitalPlanStatusQuery);
}

describe('Plan de Comunicación Digital (PCM 6.2.2.1, Anexo 2)', () => {
  it('PCM 6.2.2.1: the head observes round 1 (back to draft, the CM told why); approves round 2: numbered once, the PDF to the head and the CM', async () => {
    const first = await start(1);
    const step = await waitForStep(first, DIGITAL_PLAN_STEP);
    expect(step).toMatchObject({ deciders: [HEAD.email], actions: ['approve', 'observe'] });
    await expect(decide(first, DIGITAL_PLAN_STEP, 'approve', CM.email)).rejects.toThrow('no está dirigido a usted');
    await decide(first, DIGITAL_PLAN_STEP, 'observe', HEAD.email, { reason: 'Falta el público joven en el apartado 3' });
    expect(await finished(first)).toMatchObject({ stage: 'observado', decidedBy: HEAD.email });
    expect(decided).toEqual([expect.objectContaining({ round: 1, action: 'observe', reason: 'Falta el público joven en el apartado 3' })]);
    expect(notices).toEqual([expect.objectContaining({ to: [CM], cc: [HEAD.email] })]);
    expect(numbered).toEqual([]);

    const second = await start(2);
    const again = await waitForStep(second, DIGITAL_PLAN_STEP);
    expect(again.title).toContain('(versión 2)');
    await decide(second, DIGITAL_PLAN_STEP, 'approve', HEAD.email);
    expect(await finished(second)).toMatchObject({ stage: 'aprobado', recordCode: DOC.code });
    expect(numbered).toEqual(['plan:mincul:2027']);
    expect(decided.at(-1)).toMatchObject({ round: 2, action: 'approve', recordCode: DOC.code });
    expect(notices.at(-1)).toMatchObject({ to: [HEAD], cc: [CM.email], attachments: [{ kind: 'digitalPlan', data: DOC }] });
    await saveHistory(second, 'digital-plan-approved');
  });

  it('PCM 6.2.2.1: a plan the head sends is approved by the sending: numbered at once, no step', async () => {
    submitter = HEAD;
    const handle = await start(1);
    expect(await finished(handle)).toMatchObject({ stage: 'aprobado', decidedBy: HEAD.email });
    expect(decided).toEqual([expect.objectContaining({ action: 'approve', by: HEAD.email, at: '2026-12-07T15:00:00.000Z' })]);
    expect(notices).toEqual([expect.objectContaining({ to: [HEAD], cc: [CM.email] })]);
  });
});
