import type { Model } from 'mongoose';
import type { Network } from '../domain/networks';
import type { AccountDoc } from '../infra/models/account';

export interface ActivateAccountsInput {
  requestId: string;
  entityId: string;
  networks: Network[];
  username: string;
  managingEmail: string;
  /** The proposal's admins (PCM 6.1.1.5–6): each becomes an admin of the page in the registry. */
  admins: Array<{ name: string; email: string; role: string }>;
}

export function createAccountActivities(deps: { accounts: Model<AccountDoc> }) {
  return {
    /** Puts one active account per network in the registry; ids derive from the request, so a retry rewrites the same rows. */
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
            },
            $setOnInsert: {
              activatedAt: now,
              roles: input.admins.map((a) => ({ name: a.name, email: a.email.toLowerCase(), pageRole: 'admin', since: now })),
            },
          },
          { upsert: true },
        );
        ids.push(_id);
      }
      return ids;
    },
  };
}
