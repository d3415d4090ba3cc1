/**
 * What the agency-grant API accepts (RULEBOOK §3.1, PCM 6.1.2.10): an agency's role on one account for
 * one paid campaign, and an early end of that campaign. The same schemas validate requests and feed the
 * OpenAPI document.
 */
import { z } from 'zod';
import { calendarDaySchema as day } from './dates';
import { mailbox } from './email';
import { AGENCY_ROLES } from './pageRoles';
import './validation';

const RULE = 'PCM 6.1.2.10';

const text = (label: string, max: number) =>
  z.string().trim().min(2, `Indique ${label} (al menos 2 caracteres).`).max(max, `${label[0]!.toUpperCase()}${label.slice(1)}: máximo ${max} caracteres.`);

/** Meta's Business Manager IDs are numeric; anything else would not identify the agency there. */
const businessManagerId = z
  .string()
  .trim()
  .regex(/^\d{5,20}$/, 'El ID de Business Manager es numérico (de 5 a 20 dígitos), p. ej. 1234567890123456.');

/** An empty field in a form means "none". */
const blankIsNone = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema);

export const agencyGrantCreateSchema = z
  .object({
    agencyName: text('el nombre de la agencia', 160),
    businessManagerId: blankIsNone(businessManagerId.optional()),
    role: z.enum(AGENCY_ROLES, { message: 'Elija el rol: advertiser (anunciante) o partner (socio vía Business Manager).' }),
    campaign: text('la campaña', 200),
    startsOn: day,
    endsOn: day,
    /** Whom the agency names to hear from the entity; told 14 and 1 business days before its access ends (issue 17 §2). */
    agencyContactName: blankIsNone(z.string().trim().max(120, 'Nombre del contacto: máximo 120 caracteres.').optional()),
    agencyContactEmail: blankIsNone(z.string().trim().toLowerCase().pipe(mailbox('Correo del contacto de la agencia no válido.')).optional()),
    /** A double-click (or a retried call) with the same key creates one grant. */
    idempotencyKey: z.string().trim().min(1).max(200, 'Clave de idempotencia demasiado larga (máximo 200 caracteres).').optional(),
  })
  .strict()
  .refine((g) => g.endsOn >= g.startsOn, { message: 'La campaña no puede terminar antes de empezar.', path: ['endsOn'] })
  .refine((g) => g.agencyContactName === undefined || g.agencyContactEmail !== undefined, {
    message: 'Indique también el correo del contacto de la agencia, o deje vacío su nombre.',
    path: ['agencyContactEmail'],
  })
  .refine((g) => g.role !== 'partner' || g.businessManagerId !== undefined, {
    message: `El rol de socio se otorga a través de Business Manager: indique el ID de la agencia (${RULE}).`,
    path: ['businessManagerId'],
  });

/** Ending the campaign early ends the grant early (issue #4 §2); `on` defaults to today in Lima. */
export const agencyGrantEndSchema = z
  .object({
    on: day.optional(),
    reason: z.string().trim().min(5, 'Indique el motivo (al menos 5 caracteres).').max(500),
  })
  .strict();

export type AgencyGrantCreateInput = z.infer<typeof agencyGrantCreateSchema>;
export type AgencyGrantEndInput = z.infer<typeof agencyGrantEndSchema>;
