/** Numbers for the documents processes file (issue 19 §6), given once per document and kept in history. */
import { DEFAULT_OFFICE_CODE, documentCode, entityAcronym, numberingYear, type DocumentNumber, type DocumentSeries } from '../domain/documentNumbers';
import type { DocumentNumbers } from '../registry/documentNumbers';
import type { Registry } from '../registry/reads';

export interface DocumentNumberInput {
  entityId: string;
  series: DocumentSeries;
  /** The document asking: a retry gets the same number. */
  key: string;
  /** The instant the document is dated (its year is Lima's). */
  at: string;
}

export function createDocumentActivities(deps: { numbers: DocumentNumbers; registry: Pick<Registry, 'entity'> }) {
  return {
    /** The next number of the entity's series, with the entity's acronym and office code as they are now. */
    async documentNumber(input: DocumentNumberInput): Promise<DocumentNumber> {
      const entity = await deps.registry.entity(input.entityId);
      const year = numberingYear(input.at);
      const n = await deps.numbers.allocate({ entityId: input.entityId, series: input.series, year, key: input.key, at: new Date(input.at) });
      const acronym = entityAcronym({ id: input.entityId, ...(entity?.acronym ? { acronym: entity.acronym } : {}) });
      return { series: input.series, n, year, code: documentCode(input.series, n, year, entity?.officeCode ?? DEFAULT_OFFICE_CODE, acronym) };
    },
  };
}
