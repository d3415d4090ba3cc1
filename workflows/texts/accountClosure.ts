/** What «cierre de cuenta» says to people, in Spanish; workflows/accountClosure.ts decides when and to whom. */
import type { AccountClosureContext } from '../../activities/accountClosure';
import type { Decision } from '../../domain/decision';

type Ctx = Pick<AccountClosureContext, 'label' | 'requester' | 'reason' | 'inactivity' | 'clause'> & { entityName: string };

const facts = (ctx: Ctx): Array<[string, string]> => [
  ['Entidad', ctx.entityName],
  ['Cuenta', ctx.label],
  ['Pedido por', `${ctx.requester.name} (${ctx.requester.email})`],
  ['Motivo', ctx.reason],
  ...(ctx.inactivity ? [['Actividad (PCM 5.2.5)', ctx.inactivity] as [string, string]] : []),
];

export const accountClosureTexts = {
  /** The head decides a closure someone else asked for (SENACE 7.2: only the communications office closes). */
  approval: (ctx: Ctx) => ({
    title: `Cierre de cuenta: ${ctx.label} – ${ctx.entityName}`,
    intro:
      `${ctx.requester.name} pide cerrar la cuenta institucional ${ctx.label}. Una cuenta no se abandona (PCM 5.2.5): se cierra con su aprobación (${ctx.clause}). ` +
      'Si la aprueba, el community manager retirará los roles, cambiará la contraseña una última vez y cerrará la cuenta en la red; ' +
      'después Custodio la dará de baja y enviará el acta de cierre. Si la cuenta debe seguir, rechace el pedido con el motivo.',
    summary: facts(ctx),
  }),

  /** The CM closes the account on the platform and confirms each action. */
  closing: (ctx: Ctx, approvedBy: string) => ({
    title: `Cierre de cuenta aprobado: ciérrela en la red – ${ctx.label}`,
    intro:
      `${approvedBy} aprobó cerrar la cuenta ${ctx.label} (${ctx.clause}). En la red social, en este orden: ` +
      '1) retire los roles de página de todas las personas y agencias; 2) cambie la contraseña una última vez; 3) desactive o elimine la cuenta.' +
      ' Luego marque las tres confirmaciones y pulse «Confirmar»: Custodio dará de baja la cuenta, detendrá sus cambios de contraseña y revisiones de roles, y enviará el acta de cierre.',
    summary: [...facts(ctx), ['Aprobado por', approvedBy]] as Array<[string, string]>,
  }),

  rejected: (ctx: Ctx, decision: Decision) => ({
    subject: `Cierre de cuenta rechazado: ${ctx.label} – ${ctx.entityName}`,
    paragraphs: [
      `${decision.by} rechazó cerrar la cuenta ${ctx.label}${decision.reason ? `: «${decision.reason}»` : ''}.`,
      'La cuenta sigue activa: retome su frecuencia de publicación (PCM 5.2.5, 6.2.2.4) y no la cierre en la red.',
    ],
    summary: facts(ctx),
  }),

  /** SCS learns of the closure with the acta (supervised profiles). */
  toSupervisor: (ctx: Ctx, code: string, closedBy: string) => ({
    subject: `${code}: cierre de la cuenta ${ctx.label} – ${ctx.entityName}`,
    paragraphs: [
      `${ctx.entityName} cerró su cuenta institucional ${ctx.label} (${ctx.clause}). ${closedBy} confirmó que se retiraron los roles, se cambió la contraseña una última vez ` +
        'y la cuenta se cerró en la red; Custodio la dio de baja en el directorio de cuentas (Anexo 4).',
      'Adjuntamos el acta de cierre con el detalle.',
    ],
    summary: [...facts(ctx), ['Acta', code]] as Array<[string, string]>,
    addressee: 'Secretaría de Comunicación Social',
  }),

  /** Where SCS does not supervise, the acta goes to the office's file. */
  forFile: (ctx: Ctx, code: string, closedBy: string) => ({
    subject: `${code}: cierre de la cuenta ${ctx.label} – ${ctx.entityName}`,
    paragraphs: [
      `${closedBy} confirmó el cierre de la cuenta ${ctx.label}: se retiraron los roles, se cambió la contraseña una última vez y la cuenta se cerró en la red. ` +
        'Custodio la dio de baja; ya no pedirá cambios de contraseña ni revisiones de roles para ella.',
      'Adjuntamos el acta de cierre para el archivo de la oficina.',
    ],
    summary: [...facts(ctx), ['Acta', code]] as Array<[string, string]>,
  }),
};
