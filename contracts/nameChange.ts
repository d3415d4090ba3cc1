/** «Cambio de nombre o usuario» (workflows/nameChange.ts; PCM 6.1.2.7): its id, steps, input and status. */
import { defineQuery } from '@temporalio/workflow';
import type { ProposedNames } from '../domain/accountNames';

/**
 * `cambio-nombre-<accountId>-<requestId>`: one process per request (the row in `name_changes`); the
 * account in the id lets every email link to the account's page.
 */
export const nameChangeWorkflowId = Object.assign((accountId: string, requestId: string) => `cambio-nombre-${accountId}-${requestId}`, {
  /** Request ids are 24 hex digits; account ids may hold hyphens. */
  parse(id: string): { accountId: string; requestId: string } | undefined {
    const m = /^cambio-nombre-(.+)-([0-9a-f]{24})$/.exec(id);
    return m ? { accountId: m[1]!, requestId: m[2]! } : undefined;
  },
});

export const NAME_CHANGE_STEPS = {
  approval: (round: number) => `aprobacion-${round}`,
  correction: (round: number) => `correccion-${round}`,
  /** The CM confirms the rename was done on the platform; the registry follows. */
  done: 'realizado',
} as const;

export interface NameChangeInput {
  requestId: string;
}

/** What the CM's correction sends back: the proposal again, changed as the head asked. */
export interface NameChangeCorrection {
  name?: string;
  username?: string;
  reason: string;
}

export type NameChangeStage = 'iniciando' | 'en-aprobacion' | 'en-correccion' | 'por-confirmar' | 'realizado' | 'rechazado' | 'sin-registro';

export interface NameChangeStatus {
  requestId: string;
  accountId?: string;
  stage: NameChangeStage;
  round: number;
  proposal?: ProposedNames;
  waitingFor: string[];
  decidedBy?: string;
  decidedAt?: string;
  doneBy?: string;
  doneAt?: string;
}

export const nameChangeStatusQuery = defineQuery<NameChangeStatus>('nameChangeStatus');
