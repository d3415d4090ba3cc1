/** Creation of an institutional account (workflows/accountCreation.ts): its id, input and status. */
import { defineQuery } from '@temporalio/workflow';
import type { AccountProposal } from '../domain/accountProposal';
import type { ChecklistItem } from '../domain/creationChecklist';
import type { Decision } from '../domain/decision';
import type { EntityPolicy } from '../domain/entity';
import type { Waiting } from './decision';
import { prefixedId } from './workflowIds';

/** Request ids are the workflow id's tail: readable in the Temporal UI, opaque to users. */
export const accountCreationWorkflowId = prefixedId('account-request-');

export interface AccountCreationInput {
  requestId: string;
  entity: EntityPolicy;
  proposal: AccountProposal;
  submittedAt: string;
  /**
   * INPE 4.2.c: the requesting unit's name when a unit (the roster's `requester`) asks for an account of
   * its own under a profile where the Gerencia General decides it; absent otherwise.
   */
  unit?: string;
  /**
   * PCM 6.2.2.1: the entity's approved Plan de Comunicación Digital for the year of submission, which the
   * technical report cites (`code` null when none is approved); absent in processes started before plans.
   */
  plan?: { year: number; code: string | null };
}

export type AccountCreationStage = 'aprobacion' | 'correccion' | 'gerencia' | 'creacion' | 'activa' | 'rechazada';

export interface AccountCreationStatus {
  requestId: string;
  entityId: string;
  stage: AccountCreationStage;
  waiting: Waiting[];
  decisions: Decision[];
  proposal: AccountProposal;
  checklist: { done: ChecklistItem[]; pending: ChecklistItem[]; chosenName?: string };
  supervisorAcknowledged: boolean | null;
  accountIds: string[];
}

export const accountCreationStatusQuery = defineQuery<AccountCreationStatus>('status');
