/**
 * What the accounts API accepts: page roles (PCM 6.1.2.11), a change of status, a request for an
 * immediate rotation. Checked with zod here so the API and its OpenAPI document share one schema.
 */
import { z } from 'zod';
import { typedEmail as email } from './email';
import { PAGE_ROLES } from './pageRoles';

const reason = z.string().trim().min(5, 'Indique el motivo (al menos 5 caracteres).').max(500);

export const roleHolderSchema = z.object({
  name: z.string().trim().min(2, 'Indique el nombre.').max(120),
  email,
  pageRole: z.enum(PAGE_ROLES),
});

/** The whole list of roles on the page, as it is now on the network. */
export const accountRolesSchema = z
  .object({ roles: z.array(roleHolderSchema).max(50) })
  .strict()
  .refine((v) => new Set(v.roles.map((r) => r.email)).size === v.roles.length, { message: 'Cada persona figura una sola vez.', path: ['roles'] });

export const accountStatusSchema = z.object({ status: z.enum(['active', 'paused', 'retired']), reason }).strict();

export const rotateNowSchema = z.object({ reason }).strict();

export type AccountRolesInput = z.infer<typeof accountRolesSchema>;
export type AccountStatusInput = z.infer<typeof accountStatusSchema>;
