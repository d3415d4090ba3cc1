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
  /** Who signs for the entity (the head of the office); blank to fill by hand when absent. */
  representative?: string;
}

type Margin = [number, number, number, number];

/** Blanks of the directive's form that Custodio cannot fill: the signer writes them by hand. */
const BLANK = '__________';

/**
 * The directive's Anexo 1 (PCM 6.1.1.3, 6.1.2.7), word for word, with the parties' known data filled
 * in. Anexo 1 is a proposal written for ministries in Lima: Custodio names the entity as the SECTOR and
 * leaves the address, district, province and department blank rather than assume Lima. It never
 * carries a password nor a place to write one, and the DNI and RUC stay blank: Custodio never collects
 * them, the signers write them by hand.
 */
const DUTIES = [
  'Hacer uso reservado de la información recibida, utilizándola solo para actualización y publicación de contenidos en las cuentas institucionales en redes sociales.',
  'No divulgar, ni ceder total o parcialmente, la información confidencial o reservada proporcionada para el cumplimiento de sus funciones en las cuentas oficiales institucionales en redes sociales. ' +
    'Igual deber se extiende a compartir, ceder o divulgar total o parcialmente los backup, resúmenes o copias de los contenidos en las cuentas oficiales institucionales en redes sociales.',
  'No hacer uso personal de la información total o parcial, obtenida como operador o administrador en las cuentas institucionales en redes sociales.',
  'No cambiar el nombre de la página y usuario de la cuenta, sin previa coordinación con el titular de la Oficina de Comunicaciones u otra unidad orgánica que haga sus veces.',
];

/** The directive's other duties of whoever holds the credentials, which Custodio's processes follow. */
const SECURITY_DUTIES = [
  'Recibir bajo mi responsabilidad, custodia y confidencialidad las credenciales de acceso a dichas cuentas (PCM 6.1.1.3).',
  'Compartir las credenciales únicamente a través del correo electrónico institucional y nunca por servicios de mensajería instantánea (PCM 6.1.2.6).',
  'Mantener activada la verificación en dos pasos en todas las cuentas (PCM 6.1.2.1).',
  'Cambiar las credenciales con la periodicidad que establezca la política de la entidad (PCM 6.1.2.5).',
  'Pedir la aprobación del titular de la Oficina de Comunicaciones en Custodio («Cambio de nombre o usuario») antes de cambiar el nombre de la página o el usuario de una cuenta (PCM 6.1.2.7).',
  'Entregar las credenciales al titular de la Oficina de Comunicaciones al dejar el cargo o la función (PCM 6.2.3.2).',
];

const heading = (text: string): Content => ({ text, bold: true, margin: [0, 12, 0, 4] as Margin });
const para = (text: string): Content => ({ text, margin: [0, 0, 0, 6] as Margin, alignment: 'justify' });
// Markers as columns rather than `ol`/`ul`: pdfmake writes a list marker after the item's first line,
// so text extracted from the file (copy, search, screen readers) would read out of order.
const item = (marker: string, text: string): Content => ({ columns: [{ text: marker, width: 16 }, { text, width: '*', alignment: 'justify' }], margin: [0, 0, 0, 4] as Margin });

