/**
 * The worker-kill scenario (issue 14 §2), shared by the fault test (`test/faults/workerKill.test.ts`,
 * which asserts on it) and the bench (`bench/faults.ts`, which runs it larger and writes its figures).
 *
 * Rotations come due in real time while account creations go through their five decisions, a crowd
 * answers every decision email by link, and the worker (the production entry, in an OS process of its
 * own) is SIGKILLed three times: (1) as the SMTP capture receives an email, before it answers: the relay
 * holds it and the outbox never recorded it as sent, the one window exactly-once email cannot close;
 * (2) right after a process accepted a decision, while its follow-up activities run; (3) at an
 * arbitrary moment. Each time a few decision emails held back are answered while the worker is dead.
 * Between a crash and the restart the dead worker's outbox claims are aged past the lease
 * (`ageDeadClaims`: the ten minutes it stands for are not waited); the activities cut off retry after
 * their one-minute timeout.
 */
import { createProcesses } from '../../../processes';
import type { Browser } from '../browser';
import { eventually } from '../eventually';
import type { ArrivalTrigger } from './atArrival';
import { startCrowd, type Crowd } from './crowd';
import { ageDeadClaims, fromOutbox } from './ledger';
import { expectedEmails, registerAccounts, startRotationsDue, submitCreations, unfinished, type Workload } from './workload';
import type { Survivor } from './expectations';

export interface KillStack extends Survivor {
  apiUrl: string;
  killWorker(): Promise<void>;
  startWorker(): Promise<void>;
}

export interface KillRun {
  w: Workload;
  crowd: Crowd;
  /** Processes of the workload still under way at each crash. */
  midFlight: number[];
  /** The Message-ID of the email the first crash cut at SMTP's acceptance. */
  killedAtAcceptance: string;
  /** Instants (epoch ms) of the start, of each crash, and of the last restart. */
  times: { start: number; kills: number[]; lastRestart: number };
}

export interface KillOptions {
  rotations: number;
  creations: number;
  /** Spread of the rotations' due instants, from five seconds ahead. */
  spreadMs?: number;
  /** How long the worker stays dead before it is started again. */
  deadMs?: number;
  /** The requesting unit of the account creations, signed in. */
  requester: Browser;
  arrival: ArrivalTrigger;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runWorkerKills(stack: KillStack, opts: KillOptions): Promise<KillRun> {
  const { deadMs = 2_000 } = opts;
  const start = Date.now();
  const processes = createProcesses(stack.client, { taskQueue: stack.taskQueue });
  const rotations = await registerAccounts(stack.db, opts.rotations, 'wk');
  const w: Workload = { rotations, creations: [] };
  const crowd = startCrowd({ apiUrl: stack.apiUrl, mailbox: stack.mailbox });
  w.creations = await submitCreations(opts.requester, opts.creations, 'K');
  await startRotationsDue(processes, rotations, Date.now() + 5_000, opts.spreadMs ?? Math.max(25_000, opts.rotations * 150));
  const outboxMail = () => stack.mailbox.list().filter(fromOutbox).length;

  const midFlight: number[] = [];
  const kills: number[] = [];
  const kill = async () => {
    kills.push(Date.now());
    await stack.killWorker();
  };
  /** The worker is dead: answer the held emails now, age its claims, wait, start a new one. */
  const restartAfterCrash = async () => {
    crowd.workerDown(true);
    crowd.release();
    midFlight.push((await unfinished(stack.db, stack.client, w)).length);
    await ageDeadClaims(stack.db);
    await sleep(deadMs);
    await stack.startWorker();
    crowd.workerDown(false);
  };

  // 1. At the SMTP capture's receipt of an email, once a tenth of the mail has gone out.
  await eventually(async () => outboxMail(), (n) => n >= expectedEmails(w) / 10, 'a tenth of the emails to go out', 300_000, { intervalMs: 100 });
  crowd.holdNext(2);
  const killedAtAcceptance = await opts.arrival.next(kill);
  await restartAfterCrash();

  // 2. Right after a process accepted a decision.
  await sleep(4_000);
  crowd.holdNext(2);
  const recorded = () => crowd.answered().filter((a) => a.outcome === 'recorded').length;
  const before = recorded();
  await eventually(async () => recorded(), (n) => n > before, 'a decision to be recorded', 300_000, { intervalMs: 25 });
  await kill();
  await restartAfterCrash();

  // 3. Anywhere.
  crowd.holdNext(2);
  await sleep(5_000);
  await kill();
  await restartAfterCrash();

  return { w, crowd, midFlight, killedAtAcceptance, times: { start, kills, lastRestart: Date.now() } };
}
