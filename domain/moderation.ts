/**
 * The moderation record (issue 17 §4). PCM 6.2.2.13 binds every Executive Branch entity (PCM, INPE,
 * Senace): users' messages are never blocked or deleted; aggressive, offensive or threatening ones are
 * hidden or reported to the platform, and the CM may only hide. INPE 5.4.b adds, on top, blocking a
 * follower who breaks 5.4.a again and again, with a record of the incident supervised by the head of the
 * press office. Where both speak the stricter rule wins (RULEBOOK "Scope"): 5.4.a's «deberá ser borrado»
 * gives way to PCM's «no se eliminarán», so there is no deletion to record anywhere.
 */
import { z } from 'zod';
import type { PolicyProfileId } from './policyProfiles';
import './validation';

export const PCM_MODERATION_RULE = 'PCM 6.2.2.13';
export const INPE_BLOCK_RULE = 'INPE 5.4.b';

/** What a record says was done to a comment or its author; never a deletion (PCM 6.2.2.13). */
export const MODERATION_ACTIONS = ['ocultar', 'denunciar', 'bloquear'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

export const MODERATION_ACTION_LABELS: Record<ModerationAction, string> = {
  ocultar: 'Ocultó el comentario',
  denunciar: 'Denunció el comentario en la plataforma',
  bloquear: 'Bloqueó al seguidor',
};

/** Why the form offers no deletion, in the words it shows. */
export const NO_DELETION = `Custodio no registra eliminaciones: los mensajes de los usuarios no se bloquean ni se eliminan; los agresivos, ofensivos o amenazantes se ocultan o se denuncian en la plataforma (${PCM_MODERATION_RULE}).`;

/**
 * Why a comment was moderated: PCM 6.2.2.13's aggressive, offensive or threatening messages, and INPE
 * 5.4.a's categories. A block must name one of 5.4.a's (INPE 5.4.b: the follower broke «lo establecido
 * en el literal a)»).
 */
export const MODERATION_REASONS = [
  'agresivo',
  'insultos',
  'soeces',
  'sexual-violento',
  'falso-testimonio',
  'integridad-imagen',
  'politico-religioso',
  'publicidad-comercial',
  'perjuicio',
] as const;
export type ModerationReason = (typeof MODERATION_REASONS)[number];

export const MODERATION_REASON_LABELS: Record<ModerationReason, string> = {
  agresivo: 'Mensaje agresivo, ofensivo o amenazante (PCM 6.2.2.13)',
  insultos: 'Frases insultantes a otros usuarios (INPE 5.4.a)',
  soeces: 'Palabras soeces u obscenas (INPE 5.4.a)',
  'sexual-violento': 'Imágenes con contenido sexual o violento (INPE 5.4.a)',
  'falso-testimonio': 'Falsos testimonios (INPE 5.4.a)',
  'integridad-imagen': 'Contenido contra la integridad o la imagen de otro usuario o de la institución (INPE 5.4.a)',
  'politico-religioso': 'Comentario con contenido político o religioso (INPE 5.4.a)',
  'publicidad-comercial': 'Publicidad comercial (INPE 5.4.a)',
  perjuicio: 'Perjuicio a la institución, a sus servidores o a la ciudadanía (INPE 5.4.a)',
};

/** INPE 5.4.a's categories: the only reasons a block may give. */
export const INPE_54A_REASONS: readonly ModerationReason[] = MODERATION_REASONS.filter((r) => r !== 'agresivo');

/**
 * Whether the entity's profile lets its office record `action`; the Spanish reason when not. Blocking is
 * INPE's alone (INPE 5.4.b); every other profile hides or reports (PCM 6.2.2.13).
 */
export function moderationActionRefusal(profile: PolicyProfileId, action: ModerationAction): { message: string; rule: string } | undefined {
  if (action !== 'bloquear' || profile === 'INPE') return undefined;
  // The Congress is not bound by PCM's directive (RULEBOOK, scope): its refusal names the one rule that allows a block.
  if (profile === 'CONGRESO') {
    return { rule: INPE_BLOCK_RULE, message: `El procedimiento del Congreso no prevé bloquear usuarios: registre el comentario ocultado o denunciado. Solo el INPE registra bloqueos de seguidores reincidentes (${INPE_BLOCK_RULE}).` };
  }
  return { rule: PCM_MODERATION_RULE, message: `No se bloquea a los usuarios: sus mensajes agresivos, ofensivos o amenazantes se ocultan o se denuncian en la plataforma (${PCM_MODERATION_RULE}). Solo el INPE registra bloqueos de seguidores reincidentes (${INPE_BLOCK_RULE}).` };
}

/**
 * A block needs earlier occurrences (INPE 5.4.b: «en reiteradas oportunidades»): an earlier record of
 * the same user on the same account, or at least two comments linked as evidence.
 */
export function blockLacksRepetition(earlierRecords: number, evidenceLinks: number): boolean {
  return earlierRecords < 1 && evidenceLinks < 2;
}

/** The handle as records compare it: without the leading @, in lower case. */
export const userKeyOf = (handle: string): string => handle.trim().replace(/^@+/, '').toLowerCase();

const evidenceUrl = z
  .string()
  .trim()
  .max(2000, 'Cada enlace admite hasta 2000 caracteres.')
  .refine((v) => {
    try {
      return new URL(v).protocol === 'https:';
    } catch {
      return false;
    }
  }, 'Cada evidencia es el enlace (https://…) del comentario en la plataforma.');

/** What the CM or the head records. `action` has no deletion: a request for one is refused citing PCM 6.2.2.13. */
export const moderationRecordSchema = z
  .object({
    accountId: z.string({ error: 'Elija la cuenta.' }).trim().min(1, 'Elija la cuenta.').max(100),
    action: z.enum(MODERATION_ACTIONS, { error: `Elija qué hizo: ocultar, denunciar en la plataforma o bloquear. ${NO_DELETION}` }),
    reason: z.enum(MODERATION_REASONS, { error: 'Elija el motivo.' }),
    userHandle: z
      .string({ error: 'Indique el usuario autor del comentario.' })
      .trim()
      .min(1, 'Indique el usuario autor del comentario.')
      .max(100, 'El usuario admite hasta 100 caracteres.')
      .refine((v) => userKeyOf(v).length > 0, 'Indique el usuario autor del comentario.'),
    evidenceUrls: z
      .array(evidenceUrl, { error: 'Indique el enlace del comentario.' })
      .min(1, 'Indique al menos el enlace de un comentario como evidencia.')
      .max(10, 'Como máximo 10 enlaces de evidencia.'),
    note: z.string().trim().max(2000, 'La nota admite hasta 2000 caracteres.').optional(),
  })
  .strict()
  .refine((r) => r.action !== 'bloquear' || INPE_54A_REASONS.includes(r.reason), {
    message: `Un bloqueo se justifica con uno de los motivos del literal a) del numeral 5.4 (${INPE_BLOCK_RULE}).`,
    path: ['reason'],
  });
export type ModerationRecordInput = z.output<typeof moderationRecordSchema>;

/** The head's review of a block (INPE 5.4.b: the record is «supervisado por el jefe»). */
export const MODERATION_VERDICTS = ['revisado', 'observado'] as const;
export type ModerationVerdict = (typeof MODERATION_VERDICTS)[number];
export const MODERATION_VERDICT_LABELS: Record<ModerationVerdict, string> = { revisado: 'Revisado', observado: 'Observado' };

export const moderationReviewSchema = z
  .object({
    verdict: z.enum(MODERATION_VERDICTS, { error: 'Elija «Revisado» u «Observado».' }),
    note: z.string().trim().max(2000, 'La observación admite hasta 2000 caracteres.').optional(),
  })
  .strict()
  .refine((r) => r.verdict !== 'observado' || (r.note ?? '').length >= 5, {
    message: 'Escriba qué observa del bloqueo (al menos 5 caracteres).',
    path: ['note'],
  });
export type ModerationReviewInput = z.output<typeof moderationReviewSchema>;
