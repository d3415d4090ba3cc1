/** Numbers for the documents Custodio files (issue 19 §6); see infra/models/documentNumber.ts. */
import type { Connection } from 'mongoose';
import type { DocumentSeries } from '../domain/documentNumbers';
import { isDuplicateKey } from '../infra/db';
import { documentNumberModel } from '../infra/models/documentNumber';

export interface NumberRequest {
  entityId: string;
  series: DocumentSeries;
  year: number;
  /** The document asking (e.g. its request id): the same key always gets the same number. */
  key: string;
  at: Date;
}

export function documentNumbers(db: Connection) {
  const rows = documentNumberModel(db);
  const given = (r: NumberRequest) => rows.findOne({ entityId: r.entityId, series: r.series, key: r.key }).lean();

  return {
    /** The next number of the entity's series in the year, or the one this key already has. */
    async allocate(r: NumberRequest): Promise<number> {
      const already = await given(r);
      if (already) return already.n;
      const last = await rows.findOne({ entityId: r.entityId, series: r.series, year: r.year }).sort({ n: -1 }).lean();
      for (let n = (last?.n ?? 0) + 1; ; n++) {
        try {
          await rows.create({ _id: `${r.entityId}|${r.series}|${r.year}|${n}`, entityId: r.entityId, series: r.series, year: r.year, n, key: r.key, at: r.at });
          return n;
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
          // Someone took this number meanwhile: the next one, unless it was this very key.
          const mine = await given(r);
          if (mine) return mine.n;
        }
      }
    },
  };
}

export type DocumentNumbers = ReturnType<typeof documentNumbers>;
