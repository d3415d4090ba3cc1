/**
 * Security incidents of the entity's accounts (PCM 6.1.1.7: the accounts follow the digital-security
 * guidelines of the Secretaría de Gobierno y Transformación Digital and DU 007-2020, Marco de Confianza
 * Digital). What a report holds, the checklist the office ticks, and the closing report. Passwords are
 * never part of an incident: Custodio asks for their rotation, it never sees them.
 */
import { z } from 'zod';
import './validation';

export const INCIDENT_RULE = 'PCM 6.1.1.7';

/**
 * Where incidents are reported under DU 007-2020: the Centro Nacional de Seguridad Digital's mailbox
 * (gob.pe/14084, «Reportar incidentes de seguridad digital»). A deployment may set another (CNSD_EMAIL).
 */
export const CNSD_DEFAULT_EMAIL = 'incidentes@cnsd.gob.pe';

export const INCIDENT_KINDS = ['cuenta-comprometida', 'perdida-acceso', 'suplantacion'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

export const INCIDENT_KIND_LABELS: Record<IncidentKind, string> = {
  'cuenta-comprometida': 'Cuenta comprometida',
  'perdida-acceso': 'Pérdida de acceso',
  suplantacion: 'Suplantación',
};

/** The checklist the community manager or the head ticks, one decision step each. */
export const INCIDENT_CHECKLIST = ['recuperar-acceso', 'revisar-roles', 'notificar-cnsd'] as const;
export type IncidentChecklistItem = (typeof INCIDENT_CHECKLIST)[number];

export const INCIDENT_CHECKLIST_LABELS: Record<IncidentChecklistItem, string> = {
  'recuperar-acceso': 'Recuperar el acceso a las cuentas afectadas',
  'revisar-roles': 'Revisar los roles y permisos de las cuentas afectadas',
  'notificar-cnsd': 'Notificar al Centro Nacional de Seguridad Digital',
};

/** The head's closing step. */
export const INCIDENT_CLOSING_STEP = 'informe-cierre';

/** A Lima wall-clock minute (`YYYY-MM-DDTHH:mm`, as a datetime-local field sends it) or an ISO instant. */
const LIMA_MINUTE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** The instant a Lima wall-clock minute names (Peru keeps UTC−5 all year), or an ISO instant as given. */
export function limaInstant(value: string): string | undefined {
  const t = Date.parse(LIMA_MINUTE.test(value) ? `${value}:00-05:00` : value);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** The report a community manager or head files (PCM 6.1.1.7). */
export const incidentReportSchema = z
  .object({
    kind: z.enum(INCIDENT_KINDS, { error: 'Elija el tipo de incidente: cuenta comprometida, pérdida de acceso o suplantación.' }),
    /** The entity's accounts affected; for an impersonation, those impersonated (may be none). */
    accountIds: z.array(z.string().trim().min(1).max(100), { error: 'Indique las cuentas afectadas.' }).max(50, 'Como máximo 50 cuentas.').default([]),
    description: z
      .string({ error: 'Describa qué ocurrió.' })
      .trim()
      .min(10, 'Describa qué ocurrió (al menos 10 caracteres).')
      .max(4000, 'La descripción admite hasta 4000 caracteres.'),
    noticedAt: z
      .string({ error: 'Indique cuándo se advirtió el incidente.' })
      .trim()
      .refine((v) => limaInstant(v) !== undefined, 'Indique la fecha y hora en que se advirtió el incidente.')
      .transform((v) => limaInstant(v)!),
  })
  .strict()
  .refine((r) => r.kind === 'suplantacion' || r.accountIds.length > 0, {
    message: `Marque al menos una cuenta afectada: Custodio pide cambiar sus contraseñas de inmediato (${INCIDENT_RULE}).`,
    path: ['accountIds'],
  });

export type IncidentReport = z.output<typeof incidentReportSchema>;

/** The instant the incident was noticed may not lie ahead of now (a few minutes of clock skew allowed). */
export function noticedInFuture(noticedAt: string, now: Date): boolean {
  return Date.parse(noticedAt) > now.getTime() + 5 * 60_000;
}

/** The head's short closing report: what happened, what was done, what changes (PCM 6.1.1.7). */
export const incidentClosingSchema = z.object({
  report: z
    .string({ error: 'Escriba el informe de cierre.' })
    .trim()
    .min(20, 'Escriba el informe de cierre: qué ocurrió, qué se hizo y qué cambia (al menos 20 caracteres).')
    .max(4000, 'El informe de cierre admite hasta 4000 caracteres.'),
});
export type IncidentClosing = z.output<typeof incidentClosingSchema>;
