/** What an agency grant says to people, in Spanish; workflows/agencyGrant.ts decides when and to whom. */
import { peruvianDate } from '../../domain/dates';
import type { EndEarlyRequest } from '../../contracts/agencyGrant';
import { AGENCY_ROLE_LABELS, type AgencyRole } from '../../domain/pageRoles';
import type { PlatformAgency } from '../../domain/platformRoles';

/** The grant as the texts name it (the process's context and the end in force). */
export interface GrantTextFacts {
  agencyName: string;
  businessManagerId?: string;
  role: AgencyRole;
  campaign: string;
  label: string;
  entityName: string;
  startsOn: string;
  /** The campaign's last day in force. */
  endsOn: string;
  endedEarly?: EndEarlyRequest;
}

/** «el rol de anunciante», or the partner access through Business Manager (PCM 6.1.2.10). */
function roleText(g: GrantTextFacts): string {
  return g.role === 'partner' ? `el acceso de socio (Business Manager ${g.businessManagerId ?? 'sin ID'})` : `el rol de ${AGENCY_ROLE_LABELS[g.role].toLowerCase()}`;
}

const inBusinessDays = (n: number) => (n === 1 ? 'en 1 día hábil' : `en ${n} días hábiles`);

export const grantTexts = {
  /** The custodian's step: remove the agency's role, then «Ya lo retiré». */
  removal: (g: GrantTextFacts, dueLabel: string) => {
    const how =
      g.role === 'partner'
        ? `Quite a la agencia como socio en la configuración del Business Manager de la entidad (ID de la agencia: ${g.businessManagerId ?? 'no registrado'}).`
        : 'Quite a la agencia el rol de anunciante en la configuración de roles de la página.';
    const ended = g.endedEarly
      ? `La campaña «${g.campaign}» terminó anticipadamente el ${peruvianDate(g.endsOn)}: ${g.endedEarly.reason} (dispuesto por ${g.endedEarly.by}).`
      : `La campaña «${g.campaign}» terminó el ${peruvianDate(g.endsOn)}.`;
    return {
      title: `Retiro de agencia: ${g.agencyName} – ${g.label}`,
      intro:
        `${ended} Una agencia de medios solo tiene acceso a la cuenta durante su campaña (PCM 6.1.2.10): retire ${roleText(g)} de ` +
        `${g.agencyName} en la cuenta ${g.label}. ${how} Luego pulse «Ya lo retiré». La agencia nunca recibe contraseñas de la cuenta.`,
      summary: [
        ['Entidad', g.entityName],
        ['Cuenta', g.label],
        ['Agencia', g.agencyName],
        ...(g.businessManagerId ? [['ID de Business Manager', g.businessManagerId] as [string, string]] : []),
        ['Rol', AGENCY_ROLE_LABELS[g.role]],
        ['Campaña', g.campaign],
        ['Vigencia', `del ${peruvianDate(g.startsOn)} al ${peruvianDate(g.endsOn)}${g.endedEarly ? ' (término anticipado)' : ''}`],
        ['Retiro pendiente desde', dueLabel],
      ] as Array<[string, string]>,
    };
  },

  /** The head answers for who keeps a role (PCM 6.2.3.5): they learn the agency no longer holds it. */
  removed: (g: GrantTextFacts, by: string, atLabel: string) => ({
    subject: `Agencia retirada: ${g.agencyName} – ${g.label}`,
    paragraphs: [
      `${by} confirmó el ${atLabel} que retiró ${roleText(g)} de la agencia ${g.agencyName} en la cuenta ${g.label}.`,
      `La agencia ya no tiene acceso por la campaña «${g.campaign}», como exige la PCM 6.1.2.10.`,
    ],
    summary: [
      ['Cuenta', g.label],
      ['Agencia', g.agencyName],
      ['Campaña', g.campaign],
      ['Retiro confirmado por', by],
    ] as Array<[string, string]>,
  }),

  /** A grant annulled before it started: the role must not be given (or must be taken back). */
  cancelled: (g: GrantTextFacts & { endedEarly: EndEarlyRequest }) => ({
    subject: `Acceso de agencia anulado: ${g.agencyName} – ${g.label}`,
    paragraphs: [
      `El acceso de la agencia ${g.agencyName} a la cuenta ${g.label} por la campaña «${g.campaign}» fue anulado antes de empezar: ` +
        `${g.endedEarly.reason} (dispuesto por ${g.endedEarly.by}).`,
      `No otorgue ${roleText(g)} a la agencia; si ya lo hizo, retírelo: una agencia solo tiene acceso durante su campaña (PCM 6.1.2.10).`,
    ],
    summary: [
      ['Cuenta', g.label],
      ['Agencia', g.agencyName],
      ['Campaña', g.campaign],
    ] as Array<[string, string]>,
  }),

  /** Issue 17 §2: the custodian and the head see the end coming, 14 and 1 business days before it. */
  expiring: (g: GrantTextFacts, daysBefore: number, dueLabel: string) => ({
    subject: `El ${peruvianDate(g.endsOn)} termina el acceso de la agencia ${g.agencyName} – ${g.label}`,
    paragraphs: [
      `La campaña «${g.campaign}» termina el ${peruvianDate(g.endsOn)} (${inBusinessDays(daysBefore)}): hasta ese día ${g.agencyName} tiene ${roleText(g)} en la cuenta ${g.label}.`,
      `El ${dueLabel} Custodio pedirá al custodio de la cuenta retirar ese acceso (PCM 6.1.2.10). Si la campaña se prorroga, registre un nuevo acceso de agencia antes de esa fecha; si terminó antes, registre el término anticipado.`,
    ],
    summary: [
      ['Cuenta', g.label],
      ['Agencia', g.agencyName],
      ['Campaña', g.campaign],
      ['Último día de acceso', peruvianDate(g.endsOn)],
      ['Retiro previsto', dueLabel],
    ] as Array<[string, string]>,
  }),

  /** Issue 17 §2: the agency learns when its access ends; no internal detail, never a password. */
  expiringForAgency: (g: GrantTextFacts, daysBefore: number) => ({
    subject: `Su acceso a ${g.label} termina el ${peruvianDate(g.endsOn)}`,
    paragraphs: [
      `El acceso de ${g.agencyName} a la cuenta ${g.label} de ${g.entityName}, otorgado para la campaña «${g.campaign}», termina el ${peruvianDate(g.endsOn)}` +
        ` (${inBusinessDays(daysBefore)}).`,
      `Una agencia solo tiene acceso a la cuenta durante su campaña (PCM 6.1.2.10): después de esa fecha la entidad retirará ${roleText(g)}. ` +
        'Si necesita más tiempo, coordínelo con la entidad antes de esa fecha.',
    ],
    summary: [
      ['Entidad', g.entityName],
      ['Cuenta', g.label],
      ['Campaña', g.campaign],
      ['Último día de acceso', peruvianDate(g.endsOn)],
    ] as Array<[string, string]>,
  }),

  /**
   * Issue 17 §1: the removal was confirmed, but Meta still lists the agency on the account. To the
   * custodian and the head, who answers for who keeps a role (PCM 6.2.3.5).
   */
  stillOnPlatform: (g: GrantTextFacts, by: string, agency: PlatformAgency) => ({
    subject: `La agencia sigue con acceso en la plataforma: ${g.agencyName} – ${g.label}`,
    paragraphs: [
      `${by} confirmó que retiró ${roleText(g)} de la agencia ${g.agencyName} en la cuenta ${g.label}, pero Meta todavía muestra a ` +
        `${agency.name} (ID ${agency.id}) con acceso${agency.tasks.length ? ` (${agency.tasks.join(', ')})` : ''}.`,
      `Una agencia solo tiene acceso durante su campaña (PCM 6.1.2.10): retírela en la configuración de la página o del Business Manager de la entidad. ` +
        'La próxima revisión mensual de roles volverá a mostrarlo mientras siga con acceso.',
    ],
    summary: [
      ['Cuenta', g.label],
      ['Agencia', g.agencyName],
      ['En la plataforma', `${agency.name} (ID ${agency.id})`],
      ['Campaña', g.campaign],
      ['Retiro confirmado por', by],
    ] as Array<[string, string]>,
  }),
};
