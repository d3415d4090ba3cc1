import { Schema, type Connection, type Model } from 'mongoose';

/**
 * `entity_members`: per entity, the ids of the people who hold or held a membership in it, so a roster is
 * read by `_id` lookups. On FerretDB v1 only a lone `_id` filter reaches an index: a roster read by
 * `memberships.entityId` scans every person (630 ms of FerretDB CPU at 6,000 people, 2,000 entities), and
 * with thousands of entities those scans alone outgrow two cores (bench/README.md, 50,000 accounts).
 *
 * The list may hold more than the roster (people who left, a registration that failed after its id was
 * added); readers keep only the active memberships they find. It must never hold fewer: the one writer that
 * adds memberships adds the id here first (api/services/entities.ts `addPerson`), and a list is trusted only
 * at the `rosterRevision` it was built at (registry/reads.ts `roster`), so a change made some other way and
 * announced with `rosterChanged` makes the next reader rebuild it from a scan.
 */
export interface EntityMembersDoc {
  _id: string;
  people: string[];
  /** The entity's `rosterRevision` when a scan last built the list; absent until then. */
  builtAt?: number;
}

const entityMembersSchema = new Schema<EntityMembersDoc>(
  {
    _id: { type: String, required: true },
    people: { type: [String], default: [] },
    builtAt: Number,
  },
  { versionKey: false },
);

export function entityMembersModel(conn: Connection): Model<EntityMembersDoc> {
  return (conn.models.EntityMembers as Model<EntityMembersDoc>) ?? conn.model<EntityMembersDoc>('EntityMembers', entityMembersSchema, 'entity_members');
}
