/**
 * Campaign forms (RULEBOOK §5) turned into the JSON shapes the API and the decision payloads take: the
 * proposal (form and correction link), SCS's technical opinion (PCM 6.4.2) and the closing report.
 */
import { MINIMUM_ACTIONS, OPINION_CRITERIA } from '../domain/campaign';

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const list = (value: unknown): string[] => (Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value]).map(String);
const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const lines = (v: unknown) => (str(v) ?? '').split(/\r?\n/).map((s) => s.trim()).filter(Boolean);

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
