import type { CoexistenceRules } from '../../domain/coexistenceRules';
import { Schema, type Connection, type Model } from 'mongoose';
import { POLICY_PROFILES } from '../../domain/policyProfiles';
import { DEFAULT_REMINDER_PLAN } from '../../domain/decision';
import type { EntityPolicy } from '../../domain/entity';
import type { RosterContacts, RosterEntry } from '../../domain/roster';

/**
 * The registry's entity: `_id` is a readable slug (e.g. `mincul`). Its people (head, second in
 * command, community manager…) live in the roster (`people`), so a change of head is one edit.
 */
export interface EntityDoc extends Omit<EntityPolicy, 'id' | keyof RosterContacts | 'generalManagement'> {
  _id: string;
  /** PCM 6.1.2.11: whom the head designates for the monthly role review; must be in the roster (else the head reviews). */
  reviewDesigneeEmail?: string | null;
  /** PCM 6.2.2.2: whom the head delegates content approval to (profiles that allow it); must be in the roster. */
  contentDesigneeEmail?: string | null;
  /** Bumped after every roster change (registry `rosterChanged`), so workers may cache the roster per revision. */
  rosterRevision?: number;
  /** Anexo 6 as the head adapted it; absent or null, the directive's text (domain/coexistenceRules.ts). */
  coexistenceRules?: CoexistenceRules | null;
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
    nonWorkingDays: { type: [String], default: [] },
    reviewDesigneeEmail: { type: String, lowercase: true },
    contentDesigneeEmail: { type: String, lowercase: true },
    rosterRevision: { type: Number, default: 0 },
    // PCM 6.2.2.10: head-editable like nonWorkingDays; FerretDB drops the list when it is empty.
    electoralPeriods: { type: [new Schema({ from: String, to: String, label: String }, { _id: false })], default: [] },
    reportDueBusinessDays: Number,
    inactivityDays: Number,
    questionDueBusinessDays: Number,
    coexistenceRules: { type: new Schema({ intro: String, rules: [String] }, { _id: false }), required: false },
    acronym: String,
    officeCode: String,
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

/** The plain-data view that domain rules and workflows receive: the entity's settings plus its roster's contacts. */
/** INPE 4.2.c: whoever holds `gerencia` on the roster. */
function generalManagementOf(roster: RosterEntry[]): Pick<EntityPolicy, 'generalManagement'> {
  const people = roster.filter((r) => r.role === 'gerencia').map((r) => ({ name: r.name, email: r.email }));
  return people.length ? { generalManagement: people } : {};
}

export function toEntityPolicy(doc: EntityDoc, contacts: RosterContacts, roster: RosterEntry[] = []): EntityPolicy {
  const plan = doc.decisionPlan ?? DEFAULT_REMINDER_PLAN;
  return {
    id: doc._id,
    name: doc.name,
    profile: doc.profile,
    emailDomains: [...doc.emailDomains],
    location: doc.location,
    officialHosts: [...(doc.officialHosts ?? [])],
    supervisorEmail: doc.supervisorEmail,
    head: { ...contacts.head },
    secondInCommand: { ...contacts.secondInCommand },
    communityManager: { ...contacts.communityManager },
    ...generalManagementOf(roster),
    nonWorkingDays: [...(doc.nonWorkingDays ?? [])],
    electoralPeriods: (doc.electoralPeriods ?? []).map((e) => ({ from: e.from, to: e.to, label: e.label })),
    ...(doc.reportDueBusinessDays != null ? { reportDueBusinessDays: doc.reportDueBusinessDays } : {}),
    ...(doc.inactivityDays != null ? { inactivityDays: doc.inactivityDays } : {}),
    ...(doc.questionDueBusinessDays != null ? { questionDueBusinessDays: doc.questionDueBusinessDays } : {}),
    ...(doc.acronym ? { acronym: doc.acronym } : {}),
    ...(doc.officeCode ? { officeCode: doc.officeCode } : {}),
    decisionPlan: {
      remindAfter: [...plan.remindAfter],
      ...(plan.escalateAfter != null ? { escalateAfter: plan.escalateAfter } : {}),
      ...(plan.repeatEvery != null ? { repeatEvery: plan.repeatEvery } : {}),
    },
  };
}
