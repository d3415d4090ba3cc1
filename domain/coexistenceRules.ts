/**
 * The norms of coexistence for users of the entity's accounts (issue 19 §3; PCM 6.2.2.6, Anexo 6): a public
 * page per entity, from the directive's proposal with the entity's name, which the head may adapt. PCM
 * 6.2.2.6 binds the entity's own content to them («se respetarán las normas de convivencia que aparecen
 * en el anexo 6»); the moderation record (PCM 6.2.2.13) applies them to users' comments.
 */
import { z } from 'zod';

export interface CoexistenceRules {
  intro: string;
  rules: string[];
}

export const COEXISTENCE_CLAUSE = 'PCM 6.2.2.6, Anexo 6';

/** Anexo 6 as the directive words it, «El Ministerio de…» replaced by the entity's name. */
export function anexo6Template(entityName: string): CoexistenceRules {
  return {
    intro: `${entityName}, por medio de sus cuentas en redes sociales, promueve y garantiza una convivencia respetuosa y armoniosa con sus usuarios, por ello:`,
    rules: [
      'Evita conflictos y comentarios negativos que puedan afectar a cualquier usuario y atentar contra su honor, intimidad y propia imagen.',
      'Crea un ambiente agradable para las intervenciones entre el autor principal de la cuenta y sus contactos.',
      'Reconoce y aprecia la intervención de los seguidores, agradeciendo los posts y contenidos publicados, especialmente aquellos que agregan valor a la cuenta institucional.',
      'Respeta la privacidad de los demás no publicando contenido privado extraído de cuentas personales sin el consentimiento de sus autores.',
      'Las cuentas institucionales tienen la potestad de utilizar los sistemas de denuncia que brindan las redes sociales, si fuera necesario, en los casos que un usuario no cumpla con las normas de convivencia de su comunidad digital.',
      'Evita el cyberbullying.',
      'Modera las críticas hacia otras personas. Tu libertad de expresión termina donde comienzan los derechos de los demás. Si atentas contra el honor o intimidad de una persona puedes cometer un delito.',
    ],
  };
}

/** The head's version; `null` goes back to the directive's text. */
export const coexistenceRulesSchema = z
  .object({
    intro: z.string({ error: 'Escriba la presentación.' }).trim().min(20, 'Escriba la presentación en al menos 20 caracteres.').max(1000, 'Use como máximo 1000 caracteres.'),
    rules: z
      .array(z.string().trim().min(5, 'Cada norma necesita al menos 5 caracteres.').max(500, 'Cada norma puede tener como máximo 500 caracteres.'))
      .min(3, 'Escriba al menos 3 normas, una por línea.')
      .max(20, 'Escriba como máximo 20 normas.'),
  })
  .strict();

/** What the public page shows: the head's version, or the directive's. */
export const coexistenceRulesOf = (e: { name: string; coexistenceRules?: CoexistenceRules | null }): CoexistenceRules & { adapted: boolean } =>
  e.coexistenceRules ? { ...e.coexistenceRules, adapted: true } : { ...anexo6Template(e.name), adapted: false };
