import type { Connection } from 'mongoose';
import { trusted } from '../infra/db';
import { accountModel, LIVE_STATUSES } from '../infra/models/account';
import { rotationModel } from '../infra/models/rotation';
import { createRegistry } from '../registry/reads';
import { rotationStarts } from '../registry/rotations';
import { rotationWorkflowId } from '../contracts/credentialRotation';
import type { Processes } from '../contracts/processes';

/**
 * Makes the long-lived processes match the registry, at every start-up of the worker: each entity has
 * its monthly role-review scheduler (PCM 6.1.2.11), the deployment its daily directory digest for SCS
 * (PCM 6.3.5, 7.3), and each account that is not retired has its
 * rotation process (PCM 6.1.2.5). Normally both exist already (the API and the account-creation
 * process start them); this covers an entity or account written while Temporal was unreachable, an
 * account brought in by an import, and a process an operator terminated. Idempotent.
 */
export async function reconcileProcesses(db: Connection, processes: Processes): Promise<{ rotationsStarted: number }> {
  const entityIds = (await createRegistry(db).entities()).map((e) => e._id);
  await processes.startReviewSchedulers(entityIds);
  // Every entity gets a calendar; one whose directive asks for no report (Congress) ends at once.
  await processes.startReportingSchedulers(entityIds);
  await processes.startDirectoryDigest();

  const running = await processes.runningRotations();
  const accounts = await accountModel(db).find({ status: trusted({ $in: LIVE_STATUSES }) }, { _id: 1 }).lean();
  const missing = accounts.filter((a) => !running.has(rotationWorkflowId(a._id)));
  const starts = await rotationStarts({ accounts: accountModel(db), rotations: rotationModel(db) })(missing.map((a) => a._id));
  await processes.startRotations(starts);
  return { rotationsStarted: missing.length };
}
