import { Schema, type Connection, type Model } from 'mongoose';

/**
 * One number given to one document (issue 19 §6). The `_id` names the entity, series, year and number,
 * so of two processes asking at once only one inserts a number and the other takes the next (a unique
 * insert: FerretDB's conditional writes are not atomic). `key` is the asking process's document, so a
 * retried activity gets the number it was already given.
 */
export interface DocumentNumberDoc {
  _id: string;
  entityId: string;
  series: string;
  year: number;
  n: number;
  key: string;
  at: Date;
}

const schema = new Schema<DocumentNumberDoc>(
  {
    _id: { type: String, required: true },
    entityId: { type: String, required: true },
    series: { type: String, required: true },
    year: { type: Number, required: true },
    n: { type: Number, required: true },
    key: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
schema.index({ entityId: 1, series: 1, key: 1 });
schema.index({ entityId: 1, series: 1, year: 1, n: -1 });

export function documentNumberModel(conn: Connection): Model<DocumentNumberDoc> {
  return (conn.models.DocumentNumber as Model<DocumentNumberDoc>) ?? conn.model<DocumentNumberDoc>('DocumentNumber', schema, 'document_numbers');
}
