/**
 * The approved plan as a document (issue 19 §3, §6), built from its row alone: the approval email's
 * attachment and the page's download come from this one function over the same stored data, so they are
 * the same bytes, today or years later.
 */
import { PLAN_INDICATOR_LABELS, PLAN_INDICATORS, PLAN_SECTION_TEXT, PLAN_SECTIONS, plannedNetworks } from '../domain/digitalPlan';
import { NETWORK_LABELS } from '../domain/networks';
import { PROFILES, type PolicyProfileId } from '../domain/policyProfiles';
import type { DigitalPlanDocData } from '../infra/documents/digitalPlan';
import type { DigitalPlanDoc } from '../infra/models/digitalPlan';

/** `undefined` until the plan is approved and numbered. */
export function planDocumentData(
  row: DigitalPlanDoc,
  entity: { name: string; profile: PolicyProfileId },
  nameOf: (email: string) => string,
): DigitalPlanDocData | undefined {
  if (row.state !== 'approved' || !row.recordCode || !row.decidedBy || !row.decidedAt || !row.submittedBy || !row.submittedAt) return undefined;
  return {
    code: row.recordCode,
    entityName: entity.name,
    year: row.year,
    profileDocument: PROFILES[entity.profile].document,
    sections: PLAN_SECTIONS.map((s) => [PLAN_SECTION_TEXT[s].title, row.sections[s] ?? '']),
    weekly: plannedNetworks(row).map(([n, perWeek]) => [NETWORK_LABELS[n], perWeek]),
    indicators: PLAN_INDICATORS.flatMap((i) => (row.indicators[i] !== undefined && row.indicators[i] !== null ? [[PLAN_INDICATOR_LABELS[i], row.indicators[i]!] as [string, number]] : [])),
    drafted: { by: row.submittedBy, byName: nameOf(row.submittedBy), at: row.submittedAt.toISOString() },
    approval: { by: row.decidedBy, byName: nameOf(row.decidedBy), at: row.decidedAt.toISOString() },
  };
}
