/**
 * Matters that can affect the institution's image (PCM 6.2.2.14: whoever runs the accounts informs
 * their superiors, or the competent body, of relevant matters dealt with on the networks that may
 * affect the institution's image). The CM reports one to the head; the head acknowledges it and may
 * raise it to a superior, who acknowledges in turn.
 */
import { z } from 'zod';
import { mailbox } from './email';
import './validation';

export const IMAGE_ISSUE_RULE = 'PCM 6.2.2.14';

/** The head's step, and the superior's when the head raises the matter. */
export const IMAGE_ISSUE_HEAD_STEP = 'conocimiento-titular';
export const IMAGE_ISSUE_SUPERIOR_STEP = 'conocimiento-superior';

const url = z
  .string()
  .trim()
  .refine((v) => /^https?:\/\/[^\s/]+\.[^\s]+$/i.test(v), 'Cada enlace debe empezar con https:// (la publicación o el comentario en la red social).');

/** What the CM (or the head) reports. */
export const imageIssueReportSchema = z
  .object({
    subject: z.string({ error: 'Indique el asunto.' }).trim().min(5, 'Indique el asunto (al menos 5 caracteres).').max(200, 'El asunto admite hasta 200 caracteres.'),
    description: z
      .string({ error: 'Describa qué se está diciendo en las redes y por qué puede afectar la imagen de la institución.' })
      .trim()
      .min(20, 'Describa qué se está diciendo en las redes y por qué puede afectar la imagen de la institución (al menos 20 caracteres).')
      .max(4000, 'La descripción admite hasta 4000 caracteres.'),
    links: z.array(url).max(10, 'Como máximo 10 enlaces.').default([]),
    /** The entity's accounts where the matter is being discussed (may be none: a trend elsewhere). */
    accountIds: z.array(z.string().trim().min(1).max(100)).max(50, 'Como máximo 50 cuentas.').default([]),
  })
  .strict();
export type ImageIssueReport = z.output<typeof imageIssueReportSchema>;

/** The head's acknowledgement: a note for the reporter, and optionally the superior it is raised to. */
export const imageIssueAckSchema = z
  .object({
    note: z.string().trim().max(2000, 'La nota admite hasta 2000 caracteres.').optional(),
    superiorName: z.string().trim().max(200, 'El nombre admite hasta 200 caracteres.').optional(),
    superiorEmail: z.string().trim().toLowerCase().max(254).pipe(mailbox('Escriba un correo válido de la persona a quien se eleva el asunto.')).optional(),
  })
  .strict()
  .refine((a) => Boolean(a.superiorName) === Boolean(a.superiorEmail), {
    message: 'Para elevar el asunto indique el nombre y el correo de la persona; para no elevarlo, deje ambos vacíos.',
    path: ['superiorEmail'],
  });
export type ImageIssueAck = z.output<typeof imageIssueAckSchema>;
