/**
 * The entity's yearly Plan de Comunicación Digital (issue 19 §3; PCM 6.2.2.1, Anexo 2): the ten sections of
 * Anexo 2, with the weekly posting plan of «Acciones» and the quarterly targets of «Indicadores» as
 * figures (the ones the quarterly report, Anexo 3, measures), drafted from a page by the CM or the head and
 * approved by the head. A draft may be incomplete; a plan sent for approval may not.
 */
import { z } from 'zod';
import { NETWORKS, type Network } from './networks';
import type { RuleViolation } from './validation';

export const PLAN_CLAUSE = 'PCM 6.2.2.1, Anexo 2';

export const PLAN_SECTIONS = ['analysis', 'objectives', 'audience', 'message', 'strategy', 'tools', 'actions', 'indicators', 'resources', 'schedule'] as const;
export type PlanSection = (typeof PLAN_SECTIONS)[number];

/** Anexo 2's headings, numbered as the annex numbers them, and what each asks (its own words). */
export const PLAN_SECTION_TEXT: Record<PlanSection, { title: string; asks: string }> = {
  analysis: { title: '1. Análisis', asks: '¿Cómo se gestionarán las redes sociales? ¿Qué se quiere que vea el público? ¿De qué se hablará, con qué tono y con qué palabras clave (etiquetas)?' },
  objectives: { title: '2. Objetivos', asks: '¿Qué objetivos se desea lograr por medio de las redes sociales? Los objetivos y las acciones de comunicación digital.' },
  audience: { title: '3. Público objetivo', asks: '¿Quiénes son? ¿Dónde están? ¿Cómo hablan? ¿Qué esperan de la entidad? Segmente los públicos.' },
  message: { title: '4. Mensaje', asks: 'Qué se va a decir, cómo y por qué, según la red social.' },
  strategy: { title: '5. Estrategia digital', asks: '¿Qué herramientas se usarán y qué acciones en cada una? Nuevos formatos, de corte utilitario y de interés para la ciudadanía.' },
  tools: { title: '6. Herramientas de comunicación digital a utilizar', asks: 'Sitios web, blogs, redes sociales, boletines informativos, pódcast.' },
  actions: { title: '7. Acciones', asks: 'Las 4 C (contenido, contexto, conexión y comunidad): cómo conseguir seguidores, storytelling, publicidad, relaciones públicas, integración con la web. El plan de posteo semanal va en cifras abajo.' },
  indicators: { title: '8. Indicadores', asks: 'Qué se medirá: atención, participación, autoridad, influencia. Las metas trimestrales que el informe trimestral (Anexo 3) mide van en cifras abajo.' },
  resources: { title: '9. Recursos requeridos', asks: 'Personas, herramientas y presupuesto.' },
  schedule: { title: '10. Cronograma de implementación', asks: 'Qué se hace y cuándo, durante el año.' },
};

/** The quarterly targets the quarterly report measures over every account of the entity (domain/anexo3.ts `Totals`). */
export const PLAN_INDICATORS = ['posts', 'reach', 'interactions', 'followersGrowth'] as const;
export type PlanIndicator = (typeof PLAN_INDICATORS)[number];
export const PLAN_INDICATOR_LABELS: Record<PlanIndicator, string> = {
  posts: 'Publicaciones por trimestre',
  reach: 'Alcance por trimestre',
  interactions: 'Interacciones por trimestre',
  followersGrowth: 'Nuevos seguidores por trimestre',
};

const section = z.string().trim().max(5000, 'Use como máximo 5000 caracteres.');
const count = (max: number) => z.number({ error: 'Indique un número.' }).int('Indique un número entero.').min(0, 'No puede ser negativo.').max(max, `A lo más ${max}.`);

/** What the page or the API saves: any part may still be missing in a draft. */
export const planDraftSchema = z
  .object({
    sections: z.object(Object.fromEntries(PLAN_SECTIONS.map((s) => [s, section.optional()])) as Record<PlanSection, z.ZodOptional<typeof section>>).strict(),
    weeklyPosts: z.partialRecord(z.enum(NETWORKS), count(100)),
    indicators: z.partialRecord(z.enum(PLAN_INDICATORS), count(1_000_000_000)),
  })
  .strict();
export type PlanDraft = z.output<typeof planDraftSchema>;

/** Sent for approval, a plan has every section (at least 20 characters), a weekly posting plan and a target. */
export function planCompletenessProblems(d: PlanDraft): RuleViolation[] {
  return [
    ...PLAN_SECTIONS.filter((s) => (d.sections[s] ?? '').length < 20).map((s) => ({
      field: `sections.${s}`, rule: PLAN_CLAUSE, message: `Complete «${PLAN_SECTION_TEXT[s].title}» (al menos 20 caracteres).`,
    })),
    ...(Object.values(d.weeklyPosts).some((n) => (n ?? 0) > 0) ? [] : [{ field: 'weeklyPosts', rule: PLAN_CLAUSE, message: 'Indique el plan de posteo semanal: cuántas publicaciones por semana en al menos una red (Anexo 2, Acciones).' }]),
    ...(Object.values(d.indicators).some((n) => n !== undefined) ? [] : [{ field: 'indicators', rule: PLAN_CLAUSE, message: 'Fije al menos una meta trimestral (Anexo 2, Indicadores).' }]),
  ];
}

/** The networks with a weekly figure, in the registry's order. */
export const plannedNetworks = (d: Pick<PlanDraft, 'weeklyPosts'>): Array<[Network, number]> =>
  NETWORKS.flatMap((n) => (d.weeklyPosts[n] ? [[n, d.weeklyPosts[n]!] as [Network, number]] : []));
