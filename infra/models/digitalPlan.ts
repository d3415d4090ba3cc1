import { Schema, type Connection, type Model } from 'mongoose';
import { PLAN_INDICATORS, PLAN_SECTIONS, type PlanDraft } from '../../domain/digitalPlan';
import { NETWORKS } from '../../domain/networks';

export const PLAN_STATES = ['draft', 'pending', 'approved'] as const;
/** `draft` also after an observation (`observation` says why); `pending` while the head decides. */
export type PlanState = (typeof PLAN_STATES)[number];

/**
 * An entity's Plan de Comunicación Digital for one year (issue 19 §3; PCM 6.2.2.1, Anexo 2), `_id`
 * `<entityId>:<year>`: drafted from the page, sent for approval (a process per round), approved by the
 * head and then final for that year, with its number.
 */
export interface DigitalPlanDoc extends PlanDraft {
  _id: string;
  entityId: string;
  year: number;
  state: PlanState;
  /** Rounds of approval so far; the process of round n is `plan-<entityId>-<year>-<n>`. */
  round: number;
  updatedBy: string;
  updatedAt: Date;
  submittedBy?: string;
  submittedAt?: Date;
  decidedBy?: string;
  decidedAt?: Date;
  /** The head's last observation, while the draft is corrected. */
  observation?: string;
  /** e.g. `PLAN DE COMUNICACIÓN DIGITAL N° 001-2026-OC/MINCUL`. */
  recordCode?: string;
}

const counts = (keys: readonly string[]) => new Schema(Object.fromEntries(keys.map((k) => [k, Number])), { _id: false });

const digitalPlanSchema = new Schema<DigitalPlanDoc>(
  {
    _id: { type: String, required: true },
    entityId: { type: String, required: true, index: true },
    year: { type: Number, required: true },
    sections: { type: new Schema(Object.fromEntries(PLAN_SECTIONS.map((s) => [s, String])), { _id: false }), default: {} },
    weeklyPosts: { type: counts(NETWORKS), default: {} },
    indicators: { type: counts(PLAN_INDICATORS), default: {} },
    state: { type: String, enum: PLAN_STATES, required: true },
    round: { type: Number, required: true },
    updatedBy: { type: String, required: true },
    updatedAt: { type: Date, required: true },
    submittedBy: String,
    submittedAt: Date,
    decidedBy: String,
    decidedAt: Date,
    observation: String,
    recordCode: String,
  },
  { versionKey: false, minimize: false },
);

export function digitalPlanModel(conn: Connection): Model<DigitalPlanDoc> {
  return (conn.models.DigitalPlan as Model<DigitalPlanDoc>) ?? conn.model<DigitalPlanDoc>('DigitalPlan', digitalPlanSchema, 'digital_plans');
}

export const digitalPlanId = (entityId: string, year: number) => `${entityId}:${year}`;
