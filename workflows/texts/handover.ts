/** What a handover of administration says to people, in Spanish; workflows/handover.ts decides when and to whom. */
import type { HandoverContext } from '../../activities/handover';
import { PAGE_ROLE_LABELS } from '../../domain/pageRoles';

type Ctx = Pick<HandoverContext, 'entityName' | 'head' | 'outgoing' | 'incoming' | 'accounts' | 'outgoingRoles' | 'recoveryDevices'>;

/** CONGRESO 6.2.3: the recovery phones the outgoing person has. */
const devices = (ctx: Ctx) => (ctx.recoveryDevices ?? []).map((d) => `${d.device} (${d.label})`).join('; ');
const devicesRow = (ctx: Ctx): Array<[string, string]> => (devices(ctx) ? [['Equipos de recuperación (CONGRESO 6.2.3)', devices(ctx)]] : []);

function headOrOffice(ctx: Ctx): string {
  return ctx.head ? `${ctx.head.name} (${ctx.head.email}), titular de la Oficina de Comunicaciones` : 'el/la titular de la Oficina de Comunicaciones';
}

/** Who leaves, who takes over, and the accounts: the summary of every step. */
function people(ctx: Ctx): Array<[string, string]> {
  return [
    ['Entidad', ctx.entityName],
    ['Community manager saliente', `${ctx.outgoing.name} (${ctx.outgoing.email})`],
    ['Nuevo(a) community manager', `${ctx.incoming.name} (${ctx.incoming.email})`],
    ['Cuentas', ctx.accounts.map((a) => a.label).join('; ') || 'Ninguna registrada en Custodio'],
  ];
}

