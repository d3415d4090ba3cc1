/** How a step joins its person's digest for its due instant (issue 18 §1; workflows/reminderDigest.ts). */
import type { Processes } from '../contracts/processes';
import type { DigestItem, ReminderDigestInput } from '../contracts/reminderDigest';

/**
 * How long a digest gathers: steps due at one instant start within a second of each other unless the
 * worker is behind, so a few quiet seconds close the email, and a minute bounds the wait under a burst.
 */
export const DIGEST_GATHER = { quietMs: 5_000, maxGatherMs: 60_000 };

export interface JoinDigestInput {
  digest: Omit<ReminderDigestInput, 'quietMs' | 'maxGatherMs'>;
  item: DigestItem;
}

export function createReminderDigestActivities(deps: { processes: Pick<Processes, 'joinReminderDigest'>; gather?: typeof DIGEST_GATHER }) {
  return {
    async joinReminderDigest({ digest, item }: JoinDigestInput): Promise<void> {
      await deps.processes.joinReminderDigest({ ...digest, ...(deps.gather ?? DIGEST_GATHER) }, item);
    },
  };
}
