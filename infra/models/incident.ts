import { Schema, type Connection, type Model } from 'mongoose';
import { INCIDENT_KINDS, type IncidentKind } from '../../domain/incident';

export const INCIDENT_STATES = ['open', 'closed'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

/**
 * One reported security incident (PCM 6.1.1.7). The API writes the report; from then on only the
 * incident's process writes here (the timeline, the checklist, the closing report), so the list and the
 * page read the same story the process told. Never a password.
 */
export interface IncidentDoc {
  _id: string;
  entityId: string;
  workflowId: string;
  kind: IncidentKind;
  accountIds: string[];
  description: string;
  noticedAt: Date;
  reportedBy: string;
  reportedAt: Date;
  state: IncidentState;
  timeline: Array<{ at: Date; by: string; what: string }>;
  checklist: Array<{ item: string; by: string; at: Date }>;
  closing?: { report: string; by: string; at: Date };
  closedAt?: Date;
}

const schema = new Schema<IncidentDoc>(
  {
    _id: { type: String, required: true },
    entityId: { type: String, required: true, index: true },
    workflowId: { type: String, required: true },
    kind: { type: String, enum: INCIDENT_KINDS, required: true },
    accountIds: [String],
    description: { type: String, required: true },
    noticedAt: { type: Date, required: true },
    reportedBy: { type: String, required: true },
    reportedAt: { type: Date, required: true },
    state: { type: String, enum: INCIDENT_STATES, required: true },
    timeline: [{ _id: false, at: Date, by: String, what: String }],
    checklist: [{ _id: false, item: String, by: String, at: Date }],
    closing: { _id: false, report: String, by: String, at: Date },
    closedAt: Date,
  },
  { versionKey: false, minimize: false },
);

export function incidentModel(conn: Connection): Model<IncidentDoc> {
  return (conn.models.Incident as Model<IncidentDoc>) ?? conn.model<IncidentDoc>('Incident', schema, 'incidents');
}
