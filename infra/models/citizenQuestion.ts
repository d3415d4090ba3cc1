import { Schema, type Connection, type Model } from 'mongoose';
import { NETWORKS, type Network } from '../../domain/networks';
import { QUESTION_KINDS, type QuestionKind } from '../../domain/citizenQuestion';

export const QUESTION_STATES = ['open', 'answered', 'replied'] as const;
/** `answered`: the area answered, the CM has not yet confirmed the reply on the network. */
export type QuestionState = (typeof QUESTION_STATES)[number];

/**
 * A citizen's question routed to the responsible area (issue 19 §4; PCM 6.2.2.12), written by the API
 * when the CM routes it and moved by its process (workflows/citizenQuestion.ts). Never the citizen's
 * name or handle: the question's text and, if given, the link to the message.
 */
export interface CitizenQuestionDoc {
  _id: string;
  entityId: string;
  workflowId: string;
  network: Network;
  question: string;
  link?: string;
  kind: QuestionKind;
  areaEmail: string;
  /** The area as the roster named it when routed (the person's unit). */
  areaName: string;
  receivedAt: Date;
  /** When the deadline started to run (attention hours, SENACE 8.4) and when it falls. */
  countsFrom: Date;
  dueAt: Date;
  dueBusinessDays: number;
  askedBy: string;
  askedAt: Date;
  state: QuestionState;
  answer?: string;
  answeredBy?: string;
  answeredAt?: Date;
  repliedBy?: string;
  repliedAt?: Date;
}

const questionSchema = new Schema<CitizenQuestionDoc>(
  {
    _id: { type: String, required: true },
    entityId: { type: String, required: true, index: true },
    workflowId: { type: String, required: true },
    network: { type: String, enum: NETWORKS, required: true },
    question: { type: String, required: true },
    link: String,
    kind: { type: String, enum: QUESTION_KINDS, required: true },
    areaEmail: { type: String, required: true, lowercase: true },
    areaName: { type: String, required: true },
    receivedAt: { type: Date, required: true },
    countsFrom: { type: Date, required: true },
    dueAt: { type: Date, required: true },
    dueBusinessDays: { type: Number, required: true },
    askedBy: { type: String, required: true },
    askedAt: { type: Date, required: true },
    state: { type: String, enum: QUESTION_STATES, required: true },
    answer: String,
    answeredBy: String,
    answeredAt: Date,
    repliedBy: String,
    repliedAt: Date,
  },
  { versionKey: false },
);
questionSchema.index({ entityId: 1, askedAt: -1 });

export function citizenQuestionModel(conn: Connection): Model<CitizenQuestionDoc> {
  return (conn.models.CitizenQuestion as Model<CitizenQuestionDoc>) ?? conn.model<CitizenQuestionDoc>('CitizenQuestion', questionSchema, 'citizen_questions');
}