export const handoverTexts = {
  /** PCM 6.2.3.2: the outgoing CM sends the credentials to the head; after an observation, again with its reason. */
  delivery: (ctx: Ctx, last?: { by: string; reason: string }) => ({
    title: `Traspaso de administración: entrega de credenciales – ${ctx.entityName}`,
    intro:
      (last ? `${last.by} observó la entrega anterior: «${last.reason}». Corrija lo observado y vuelva a enviar las credenciales. ` : '') +
      `Usted deja la administración de las cuentas institucionales de ${ctx.entityName}, que asumirá ${ctx.incoming.name}. Como parte del traspaso, ` +
      `envíe a ${headOrOffice(ctx)}, desde su correo institucional, los correos, usuarios y contraseñas vigentes de cada cuenta (PCM 6.2.3.2). ` +
      (devices(ctx) ? `Entréguele también los equipos de recuperación de propiedad de la institución que tiene a su cargo: ${devices(ctx)} (CONGRESO 6.2.3). ` : '') +
      'Nunca los envíe por mensajería instantánea (PCM 6.1.2.6) ni los escriba en Custodio, que no recibe ni guarda contraseñas. ' +
      'Cuando los haya enviado, pulse «Confirmar».',
    summary: [...people(ctx), ...devicesRow(ctx), ...(last ? [['Observación', last.reason] as [string, string]] : [])],
  }),

  /** PCM 6.2.3.3: the head verifies them, or observes what is missing. */
  verification: (ctx: Ctx) => ({
    title: `Traspaso de administración: verificación de credenciales – ${ctx.entityName}`,
    intro:
      `${ctx.outgoing.name} confirmó que le envió por correo institucional los correos, usuarios y contraseñas vigentes de las cuentas ` +
      `de ${ctx.entityName} (PCM 6.2.3.2). Verifique que sean válidos (PCM 6.2.3.3). Si lo son, pulse «Confirmar» y entrégueselos a ` +
      `${ctx.incoming.name} (${ctx.incoming.email}) por correo institucional, en las mismas condiciones de seguridad (PCM 6.2.3.3). ` +
      (devices(ctx) ? `Verifique también que recibió los equipos de recuperación (${devices(ctx)}): pasan a manos de ${ctx.incoming.name} con la administración (CONGRESO 6.2.3). ` : '') +
      `Si falta algo o algo no funciona, pulse «Observar» y explique qué falta (sin escribir ninguna contraseña); se le pedirá a ${ctx.outgoing.name} que lo corrija.`,
    summary: [...people(ctx), ...devicesRow(ctx)],
  }),

  /** PCM 6.1.1.3, 6.1.2.7: the new CM signs Anexo 1, as every admin who receives the credentials. */
  agreement: (ctx: Ctx) => ({
    title: `Traspaso de administración: acuerdo de confidencialidad (Anexo 1) – ${ctx.entityName}`,
    intro:
      `Usted asume la administración de las cuentas institucionales de ${ctx.entityName}. Como todo administrador que recibe sus credenciales, ` +
      'imprima y firme el acuerdo de confidencialidad adjunto (Anexo 1 de la directiva; PCM 6.1.1.3): entre otros deberes, no cambiar el nombre ' +
      'de la página ni el usuario de una cuenta sin previa coordinación con el/la titular de la Oficina de Comunicaciones (PCM 6.1.2.7). ' +
      `Entréguelo a ${headOrOffice(ctx)} y confirme aquí que lo firmó.`,
    summary: people(ctx),
  }),

  /** PCM 6.2.3.4: the new CM has the credentials and sets the new page roles. */
  newRoles: (ctx: Ctx) => ({
    title: `Traspaso de administración: nuevos roles de página – ${ctx.entityName}`,
    intro:
      `${ctx.head?.name ?? 'El/la titular de la Oficina de Comunicaciones'} le entregará (o ya le entregó) por correo institucional las credenciales de las cuentas de ` +
      `${ctx.entityName} (PCM 6.2.3.3): desde ahora usted las administra. Ingrese a cada cuenta y configure los nuevos roles de página, con usted ` +
      `como administrador(a) (PCM 6.2.3.4). Cuando lo haya hecho, pulse «Confirmar»: Custodio lo(a) registrará como administrador(a) de cada cuenta ` +
      `y le pedirá retirar a ${ctx.outgoing.name}. Nunca escriba una contraseña en Custodio.`,
    summary: people(ctx),
  }),

  /** PCM 6.2.3.4–5: the new CM removes the outgoing one from every role before the deadline. */
  removal: (ctx: Ctx, deadlineLabel: string) => {
    const roles = ctx.outgoingRoles.map((r) => `${r.label}: ${PAGE_ROLE_LABELS[r.pageRole].toLowerCase()}`).join('; ');
    return {
      title: `Traspaso de administración: retiro de ${ctx.outgoing.name} – ${ctx.entityName}`,
      intro:
        `Retire a ${ctx.outgoing.name} (${ctx.outgoing.email}) de todos los roles de página de las cuentas de ${ctx.entityName}, en cada red ` +
        '(PCM 6.2.3.4): nadie que ya no trabaja en el área de redes sociales puede conservar un rol, y el/la titular responde por la omisión ' +
        `(PCM 6.2.3.5). Hágalo a más tardar el ${deadlineLabel}; luego pulse «Ya lo retiré». Si no se confirma a tiempo, se avisará al titular.`,
      summary: [
        ...people(ctx),
        ['Roles por retirar', roles || 'Ninguno registrado en Custodio; revise igualmente cada cuenta'],
        ['Plazo', deadlineLabel],
      ] as Array<[string, string]>,
    };
  },

  /** The head and the new CM learn it is done: who holds the role now, and that every account rotates. No password travels. */
  done: (ctx: Ctx, o: { incomingIsCm: boolean; rotations: number; by: { entrega: string; verificacion: string; acuerdo: string; rolesNuevos: string; retiro: string } }) => ({
    subject: `Traspaso de administración concluido – ${ctx.entityName}`,
    paragraphs: [
      o.incomingIsCm
        ? `Concluyó el traspaso de administración de las cuentas de ${ctx.entityName}: ${ctx.incoming.name} (${ctx.incoming.email}) es ahora community manager, ` +
          `y ${ctx.outgoing.name} dejó la oficina y fue retirado(a) de todos los roles de página (PCM 6.2.3.4–5).`
        : `Concluyó el traspaso de administración de las cuentas de ${ctx.entityName}: ${ctx.outgoing.name} dejó la oficina y fue retirado(a) de todos los roles ` +
          `de página (PCM 6.2.3.4–5). ${ctx.incoming.email} ya no figura en la nómina: registre al nuevo community manager.`,
      o.rotations
        ? `Como ${ctx.outgoing.name} conocía las contraseñas, se pidió una rotación inmediata de credenciales de cada cuenta (${o.rotations}); ` +
          'quien las custodia recibirá el pedido con su enlace. Custodio no recibe ni envía contraseñas.'
        : 'La entidad no tiene cuentas en servicio registradas en Custodio: no hubo credenciales que rotar.',
    ],
    summary: [
      ...people(ctx),
      ['Entrega confirmada por', o.by.entrega],
      ['Verificada por', o.by.verificacion],
      ...(o.by.acuerdo !== '—' ? [['Anexo 1 firmado por', o.by.acuerdo] as [string, string]] : []),
      ['Roles nuevos confirmados por', o.by.rolesNuevos],
      ['Retiro confirmado por', o.by.retiro],
    ] as Array<[string, string]>,
  }),
};
