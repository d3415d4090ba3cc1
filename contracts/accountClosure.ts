/** «Cierre de cuenta» (workflows/accountClosure.ts; PCM 5.2.5, SENACE 7.2): its id, steps, input and status. */
import { defineQuery } from '@temporalio/workflow';

/**
 * `cierre-<accountId>-<requestId>`: one process per request (the row in `account_closures`); the account in
 * the id lets every email link to the account's page.
 */
export const accountClosureWorkflowId = Object.assign((accountId: string, requestId: string) => `cierre-${accountId}-${requestId}`, {
  /** Request ids are 24 hex digits; account ids may hold hyphens. */
  parse(id: string): { accountId: string; requestId: string } | undefined {
    const m = /^cierre-(.+)-([0-9a-f]{24})$/.exec(id);
    return m ? { accountId: m[1]!, requestId: m[2]! } : undefined;
  },
});

export const ACCOUNT_CLOSURE_STEPS = {
  /** The head approves or rejects a closure the CM asked for; the head's own request is already approved. */
  approval: 'aprobacion',
  /** The CM confirms roles removed, the last change of password and the account closed on the platform. */
  closing: 'cierre',
} as const;

export interface AccountClosureInput {
  requestId: string;
}

export type AccountClosureStage = 'iniciando' | 'en-aprobacion' | 'por-cerrar' | 'cerrada' | 'rechazada' | 'sin-registro';

export interface AccountClosureStatus {
  requestId: string;
  accountId?: string;
  stage: AccountClosureStage;
  waitingFor: string[];
  decidedBy?: string;
  decidedAt?: string;
  closedBy?: string;
  closedAt?: string;
  /** The acta's number, once given. */
  recordCode?: string;
}

export const accountClosureStatusQuery = defineQuery<AccountClosureStatus>('accountClosureStatus');
