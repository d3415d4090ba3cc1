import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import { limaDateTime, pageFooter, renderPdf, slug } from './pdf';

export interface AgreementData {
  requestId: string;
  entityName: string;
  adminName: string;
  adminEmail: string;
  accountNames: string[];
  networks: string[];
  issuedAt: string;
}

/**
 * Anexo 1: the confidentiality agreement under which credentials are handed over (PCM 6.1.1.3,
 * 6.1.2.7). It never carries a password, nor a place to write one; DNI stays blank (never collected).
 */
export function agreementDefinition(d: AgreementData): TDocumentDefinitions {
  const clauses = [
    `Recibir bajo responsabilidad, cargo y custodia las credenciales de las cuentas institucionales ${d.accountNames.join(' / ')} (${d.networks.join(', ')}) de ${d.entityName} (PCM 6.1.1.3).`,
    'No divulgar las credenciales a terceros ni usarlas para fines ajenos a la función institucional.',
    'Compartir credenciales solo por correo institucional, nunca por mensajería instantánea (PCM 6.1.2.6).',
    'Mantener activa la verificación en dos pasos (PCM 6.1.2.1) y cambiar las contraseñas con la periodicidad que fije la directiva (PCM 6.1.2.5).',
    'Coordinar con el titular de la Oficina de Comunicaciones todo cambio de nombre o usuario de la cuenta (PCM 6.1.2.7).',
    'Entregar las credenciales al titular de la Oficina de Comunicaciones al dejar el cargo (PCM 6.2.3.2).',
  ];
  return {
    info: { title: `Acuerdo de confidencialidad – ${d.adminName}`, author: d.entityName, subject: `Solicitud ${d.requestId}`, creator: 'Custodio' },
    footer: pageFooter,
    content: [
      { text: 'Anexo 1 – Acuerdo de confidencialidad', fontSize: 15, bold: true, margin: [0, 0, 0, 6] },
      { text: d.entityName, fontSize: 11, margin: [0, 0, 0, 12] },
      { text: `Yo, ${d.adminName} (${d.adminEmail}), administrador(a) de las cuentas institucionales indicadas, me comprometo a:` },
      { ol: clauses, margin: [0, 8, 0, 16] },
      { text: `Emitido el ${limaDateTime(d.issuedAt)}. Código de solicitud: ${d.requestId}.`, fontSize: 9, color: '#555555', margin: [0, 0, 0, 40] },
      { text: '______________________________' },
      { text: `Firma: ${d.adminName}` },
      { text: 'DNI: ______________________', margin: [0, 8, 0, 0] },
      { text: 'Fecha: ____ / ____ / ________', margin: [0, 8, 0, 0] },
    ],
  };
}

export const renderConfidentialityAgreement = (d: AgreementData): Promise<Buffer> => renderPdf(agreementDefinition(d));

export const agreementFilename = (d: AgreementData): string => `acuerdo-confidencialidad-${slug(d.adminName)}.pdf`;
