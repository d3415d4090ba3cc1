/**
 * Documents numbered as the administration files them (issue 19 §6): «INFORME TÉCNICO N° 001-2026-OC/
 * MINCUL» — the series, a number per entity, series and year (Lima's), the issuing office's code and
 * the entity's acronym. No seed prescribes a format; this is the one the issue gives, and the seeds'
 * own references follow it («Informe N° 376-2020-INPE/OAJ» puts the entity first; the issue puts the
 * office first, and so does Custodio, for every entity alike).
 */
import { limaDate } from './businessDays';

export const DOCUMENT_SERIES = { technicalReport: 'INFORME TÉCNICO', closureRecord: 'ACTA DE CIERRE', digitalPlan: 'PLAN DE COMUNICACIÓN DIGITAL', quarterlyReport: 'INFORME', multisectorProposal: 'PROPUESTA DE CAMPAÑA MULTISECTORIAL' } as const;
export type DocumentSeries = keyof typeof DOCUMENT_SERIES;

/** The communications office's code when the entity has not set one. */
export const DEFAULT_OFFICE_CODE = 'OC';

/** The entity's acronym: the one set, or its id in capitals (mincul → MINCUL). */
export const entityAcronym = (e: { id: string; acronym?: string }) => e.acronym ?? e.id.toUpperCase();

/** The year a number belongs to: the Lima year of the instant it was given. */
export const numberingYear = (at: string | Date) => Number(limaDate(new Date(at)).slice(0, 4));

export interface DocumentNumber {
  series: DocumentSeries;
  n: number;
  year: number;
  /** e.g. `INFORME TÉCNICO N° 001-2026-OC/MINCUL`. */
  code: string;
}

export function documentCode(series: DocumentSeries, n: number, year: number, officeCode: string, acronym: string): string {
  return `${DOCUMENT_SERIES[series]} N° ${String(n).padStart(3, '0')}-${year}-${officeCode}/${acronym}`;
}
