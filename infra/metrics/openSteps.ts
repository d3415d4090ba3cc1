/**
 * Open decision steps by process and age, and overdue ones, read from a pluggable source at each scrape.
 * The source is the registry's index of open steps (built elsewhere); until it is plugged in
 * (`metrics.useOpenSteps`, in api/app.ts) the gauges have no series.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { WorkflowSubject } from '../../contracts/workflowSubject';

export type ProcessName = WorkflowSubject['process'];

/** One open step: which process it belongs to, when it was opened and, if it has one, its deadline. */
export interface OpenStep {
  process: ProcessName;
  openedAt: Date;
  dueAt?: Date;
}

/** Where the open steps come from. Called on every scrape, so it must be cheap (an index, not a scan of history). */
export interface OpenStepsSource {
  openSteps(now: Date): Promise<OpenStep[]>;
}

export const NO_OPEN_STEPS: OpenStepsSource = { openSteps: async () => [] };

/** Every process name, so a label never takes a value the code does not know (e.g. a workflow id by mistake). */
const PROCESSES: Record<ProcessName, true> = {
  accountCreation: true, credentialRotation: true, agencyGrant: true, roleReview: true, roleReviewScheduler: true,
  handover: true, campaign: true, contentPublication: true, quarterlyReport: true, monthlyEvaluation: true, reportingScheduler: true,
  directoryDigest: true, nameChange: true, accountClosure: true, citizenQuestion: true, digitalPlan: true, securityIncident: true, imageIssue: true, moderationNotice: true,
};
export const processLabel = (name: string): ProcessName | 'other' => (Object.hasOwn(PROCESSES, name) ? (name as ProcessName) : 'other');

const DAY_MS = 86_400_000;
/** Age buckets in days, upper bound exclusive; the last is open-ended. */
const AGES: Array<[number, string]> = [[1, '0-1d'], [3, '1-3d'], [7, '3-7d'], [14, '7-14d'], [30, '14-30d'], [Infinity, '30d+']];
export const ageLabel = (ms: number): string => AGES.find(([days]) => ms < days * DAY_MS)![1];

export function openStepGauges(registry: Registry, clock: () => Date = () => new Date()) {
  let source = NO_OPEN_STEPS;
  // The metrics of a scrape are collected concurrently: these three share one read of the source.
  let reading: Promise<{ now: Date; steps: OpenStep[] } | undefined> | undefined;
  const errors = new Counter({
    name: 'custodio_open_steps_source_errors_total', help: 'Scrapes whose open-steps source failed (their open-step gauges are left empty).', registers: [registry],
    collect: async () => void (await read()),
  });
  const read = () => {
    const now = clock();
    reading ??= source.openSteps(now)
      .then((steps) => ({ now, steps }))
      .catch(() => void errors.inc())
      .finally(() => (reading = undefined));
    return reading;
  };
  const fill = async (gauge: Gauge<string>, labelsOf: (step: OpenStep, now: Date) => Record<string, string> | undefined) => {
    const snapshot = await read();
    gauge.reset();
    for (const step of snapshot?.steps ?? []) {
      const labels = labelsOf(step, snapshot!.now);
      if (labels) gauge.inc(labels);
    }
  };
  new Gauge({
    name: 'custodio_open_steps', help: 'Decision steps open now, by process and time since opened.', labelNames: ['process', 'age'], registers: [registry],
    collect() {
      return fill(this, (s, now) => ({ process: processLabel(s.process), age: ageLabel(now.getTime() - s.openedAt.getTime()) }));
    },
  });
  new Gauge({
    name: 'custodio_overdue_steps', help: 'Open decision steps past their deadline, by process.', labelNames: ['process'], registers: [registry],
    collect() {
      return fill(this, (s, now) => (s.dueAt && s.dueAt <= now ? { process: processLabel(s.process) } : undefined));
    },
  });
  return {
    /** Reads open steps from `next` from the next scrape on. */
    use(next: OpenStepsSource) {
      source = next;
    },
  };
}
