import type { Model } from 'mongoose';
import { accountCreationWorkflowId } from '../contracts/accountCreation';
import type { Anexo4Data } from '../domain/directory';
import type { Network } from '../domain/networks';
import type { AccountDoc } from '../infra/models/account';
import type { AuditTrail } from '../registry/audit';

export interface ActivateAccountsInput {
  requestId: string;
  entityId: string;
  networks: Network[];
  username: string;
  managingEmail: string;
  /** The proposal's admins (PCM 6.1.1.5–6): each becomes an admin of the page in the registry. */
  admins: Array<{ name: string; email: string; role: string }>;
  /**
   * The approved proposal's Anexo 4 data, for SCS's directory (PCM 6.3.5); absent from processes that
   * activated before the directory kept it.
   */
  anexo4?: Anexo4Data;
}

export function createAccountActivities(deps: { accounts: Model<AccountDoc>; audit: Pick<AuditTrail, 'recordOnce'> }) {
  return {
    /**
     * Puts one active account per network in the registry; ids derive from the request, so a retry rewrites
     * the same rows. Each activation enters the audit trail once, which is how SCS's daily digest learns of it.
     */
    async activateAccounts(input: ActivateAccountsInput): Promise<string[]> {
      const ids: string[] = [];
      const now = new Date();
      for (const network of input.networks) {
        const _id = `${input.requestId}-${network}`;
        await deps.accounts.updateOne(
          { _id },
          {
            $set: {
              entityId: input.entityId,
              network,
              username: input.username,
              managingEmail: input.managingEmail,
              status: 'active',
              requestId: input.requestId,
              ...(input.anexo4 ? { responsibles: input.anexo4.responsibles, description: input.anexo4.description, contentType: input.anexo4.contentType } : {}),
            },
            $setOnInsert: {
              activatedAt: now,
              roles: input.admins.map((a) => ({ name: a.name, email: a.email.toLowerCase(), pageRole: 'admin', since: now })),
            },
          },
          { upsert: true },
        );
        await deps.audit.recordOnce(`account.activated/${_id}`, {
          action: 'account.activated', actor: { kind: 'process' }, entityId: input.entityId, accountId: _id,
          workflowId: accountCreationWorkflowId(input.requestId), detail: `${network}:${input.username}`,
        });
        ids.push(_id);
      }
      return ids;
    },
  };
}
