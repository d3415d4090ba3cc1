/**
 * The I/O of «consulta ciudadana» (workflows/citizenQuestion.ts; PCM 6.2.2.12): the question's row with
 * its deadline (computed by the API when the CM routed it, so replay never moves it), the area's person
 * as the roster names them now, and the row's moves (each a `$set`: a retry writes the same thing).
 */
import type { Connection } from 'mongoose';
import { QUESTION_KIND_LABELS } from '../domain/citizenQuestion';
import type { Contact, EntityPolicy } from '../domain/entity';
import { NETWORK_LABELS } from '../domain/networks';
import { PROFILES } from '../domain/policyProfiles';
import { attentionWindowText } from '../domain/attentionHours';
import { writtenInstant } from '../infra/limaTime';
import { citizenQuestionModel } from '../infra/models/citizenQuestion';
import type { Registry } from '../registry/reads';

export interface CitizenQuestionContext {
  /** False when the row or its entity is gone: the process closes. */
  exists: boolean;
  /** Absent while the roster lacks a head, second or CM. */
  entity?: EntityPolicy;
  area: Contact;
  areaName: string;
  network: string;
  kind: string;
  question: string;
  link?: string;
  receivedAt: string;
  countsFrom: string;
  dueAt: string;
  dueBusinessDays: number;
  /** Lima words for the emails: «lunes, 7 de diciembre de 2026, 08:00». */
  labels: { receivedAt: string; countsFrom: string; dueAt: string };
  /** SENACE 8.4: the attention hours in words, with their clause, where the profile has them. */
  attentionHours?: string;
}

export function createCitizenQuestionActivities(deps: { db: Connection; registry: Pick<Registry, 'policy' | 'roster'> }) {
  const questions = citizenQuestionModel(deps.db);
  return {
    async citizenQuestionContext(input: { questionId: string }): Promise<CitizenQuestionContext> {
      const row = await questions.findById(input.questionId).lean();
      const policy = row ? await deps.registry.policy(row.entityId) : undefined;
      const person = row ? (await deps.registry.roster(row.entityId)).find((r) => r.email === row.areaEmail) : undefined;
      const when = (d: Date | undefined) => (d ?? new Date(0)).toISOString();
      const window = policy && 'doc' in policy ? PROFILES[policy.doc.profile].citizenQuestions?.attentionHours : undefined;
      return {
        exists: Boolean(row && policy && (policy.ok || policy.reason !== 'unknown')),
        ...(policy?.ok ? { entity: policy.policy } : {}),
        area: { name: person?.name ?? row?.areaEmail ?? '', email: row?.areaEmail ?? '' },
        areaName: row?.areaName ?? '',
        network: row ? NETWORK_LABELS[row.network] : '',
        kind: row ? QUESTION_KIND_LABELS[row.kind] : '',
        question: row?.question ?? '',
        ...(row?.link ? { link: row.link } : {}),
        receivedAt: when(row?.receivedAt),
        countsFrom: when(row?.countsFrom),
        dueAt: when(row?.dueAt),
        dueBusinessDays: row?.dueBusinessDays ?? 1,
        labels: { receivedAt: writtenInstant(when(row?.receivedAt)), countsFrom: writtenInstant(when(row?.countsFrom)), dueAt: writtenInstant(when(row?.dueAt)) },
        ...(window ? { attentionHours: `${attentionWindowText(window)} (${window.clause})` } : {}),
      };
    },

    async recordQuestionAnswer(input: { questionId: string; answer: string; by: string; at: string }): Promise<void> {
      await questions.updateOne({ _id: input.questionId }, { $set: { state: 'answered', answer: input.answer, answeredBy: input.by, answeredAt: new Date(input.at) } });
    },

    async recordQuestionReply(input: { questionId: string; by: string; at: string }): Promise<void> {
      await questions.updateOne({ _id: input.questionId }, { $set: { state: 'replied', repliedBy: input.by, repliedAt: new Date(input.at) } });
    },
  };
}
