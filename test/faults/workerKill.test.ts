/**
 * The worker dies three times (SIGKILL: no drain, activities cut off mid-flight) while rotations come
 * due, their custodians confirm them by link and account creations go through their five decisions
 * (issue 14 §2). The worker runs the production entry (`worker/main.ts`) in its own OS process; the
 * Temporal dev server keeps its state in a file; FerretDB, the SMTP capture and the API stay up.
 *
 * The three crashes: (1) as the SMTP capture receives an email, before it answers: the relay holds it
 * and the outbox never recorded it as sent, the one window exactly-once email cannot close; (2) right
 * after a process accepted a decision, while its follow-up activities run; (3) at an arbitrary moment.
 * Each time a few decision emails held back are answered while the worker is dead. Between a crash and
 * the restart, the dead worker's outbox claims are aged past the lease (`ageDeadClaims`: the ten minutes
 * it stands for are not waited); the activities cut off retry after their one-minute timeout.
 *
 * Sizes: FAULT_ROTATIONS (default 60) and FAULT_CREATIONS (default 3); `bench/faults.ts` runs it larger.
 */
import { createProcesses } from '../../processes';
import { eventually } from '../support/eventually';
import { arrivalTrigger } from '../support/faults/atArrival';
import { startCrowd, type Crowd } from '../support/faults/crowd';
import { expectEveryProcessDoneOnce } from '../support/faults/expectations';
import { ageDeadClaims, fromOutbox } from '../support/faults/ledger';
import { expectedEmails, registerAccounts, startRotationsDue, submitCreations, unfinished, type Workload } from '../support/faults/workload';
import { startTestStack, WORKER_MAIN, type TestStack } from '../support/stack';

jest.setTimeout(420_000);

const ROTATIONS = Number(process.env.FAULT_ROTATIONS ?? 60);
const CREATIONS = Number(process.env.FAULT_CREATIONS ?? 3);
/** How long the worker stays dead before it is started again. */
const DEAD_MS = 2_000;

const arrival = arrivalTrigger();
let stack: TestStack<'requester'>;
let crowd: Crowd | undefined;

beforeAll(async () => {
  stack = await startTestStack(
    { requester: 'dtorres@cultura.gob.pe' },
    { temporalFile: true, stack: { workerProcess: WORKER_MAIN, mailCapture: { onArrival: (m) => arrival.onArrival(m) } } },
  );
});
afterAll(async () => {
  await crowd?.stop();
  await stack?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('every process completes, each email goes out once (a re-send keeps its Message-ID and is counted), each decision counts once, through three SIGKILLs of the worker', async () => {
  const processes = createProcesses(stack.client, { taskQueue: stack.taskQueue });
  const rotations = await registerAccounts(stack.db, ROTATIONS, 'wk');
  const w: Workload = { rotations, creations: [] };
  crowd = startCrowd({ apiUrl: stack.apiUrl, mailbox: stack.mailbox });
  w.creations = await submitCreations(stack.as.requester, CREATIONS, 'K');
  await startRotationsDue(processes, rotations, Date.now() + 5_000, 25_000);
  const outboxMail = () => stack.mailbox.list().filter(fromOutbox).length;

  const midFlight: number[] = [];
  /** The worker is dead: answer the held emails now, age its claims, wait, start a new one. */
  const restartAfterCrash = async () => {
    crowd!.workerDown(true);
    crowd!.release();
    midFlight.push((await unfinished(stack.db, stack.client, w)).length);
    await ageDeadClaims(stack.db);
    await sleep(DEAD_MS);
    await stack.startWorker();
    crowd!.workerDown(false);
  };

  // 1. At the SMTP capture's receipt of an email, once a tenth of the mail has gone out.
  await eventually(async () => outboxMail(), (n) => n >= expectedEmails(w) / 10, 'a tenth of the emails to go out', 120_000, { intervalMs: 100 });
  crowd.holdNext(2);
  const killedAtAcceptance = await arrival.next(() => stack.killWorker());
  await restartAfterCrash();

  // 2. Right after a process accepted a decision.
  await sleep(4_000);
  crowd.holdNext(2);
  const recorded = () => crowd!.answered().filter((a) => a.outcome === 'recorded').length;
  const before = recorded();
  await eventually(async () => recorded(), (n) => n > before, 'a decision to be recorded', 120_000, { intervalMs: 25 });
  await stack.killWorker();
  await restartAfterCrash();

  // 3. Anywhere.
  crowd.holdNext(2);
  await sleep(5_000);
  await stack.killWorker();
  await restartAfterCrash();

  // Every crash struck with processes of the workload still under way.
  expect(midFlight.every((n) => n > 0)).toBe(true);
  const { ledger, answered } = await expectEveryProcessDoneOnce(stack, w, crowd, { timeoutMs: 300_000 });
  // The email cut at SMTP's acceptance went out again, with its Message-ID, and is the re-send counted.
  expect(ledger.resent.find((r) => r.messageId === killedAtAcceptance)).toEqual(expect.objectContaining({ copies: 2, takenOver: true }));
  // Decisions were posted while the worker was dead, and counted once.
  expect(answered.filter((a) => a.whileWorkerDown).length).toBeGreaterThan(0);
});
