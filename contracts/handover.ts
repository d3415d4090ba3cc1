/** Handover of administration (workflows/handover.ts): its id, input and status. */
import { defineQuery } from '@temporalio/workflow';
import type { Decision } from '../domain/decision';
import type { Contact } from '../domain/entity';
import type { HandoverStep } from '../domain/handover';

export const handoverWorkflowId = Object.assign((entityId: string, handoverId: string) => `traspaso-${entityId}-${handoverId}`, {
  /** Handover ids are 24 hex digits; entity ids may hold hyphens. */
  parse(id: string): { entityId: string; handoverId: string } | undefined {
    const m = /^traspaso-(.+)-([0-9a-f]{24})$/.exec(id);
    return m ? { entityId: m[1]!, handoverId: m[2]! } : undefined;
  },
});

export interface HandoverInput {
  handoverId: string;
  entityId: string;
  outgoingEmail: string;
  incomingEmail: string;
  /** The head who started it (PCM 6.2.3.1). */
  startedBy: string;
}

/** Where the handover is: a step, waiting for a head to exist, updating the registry, or done. */
export type HandoverPhase = 'iniciando' | HandoverStep | 'sin-titular' | 'cierre' | 'completado' | 'sin-registro';

export interface HandoverStatus {
  handoverId: string;
  entityId: string;
  entityName: string;
  /** `sin-registro`: the entity or the handover's row was not in the registry, so nothing was asked. */
  state: 'en-curso' | 'completado' | 'sin-registro';
  phase: HandoverPhase;
  /** The open decision step, e.g. `entrega-2`. */
  step?: string;
  /** 1, then 2… after each observation of the head. */
  round: number;
  outgoing: Contact;
  incoming: Contact;
  head?: Contact;
  /** Who may act on the open step now, since when, and whether it escalated to the head. */
  waitingFor: string[];
  since?: string;
  escalated: boolean;
  remindersSent: number;
  /** While `retiro` is open: when it escalates (PCM 6.2.3.5). */
  removalDeadline?: string;
  observations: Array<{ round: number; reason: string; by: string; at: string }>;
  decisions: Array<{ step: string; action: Decision['action']; by: string; at: string; reason?: string }>;
  /** Accounts of the entity in service (not retired). */
  accounts: Array<{ accountId: string; label: string }>;
  /** Accounts whose immediate rotation was asked for at the end. */
  rotationsRequested: string[];
  /** False when the incoming person left the roster before the end, so nobody became `cm`. */
  incomingIsCm?: boolean;
  completedAt?: string;
}

export const handoverStatusQuery = defineQuery<HandoverStatus>('handoverStatus');
