import type { Processes } from '../contracts/processes';
import type { RotationStarts } from '../registry/rotations';

/** Lets a workflow start or nudge other long-lived processes; idempotent, as `Processes` is. */
export function createProcessActivities(deps: { processes: Processes; rotationStarts: RotationStarts }) {
  return {
    async startRotations(input: { accounts: Array<{ accountId: string; lastConfirmedAt: string }> }): Promise<void> {
      await deps.processes.startRotations(input.accounts);
    },
    async refreshRotations(input: { accountIds: string[] }): Promise<void> {
      await deps.processes.refreshRotations(input.accountIds);
    },
    async rotateNow(input: { accountIds: string[]; reason: string; by: string }): Promise<void> {
      await deps.processes.rotateNow(await deps.rotationStarts(input.accountIds), { reason: input.reason, by: input.by });
    },
  };
}
