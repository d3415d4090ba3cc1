/** A matter that can affect the institution's image (workflows/imageIssue.ts; PCM 6.2.2.14): its id, input and status. */
import { defineQuery } from '@temporalio/workflow';
import type { Waiting } from './decision';

/** `asunto-<entityId>-<issueId>`: one process per reported matter; ids are 24 hex digits, entity ids may hold hyphens. */
export const imageIssueWorkflowId = Object.assign((entityId: string, issueId: string) => `asunto-${entityId}-${issueId}`, {
  parse(id: string): { entityId: string; issueId: string } | undefined {
    const m = /^asunto-(.+)-([0-9a-f]{24})$/.exec(id);
    return m ? { entityId: m[1]!, issueId: m[2]! } : undefined;
  },
});

export interface ImageIssueInput {
  issueId: string;
  entityId: string;
  /** Who reported it (an address), and when (ISO). */
  reportedBy: string;
  reportedAt: string;
}

export interface ImageIssueEvent {
  at: string;
  by: string;
  what: string;
}

/** Waiting for the head, raised and waiting for the superior, or known to everyone it had to reach. */
export type ImageIssueStage = 'iniciando' | 'con-titular' | 'elevado' | 'atendido' | 'sin-entidad';

export interface ImageIssueStatus {
  issueId: string;
  entityId: string;
  stage: ImageIssueStage;
  timeline: ImageIssueEvent[];
  /** The head's acknowledgement, with the superior it was raised to, if any. */
  acknowledged?: { by: string; at: string; note?: string; superior?: { name: string; email: string } };
  superiorAcknowledged?: { by: string; at: string };
  waiting: Waiting[];
}

export const imageIssueStatusQuery = defineQuery<ImageIssueStatus>('imageIssueStatus');
