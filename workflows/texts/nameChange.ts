/** What «cambio de nombre o usuario» says to people, in Spanish; workflows/nameChange.ts decides when and to whom. */
import type { NameChangeContext } from '../../activities/nameChange';
import type { ProposedNames } from '../../domain/accountNames';
import type { Decision } from '../../domain/decision';

type Ctx = Pick<NameChangeContext, 'label' | 'from' | 'requester'> & { entityName: string };

/** Old → new, only for what changes. */
function changes(ctx: Ctx, to: ProposedNames): Array<[string, string]> {
  return [
    ...(to.username !== undefined ? [['Usuario', `${ctx.from.username} → ${to.username}`] as [string, string]] : []),
    ...(to.name !== undefined ? [['Nombre de la página', `${ctx.from.name ?? '(no registrado)'} → ${to.name}`] as [string, string]] : []),
  ];
}

const WHY =
  'Cambiar el nombre de la página o el usuario sin previa coordinación con el/la titular de la Oficina de Comunicaciones está prohibido ' +
  '(PCM 6.1.2.7; Anexo 1, cláusula TERCERA): la cuenta puede perder su insignia de verificación.';

export const nameChangeTexts = {
  /** The head's step (the second's, when the head asked): approve, observe or reject (PCM 6.1.2.7). */
  approval: (ctx: Ctx, to: ProposedNames, reason: string, round: number) => ({
    title: `Cambio de nombre o usuario: ${ctx.label} – ${ctx.entityName}${round > 1 ? ` (versión ${round})` : ''}`,
    intro:
      `${ctx.requester.name} (${ctx.requester.email}) pide cambiar ${to.username !== undefined && to.name !== undefined ? 'el usuario y el nombre' : to.username !== undefined ? 'el usuario' : 'el nombre de la página'} ` +
      `de la cuenta ${ctx.label}. ${WHY} Si lo aprueba, el community manager hará el cambio en la red y lo confirmará en Custodio. ` +
      'Si algo debe corregirse, obsérvelo con el motivo.',
    summary: [['Entidad', ctx.entityName], ['Cuenta', ctx.label], ...changes(ctx, to), ['Motivo', reason]] as Array<[string, string]>,
  }),

  /** The requester corrects the proposal after an observation. */
  correction: (ctx: Ctx, to: ProposedNames, observation: Decision) => ({
    title: `Cambio de nombre o usuario observado: ${ctx.label} – ${ctx.entityName}`,
    intro:
      `${observation.by} observó el pedido de cambio de la cuenta ${ctx.label}: «${observation.reason ?? ''}». ` +
      'Corrija la propuesta (nombre, usuario o motivo) y pulse «Enviar corrección»: volverá a su aprobación. No cambie nada en la red todavía.',
    summary: [['Cuenta', ctx.label], ...changes(ctx, to), ['Observación', observation.reason ?? '']] as Array<[string, string]>,
  }),

  /** The CM makes the approved change on the platform and confirms it; only then does the registry follow. */
  done: (ctx: Ctx, to: ProposedNames, approvedBy: string) => ({
    title: `Cambio de nombre o usuario aprobado: hágalo en la red – ${ctx.label}`,
    intro:
      `${approvedBy} aprobó el cambio de la cuenta ${ctx.label} (PCM 6.1.2.7). Hágalo en la red social y pulse «Confirmar» cuando la cuenta ya muestre ` +
      'el nuevo nombre: Custodio actualizará el registro y guardará el nombre anterior en el historial de la cuenta.',
    summary: [['Cuenta', ctx.label], ...changes(ctx, to), ['Aprobado por', approvedBy]] as Array<[string, string]>,
  }),

  rejected: (ctx: Ctx, to: ProposedNames, decision: Decision) => ({
    subject: `Cambio de nombre o usuario rechazado: ${ctx.label} – ${ctx.entityName}`,
    paragraphs: [
      `${decision.by} rechazó el cambio de la cuenta ${ctx.label}${decision.reason ? `: «${decision.reason}»` : ''}.`,
      'La cuenta debe conservar su nombre y usuario actuales (PCM 6.1.2.7): no los cambie en la red.',
    ],
    summary: [['Cuenta', ctx.label], ...changes(ctx, to)] as Array<[string, string]>,
  }),

  completed: (ctx: Ctx, to: ProposedNames, approvedBy: string, doneBy: string) => ({
    subject: `Cambio de nombre o usuario realizado: ${ctx.label} – ${ctx.entityName}`,
    paragraphs: [
      `${doneBy} confirmó que la cuenta ya tiene el nombre aprobado por ${approvedBy}. El registro de Custodio se actualizó y el historial de nombres de la cuenta guarda el anterior.`,
    ],
    summary: [['Cuenta', ctx.label], ...changes(ctx, to), ['Aprobado por', approvedBy], ['Confirmado por', doneBy]] as Array<[string, string]>,
  }),
};
