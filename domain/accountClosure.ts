/**
 * Closing an institutional account (issue 19 §5): PCM 5.2.5 forbids abandoning an account, so one that
 * ends is closed on purpose. The head of the office approves (SENACE 7.2: only the communications office
 * closes an account); the community manager removes every role, changes the password one last time and
 * closes it on the platform, and confirms the three; then the registry retires it, its rotation and
 * reviews stop, and a numbered «ACTA DE CIERRE» goes to SCS (supervised profiles) or to the office's file.
 */
import { z } from 'zod';
import type { PolicyProfileId } from './policyProfiles';

/** The clause a closure answers to: Senace's own rule where it binds, PCM's elsewhere in the Executive. */
export function closureClause(profile: PolicyProfileId): string {
  if (profile === 'SENACE') return 'SENACE 7.2';
  // The Congress's procedure has no closing clause: its head closes as custodian of its accesses (6.1.3).
  if (profile === 'CONGRESO') return 'CONGRESO 6.1.3';
  return 'PCM 5.2.5';
}

/** Why the account closes, from the page or the API. */
export const closureRequestSchema = z
  .object({
    reason: z
      .string({ error: 'Indique por qué se cierra la cuenta.' })
      .trim()
      .min(10, 'Explique el motivo en al menos 10 caracteres.')
      .max(1000, 'Use como máximo 1000 caracteres.'),
  })
  .strict();
export type ClosureRequest = z.output<typeof closureRequestSchema>;

/** What the CM confirms was done on the platform, in the order it is done. */
export const CLOSURE_CHECKS = ['rolesRemoved', 'passwordChanged', 'platformClosed'] as const;
export type ClosureCheck = (typeof CLOSURE_CHECKS)[number];

export const CLOSURE_CHECK_LABELS: Record<ClosureCheck, string> = {
  rolesRemoved: 'Retiré los roles de página de todas las personas y agencias; solo quedan quienes cierran la cuenta.',
  passwordChanged: 'Cambié la contraseña una última vez (Custodio no la pide ni la guarda).',
  platformClosed: 'Desactivé o eliminé la cuenta en la red social.',
};

/** What the acta and the emails say was done, one line per check. */
export const CLOSURE_CHECK_RECORDS: Record<ClosureCheck, string> = {
  rolesRemoved: 'Se retiraron los roles de página de todas las personas y agencias.',
  passwordChanged: 'Se cambió la contraseña una última vez.',
  platformClosed: 'Se desactivó o eliminó la cuenta en la red social.',
};

const confirmed = (check: ClosureCheck) => z.literal(true, { error: `Confirme: ${CLOSURE_CHECK_LABELS[check]}` });

/** The CM's confirmation: all three, or a refusal naming each one missing, in one answer. */
export const closureChecklistSchema = z
  .object({
    rolesRemoved: confirmed('rolesRemoved'),
    passwordChanged: confirmed('passwordChanged'),
    platformClosed: confirmed('platformClosed'),
    note: z.string().trim().max(1000, 'Use como máximo 1000 caracteres.').optional(),
  })
  .strict();
export type ClosureChecklist = z.output<typeof closureChecklistSchema>;

/** The rotation history's word for the last change of password. */
export const closureRotationReason = (clause: string) => `Cierre de la cuenta (${clause})`;
