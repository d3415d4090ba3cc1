/** What an account creation says to people, in Spanish; workflows/accountCreation.ts decides when and to whom. */
import type { Decision } from '../../domain/decision';

/** The account as every text names it: its proposed names and its entity. */
export interface CreationSubject {
  names: string;
  entityName: string;
}

export const creationTexts = {
  approval: (s: CreationSubject, requesterName: string) => ({
    title: `Creación de cuenta institucional ${s.names} – ${s.entityName}`,
    intro:
      `${requesterName} propone crear la cuenta institucional descrita abajo. Como titular de la Oficina de ` +
      `Comunicaciones, usted autoriza su creación (PCM 5.2.4): puede aprobarla, observarla para que se corrija, o rechazarla.`,
  }),

  /** INPE 4.2.c: a unit's own account, evaluated by the press office, is decided by the Gerencia General. */
  generalManagement: (s: CreationSubject, unit: string, evaluatedBy: string, clause: string) => ({
    title: `Cuenta propia de ${unit}: ${s.names} – ${s.entityName}`,
    intro:
      `${unit} solicita una cuenta institucional propia, descrita abajo. La Oficina de Prensa e Imagen Institucional la evaluó y ` +
      `${evaluatedBy} la aprobó. Las cuentas institucionales representan a toda la entidad; la unidad que pide una cuenta propia ` +
      `la requiere a la Gerencia General (${clause}). Puede aprobar su creación o rechazarla indicando el motivo.`,
  }),

  /** INPE 4.2.c: the head cannot pass a unit's request on while nobody holds the Gerencia General on the roster. */
  noGeneralManagement: (clause: string) =>
    `La nómina de la entidad no tiene registrada a la Gerencia General, que decide las cuentas propias de las unidades (${clause}). Regístrela antes de aprobar.`,

  rejected: (s: CreationSubject, rejection: Decision) => ({
    subject: `Solicitud rechazada: cuenta ${s.names} – ${s.entityName}`,
    paragraphs: [`La solicitud de creación de la cuenta ${s.names} fue rechazada por ${rejection.by}.`, `Motivo: ${rejection.reason ?? ''}`],
  }),

  correction: (s: CreationSubject, observation: Decision) => ({
    title: `Corrija la solicitud de cuenta ${s.names} – ${s.entityName}`,
    intro: `La solicitud fue observada por ${observation.by}. Observación: «${observation.reason ?? ''}». Corrija la propuesta y envíela de nuevo; volverá al titular para su decisión.`,
  }),

  /** Profiles whose supervisor receives no report: the requester files it. */
  reportForFile: (s: CreationSubject, document: string) => ({
    subject: `Informe técnico aprobado: cuenta ${s.names} – ${s.entityName}`,
    paragraphs: [`Se adjunta el informe técnico aprobado para su archivo (${document}).`],
  }),

  /** PCM 6.1.1.2: the approved technical report to SCS. */
  supervisorReport: (s: CreationSubject, document: string) => ({
    title: `Informe técnico: creación de cuenta ${s.names} – ${s.entityName}`,
    intro:
      `En cumplimiento del numeral 6.1.1.2 de la ${document}, ${s.entityName} remite el informe técnico ` +
      `aprobado por el titular de su Oficina de Comunicaciones para la creación de la cuenta institucional descrita. ` +
      `Le agradeceremos acusar recibo con el botón de abajo.`,
  }),

  checklist: (s: CreationSubject, pendingLabels: string[]) => ({
    title: `Lista de verificación de la cuenta ${s.names} – ${s.entityName}`,
    intro:
      'La creación fue aprobada. Cree la cuenta y confirme cada punto de la lista a medida que lo cumpla, ' +
      'indicando cuál de los nombres propuestos quedó registrado. Nunca escriba contraseñas en Custodio.',
    summary: [...pendingLabels.map((label): [string, string] => ['Pendiente', label]), ['Nombres propuestos', s.names]] as Array<[string, string]>,
  }),

  /** PCM 6.1.1.3: the confidentiality agreement (Anexo 1) of one admin. */
  agreement: (s: CreationSubject, networks: string[]) => ({
    title: `Acuerdo de confidencialidad (Anexo 1) – cuenta ${s.names}`,
    intro:
      'Usted figura como administrador(a) de la nueva cuenta institucional. Imprima y firme el acuerdo de ' +
      'confidencialidad adjunto, entréguelo a la Oficina de Comunicaciones y confirme aquí que lo firmó.',
    summary: [['Entidad', s.entityName], ['Cuenta', s.names], ['Redes', networks.join(', ')]] as Array<[string, string]>,
  }),

  active: (s: CreationSubject, chosenName: string, networks: string, managingEmail: string) => ({
    subject: `Cuenta institucional activa: ${chosenName} – ${s.entityName}`,
    paragraphs: [
      `La cuenta ${chosenName} quedó registrada como activa en Custodio, con la lista de verificación completa y los acuerdos de confidencialidad firmados.`,
    ],
    summary: [['Redes', networks], ['Correo de gestión', managingEmail]] as Array<[string, string]>,
  }),
};
