/**
 * Reads and writes of the open-step index (infra/models/openStep.ts), shared by the step activities,
 * the API's roster nudges, the metrics and housekeeping.
 */
import type { Connection } from 'mongoose';
import { insertOnce, trusted } from '../infra/db';
import { openStepKey, openStepModel, type OpenStepDoc } from '../infra/models/openStep';
import type { OpenStepsSource } from '../infra/metrics';
import type { ProcessName } from '../infra/metrics/openSteps';

const OPEN = { closedAt: trusted({ $exists: false }) };

export type OpenedStep = Omit<OpenStepDoc, '_id' | 'closedAt'>;

export function openSteps(db: Connection) {
  const rows = openStepModel(db);
  return {
    /**
     * A step emailed its deciders: the first time, its row; later (sent to someone else), who it waits
     * for now. Never reopens a closed step. Inserts first: on FerretDB v1 an insert costs nothing at
     * any size, while an update scans the collection.
     */
    async asked(step: OpenedStep): Promise<void> {
      if (!(await insertOnce(rows, { _id: openStepKey(step.workflowId, step.step), ...step }))) {
        await rows.updateOne({ _id: openStepKey(step.workflowId, step.step), ...OPEN }, { $set: { waitingFor: step.waitingFor } });
      }
    },

    /** The step was decided or withdrawn. */
    async closed(workflowId: string, step: string, at = new Date()): Promise<void> {
      await rows.updateOne({ _id: openStepKey(workflowId, step), ...OPEN }, { $set: { closedAt: at } });
    },

    /** The workflows of these kinds waiting for someone of the entity now. */
    async workflowsOf(entityId: string, processes: readonly string[]): Promise<string[]> {
      const open = await rows.find({ entityId, process: trusted({ $in: [...processes] }), ...OPEN }, { workflowId: 1 }).lean();
      return [...new Set(open.map((r) => r.workflowId))];
    },

    /** The open steps waiting for this person, oldest first (a person's home page). */
    async addressedTo(email: string, limit = 50): Promise<OpenedStep[]> {
      return rows.find({ ...OPEN, waitingFor: email.toLowerCase() }, { _id: 0, closedAt: 0 }).sort({ openedAt: 1 }).limit(limit).lean();
    },

    /** The entity's open steps, oldest first, by its index (the supervision board reads one entity at a time). */
    async openIn(entityId: string): Promise<OpenedStep[]> {
      return rows.find({ entityId, ...OPEN }, { _id: 0, closedAt: 0 }).sort({ openedAt: 1 }).lean();
    },

    /** Every open step, for metrics (a few thousand rows at most: one per step waiting now). */
    async all(): Promise<OpenedStep[]> {
      return rows.find(OPEN, { _id: 0, closedAt: 0 }).lean();
    },

    /** The open steps as `/metrics` counts them (by process, age and whether overdue) at each scrape. */
    metricsSource(): OpenStepsSource {
      return {
        openSteps: async () =>
          (await rows.find(OPEN, { process: 1, openedAt: 1, dueAt: 1 }).lean()).map((r) => ({ process: r.process as ProcessName, openedAt: r.openedAt, ...(r.dueAt ? { dueAt: r.dueAt } : {}) })),
      };
    },

    /** Removes rows closed before `before`; their keys no longer need guarding once no retry can come. */
    async purgeClosed(before: Date): Promise<number> {
      return (await rows.deleteMany({ closedAt: trusted({ $lt: before }) })).deletedCount;
    },
  };
}

export type OpenSteps = ReturnType<typeof openSteps>;
