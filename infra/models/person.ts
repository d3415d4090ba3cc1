import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { ENTITY_ROLES, type EntityRole } from '../../domain/access';
import { TENURES, type Tenure } from '../../domain/accountAdministrator';

/** A role held in one entity; `leftAt` closes it when the person leaves the office (kept for the record). */
export interface MembershipDoc {
  entityId: string;
  role: EntityRole;
  unit?: string;
  /** The contract with the institution, where recorded (CONGRESO 5.1.2, 6.1.6). */
  tenure?: Tenure;
  since: Date;
  leftAt?: Date;
}

/**
 * A person of the registry. Signing in needs only the institutional address: no password is ever
 * stored. The phone is personal data (Ley 29733), shown only to those who need it and never logged.
 */
export interface PersonDoc {
  _id: Types.ObjectId;
  email: string;
  name: string;
  phone?: string;
  memberships: MembershipDoc[];
  /** SCS: reads every entity the PCM directive binds (the Executive Branch, PCM 2). */
  supervisor: boolean;
  /** Manages entities and rosters. */
  platformAdmin: boolean;
}

const membershipSchema = new Schema<MembershipDoc>(
  {
    entityId: { type: String, required: true },
    role: { type: String, enum: ENTITY_ROLES, required: true },
    unit: String,
    tenure: { type: String, enum: TENURES },
    since: { type: Date, required: true },
    leftAt: Date,
  },
  { _id: false },
);

const personSchema = new Schema<PersonDoc>(
  {
    email: { type: String, required: true, lowercase: true, trim: true, unique: true },
    name: { type: String, required: true, trim: true },
    phone: String,
    memberships: { type: [membershipSchema], default: [] },
    supervisor: { type: Boolean, default: false },
    platformAdmin: { type: Boolean, default: false },
  },
  { timestamps: true, versionKey: false },
);
personSchema.index({ 'memberships.entityId': 1 });

export function personModel(conn: Connection): Model<PersonDoc> {
  return (conn.models.Person as Model<PersonDoc>) ?? conn.model<PersonDoc>('Person', personSchema, 'people');
}

/** Memberships still in force (a lean read of someone with none may lack the field). */
export const activeMemberships = (p: Pick<PersonDoc, 'memberships'>) => (p.memberships ?? []).filter((m) => !m.leftAt);
