/**
 * Campaign forms (RULEBOOK §5) turned into the JSON shapes the API and the decision payloads take: the
 * proposal (form and correction link), SCS's technical opinion (PCM 6.4.2) and the closing report.
 */
import { CAMPAIGN_MODES, MINIMUM_ACTIONS, MINIMUM_ACTION_LABELS, MODE_LABELS, OPINION_CRITERIA } from '../../domain/campaign';
import type { EntityPolicy } from '../../domain/entity';
import { NETWORKS, NETWORK_LABELS } from '../../domain/networks';
import { AGENCY_ROLES, AGENCY_ROLE_LABELS } from '../../domain/pageRoles';
import { lines, list, obj, str } from './fields';

/** The proposal form: blank optional fields are left out; sectors come one per line. */
export function campaignFromForm(body: Record<string, unknown>): Record<string, unknown> {
  const actions = obj(body.actions);
  const agency = obj(body.mediaAgency);
  // The role select always has a value: the agency counts as given only with a name, an ID or an account.
  const agencyGiven = ['name', 'businessManagerId', 'accountIds'].some((k) => {
    const v = agency[k];
    return Array.isArray(v) ? v.length > 0 : typeof v === 'string' && v.trim() !== '';
  });
  const sectors = lines(body.sectors);
  return {
    entityId: body.entityId,
    proposer: body.proposer,
    ...Object.fromEntries(
      ['name', 'need', 'publicPurpose', 'context', 'topic', 'objective', 'audience', 'concept', 'strategy', 'schedule', 'budget', 'pieces', 'mode', 'startsOn', 'endsOn', 'otherNetwork'].map((k) => [k, body[k]]),
    ),
    actions: Object.fromEntries([...MINIMUM_ACTIONS, 'other'].map((k) => [k, actions[k]])),
    networks: list(body.networks),
    ...(agencyGiven
      ? {
          mediaAgency: {
            name: agency.name,
            businessManagerId: agency.businessManagerId,
            ...(str(agency.role) ? { role: agency.role } : {}),
            accountIds: list(agency.accountIds),
          },
        }
      : {}),
    ...(sectors.length ? { sectors } : {}),
  };
}

/** SCS's opinion form: one verdict and comment per criterion of PCM 6.4.2. */
export function opinionFromForm(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = Object.fromEntries(
    OPINION_CRITERIA.map((c) => {
      const given = obj(body[c]);
      return [c, { verdict: given.verdict, comments: given.comments }];
    }),
  );
  if (str(body.remarks)) out.remarks = body.remarks;
  return out;
}

/** The closing report form: reach and results. */
export function closingReportFromForm(body: Record<string, unknown>): Record<string, unknown> {
  return { reach: body.reach, results: body.results };
}

/** What the campaign form needs besides the values: option lists and the active accounts an agency may be given (also the correction link's form). */
export async function campaignFormContext(accountsFor: (entityIds: string[]) => Promise<Array<{ id: string; entityId: string; label: string }>>, entities: EntityPolicy[]) {
  return {
    entities,
    networks: NETWORKS.map((id) => ({ id, label: NETWORK_LABELS[id] })),
    modes: CAMPAIGN_MODES.map((id) => ({ id, label: MODE_LABELS[id] })),
    minimumActions: MINIMUM_ACTIONS.map((id) => ({ id, label: MINIMUM_ACTION_LABELS[id] })),
    agencyRoles: AGENCY_ROLES.map((id) => ({ id, label: AGENCY_ROLE_LABELS[id] })),
    accounts: await accountsFor(entities.map((e) => e.id)),
  };
}
