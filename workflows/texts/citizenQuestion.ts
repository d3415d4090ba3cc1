/** What «consulta ciudadana» says to people, in Spanish; workflows/citizenQuestion.ts decides when and to whom. */
import type { CitizenQuestionContext } from '../../activities/citizenQuestion';

type Ctx = Omit<CitizenQuestionContext, 'exists' | 'entity'> & { entityName: string };

const facts = (ctx: Ctx): Array<[string, string]> => [
  ['Entidad', ctx.entityName],
  ['Red social', ctx.network],
  ['Tipo', ctx.kind],
  ['Consulta', ctx.question],
  ...(ctx.link ? [['Enlace al mensaje', ctx.link] as [string, string]] : []),
  ['Recibida', ctx.labels.receivedAt],
  ['Área responsable', `${ctx.areaName} (${ctx.area.name})`],
  ['Plazo para responder', `${ctx.labels.dueAt} (${ctx.dueBusinessDays} ${ctx.dueBusinessDays === 1 ? 'día hábil' : 'días hábiles'})`],
  ...(ctx.attentionHours && ctx.countsFrom !== ctx.receivedAt ? [['El plazo corre desde', `${ctx.labels.countsFrom}: horario de atención ${ctx.attentionHours}`] as [string, string]] : []),
];

export const citizenQuestionTexts = {
  /** The area registers and answers (PCM 6.2.2.12). */
  toArea: (ctx: Ctx) => ({
    title: `Consulta ciudadana para ${ctx.areaName}: ${ctx.network} – ${ctx.entityName}`,
    intro:
      `La Oficina de Comunicaciones derivó a su área una consulta recibida por ${ctx.network} para su registro y atención, conforme a Ley (PCM 6.2.2.12). ` +
      `Regístrela según los procedimientos de su área y escriba la respuesta hasta el ${ctx.labels.dueAt}: el community manager la publicará en la red. ` +
      'Si vence sin respuesta, se avisa al/a la titular de la Oficina de Comunicaciones.',
    summary: facts(ctx),
  }),

  /** The CM replies on the network with the area's answer, and confirms. */
  reply: (ctx: Ctx, answer: string, answeredBy: string) => ({
    title: `Consulta ciudadana respondida por ${ctx.areaName}: publique la respuesta – ${ctx.network}`,
    intro:
      `${answeredBy} respondió la consulta recibida por ${ctx.network}. Publique la respuesta en la red (puede adaptarla al tono de la cuenta sin cambiar su contenido) ` +
      'y pulse «Confirmar» cuando el ciudadano la tenga.',
    summary: [...facts(ctx), ['Respuesta del área', answer]] as Array<[string, string]>,
  }),
};
