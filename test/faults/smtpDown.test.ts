/**
 * The mail relay goes away while rotations come due (issue 14 §2): for a minute of real time on the
 * dev server, and for an hour on the time-skipping test server (activities retry, backing off up to
 * five minutes, through the whole outage). Afterwards every email arrives once and every process
 * completes. Meanwhile one custodian's mailbox refuses for good (550): that rotation keeps waiting and
 * its entity's head is told once (§1.2).
 *
 * Sizes: FAULT_SMTP_ROTATIONS per run (default 20).
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { auditModel } from '../../infra/models/audit';
import { createProcesses } from '../../processes';
import { reminderDigestId } from '../../contracts/reminderDigest';
import { eventually } from '../support/eventually';
import { startCrowd, type Crowd } from '../support/faults/crowd';
import { expectEveryProcessDoneOnce } from '../support/faults/expectations';
import { fromOutbox } from '../support/faults/ledger';
import { registerAccounts, startRotationsDue, type Rotating, type Workload } from '../support/faults/workload';
import { startTestStack, type TestStack } from '../support/stack';
import { createTimeSkippingEnv } from '../support/temporal';

jest.setTimeout(300_000);

const ROTATIONS = Number(process.env.FAULT_SMTP_ROTATIONS ?? 20);
const OUTAGE_MS = 60_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The workload, and one more rotation, of an entity of its own, whose custodian's mailbox refuses (550). */
async function rotationsWithOneRefused(stack: TestStack<never>, tag: string): Promise<{ w: Workload; refused: Rotating; head: string }> {
  const rotations = await registerAccounts(stack.db, ROTATIONS, tag);
  const [refused] = await registerAccounts(stack.db, 1, `${tag}x`);
  stack.mailbox.refuse(refused!.custodian);
  return { w: { rotations, creations: [] }, refused: refused!, head: refused!.custodian.replace(/^cm@/, 'head@') };
}

/** The refused rotation waits, unconfirmed, and its head got one report naming the address (§1.2). */
async function expectRefusalReported(stack: TestStack<never>, refused: Rotating, head: string): Promise<void> {
  const report = await stack.mailbox.waitFor((m) => m.to.includes(head) && m.subject.startsWith(`Correo no entregado: ${refused.custodian}`), 60_000);
  expect(report.text).toContain('sigue abierto');
  const status = await createProcesses(stack.client, { taskQueue: stack.taskQueue }).rotationStatus(refused.accountId);
  expect(status).toMatchObject({ state: 'pendiente', overdue: { waitingFor: [refused.custodian] } });
  expect(await auditModel(stack.db).countDocuments({ action: 'email.refused', workflowId: refused.workflowId, subject: refused.custodian })).toBe(1);
  expect(stack.mailbox.list().filter((m) => m.subject.startsWith(`Correo no entregado: ${refused.custodian}`))).toHaveLength(1);
}

describe('on the dev server, real time', () => {
  let stack: TestStack<never>;
  let crowd: Crowd;
  beforeAll(async () => {
    stack = await startTestStack({});
    crowd = startCrowd({ apiUrl: stack.apiUrl, mailbox: stack.mailbox });
  });
  afterAll(async () => {
    await crowd?.stop();
    await stack?.stop();
  });

  it('SMTP down for a minute as reminders go out: afterwards all arrive once and every rotation completes; a 550 is reported to the head (PCM 6.1.2.5 rotation, issue 14 §1.2)', async () => {
    const { w, refused, head } = await rotationsWithOneRefused(stack, 'sm');
    await startRotationsDue(createProcesses(stack.client, { taskQueue: stack.taskQueue }), [...w.rotations, refused], Date.now() + 3_000, 20_000);
    // Down once the first reminders are in: the rest come due during the outage.
    await eventually(async () => stack.mailbox.list().filter(fromOutbox).length, (n) => n >= 3, 'the first reminders', 60_000, { intervalMs: 100 });
    await stack.mailbox.pause();
    const arrivedBefore = stack.mailbox.list().length;
    await sleep(OUTAGE_MS);
    expect(stack.mailbox.list().length).toBe(arrivedBefore);
    await stack.mailbox.resume();

    await expectEveryProcessDoneOnce(stack, w, crowd);
    await expectRefusalReported(stack, refused, head);
  });
});

describe('on the time-skipping server, an hour', () => {
  let env: TestWorkflowEnvironment;
  let stack: TestStack<never>;
  let crowd: Crowd;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    stack = await startTestStack({}, { stack: { temporalAddress: env.address } });
    crowd = startCrowd({ apiUrl: stack.apiUrl, mailbox: stack.mailbox });
  });
  afterAll(async () => {
    // The worker stops first, so the server goes away with no task in flight (test/e2e/rotation.e2e).
    await crowd?.stop();
    await stack?.stop();
    await env?.teardown();
  });

  it('SMTP down for an hour as every reminder comes due: the retries outlast it, then each arrives once and every rotation completes', async () => {
    const { w, refused, head } = await rotationsWithOneRefused(stack, 'sh');
    await stack.mailbox.pause();
    const processes = createProcesses(stack.client, { taskQueue: stack.taskQueue });
    await startRotationsDue(processes, [...w.rotations, refused], Date.now() + 60_000, 60_000);
    // The test server's clock jumps over the outage; every reminder comes due and fails within it.
    await env.sleep('1 hour');
    expect(stack.mailbox.list()).toEqual([]);
    // Each reminder goes through its custodian's digest for its due instant (issue 18 §1), which sends it.
    const trying = await Promise.all(
      w.rotations.map(async (r) => {
        const status = await processes.rotationStatus(r.accountId);
        // Held in its digest (issue 18 §1), the request's instant is its due date; the API reads it as pending by
        // the wall clock, which the test server's skipped hour did not move.
        const since = status && 'nextDueAt' in status ? (status.overdue?.since ?? status.nextDueAt) : undefined;
        if (!since) return 0;
        return (await stack.client.workflow.getHandle(reminderDigestId(r.custodian, since)).describe()).raw.pendingActivities?.[0]?.attempt ?? 0;
      }),
    );
    // Each reminder is still being tried, after several attempts, by a process that has not given up.
    expect(Math.min(...trying)).toBeGreaterThan(3);
    await stack.mailbox.resume();
    // The next retry is at most five minutes away in the process's time.
    await env.sleep('6 minutes');

    await expectEveryProcessDoneOnce(stack, w, crowd);
    await expectRefusalReported(stack, refused, head);
  });
});
