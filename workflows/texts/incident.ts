/** What a security incident's process says to people, in Spanish; workflows/incident.ts decides when and to whom. */
import type { IncidentContext } from '../../activities/incident';
import { INCIDENT_CHECKLIST_LABELS, INCIDENT_RULE, type IncidentChecklistItem } from '../../domain/incident';

type Words = IncidentContext['words'];

const facts = (entityName: string, w: Words, reportedBy: string): Array<[string, string]> => [
  ['Entidad', entityName],
  ['Tipo de incidente', w.kind],
  ['Cuentas afectadas', w.accounts.length ? w.accounts.join('; ') : 'Ninguna cuenta de la entidad (suplantación)'],
  ['Advertido', w.noticedAt],
  ['Reportado por', `${reportedBy}, ${w.reportedAt}`],
  ['Qué ocurrió', w.description],
];

export const incidentTexts = {
  /** Why the rotation is asked for, as the rotation process and its email say it. */
  rotationReason: (w: Words) => `Incidente de seguridad digital: ${w.kind.toLowerCase()} (${INCIDENT_RULE})`,

  /** The timeline's lines. */
  events: {
    reported: (w: Words) => `Reportó el incidente (${w.kind.toLowerCase()}).`,
    rotation: (accounts: string[]) => `Custodio pidió el cambio inmediato de contraseñas de: ${accounts.join('; ')}.`,
    notified: (to: string[]) => `Custodio avisó del incidente a: ${to.join(', ')}.`,
    ticked: (item: IncidentChecklistItem) => `Marcó como hecho: ${INCIDENT_CHECKLIST_LABELS[item].toLowerCase()}.`,
    cnsd: (address: string) => `Custodio envió el aviso del incidente al Centro Nacional de Seguridad Digital (${address}).`,
    closed: () => 'Cerró el incidente con su informe de cierre.',
  },

  /** To the head (the CM and the reporter in copy): what happened and what Custodio did at once. */
  reported(entityName: string, w: Words, reportedBy: string) {
    return {
      subject: `Incidente de seguridad digital en ${entityName}: ${w.kind.toLowerCase()}`,
      paragraphs: [
        `Se reportó un incidente de seguridad digital en las cuentas de ${entityName} (${INCIDENT_RULE}; Decreto de Urgencia N° 007-2020, Marco de Confianza Digital).`,
        w.accounts.length
          ? 'Custodio ya pidió el cambio inmediato de las contraseñas de cada cuenta afectada a quien las custodia. Cámbienlas por correo institucional, nunca por mensajería instantánea.'
          : 'No se marcó ninguna cuenta de la entidad como afectada, así que no se pidió cambiar contraseñas.',
        'Recibirán un paso por cada tarea de la lista de verificación: recuperar el acceso, revisar los roles y notificar al Centro Nacional de Seguridad Digital. Al final, el/la titular cierra el incidente con un informe breve.',
      ],
      summary: facts(entityName, w, reportedBy),
      linkLabel: 'Ver el incidente',
    };
  },

  /** To SCS, where it supervises the entity (PCM 2, 6.1.1.2). */
  supervisor(entityName: string, w: Words, reportedBy: string) {
    return {
      subject: `Incidente de seguridad digital en cuentas de ${entityName}`,
      addressee: 'Coordinación de Comunicación Digital de la Secretaría de Comunicación Social',
      paragraphs: [
        `La Oficina de Comunicaciones de ${entityName} informa un incidente de seguridad digital en sus cuentas institucionales de redes sociales (${INCIDENT_RULE}).`,
        'Se pidió el cambio inmediato de las contraseñas afectadas; les informaremos el cierre con su informe.',
      ],
      summary: facts(entityName, w, reportedBy),
    };
  },

  /** One checklist task, ticked by the CM or the head. */
  checklist(entityName: string, w: Words, item: IncidentChecklistItem, cnsdEmail: string) {
    const intros: Record<IncidentChecklistItem, string> = {
      'recuperar-acceso':
        'Recupere el acceso a cada cuenta afectada por los canales oficiales de la plataforma (recuperación con el correo y el teléfono institucionales) y verifique que la autenticación en dos pasos siga activa (PCM 6.1.2.1). Pulse «Confirmar» cuando el acceso esté recuperado.',
      'revisar-roles':
        'Revise quién tiene roles y permisos en cada cuenta afectada y retire a quien no corresponda (PCM 6.1.2.11, 6.2.3.5). Pulse «Confirmar» cuando la revisión esté hecha.',
      'notificar-cnsd':
        `El Decreto de Urgencia N° 007-2020 pide reportar los incidentes de seguridad digital al Centro Nacional de Seguridad Digital. Al pulsar «Confirmar», Custodio envía a ${cnsdEmail} un aviso con los datos de abajo, con copia al/la titular.`,
    };
    return {
      title: `Incidente en ${entityName}: ${INCIDENT_CHECKLIST_LABELS[item]}`,
      intro: intros[item],
      summary: [
        ['Tarea', INCIDENT_CHECKLIST_LABELS[item]],
        ...(item === 'notificar-cnsd' ? [['Al confirmar, Custodio envía el aviso a', `${cnsdEmail} (Decreto de Urgencia N° 007-2020)`]] : []),
        ...facts(entityName, w, ''),
      ].filter(([k]) => k !== 'Reportado por') as Array<[string, string]>,
    };
  },

  /** The notice to the Centro Nacional de Seguridad Digital (DU 007-2020). */
  cnsd(entityName: string, w: Words, reportedBy: string, head: string) {
    return {
      subject: `Reporte de incidente de seguridad digital – ${entityName}`,
      paragraphs: [
        `${entityName} reporta un incidente de seguridad digital en sus cuentas institucionales de redes sociales, conforme al Decreto de Urgencia N° 007-2020 y al numeral ${INCIDENT_RULE.replace('PCM ', '')} de la Directiva N° 03-2022-PCM/SCS.`,
        `Responsable del reporte: ${head}, titular de la Oficina de Comunicaciones. Quedamos atentos a su orientación.`,
      ],
      summary: facts(entityName, w, reportedBy),
    };
  },

  /** The head's closing step: a short report. */
  closing(entityName: string, w: Words) {
    return {
      title: `Incidente en ${entityName}: informe de cierre`,
      intro:
        'Las tareas de la lista de verificación están hechas. Escriba un informe breve — qué ocurrió, qué se hizo, qué cambia para que no se repita — y pulse «Enviar informe de cierre»: el incidente queda cerrado y el informe se envía al equipo' +
        ' (y a la Secretaría de Comunicación Social cuando supervisa la entidad).',
      summary: facts(entityName, w, '').filter(([k]) => k !== 'Reportado por') as Array<[string, string]>,
    };
  },

  closed(entityName: string, w: Words, report: string, by: string) {
    return {
      subject: `Incidente de seguridad digital cerrado – ${entityName}`,
      paragraphs: [`El incidente de seguridad digital (${w.kind.toLowerCase()}) en las cuentas de ${entityName} quedó cerrado por ${by}. Su informe de cierre:`, report],
      summary: facts(entityName, w, '').filter(([k]) => k !== 'Reportado por') as Array<[string, string]>,
      linkLabel: 'Ver el incidente',
    };
  },
};
