import type { Model } from 'mongoose';
import type { CampaignGrants } from '../contracts/campaign';
import { Refusal } from '../domain/refusal';
import { limaDate, limaStartOfDay } from '../domain/businessDays';
import type { AgencyRole } from '../domain/pageRoles';
import type { AccountDoc } from '../infra/models/account';
import type { AgencyGrantDoc } from '../infra/models/agencyGrant';
import type { CampaignDoc, CampaignState } from '../infra/models/campaign';
import type { Processes } from '../contracts/processes';
import { openAgencyGrant } from '../registry/agencyGrants';

export interface CampaignInstants {
  /** 00:00 Lima of the first day of diffusion: the campaign is running. */
  startsAt: string;
  /** 00:00 Lima of the day after the last day of diffusion: the campaign closes. */
  endsAt: string;
}

export interface RecordCampaignStateInput {
  campaignId: string;
  state: CampaignState;
  /** The proposal's fields the registry lists, when a correction changed them. */
  name?: string;
  startsOn?: string;
  endsOn?: string;
  electoral?: boolean;
  closedAt?: string;
}

export interface OpenCampaignGrantsInput {
  campaignId: string;
  campaignName: string;
  agency: { name: string; businessManagerId?: string; role: AgencyRole; accountIds?: string[] };
  startsOn: string;
  endsOn: string;
}

export interface CampaignActivityDeps {
  campaigns: Model<CampaignDoc>;
  grants: Model<AgencyGrantDoc>;
  accounts: Model<AccountDoc>;
  processes: Processes;
}

/** The campaign's instants, computed here so no date library enters workflow code (STACK trap 4). */
export function campaignInstants(input: { startsOn: string; endsOn: string }): CampaignInstants {
  const dayAfter = new Date(Date.parse(`${input.endsOn}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return { startsAt: limaStartOfDay(input.startsOn).toISOString(), endsAt: limaStartOfDay(dayAfter).toISOString() };
}

export function createCampaignActivities(deps: CampaignActivityDeps) {
  return {
    /**
     * The campaign ended before its planned end (PCM 6.1.2.10): each grant it opened ends today, so the
     * grant's own process cancels a grant not yet begun or asks for the role's removal. A signal per grant,
     * idempotent (a grant keeps the earliest end it was told), so a retried activity changes nothing.
     */
    async endCampaignGrants(input: { grantIds: string[]; reason: string; by: string }): Promise<{ on: string }> {
      const on = limaDate(new Date());
      for (const grantId of input.grantIds) await deps.processes.endAgencyGrantEarly(grantId, { on, reason: input.reason, by: input.by });
      return { on };
    },

    async campaignInstants(input: { startsOn: string; endsOn: string }): Promise<CampaignInstants> {
      return campaignInstants(input);
    },

    /** Writes the state (and what goes with it) onto the registry row; a `$set`, so a retry writes the same. */
    async recordCampaignState(input: RecordCampaignStateInput): Promise<void> {
      const { campaignId, closedAt, ...fields } = input;
      const set = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
      await deps.campaigns.updateOne({ _id: campaignId }, { $set: { ...set, ...(closedAt ? { closedAt: new Date(closedAt) } : {}) } });
    },

    /**
     * PCM 6.1.2.10: opens an agency grant for the campaign period on each chosen account, through the one
     * grant opening (registry/agencyGrants.ts) with a key per campaign and account, so a retried
     * activity opens nothing twice. An account that is not in the registry or not active, or no account
     * chosen, leaves the agency recorded on the campaign for a grant by hand later.
     */
    async openCampaignGrants(input: OpenCampaignGrantsInput): Promise<CampaignGrants> {
      const { agency } = input;
      const grantIds: string[] = [];
      const pending: string[] = [];
      if (!agency.accountIds?.length) pending.push('No se eligió ninguna cuenta del registro: otorgue el acceso a la agencia cuando la cuenta exista.');
      for (const accountId of agency.accountIds ?? []) {
        try {
          const opened = await openAgencyGrant(
            { grants: deps.grants, accounts: deps.accounts, now: () => new Date(), startProcess: (id) => deps.processes.startAgencyGrant(id) },
            {
              accountId,
              grantedBy: `campana:${input.campaignId}`,
              idempotencyKey: `campana-${input.campaignId}`,
              input: {
                agencyName: agency.name,
                ...(agency.businessManagerId ? { businessManagerId: agency.businessManagerId } : {}),
                role: agency.role,
                campaign: input.campaignName.length >= 2 ? input.campaignName.slice(0, 200) : `Campaña ${input.campaignName}`,
                startsOn: input.startsOn,
                endsOn: input.endsOn,
              },
            },
          );
          grantIds.push(opened.grant.id);
        } catch (err) {
          // A business refusal (unknown, paused or retired account; campaign already over) is recorded, not retried.
          if (!(err instanceof Refusal)) throw err;
          pending.push(`Cuenta ${accountId}: ${err.violations[0]?.message ?? err.message}`);
        }
      }
      await deps.campaigns.updateOne(
        { _id: input.campaignId },
        {
          $set: {
            agency: {
              name: agency.name,
              ...(agency.businessManagerId ? { businessManagerId: agency.businessManagerId } : {}),
              role: agency.role,
              // FerretDB drops empty arrays: leave a list out rather than write it empty.
              ...(grantIds.length ? { grantIds } : {}),
              ...(pending.length ? { pending } : {}),
            },
          },
        },
      );
      return { grantIds, pending };
    },
  };
}
