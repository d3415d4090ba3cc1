/** Credential rotation of one account (workflows/credentialRotation.ts): its id, messages, input and status. */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { Contact } from '../domain/entity';
import type { PolicyProfileId } from '../domain/policyProfiles';
import { prefixedId } from './workflowIds';

export const rotationWorkflowId = prefixedId('rotacion-');

export interface RotationRecord {
  cycle: number;
  step: string;
  dueAt: string;
  confirmedAt: string;
  by: string;
  reason?: string;
}

/** Why a rotation is asked for out of turn (a handover, a suspected leak), and who asked. */
export interface RotateNowRequest {
  reason: string;
  by: string;
}

export interface CredentialRotationInput {
  accountId: string;
  /** ISO instant of the last confirmed rotation; for a new account, its activation. */
  lastConfirmedAt: string;
  /** Number of the next rotation, from 1. */
  cycle: number;
  history: RotationRecord[];
  /** Rotate now instead of at the due date (a handover, a suspected leak). */
  immediate?: RotateNowRequest;
  /** A known first due instant, e.g. when an existing account is brought into Custodio. */
  dueAt?: string;
}

export type RotationState = 'esperando' | 'pendiente' | 'pausada' | 'sin-custodio' | 'retirada';

export interface RotationStatus {
  accountId: string;
  label: string;
  profile: PolicyProfileId;
  state: RotationState;
  custodian?: Contact;
  lastConfirmedAt: string;
  nextDueAt?: string;
  /** Set while a due rotation is unconfirmed (issue #4 §1). */
  overdue?: { since: string; step: string; waitingFor: string[]; escalated: boolean; remindersSent: number };
  pausedReason?: string;
  pendingImmediate?: RotateNowRequest;
  /**
   * The request is held in the custodian's digest until `nextDueAt` (issue 18 §1): the process does not wake at
   * that instant, so whoever reads the status reads it as of now (`rotationStatusAsOf`).
   */
  heldRequest?: { step: string; waitingFor: string[] };
  history: RotationRecord[];
}

/** "Read the account again": sent after a change of policy, roster or account status. */
export const refreshRotationSignal = defineSignal('refresh');
/** Ask for a rotation now (handover PCM 6.2.3, a suspected leak). */
export const rotateNowSignal = defineSignal<[RotateNowRequest]>('rotateNow');
/** The first moments of a run, before it has read the registry and knows its due instant. */
export interface RotationStarting {
  accountId: string;
  state: 'iniciando';
  lastConfirmedAt: string;
  history: RotationRecord[];
}
export const rotationStatusQuery = defineQuery<RotationStatus | RotationStarting>('rotationStatus');

/**
 * The status as of `now` (epoch ms): a request held for its due instant is pending from that instant, whether
 * or not the digest's email has left yet (the relay may be down, the burst still draining), as a request the
 * process sent itself is pending while its email activity retries.
 */
export function rotationStatusAsOf<S extends RotationStatus | RotationStarting>(s: S, now: number): S {
  if (s.state !== 'esperando' || !('heldRequest' in s) || !s.heldRequest || !s.nextDueAt || Date.parse(s.nextDueAt) > now) return s;
  const { heldRequest, ...rest } = s;
  return { ...rest, state: 'pendiente', overdue: { since: s.nextDueAt, step: heldRequest.step, waitingFor: heldRequest.waitingFor, escalated: false, remindersSent: 0 } } as S;
}
