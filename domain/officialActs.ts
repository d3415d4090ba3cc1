/**
 * Official acts (PCM 6.2.4): content about a Presidency press conference (6.2.4.1), a Council of
 * Ministers or a conference of the PCM (6.2.4.2), or a minister's activity or trip with the President or
 * the PCM's president (6.2.4.3). The first two are published first by the lead accounts (Presidency,
 * PCM) and by the ministries afterwards, after coordination with the office the clause names; the third
 * follows the indications of the Despacho Presidencial's office, and says nothing of who posts first.
 * The CM marks the act when passing the piece on; before confirming publication the CM gives the lead
 * post's address (where the clause has a lead) and who in that office the publication was coordinated with.
 */
import { limaDate } from './businessDays';
import { POST_HOSTS } from './networks';
import { hostWithin, httpsHost } from './webAddress';

export const OFFICIAL_ACTS = ['presidencyConference', 'councilOfMinisters', 'presidentialActivity'] as const;
export type OfficialAct = (typeof OFFICIAL_ACTS)[number];

const DESPACHO = 'Secretaría de Comunicación Estratégica y Prensa del Despacho Presidencial';

export const OFFICIAL_ACT_RULES: Record<OfficialAct, { clause: string; label: string; office: string; lead?: string }> = {
  presidencyConference: {
    clause: 'PCM 6.2.4.1',
    label: 'Conferencia de prensa de la Presidencia de la República',
    lead: 'las cuentas oficiales de la Presidencia de la República',
    office: DESPACHO,
  },
  councilOfMinisters: {
    clause: 'PCM 6.2.4.2',
    label: 'Consejo de Ministros o conferencia de la Presidencia del Consejo de Ministros',
    lead: 'las cuentas oficiales de la Presidencia del Consejo de Ministros',
    office: 'Oficina de Prensa e Imagen Institucional de la Presidencia del Consejo de Ministros',
  },
  presidentialActivity: {
    clause: 'PCM 6.2.4.3',
    label: 'Actividad o viaje con el presidente de la República o el presidente del Consejo de Ministros',
    office: DESPACHO,
  },
};

/** What the record keeps of an official act once the piece is published. */
export interface OfficialActRecord {
  act: OfficialAct;
  clause: string;
  office: string;
  /** The lead account's post the piece followed (6.2.4.1–2; optional under 6.2.4.3). */
  leadUrl?: string;
  /** Who in the office the publication was coordinated with, and on which day (Lima). */
  coordinatedWith: string;
  coordinatedOn: string;
  by: string;
  at: string;
}

/** The fields of the publication step's payload an official act adds. */
export interface OfficialActPayload {
  leadUrl?: unknown;
  coordinatedWith?: unknown;
  coordinatedOn?: unknown;
}

const LEAD_HOSTS = Object.values(POST_HOSTS).flat();
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Why the publication cannot be confirmed for this official act, in Spanish with the clause; undefined when it can. */
export function officialActPublicationProblem(act: OfficialAct, payload: OfficialActPayload, now: Date): string | undefined {
  const rule = OFFICIAL_ACT_RULES[act];
  const problems: string[] = [];
  const lead = httpsHost(payload.leadUrl);
  if ('problem' in lead && lead.problem === 'missing') {
    if (rule.lead) problems.push(`Indique el enlace de la publicación de ${rule.lead} que esta pieza sigue (${rule.clause}).`);
  } else if ('problem' in lead || !hostWithin(lead.host, LEAD_HOSTS)) {
    problems.push(`El enlace de la publicación principal debe ser una dirección https:// de una red social (${rule.clause}).`);
  }
  const contact = typeof payload.coordinatedWith === 'string' ? payload.coordinatedWith.trim() : '';
  if (contact.length < 3 || contact.length > 200) problems.push(`Indique con quién de la ${rule.office} se coordinó la publicación (${rule.clause}).`);
  const on = typeof payload.coordinatedOn === 'string' ? payload.coordinatedOn : '';
  if (!DAY.test(on) || Number.isNaN(Date.parse(`${on}T12:00:00Z`))) problems.push(`Indique la fecha de la coordinación (${rule.clause}).`);
  else if (on > limaDate(now)) problems.push(`La fecha de la coordinación no puede ser posterior a hoy (${rule.clause}).`);
  return problems.length ? problems.join(' ') : undefined;
}

/** The record of a valid publication's official act (check it with `officialActPublicationProblem` first). */
export function officialActRecord(act: OfficialAct, payload: OfficialActPayload, by: string, at: string): OfficialActRecord {
  const rule = OFFICIAL_ACT_RULES[act];
  const lead = typeof payload.leadUrl === 'string' ? payload.leadUrl.trim() : '';
  return {
    act, clause: rule.clause, office: rule.office, ...(lead ? { leadUrl: lead } : {}),
    coordinatedWith: String(payload.coordinatedWith).trim(), coordinatedOn: String(payload.coordinatedOn), by, at,
  };
}

/** The act as the head and the CM read it before publication. */
export function officialActRow(act: OfficialAct): [string, string] {
  const rule = OFFICIAL_ACT_RULES[act];
  const order = rule.lead ? `se publica después de ${rule.lead}, previa coordinación con la ${rule.office}` : `se publica según las indicaciones de la ${rule.office}`;
  return [`Acto oficial (${rule.clause})`, `${rule.label}: ${order}.`];
}

/** The published act as the record's page and the closing email show it. */
export function officialActRecordRows(r: OfficialActRecord): Array<[string, string]> {
  const rule = OFFICIAL_ACT_RULES[r.act];
  return [
    [`Acto oficial (${r.clause})`, rule.label],
    ...(r.leadUrl ? ([['Publicación principal', r.leadUrl]] as Array<[string, string]>) : []),
    ['Coordinación', `${r.coordinatedWith} (${r.office}), el ${r.coordinatedOn}`],
  ];
}
