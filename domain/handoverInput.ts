/**
 * What the handover API accepts (RULEBOOK §4, PCM 6.2.3): who leaves the administration of the
 * entity's accounts and who takes it. The roster checks (domain/handover.ts) come after the shape.
 * The same schema validates requests and feeds the OpenAPI document.
 */
import { z } from 'zod';
import { mailbox } from './email';
import { HANDOVER_RULE } from './handover';
import './validation';

const email = (who: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `Indique el correo institucional ${who}.` : `El correo ${who} debe ser un texto.`) })
    .trim()
    .toLowerCase()
    .max(254, 'Correo demasiado largo.')
    .pipe(mailbox('Correo no válido.'));

export const handoverCreateSchema = z
  .object({
    /** The community manager who leaves. */
    outgoingEmail: email('de quien deja la administración'),
    /** Who takes it: on the entity's roster, becomes its community manager. */
    incomingEmail: email('de quien asume la administración'),
  })
  .strict()
  .refine((h) => h.outgoingEmail !== h.incomingEmail, {
    message: `Quien asume la administración debe ser una persona distinta de quien la deja (${HANDOVER_RULE}).`,
    path: ['incomingEmail'],
  });

export type HandoverCreateInput = z.infer<typeof handoverCreateSchema>;
