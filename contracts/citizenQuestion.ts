/** «Consulta ciudadana» (workflows/citizenQuestion.ts; PCM 6.2.2.12): its id, steps, input and status. */
import { defineQuery } from '@temporalio/workflow';

/** `consulta-<entityId>-<questionId>`: one process per routed question (the row in `citizen_questions`). */
export const citizenQuestionWorkflowId = Object.assign((entityId: string, questionId: string) => `consulta-${entityId}-${questionId}`, {
  /** Question ids are 24 hex digits; entity ids may hold hyphens. */
  parse(id: string): { entityId: string; questionId: string } | undefined {
    const m = /^consulta-(.+)-([0-9a-f]{24})$/.exec(id);
    return m ? { entityId: m[1]!, questionId: m[2]! } : undefined;
  },
});

export const CITIZEN_QUESTION_STEPS = {
  /** The responsible area answers, by the entity's deadline. */
  answer: 'atencion',
  /** The CM replies on the network with the area's answer and confirms it. */
  reply: 'respuesta',
} as const;

export interface CitizenQuestionInput {
  questionId: string;
}

export type CitizenQuestionStage = 'iniciando' | 'en-atencion' | 'por-responder' | 'respondida' | 'sin-registro';

export interface CitizenQuestionStatus {
  questionId: string;
  stage: CitizenQuestionStage;
  waitingFor: string[];
  dueAt?: string;
  answeredBy?: string;
  answeredAt?: string;
  repliedBy?: string;
  repliedAt?: string;
}

export const citizenQuestionStatusQuery = defineQuery<CitizenQuestionStatus>('citizenQuestionStatus');
