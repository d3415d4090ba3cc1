import type { Processes } from '../contracts/processes';

/** Lets a workflow start or nudge other long-lived processes; idempotent, as `Processes` is. */
export function createProcessActivities(deps: { processes: Processes }) {
  return {
    async startRotations(input: { accounts: Array<{ accountId: string; lastConfirmedAt: string }> }): Promise<void> {
      await deps.processes.startRotations(input.accounts);
    },
    async refreshRotations(input: { accountIds: string[] }): Promise<void> {
      await deps.processes.refreshRotations(input.accountIds);
    },
    async rotateNow(input: { accountIds: string[]; reason: string; by: string }): Promise<void> {
      await deps.processes.rotateNow(input.accountIds, { reason: input.reason, by: input.by });
    },
  };
}
