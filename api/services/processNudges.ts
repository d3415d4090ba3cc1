import type { Connection } from 'mongoose';
import { trusted } from '../../infra/db';
import { accountModel, LIVE_STATUSES } from '../../infra/models/account';
import { type Processes, ProcessesUnavailable } from '../../contracts/processes';
import { refreshEntityGrants } from '../../registry/agencyGrants';
import { agencyGrantModel } from '../../infra/models/agencyGrant';
import { openSteps } from '../../registry/openSteps';
import { ROSTER_FOLLOWING_PROCESSES } from '../../contracts/decision';

export interface ProcessNudgeDeps {
  db: Connection;
  processes: Processes;
}

/** Which of an entity's long-lived processes read what changed. */
export interface EntityChange {
  /** Profile, reminder plan, decreed days or the roster: custodian, head, those concerned. */
  rotations?: boolean;
  /** The roster or decreed days: who confirms a removal, and when. */
  grants?: boolean;
  /** Decreed days: the first business day of the month may move. */
  reviewSchedulers?: boolean;
  /** The roster, supervisor or plan: processes waiting for someone of the entity hand their steps over (issue 14 §1.4). */
  askers?: boolean;
}

/**
 * After a registry change, tells the entity's running processes to read the registry again (issue #4:
 * a policy change, a new custodian or a pause applies without a restart). The registry change stands
 * even when Temporal is down: each process reads the registry again before it asks anyone anything,
 * so a lost nudge only delays the news until then.
 */
export function processNudges(deps: ProcessNudgeDeps) {
  const accounts = accountModel(deps.db);

  return {
    /** A new entity gets its monthly review scheduler (PCM 6.1.2.11). */
    async entityCreated(entityId: string): Promise<void> {
      await deps.processes.startReviewSchedulers([entityId]).catch(unlessUnavailable);
      await deps.processes.startReportingSchedulers([entityId]).catch(unlessUnavailable);
    },

    async entityChanged(entityId: string, what: EntityChange): Promise<void> {
      try {
        if (what.rotations) {
          const live = await accounts.find({ entityId, status: trusted({ $in: LIVE_STATUSES }) }, { _id: 1 }).lean();
          await deps.processes.refreshRotations(live.map((a) => a._id));
        }
        if (what.grants) await refreshEntityGrants({ grants: agencyGrantModel(deps.db), processes: deps.processes }, entityId);
        if (what.reviewSchedulers) await deps.processes.refreshReviewSchedulers([entityId]);
        if (what.reviewSchedulers) await deps.processes.refreshReportingSchedulers([entityId]);
        if (what.askers) await deps.processes.refreshRoster(await openSteps(deps.db).workflowsOf(entityId, ROSTER_FOLLOWING_PROCESSES));
      } catch (err) {
        unlessUnavailable(err);
      }
    },
  };
}

export type ProcessNudges = ReturnType<typeof processNudges>;

function unlessUnavailable(err: unknown): void {
  if (!(err instanceof ProcessesUnavailable)) throw err;
}
