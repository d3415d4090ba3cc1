/**
 * What the registry API accepts (issue #3 §1): entities with their policy settings, and people with
 * their role in an entity. The same schemas validate requests and feed the OpenAPI document.
 */
import { z } from 'zod';
import { ENTITY_ROLES } from './access';
import { TENURES } from './accountAdministrator';
import { calendarDaySchema as day } from './dates';
import { typedEmail as email } from './email';
import { POLICY_PROFILES } from './policyProfiles';
import { planLinkGapProblem } from './decision';
import { INACTIVITY_MAX_DAYS, INACTIVITY_MIN_DAYS } from './inactivity';
import { QUESTION_DUE_MAX_DAYS, QUESTION_DUE_MIN_DAYS } from './citizenQuestion';
import { coexistenceRulesSchema } from './coexistenceRules';
import { REPORT_DUE_MAX_BUSINESS_DAYS, REPORT_DUE_MIN_BUSINESS_DAYS } from './reporting';
import './validation';

const text = (max: number) => z.string().trim().min(1).max(max);
const DOMAIN_MESSAGE = 'Dominio no válido, p. ej. cultura.gob.pe.';
// Lengths as min/max rather than a lookahead, so the OpenAPI document states them in a form clients and
// test generators read (schemathesis could not produce a valid entity from the lookahead).
const domain = z.string().trim().toLowerCase().min(4, DOMAIN_MESSAGE).max(253, DOMAIN_MESSAGE).regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, DOMAIN_MESSAGE);
const businessDays = z.number().int().min(1).max(60);

/** Reminders and escalation, in business days (RULEBOOK §8). */
export const reminderPlanSchema = z
  .object({
    remindAfter: z.array(businessDays).max(5),
    escalateAfter: businessDays.optional(),
    repeatEvery: businessDays.optional(),
  })
  .strict()
  .refine((p) => p.remindAfter.every((d, i, a) => i === 0 || a[i - 1]! < d), { message: 'Los recordatorios deben ir en orden creciente.', path: ['remindAfter'] })
  .superRefine((p, ctx) => {
    const problem = planLinkGapProblem(p);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['repeatEvery'] });
  });

/** An electoral period (PCM 6.2.2.10): campaigns whose diffusion overlaps it are flagged for the JNE rules before approval. */
export const electoralPeriodSchema = z
  .object({ from: day, to: day, label: text(200) })
  .strict()
  .refine((e) => e.to >= e.from, { message: 'El período electoral no puede terminar antes de empezar.', path: ['to'] });

/**
 * Settings the entity's head may tune within the directive: decreed non-working days, the reminder plan,
 * the designee for the monthly role review (PCM 6.1.2.11) and the one for content approval (PCM 6.2.2.2,
 * only where the profile allows it; `null` gives either back to the head), the quarterly report's
 * deadline (PCM 6.3.2) and the period without publications that flags an account (PCM 5.2.5).
 */
export const entityPolicyPatchSchema = z
  .object({
    nonWorkingDays: z.array(day).max(60),
    decisionPlan: reminderPlanSchema,
    reviewDesigneeEmail: email.nullable(),
    contentDesigneeEmail: email.nullable(),
    electoralPeriods: z.array(electoralPeriodSchema).max(20),
    reportDueBusinessDays: z
      .number({ message: 'Indique un número de días hábiles.' })
      .int('Indique un número entero de días hábiles.')
      .min(REPORT_DUE_MIN_BUSINESS_DAYS, `Al menos ${REPORT_DUE_MIN_BUSINESS_DAYS} días hábiles: el trimestre debe poder exportarse y revisarse (PCM 6.3.2).`)
      .max(REPORT_DUE_MAX_BUSINESS_DAYS, `A lo más ${REPORT_DUE_MAX_BUSINESS_DAYS} días hábiles: el informe es trimestral (PCM 6.3.2).`),
    inactivityDays: z
      .number({ message: 'Indique un número de días.' })
      .int('Indique un número entero de días.')
      .min(INACTIVITY_MIN_DAYS, `Al menos ${INACTIVITY_MIN_DAYS} días: una campaña dura dos semanas como mínimo (PCM 5.1.1).`)
      .max(INACTIVITY_MAX_DAYS, `A lo más ${INACTIVITY_MAX_DAYS} días: una cuenta sin publicar un año está abandonada (PCM 5.2.5).`),
    coexistenceRules: coexistenceRulesSchema.nullable(),
    questionDueBusinessDays: z
      .number({ message: 'Indique un número de días hábiles.' })
      .int('Indique un número entero de días hábiles.')
      .min(QUESTION_DUE_MIN_DAYS, `Al menos ${QUESTION_DUE_MIN_DAYS} día hábil.`)
      .max(QUESTION_DUE_MAX_DAYS, `A lo más ${QUESTION_DUE_MAX_DAYS} días hábiles: una consulta sin respuesta un mes y medio ya no atiende al ciudadano (PCM 6.2.2.12).`),
  })
  .partial()
  .strict();

/** Everything else about an entity: the platform admin's. */
export const entityStructureSchema = z
  .object({
    name: text(200),
    profile: z.enum(POLICY_PROFILES),
    emailDomains: z.array(domain).min(1).max(5),
    location: text(200),
    officialHosts: z.array(domain).max(10),
    /** Issue 19 §6: how its documents are numbered. */
    acronym: z.string().trim().regex(/^[A-ZÑ0-9][A-ZÑ0-9-]{1,19}$/, 'Use de 2 a 20 mayúsculas, dígitos o guiones, p. ej. MINCUL.').optional(),
    officeCode: z.string().trim().regex(/^[A-ZÑ0-9][A-ZÑ0-9.-]{0,19}$/, 'Use hasta 20 mayúsculas, dígitos, puntos o guiones, p. ej. OCII o 04.01.').optional(),
    supervisorEmail: email,
  })
  .strict();

export const entityCreateSchema = entityStructureSchema
  .extend({
    id: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'Use minúsculas, dígitos y guiones (2 a 40), p. ej. mincul.'),
    officialHosts: z.array(domain).max(10).default([]),
  })
  .extend(entityPolicyPatchSchema.shape)
  .strict();

export const entityPatchSchema = entityStructureSchema.partial().extend(entityPolicyPatchSchema.shape).strict();

export const phoneSchema = z.string().trim().regex(/^\+?[0-9][0-9 -]{5,18}[0-9]$/, 'Teléfono no válido: use solo dígitos, espacios o guiones (7 a 15 dígitos).');

/** A person joining the entity's roster (or a new role for someone already registered elsewhere). */
export const personCreateSchema = z
  .object({
    name: text(120),
    email,
    phone: phoneSchema.optional(),
    role: z.enum(ENTITY_ROLES),
    unit: text(200).optional(),
    tenure: z.enum(TENURES).optional(),
  })
  .strict();

/** A change to someone in the roster; `left: true` records that they left the office. */
export const personPatchSchema = z
  .object({
    name: text(120),
    phone: phoneSchema.nullable(),
    role: z.enum(ENTITY_ROLES),
    unit: text(200).nullable(),
    tenure: z.enum(TENURES).nullable(),
    left: z.literal(true),
  })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'Indique al menos un cambio.' });

export const apiKeyCreateSchema = z.object({ label: text(100) }).strict();

export type EntityCreate = z.infer<typeof entityCreateSchema>;
export type EntityPatch = z.infer<typeof entityPatchSchema>;
export type PersonCreate = z.infer<typeof personCreateSchema>;
export type PersonPatch = z.infer<typeof personPatchSchema>;
