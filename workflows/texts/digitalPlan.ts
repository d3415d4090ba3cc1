/** What the plan's approval says to people, in Spanish; workflows/digitalPlan.ts decides when and to whom. */
import type { Decision } from '../../domain/decision';

interface Ctx {
  entityName: string;
  year: number;
  submitter: { name: string; email: string };
}

export const digitalPlanTexts = {
  approval: (ctx: Ctx, round: number) => ({
    title: `Plan de Comunicación Digital ${ctx.year}: ${ctx.entityName}${round > 1 ? ` (versión ${round})` : ''}`,
    intro:
      `${ctx.submitter.name} envió para su aprobación el Plan de Comunicación Digital ${ctx.year}, con los diez apartados del Anexo 2, el plan de posteo semanal ` +
      'y las metas trimestrales. Los contenidos de las cuentas responden a este plan (PCM 6.2.2.1). Léalo en Custodio (enlace «Ver el estado del proceso») y ' +
      'apruébelo, u obsérvelo con el motivo para que se corrija.',
    summary: [['Entidad', ctx.entityName], ['Año', String(ctx.year)], ['Elaborado por', `${ctx.submitter.name} (${ctx.submitter.email})`]] as Array<[string, string]>,
  }),

  observed: (ctx: Ctx, d: Decision) => ({
    subject: `Plan de Comunicación Digital ${ctx.year} observado – ${ctx.entityName}`,
    paragraphs: [`${d.by} observó el plan: «${d.reason ?? ''}». Corríjalo en Custodio y envíelo de nuevo a aprobación.`],
  }),

  approved: (ctx: Ctx, code: string, by: string) => ({
    subject: `${code}: Plan de Comunicación Digital ${ctx.year} aprobado – ${ctx.entityName}`,
    paragraphs: [`${by} aprobó el Plan de Comunicación Digital ${ctx.year}. Adjuntamos el documento numerado; los contenidos de las cuentas responden a él (PCM 6.2.2.1).`],
  }),
};
