import { Schema, type Connection, type Model } from 'mongoose';
import { POLICY_PROFILES } from '../../domain/policyProfiles';
import { DEFAULT_REMINDER_PLAN } from '../../domain/decision';
import type { EntityPolicy } from '../../domain/entity';

const contact = { name: { type: String, required: true }, email: { type: String, required: true, lowercase: true } };

/** The registry's entity: `_id` is a readable slug (e.g. `mincul`). */
export interface EntityDoc extends Omit<EntityPolicy, 'id'> {
  _id: string;
}

const entitySchema = new Schema<EntityDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    profile: { type: String, enum: POLICY_PROFILES, required: true },
    emailDomains: { type: [String], required: true },
    location: { type: String, required: true },
    officialHosts: { type: [String], default: [] },
    supervisorEmail: { type: String, required: true, lowercase: true },
    head: contact,
    secondInCommand: contact,
    communityManager: contact,
    nonWorkingDays: { type: [String], default: [] },
    decisionPlan: {
      remindAfter: { type: [Number], default: DEFAULT_REMINDER_PLAN.remindAfter },
      escalateAfter: { type: Number, default: DEFAULT_REMINDER_PLAN.escalateAfter },
      repeatEvery: { type: Number, default: DEFAULT_REMINDER_PLAN.repeatEvery },
    },
  },
  { timestamps: true, versionKey: false },
);

export function entityModel(conn: Connection): Model<EntityDoc> {
  return (conn.models.Entity as Model<EntityDoc>) ?? conn.model<EntityDoc>('Entity', entitySchema, 'entities');
}

/** The plain-data view that domain rules and workflows receive. */
export function toEntityPolicy(doc: EntityDoc): EntityPolicy {
  const plan = doc.decisionPlan ?? DEFAULT_REMINDER_PLAN;
  return {
    id: doc._id,
    name: doc.name,
    profile: doc.profile,
    emailDomains: [...doc.emailDomains],
    location: doc.location,
    officialHosts: [...(doc.officialHosts ?? [])],
    supervisorEmail: doc.supervisorEmail,
    head: { name: doc.head.name, email: doc.head.email },
    secondInCommand: { name: doc.secondInCommand.name, email: doc.secondInCommand.email },
    communityManager: { name: doc.communityManager.name, email: doc.communityManager.email },
    nonWorkingDays: [...(doc.nonWorkingDays ?? [])],
    decisionPlan: {
      remindAfter: [...plan.remindAfter],
      ...(plan.escalateAfter != null ? { escalateAfter: plan.escalateAfter } : {}),
      ...(plan.repeatEvery != null ? { repeatEvery: plan.repeatEvery } : {}),
    },
  };
}
