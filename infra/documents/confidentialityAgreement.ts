import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { limaDateTime, pageFooter, renderPdf, slug } from './pdf';

export interface AgreementData {
  requestId: string;
  entityName: string;
  adminName: string;
  adminEmail: string;
  /** Proposed usernames. */
  accountNames: string[];
  /** Network labels, e.g. 'Facebook'. */
  networks: string[];
  issuedAt: string;
}

/**
 * Anexo 1 (PCM 6.1.1.3, 6.1.2.7): the agreement under which an admin receives the credentials.
 * It never carries a password nor a place to write one, and the DNI line stays blank: Custodio
 * never collects DNI, the signer writes it by hand.
 */
export function agreementDefinition(d: AgreementData): TDocumentDefinitions {
  const commitments = [
    'Recibir bajo mi responsabilidad, custodia y confidencialidad las credenciales de acceso a dichas cuentas (PCM 6.1.1.3).',
    'No divulgar las credenciales a terceros ni usarlas para fines ajenos a la función institucional.',
    'Compartir las credenciales únicamente a través del correo electrónico institucional y nunca por servicios de mensajería instantánea (PCM 6.1.2.6).',
    'Mantener activada la verificación en dos pasos en todas las cuentas (PCM 6.1.2.1).',
    'Cambiar las credenciales con la periodicidad que establezca la política de la entidad (PCM 6.1.2.5).',
    'Entregar las credenciales al titular de la Oficina de Comunicaciones al dejar el cargo o la función (PCM 6.2.3.2).',
  ];
  const blank = (label: string, line = '______________________________') => ({ text: `${label}: ${line}`, margin: [0, 14, 0, 0] as [number, number, number, number] });
  return {
    info: {
      title: `Anexo 1 – Acuerdo de confidencialidad – ${d.adminName}`,
      author: d.entityName,
      subject: `Solicitud ${d.requestId}`,
      creationDate: new Date(d.issuedAt),
    },
    footer: pageFooter,
    content: [
      { text: 'Anexo 1 – Acuerdo de confidencialidad', fontSize: 15, bold: true, margin: [0, 0, 0, 6] },
      { text: d.entityName, fontSize: 11, margin: [0, 0, 0, 2] },
      { text: 'PCM 6.1.1.3 y 6.1.2.7', fontSize: 9, color: '#555555', margin: [0, 0, 0, 14] },
      {
        text:
          `Yo, ${d.adminName} (${d.adminEmail}), administrador(a) de las cuentas institucionales ` +
          `${d.accountNames.join(' / ')} (${d.networks.join(', ')}) de la entidad ${d.entityName}, me comprometo a:`,
      },
      // Numbers as columns rather than `ol`: pdfmake writes an `ol` marker after the item's first
      // line, so text extracted from the file (copy, search, screen readers) would read out of order.
      ...commitments.map((c, i): Content => ({ columns: [{ text: `${i + 1}.`, width: 16 }, { text: c, width: '*' }], margin: [0, 4, 0, 0] })),
      { text: `Emitido el ${limaDateTime(d.issuedAt)}. Código de solicitud: ${d.requestId}.`, fontSize: 9, color: '#555555', margin: [0, 14, 0, 24] },
      blank('Firma'),
      { text: `Nombres y apellidos: ${d.adminName}`, margin: [0, 14, 0, 0] },
      blank('DNI', '________'),
      blank('Fecha', '____ / ____ / ________'),
    ],
  };
}

export const renderConfidentialityAgreement = (d: AgreementData): Promise<Buffer> => renderPdf(agreementDefinition(d));

/** e.g. acuerdo-confidencialidad-juan-perez.pdf */
export const agreementFilename = (d: AgreementData): string => `acuerdo-confidencialidad-${slug(d.adminName)}.pdf`;
