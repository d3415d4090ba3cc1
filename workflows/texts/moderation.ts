/** The head's email about a moderation record, in Spanish (workflows/moderationNotice.ts sends it). */
import type { ModerationNoticeContext } from '../../activities/moderation';
import { INPE_BLOCK_RULE, PCM_MODERATION_RULE } from '../../domain/moderation';

export const moderationTexts = {
  /** The user is named in the body, never in the subject (personal data, Ley 29733). */
  head(w: ModerationNoticeContext['words']) {
    return {
      subject: `Registro de moderación: ${w.action.toLowerCase()} · ${w.account}`,
      paragraphs: [
        `${w.recordedBy} registró una acción de moderación en una cuenta de ${w.entityName}.`,
        w.block
          ? `Es el bloqueo de un seguidor reincidente: revíselo en Custodio y márquelo «Revisado» u «Observado» (${INPE_BLOCK_RULE}).`
          : `Los mensajes de los usuarios no se eliminan ni se bloquean: se ocultan o se denuncian en la plataforma (${PCM_MODERATION_RULE}). No requiere acción de su parte.`,
      ],
      summary: [
        ['Cuenta', w.account],
        ['Acción', w.action],
        ['Motivo', w.reason],
        ['Usuario', w.user],
        ['Evidencia', w.evidence.join(' ')],
        ['Registrado', w.recordedAt],
      ] as Array<[string, string]>,
      linkLabel: 'Ver el registro',
    };
  },
};
