/** How a step joins its person's digest for its due instant (issue 18 §1; workflows/reminderDigest.ts). */
import type { Processes } from '../contracts/processes';
import type { DigestItem, ReminderDigestInput } from '../contracts/reminderDigest';

type DigestPacing = Pick<ReminderDigestInput, 'quietMs' | 'maxGatherMs' | 'sendPriority'>;

/**
 * How long a digest gathers: steps due at one instant start within a second of each other unless the
 * worker is behind, so a few quiet seconds close the email, and a minute bounds the wait under a burst.
 *
 * Its email then goes ahead of other work on the task queue (Temporal's priority keys; the server honours
 * them with `matching.useNewMatcher`, on in local/temporal.ts and deploy/temporal/dynamicconfig.yaml).
 * Under a burst the queue holds the registry reads and joins of thousands of rotations: at one priority
 * each digest's email waited behind all of them, and with 10,000 accounts due at once no email came in
 * nine minutes (bench/README.md).
 */
export const DIGEST_GATHER: DigestPacing = { quietMs: 5_000, maxGatherMs: 60_000, sendPriority: 1 };

export interface JoinDigestInput {
  digest: Omit<ReminderDigestInput, keyof DigestPacing>;
  item: DigestItem;
}

export function createReminderDigestActivities(deps: { processes: Pick<Processes, 'joinReminderDigest'>; gather?: DigestPacing }) {
  return {
    async joinReminderDigest({ digest, item }: JoinDigestInput): Promise<void> {
      await deps.processes.joinReminderDigest({ ...digest, ...(deps.gather ?? DIGEST_GATHER) }, item);
    },
  };
}
