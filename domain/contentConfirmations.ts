/**
 * What PCM 6.2.2 requires of every piece before it is published, confirmed by the CM when passing a
 * content request on to the head (issue 19 §1): no offensive or discriminatory images or language
 * (6.2.2.6), rights respected (6.2.2.7), third-party graphics credited and unaltered (6.2.2.8),
 * consent of the people shown and credits for images not produced by the office (6.2.2.17), and news
 * hosted on the entity's website (6.2.2.5). Nothing here can be checked by a machine: the CM vouches,
 * the record keeps who and when, and the head sees it on the approval page.
 */
import { isOfficialHost, type EntityPolicy } from './entity';
import { httpsHost } from './webAddress';

export const CONTENT_CONFIRMATIONS = ['respectful', 'rights', 'thirdPartyGraphics', 'peopleConsent'] as const;
export type ContentConfirmation = (typeof CONTENT_CONFIRMATIONS)[number];

export const CONFIRMATION_RULES: Record<ContentConfirmation, { clause: string; label: string }> = {
  respectful: {
    clause: 'PCM 6.2.2.6',
    label: 'No usa imágenes ni lenguaje ofensivo, discriminatorio, denigrante o difamatorio contra personas o grupos sociales, y respeta las normas de convivencia (Anexo 6).',
  },
  rights: {
    clause: 'PCM 6.2.2.7',
    label: 'Respeta los derechos de autor, la protección de datos personales y el honor de las personas.',
  },
  thirdPartyGraphics: {
    clause: 'PCM 6.2.2.8',
    label: 'Todo material gráfico de terceros indica su fuente y no altera su forma ni su fondo (o la pieza no usa material de terceros).',
  },
  peopleConsent: {
    clause: 'PCM 6.2.2.17',
    label: 'Las personas que aparecen en fotos o videos dieron su permiso, y las imágenes no producidas por la oficina llevan sus créditos (o no hay personas ni imágenes ajenas).',
  },
};

export const NEWS_CLAUSE = 'PCM 6.2.2.5';

/** The CM's word on 6.2.2.5: the piece is not news, or it is and here is its page on the entity's website. */
export type NewsHosting = { news: false } | { news: true; url: string };

/** What the CM confirmed, as the process and the registry keep it. */
export interface ContentConfirmations {
  items: Array<{ id: ContentConfirmation; clause: string }>;
  news: NewsHosting;
  by: string;
  at: string;
}

/** The fields of an evaluation's payload that carry the confirmations. */
export const CONFIRMATION_KEYS = ['confirmations', 'news', 'newsUrl'];
export interface ConfirmationPayload {
  confirmations?: unknown;
  news?: unknown;
  newsUrl?: unknown;
}

/** Why the news link cannot be the piece's page on the entity's website, in Spanish; undefined when it can. */
export function newsUrlProblem(entity: Pick<EntityPolicy, 'officialHosts'>, url: unknown): string | undefined {
  const address = httpsHost(url);
  if ('problem' in address) {
    return {
      missing: `Indique el enlace de la nota en el portal de la entidad (${NEWS_CLAUSE}).`,
      invalid: `El enlace de la nota no es una dirección válida (${NEWS_CLAUSE}).`,
      'not-https': `El enlace de la nota debe empezar con https:// (${NEWS_CLAUSE}).`,
      credentials: `El enlace de la nota no debe contener credenciales (${NEWS_CLAUSE}).`,
    }[address.problem];
  }
  if (!isOfficialHost(entity, address.host)) {
    return `La nota debe estar alojada en el portal de la entidad (gob.pe o sus dominios oficiales); se indicó ${address.host} (${NEWS_CLAUSE}).`;
  }
  return undefined;
}

/**
 * Checks the confirmations an approving CM sent: each item of PCM 6.2.2 ticked, and the piece either
 * not news or news with its page on the entity's website. Every missing item is named with its clause,
 * so one answer says everything that is left.
 */
export function confirmationsProblem(entity: Pick<EntityPolicy, 'officialHosts'>, payload: ConfirmationPayload): string | undefined {
  const given = payload.confirmations ?? [];
  if (!Array.isArray(given) || given.some((c) => !(CONTENT_CONFIRMATIONS as readonly unknown[]).includes(c))) return 'Confirmación desconocida.';
  const missing = CONTENT_CONFIRMATIONS.filter((c) => !given.includes(c)).map((c) => `«${CONFIRMATION_RULES[c].label}» (${CONFIRMATION_RULES[c].clause})`);
  const problems = missing.length ? [`Antes de pasar la pieza al titular, confirme: ${missing.join('; ')}.`] : [];
  if (payload.news === true) {
    const problem = newsUrlProblem(entity, payload.newsUrl);
    if (problem) problems.push(problem);
  } else if (payload.news !== false) {
    problems.push(`Indique si la pieza es una noticia y, si lo es, el enlace de la nota en el portal de la entidad (${NEWS_CLAUSE}).`);
  } else if (payload.newsUrl !== undefined) {
    return 'Datos de la evaluación no válidos.';
  }
  return problems.length ? problems.join(' ') : undefined;
}

/** The record of a valid payload's confirmations (check it with `confirmationsProblem` first). */
export function confirmationsOf(payload: ConfirmationPayload, by: string, at: string): ContentConfirmations {
  return {
    items: CONTENT_CONFIRMATIONS.map((id) => ({ id, clause: CONFIRMATION_RULES[id].clause })),
    news: payload.news === true ? { news: true, url: String(payload.newsUrl).trim() } : { news: false },
    by,
    at,
  };
}

/** The confirmations as rows for the head's approval email and page, and for the request's page. */
export function confirmationRows(c: ContentConfirmations): Array<[string, string]> {
  return [
    ...c.items.map((i): [string, string] => [`Confirmado por el community manager (${i.clause})`, CONFIRMATION_RULES[i.id].label]),
    [`Noticia en el portal (${NEWS_CLAUSE})`, c.news.news ? c.news.url : 'No es una noticia.'],
  ];
}