export function agreementDefinition(d: AgreementData): TDocumentDefinitions {
  const entity = d.entityName;
  const blank = (label: string, line = '______________________________') => ({ text: `${label}: ${line}`, margin: [0, 14, 0, 0] as Margin });
  return {
    info: {
      title: `Anexo 1 – Acuerdo de confidencialidad – ${d.adminName}`,
      author: entity,
      subject: `Solicitud ${d.requestId}`,
      creationDate: new Date(d.issuedAt),
    },
    footer: pageFooter,
    content: [
      { text: 'Anexo 1 – Acuerdo de confidencialidad', fontSize: 15, bold: true, margin: [0, 0, 0, 6] },
      { text: 'DECLARACIÓN JURADA DE ACUERDO DE CONFIDENCIALIDAD', bold: true, margin: [0, 0, 0, 2] },
      { text: 'Directiva N° 03-2022-PCM/SCS, Anexo 1 (PCM 6.1.1.3 y 6.1.2.7)', fontSize: 9, color: '#555555', margin: [0, 0, 0, 14] },
      para(`Conste por el presente documento, el Acuerdo de Confidencialidad para el uso de cuentas institucionales de redes sociales de ${entity}, que suscriben:`),
      para(
        `${d.adminName} (${d.adminEmail}), peruano(a), con DNI N° ${BLANK}, con domicilio real en ${BLANK}, distrito de ${BLANK}, provincia de ${BLANK} ` +
          `y departamento de ${BLANK}, en adelante el ADMINISTRADOR; y de la otra ${entity}, con RUC N° ${BLANK}, con domicilio real en ${BLANK}, ` +
          `distrito de ${BLANK}, provincia de ${BLANK} y departamento de ${BLANK}, debidamente representado por ${d.representative ?? BLANK}, en adelante el SECTOR.`,
      ),
      para('En los términos y condiciones que se desprenden de las cláusulas siguientes:'),
      heading('PRIMERA: DE LAS PARTES.'),
      para(
        'El SECTOR ha creado cuentas en diversas redes sociales, que tienen el carácter de oficial, por medio de las cuales suministra información con valor ' +
          'a la ciudadanía y cuyas publicaciones y actualizaciones se regulan por la presente directiva.',
      ),
      para(
        `El ADMINISTRADOR es una persona autorizada para la operación o administración y uso de las cuentas oficiales de ${entity}: ` +
          `${d.accountNames.join(' / ')}${d.networks.length ? ` (${d.networks.join(', ')})` : ''}.`,
      ),
      heading('SEGUNDA: AUTORIZACIÓN PARA USO DE USUARIO Y CONTRASEÑA'),
      para(
        'El ADMINISTRADOR se obliga a mantener la reserva y custodia debida de la(s) contraseña(s) proporcionada para el uso de las cuentas oficiales ' +
          `creadas en redes sociales para ${entity}, garantizando así la seguridad de la información que en estas se gestiona.`,
      ),
      heading('TERCERA: ACUERDO DE CONFIDENCIALIDAD'),
      para('En ese contexto, el ADMINISTRADOR se obliga a los siguientes deberes de confidencialidad:'),
      ...DUTIES.map((t) => item('–', t)),
      para(`Estos deberes se extienden en el tiempo hasta ${BLANK} calendario adicional, luego de concluido el vínculo de naturaleza civil o laboral.`),
      heading('Deberes de seguridad de la directiva'),
      para(`Además, yo, ${d.adminName}, como administrador(a) de las cuentas institucionales de ${entity}, me comprometo a:`),
      ...SECURITY_DUTIES.map((t, i) => item(`${i + 1}.`, t)),
      para(`Firmamos libre y voluntariamente en señal de conformidad, a los ${BLANK} días del mes de ${BLANK} del año ${BLANK}.`),
      { text: `Emitido el ${limaDateTime(d.issuedAt)}. Código de solicitud: ${d.requestId}.`, fontSize: 9, color: '#555555', margin: [0, 8, 0, 18] },
      blank('Firma del ADMINISTRADOR'),
      { text: `Nombres y apellidos: ${d.adminName}`, margin: [0, 14, 0, 0] },
      blank('DNI', '________'),
      blank('Firma del representante del SECTOR'),
      d.representative ? { text: `Nombres y apellidos: ${d.representative}`, margin: [0, 14, 0, 0] } : blank('Nombres y apellidos'),
    ],
  };
}

export const renderConfidentialityAgreement = (d: AgreementData): Promise<Buffer> => renderPdf(agreementDefinition(d));

/** e.g. acuerdo-confidencialidad-juan-perez.pdf */
export const agreementFilename = (d: AgreementData): string => `acuerdo-confidencialidad-${slug(d.adminName)}.pdf`;
