/** A communication campaign (workflows/campaign.ts): its id, input and status. */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { CampaignProposal, CampaignStage, ClosingReport, ScsOpinion } from '../domain/campaign';
import type { Decision } from '../domain/decision';
import type { ElectoralPeriod, EntityPolicy } from '../domain/entity';
import type { Waiting } from './decision';
import { prefixedId } from './workflowIds';

export const campaignWorkflowId = prefixedId('campana-');

export interface CampaignInput {
  campaignId: string;
  entity: EntityPolicy;
  proposal: CampaignProposal;
  submittedAt: string;
}

/** What became of the agency (PCM 6.1.2.10): grants opened, and why any account got none. */
export interface CampaignGrants {
  grantIds: string[];
  pending: string[];
}

/** How the agency's role ends (PCM 6.1.2.10): by the grant processes, by a confirmation step, or not at all (organic). */
export type AgencyRemoval = 'no-aplica' | 'por-concesion' | 'pendiente' | 'confirmada';

export interface CampaignStatus {
  campaignId: string;
  entityId: string;
  stage: CampaignStage;
  stageLabel: string;
  multisector: boolean;
  diffusionDays: number;
  /** PCM 6.2.2.10: electoral periods of the entity the diffusion overlaps. */
  electoralPeriods: ElectoralPeriod[];
  waiting: Waiting[];
  decisions: Decision[];
  proposal: CampaignProposal;
  /** PCM 6.4.2: each technical opinion SCS gave, by round. */
  opinions: Array<{ round: number; by: string; at: string; opinion: ScsOpinion }>;
  agency?: CampaignGrants & { name: string };
  agencyRemoval: AgencyRemoval;
  startsAt?: string;
  endsAt?: string;
  closingReport?: ClosingReport & { by: string; at: string };
  /** The head ended it: cancelled before its diffusion, or ended early while it ran. */
  ended?: CampaignEnd & { effect: 'cancelled' | 'ended-early' };
}

/** The head ends the campaign (issue 15 §2); the workflow applies the first request its stage allows. */
export interface CampaignEnd {
  reason: string;
  by: string;
  at: string;
}
export const endCampaignSignal = defineSignal<[CampaignEnd]>('endCampaign');

export const campaignStatusQuery = defineQuery<CampaignStatus>('campaignStatus');
