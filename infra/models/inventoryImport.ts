import { Schema, type Connection, type Model } from 'mongoose';
import type { InventoryRow } from '../../domain/inventory';

/**
 * An inventory file read and previewed, waiting for its confirmation (issue 15 §1): the rows as read,
 * so confirming imports exactly what the preview showed. Holds responsibles' phones (personal data):
 * read only by whoever may manage the entity's accounts, and purged a day after it was read
 * (api/housekeeping.ts; FerretDB has no TTL indexes).
 */
export interface InventoryImportDoc {
  _id: string;
  entityId: string;
  fileName: string;
  /** SHA-256 of the file: the same file read again is the same preview. */
  sha256: string;
  fileErrors: string[];
  rows: InventoryRow[];
  readBy: string;
  readAt: Date;
  confirmedAt?: Date;
  /** What the confirmation did: accounts created, updated, left as they were, skipped as retired. */
  result?: { created: number; updated: number; unchanged: number; retired: number };
}

const schema = new Schema<InventoryImportDoc>(
  {
    _id: { type: String, required: true },
    entityId: { type: String, required: true, index: true },
    fileName: { type: String, required: true },
    sha256: { type: String, required: true },
    fileErrors: [String],
    rows: { type: Schema.Types.Mixed, required: true },
    readBy: { type: String, required: true },
    readAt: { type: Date, required: true, index: true },
    confirmedAt: Date,
    result: { _id: false, created: Number, updated: Number, unchanged: Number, retired: Number },
  },
  { versionKey: false },
);

export function inventoryImportModel(conn: Connection): Model<InventoryImportDoc> {
  return (conn.models.InventoryImport as Model<InventoryImportDoc>) ?? conn.model<InventoryImportDoc>('InventoryImport', schema, 'inventory_imports');
}
