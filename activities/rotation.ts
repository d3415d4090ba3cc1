import type { Model } from 'mongoose';
import { keepsPasswordHolders } from '../domain/accountCustody';
import type { Contact } from '../domain/entity';
import { DEFAULT_REMINDER_PLAN, type ReminderPlan } from '../domain/decision';
import { NETWORK_LABELS, type Network } from '../domain/networks';
import type { PolicyProfileId } from '../domain/policyProfiles';
import { holdersOf, rolesOf, type AccountDoc, type AccountStatus } from '../infra/models/account';
import type { EntityDoc } from '../infra/models/entity';
import type { RotationDoc } from '../infra/models/rotation';
import type { Registry } from '../registry/reads';
import { rotationDecider } from '../domain/rotationDecider';

/** What one rotation cycle needs to know, read fresh from the registry at each step (signals only say "read again"). */
export interface RotationContext {
  accountId: string;
  entityId: string;
  entityName: string;
  /** e.g. `CulturaPeru (Facebook)`. */
  label: string;
  network: Network;
  managingEmail: string;
  status: AccountStatus;
  statusReason?: string;
  profile: PolicyProfileId;
  /** PCM 6.1.2.4 the community manager; CONGRESO 6.2.6 the Account Administrator. Absent while the roster has none. */
  custodian?: Contact;
  head?: Contact;
  /** CONGRESO 6.2.5: who must know that credentials changed (page role holders, the head, and those the head handed the password to, 6.1.7), SCS excluded. */
  concerned: Contact[];
  nonWorkingDays: string[];
  plan: ReminderPlan;
}

export interface RecordRotationInput {
  accountId: string;
  entityId: string;
  cycle: number;
  dueAt: string;
  confirmedAt: string;
  confirmedBy: string;
  ip?: string;
  userAgent?: string;
  reason?: string;
}

export interface RotationActivityDeps {
  accounts: Model<AccountDoc>;
  entities: Model<EntityDoc>;
  rotations: Model<RotationDoc>;
  /** Rosters per entity revision, from memory while it holds: every rotation due at one instant reads its roster again. */
  registry: Pick<Registry, 'rosterAsOf'>;
}

export function createRotationActivities(deps: RotationActivityDeps) {
  const activities = {
    async rotationContext(accountId: string): Promise<RotationContext> {
      const account = await deps.accounts.findById(accountId).lean();
      const entity = account ? await deps.entities.findById(account.entityId).lean() : null;
      if (!account || !entity) {
        // A deleted account or entity has nobody to remind: the process ends as if retired.
        return {
          accountId, entityId: account?.entityId ?? '', entityName: '', label: accountId, network: account?.network ?? 'other',
          managingEmail: '', status: 'retired', statusReason: 'La cuenta ya no figura en el registro.', profile: 'PCM',
          concerned: [], nonWorkingDays: [], plan: DEFAULT_REMINDER_PLAN,
        };
      }
      const roster = await deps.registry.rosterAsOf(entity._id, entity.rosterRevision ?? 0);
      const pick = (role: string) => roster.find((r) => r.role === role);
      const contact = (r: { name: string; email: string } | undefined): Contact | undefined => (r ? { name: r.name, email: r.email } : undefined);
      const custodian = contact(pick('cm'));
      const head = contact(pick('head'));
      const supervisor = entity.supervisorEmail.toLowerCase();
      const concerned = new Map<string, Contact>();
      // CONGRESO 6.1.7: the team members the head handed the password to, while the roster still lists them.
      const holders = keepsPasswordHolders(entity.profile, account.network) ? holdersOf(account).flatMap((h) => roster.find((r) => r.email === h.email) ?? []) : [];
      for (const c of [custodian, head, ...rolesOf(account), ...holders]) {
        if (c && c.email.toLowerCase() !== supervisor) concerned.set(c.email.toLowerCase(), { name: c.name, email: c.email.toLowerCase() });
      }
      const plan = entity.decisionPlan ?? DEFAULT_REMINDER_PLAN;
      return {
        accountId,
        entityId: entity._id,
        entityName: entity.name,
        label: `${account.username} (${NETWORK_LABELS[account.network]})`,
        network: account.network,
        managingEmail: account.managingEmail,
        status: account.status,
        ...(account.statusReason ? { statusReason: account.statusReason } : {}),
        profile: entity.profile,
        ...(custodian ? { custodian } : {}),
        ...(head ? { head } : {}),
        concerned: [...concerned.values()],
        nonWorkingDays: [...(entity.nonWorkingDays ?? [])],
        plan: {
          remindAfter: [...plan.remindAfter],
          ...(plan.escalateAfter != null ? { escalateAfter: plan.escalateAfter } : {}),
          ...(plan.repeatEvery != null ? { repeatEvery: plan.repeatEvery } : {}),
        },
      };
    },

    /** Appends the confirmed rotation to the registry; the id is per account and cycle, so a retry is harmless. */
    async recordRotation(input: RecordRotationInput): Promise<void> {
      await deps.rotations.updateOne(
        { _id: `${input.accountId}:${input.cycle}` },
        {
          $setOnInsert: {
            accountId: input.accountId,
            entityId: input.entityId,
            cycle: input.cycle,
            dueAt: new Date(input.dueAt),
            confirmedAt: new Date(input.confirmedAt),
            confirmedBy: input.confirmedBy,
            ...(input.ip ? { ip: input.ip } : {}),
            ...(input.userAgent ? { userAgent: input.userAgent } : {}),
            ...(input.reason ? { reason: input.reason } : {}),
          },
        },
        { upsert: true },
      );
    },
  };
  return activities;
}

/**
 * Not an activity: whom the account's rotation would ask now (lower-case), nobody for an account not active,
 * for a digest's check at the moment of asking (issue 18 §1). Same reading and rule as the workflow's.
 */
export const rotationHolderOf =
  (read: (accountId: string) => Promise<RotationContext>) =>
  async (accountId: string): Promise<string | undefined> => {
    const ctx = await read(accountId);
    return ctx.status === 'active' ? rotationDecider(ctx)?.email.toLowerCase() : undefined;
  };
