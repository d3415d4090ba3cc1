/** What a reported image matter's process says to people, in Spanish; workflows/imageIssue.ts decides when and to whom. */
import type { ImageIssueContext } from '../../activities/imageIssue';
import { IMAGE_ISSUE_RULE } from '../../domain/imageIssue';

type Words = ImageIssueContext['words'];

const facts = (entityName: string, w: Words, reportedBy: string): Array<[string, string]> => [
  ['Entidad', entityName],
  ['Asunto', w.subject],
  ['Qué se dice y por qué importa', w.description],
  ['Cuentas donde se trata', w.accounts.length ? w.accounts.join('; ') : 'Ninguna cuenta de la entidad en particular'],
  ['Enlaces', w.links.length ? w.links.join(' ') : 'Sin enlaces'],
  ['Informado por', `${reportedBy}, ${w.reportedAt}`],
];

export const imageIssueTexts = {
  events: {
    reported: () => 'Informó el asunto.',
    acknowledged: (superior?: { name: string; email: string }) =>
      superior ? `Tomó conocimiento y elevó el asunto a ${superior.name} (${superior.email}).` : 'Tomó conocimiento del asunto.',
    superiorAcknowledged: () => 'Tomó conocimiento del asunto elevado.',
  },

  /** The head's step: acknowledge, and optionally raise it to a superior. */
  head(entityName: string, w: Words, reportedBy: string) {
    return {
      title: `Asunto que puede afectar la imagen de ${entityName}: ${w.subject}`,
      intro:
        `El equipo de redes sociales le informa un asunto tratado en las redes que puede afectar la imagen de la institución (${IMAGE_ISSUE_RULE}). ` +
        'Pulse «Acusar recibo» para que el equipo sepa que usted lo conoce. Si el asunto debe conocerlo la alta dirección o la instancia competente, escriba el nombre y el correo de esa persona: Custodio se lo envía y le pide acusar recibo.',
      summary: facts(entityName, w, reportedBy),
    };
  },

  /** The superior's step, when the head raised it. */
  superior(entityName: string, w: Words, reportedBy: string, head: string, note?: string) {
    return {
      title: `Asunto elevado por la Oficina de Comunicaciones de ${entityName}: ${w.subject}`,
      intro:
        `${head}, titular de la Oficina de Comunicaciones, le eleva un asunto tratado en las redes sociales que puede afectar la imagen de ${entityName} (${IMAGE_ISSUE_RULE}). ` +
        'Pulse «Acusar recibo» para que la oficina sepa que usted lo conoce.',
      summary: [...facts(entityName, w, reportedBy), ...(note ? [['Nota del/la titular', note] as [string, string]] : [])],
    };
  },

  /** To the reporter (and the head): who took note, and whether it was raised. */
  acknowledged(entityName: string, w: Words, by: string, superior?: { name: string; email: string }, note?: string) {
    return {
      subject: `Asunto recibido por el/la titular – ${w.subject}`,
      paragraphs: [
        `${by} tomó conocimiento del asunto «${w.subject}» (${IMAGE_ISSUE_RULE}).`,
        superior ? `Lo elevó a ${superior.name} (${superior.email}); le avisaremos cuando acuse recibo.` : 'No lo elevó a otra instancia: queda en la Oficina de Comunicaciones.',
        ...(note ? [`Nota del/la titular: ${note}`] : []),
      ],
      summary: facts(entityName, w, ''),
      linkLabel: 'Ver el asunto',
    };
  },

  superiorAcknowledged(entityName: string, w: Words, by: string) {
    return {
      subject: `Asunto elevado recibido – ${w.subject}`,
      paragraphs: [`${by} acusó recibo del asunto «${w.subject}» que la Oficina de Comunicaciones de ${entityName} le elevó (${IMAGE_ISSUE_RULE}).`],
      summary: facts(entityName, w, ''),
      linkLabel: 'Ver el asunto',
    };
  },
};
