import { Schema, type Connection, type Model } from 'mongoose';

/**
 * The index of decision steps waiting for someone, across every process, so that a roster change can
 * nudge the processes that asked someone of that entity, and metrics (and people's own lists) need not
 * query every workflow. Temporal holds the truth; this is written by the step's activities: inserted
 * when the step first emails its deciders, `waitingFor` updated when it goes to someone else, `closedAt`
 * set when it is decided or withdrawn. A closed row stays until housekeeping purges it, so an email
 * activity retried after the close inserts nothing (the key is taken) and cannot reopen it.
 */
export interface OpenStepDoc {
  /** `<workflowId>/<step>`. */
  _id: string;
  workflowId: string;
  step: string;
  /** The process kind (contracts/workflowSubject.ts), e.g. `campaign`. */
  process: string;
  entityId?: string;
  title: string;
  waitingFor: string[];
  openedAt: Date;
  /** When the step is overdue: its escalation, or its first reminder when it never escalates. */
  dueAt?: Date;
  closedAt?: Date;
}

const openStepSchema = new Schema<OpenStepDoc>(
  {
    _id: { type: String, required: true },
    workflowId: { type: String, required: true },
    step: { type: String, required: true },
    process: { type: String, required: true },
    entityId: String,
    title: { type: String, required: true },
    waitingFor: { type: [String], required: true },
    openedAt: { type: Date, required: true },
    dueAt: Date,
    closedAt: Date,
  },
  { versionKey: false },
);
openStepSchema.index({ entityId: 1 });

export const openStepKey = (workflowId: string, step: string) => `${workflowId}/${step}`;

export function openStepModel(conn: Connection): Model<OpenStepDoc> {
  return (conn.models.OpenStep as Model<OpenStepDoc>) ?? conn.model<OpenStepDoc>('OpenStep', openStepSchema, 'open_steps');
}
