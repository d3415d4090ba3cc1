/**
 * SCS's daily directory digest in simulated time (Java time-skipping server; issue 16 §5; PCM 6.3.5,
 * 7.3). The schedule activity runs the real day computation against a clock the test sets (the simulated
 * clock starts at the real now, so "started on Monday 4 January 2027" is a fake date that advances with
 * simulated time); the day's changes are a map the test fills; emails are recorded by their outbox key.
 */
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Activities, DirectoryDigestDay, NoticeInput } from '../../activities';
import { DIRECTORY_DIGEST_WORKFLOW_ID, directoryDigestStatusQuery, type SupervisorDigest } from '../../contracts/directoryDigest';
import { nextDigest } from '../../domain/directory';
import { createProcesses } from '../../processes';
import { directoryDigest } from '../../workflows/directoryDigest';
import { eventually } from '../support/eventually';
import { timeSkippingWorkerForFile } from '../support/timeSkippingFile';
import { saveHistory, terminateWhenIdle } from '../support/workflowDriver';


let env: TestWorkflowEnvironment;
const taskQueue = 'directory-digest-test';
const SCS = 'rrss_scs@pcm.gob.pe';
const OTHER = 'otra_scs@pcm.gob.pe';

/** Simulated time mapped to a chosen date. */
let clock: { fake: number; env: number };
/** The changes of each day, by the day's `YYYY-MM-DD`. */
let changes: Map<string, SupervisorDigest[]>;
let asked: string[];
let notices: NoticeInput[];
/** Every attempt's key, failed ones too. */
let attempts: string[];
/** Keys whose first attempt the relay leaves unanswered (the activity fails and is retried). */
let failOnce: Set<string>;

const fakeNow = async () => new Date(clock.fake + ((await env.currentTimeMs()) - clock.env));

const digest = (address: string, day: string, entity = 'mincul'): SupervisorDigest => ({
  address, day,
  entities: [{ id: entity, name: entity === 'mincul' ? 'Ministerio de Cultura' : 'Instituto Nacional Penitenciario', more: 0, changes: [
    { at: `${day}T14:15:00.000Z`, time: '09:15', action: 'account.status.changed', by: 'aquispe@cultura.gob.pe', account: { username: 'CulturaPeru', network: 'facebook' }, detail: 'active → paused: Cambio de estrategia' },
  ] }],
});

const activities: Partial<Activities> = {
  directoryDigestSchedule: async (i) => {
    const now = await fakeNow();
    const next = nextDigest(now, i.lastDay);
    return { now: now.toISOString(), day: next.day, at: next.at.toISOString() };
  },
  directoryChanges: async ({ day }): Promise<DirectoryDigestDay> => {
    asked.push(day);
    return { day, fromLabel: `víspera de ${day}, 18:00`, toLabel: `${day}, 18:00`, dayLabel: day, digests: changes.get(day) ?? [] };
  },
  sendNotice: async (i) => {
    attempts.push(i.key);
    if (failOnce.delete(i.key)) throw new Error('the relay did not answer');
    notices.push(i);
    return { undelivered: [] };
  },
};

timeSkippingWorkerForFile(taskQueue, activities, (started) => (env = started));
beforeEach(() => {
  changes = new Map();
  asked = [];
  notices = [];
  attempts = [];
  failOnce = new Set();
});

async function start(fakeStart: string, workflowId = `directorio-scs-${randomUUID().slice(0, 8)}`) {
  clock = { fake: Date.parse(fakeStart), env: await env.currentTimeMs() };
  return env.client.workflow.start(directoryDigest, { taskQueue, workflowId, args: [{}] });
}
const status = (h: WorkflowHandle) => h.query(directoryDigestStatusQuery);
const until = <T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> => eventually(read, ok, 'the expected state', 10_000, { intervalMs: 25, retryErrors: true });
/** Moves the fake clock (and simulated time) to just past an instant. */
async function sleepPast(iso: string) {
  const ms = Date.parse(iso) - (await fakeNow()).getTime();
  if (ms > 0) await env.sleep(ms + 60_000);
}

