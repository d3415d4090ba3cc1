/**
 * The approved plan as a document (issue 19 §3, §6), built from its row alone: the approval email's
 * attachment and the page's download come from this one function over the same stored data, so they are
 * the same bytes, today or years later.
 */
import type { Connection } from 'mongoose';
import { PLAN_INDICATOR_LABELS, PLAN_INDICATORS, PLAN_SECTION_TEXT, PLAN_SECTIONS, plannedNetworks } from '../domain/digitalPlan';
import { NETWORK_LABELS } from '../domain/networks';
import { PROFILES, type PolicyProfileId } from '../domain/policyProfiles';
import type { DigitalPlanDocData } from '../infra/documents/digitalPlan';
import { digitalPlanId, digitalPlanModel, type DigitalPlanDoc } from '../infra/models/digitalPlan';

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

/** The entity's approved plan for `year` (PCM 6.2.2.1), as documents cite it; `null` when none is approved. */
export async function approvedPlan(db: Connection, entityId: string, year: number): Promise<{ code: string; year: number; indicators: DigitalPlanDoc['indicators'] } | null> {
  const row = await digitalPlanModel(db).findOne({ _id: digitalPlanId(entityId, year), state: 'approved' }, { recordCode: 1, indicators: 1 }).lean();
  return row?.recordCode ? { code: row.recordCode, year, indicators: row.indicators ?? {} } : null;
}