describe('the daily directory digest (PCM 6.3.5, 7.3: "actualizada continuamente")', () => {
  it('PCM 7.3: at 18:00 Lima each day with changes sends each SCS address one email; a day without sends none; each run holds one day', async () => {
    changes.set('2027-01-04', [digest(OTHER, '2027-01-04', 'senace'), digest(SCS, '2027-01-04')]);
    changes.set('2027-01-06', [digest(SCS, '2027-01-06', 'inpe')]);
    // Monday 4 January 2027, 10:00 Lima.
    const handle = await start('2027-01-04T15:00:00Z');
    const first = await until(() => status(handle), (s) => s.nextAt !== undefined);
    expect(first).toEqual({ cycle: 1, nextDay: '2027-01-04', nextAt: '2027-01-04T23:00:00.000Z' });
    expect(notices).toEqual([]);
    const runs = [(await handle.describe()).runId];

    await sleepPast(first.nextAt!);
    const second = await until(() => status(handle), (s) => s.cycle === 2 && s.nextAt !== undefined);
    expect(second).toEqual({ cycle: 2, lastDay: '2027-01-04', nextDay: '2027-01-05', nextAt: '2027-01-05T23:00:00.000Z' });
    runs.push((await handle.describe()).runId);
    expect(notices.map((n) => [n.key, n.to, n.addressee])).toEqual([
      [`${handle.workflowId}/2027-01-04/${OTHER}`, [{ name: 'Secretaría de Comunicación Social', email: OTHER }], 'Coordinación de Comunicación Digital de la Secretaría de Comunicación Social'],
      [`${handle.workflowId}/2027-01-04/${SCS}`, [{ name: 'Secretaría de Comunicación Social', email: SCS }], 'Coordinación de Comunicación Digital de la Secretaría de Comunicación Social'],
    ]);
    expect(notices[1]).toMatchObject({ subject: 'Directorio de cuentas: un cambio del 2027-01-04', linkLabel: 'Abrir el directorio de cuentas' });
    expect(notices[1]!.summary).toEqual([['Ministerio de Cultura, 09:15', 'CulturaPeru (Facebook): pasó de activa a pausada (motivo: Cambio de estrategia). Registró: aquispe@cultura.gob.pe.']]);

    // Tuesday 5 had no change: nothing is sent, and the scheduler goes on.
    await sleepPast(second.nextAt!);
    const third = await until(() => status(handle), (s) => s.cycle === 3 && s.nextAt !== undefined);
    expect(third).toMatchObject({ lastDay: '2027-01-05', nextDay: '2027-01-06' });
    expect(notices).toHaveLength(2);
    runs.push((await handle.describe()).runId);

    await sleepPast(third.nextAt!);
    await until(() => status(handle), (s) => s.cycle === 4);
    expect(notices.map((n) => n.key)).toEqual([`${handle.workflowId}/2027-01-04/${OTHER}`, `${handle.workflowId}/2027-01-04/${SCS}`, `${handle.workflowId}/2027-01-06/${SCS}`]);
    expect(asked).toEqual(['2027-01-04', '2027-01-05', '2027-01-06']);
    // Each finished run holds one day: a few dozen events, whatever the days behind it.
    for (const runId of runs) expect((await env.client.workflow.getHandle(handle.workflowId, runId).fetchHistory()).events!.length).toBeLessThan(50);
    await terminateWhenIdle(handle);
    await saveHistory(env.client.workflow.getHandle(handle.workflowId, runs[0]), 'directory-digest-day');
  });

  it('exactly once: a send that fails is retried under the same outbox key (the outbox sends a key once: test/activities/directoryDigest.test.ts), and the day is not sent again', async () => {
    changes.set('2027-01-04', [digest(SCS, '2027-01-04')]);
    const handle = await start('2027-01-04T22:00:00Z');
    failOnce.add(`${handle.workflowId}/2027-01-04/${SCS}`);
    await sleepPast('2027-01-04T23:00:00.000Z');
    await until(() => status(handle), (s) => s.cycle === 2);
    expect(failOnce.size).toBe(0);
    const key = `${handle.workflowId}/2027-01-04/${SCS}`;
    expect(attempts).toEqual([key, key]);
    expect(notices.map((n) => n.key)).toEqual([key]);
    await terminateWhenIdle(handle);
  });

  it('started late on a day (after 18:00) it sends that day at once, so the day it began is not lost', async () => {
    changes.set('2027-01-04', [digest(SCS, '2027-01-04')]);
    // 20:00 Lima.
    const handle = await start('2027-01-05T01:00:00Z');
    await until(async () => notices.length, (n) => n === 1);
    // Then it continues as new, waiting for Tuesday's 18:00 (read from its history, not a query of a run that is closing).
    await until(() => handle.describe(), (d) => d.runId !== handle.firstExecutionRunId);
    expect(asked).toEqual(['2027-01-04']);
    expect(notices.map((n) => n.key)).toEqual([`${handle.workflowId}/2027-01-04/${SCS}`]);
    await terminateWhenIdle(handle);
  });

  it('one per deployment: the worker\'s start-up starts `directorio-scs` once, however often it starts', async () => {
    clock = { fake: Date.parse('2027-01-04T15:00:00Z'), env: await env.currentTimeMs() };
    const processes = createProcesses(env.client, { taskQueue });
    await processes.startDirectoryDigest();
    await processes.startDirectoryDigest();
    const handle = env.client.workflow.getHandle(DIRECTORY_DIGEST_WORKFLOW_ID);
    const first = (await handle.describe()).runId;
    await until(() => status(handle), (s) => s.nextDay === '2027-01-04');
    await processes.startDirectoryDigest();
    expect((await handle.describe()).runId).toBe(first);
    await terminateWhenIdle(handle);
  });
});
