/**
 * Every address Custodio puts in a page, a `Location` header or an email, built in one place: the
 * routes that answer them are mounted in api/app.ts. Paths are relative; emails prefix `PUBLIC_URL`.
 */
import { workflowSubject } from '../contracts/workflowSubject';

export const urls = {
  home: '/',
  signIn: (next?: string) => (next ? `/ingresar?siguiente=${encodeURIComponent(next)}` : '/ingresar'),
  /** The emailed one-time sign-in link. */
  signInLink: (token: string) => `/ingresar/${token}`,
  /** The page where the head sends an open step to someone else (a refused address). */
  resendStep: (workflowId: string, step: string) => `/pasos/${encodeURIComponent(workflowId)}/${encodeURIComponent(step)}/reenviar`,
  /** A signed-in decider's button to act on a step: it leads to the same page as the emailed link. */
  stepAction: (workflowId: string, step: string, action: string) => `/pasos/${encodeURIComponent(workflowId)}/${encodeURIComponent(step)}/actuar/${encodeURIComponent(action)}`,
  /** The emailed decision link of a step (api/routes/links.ts). */
  decisionLink: (token: string) => `/enlace/${token}`,
  entity: {
    api: (id: string) => `/api/entities/${id}`,
    /** The entity's accounts, with their rotation schedule; `overdueOnly`, only overdue rotations (`?vencidas=1`). */
    accounts: (id: string, opts: { overdueOnly?: boolean } = {}) => `/entidades/${encodeURIComponent(id)}/cuentas${opts.overdueOnly ? '?vencidas=1' : ''}`,
    /** The same list as a file to print or file, `csv` or `xlsx`, with the same filter. */
    accountsExport: (id: string, format: 'csv' | 'xlsx', opts: { overdueOnly?: boolean } = {}) =>
      `/entidades/${encodeURIComponent(id)}/cuentas.${format}${opts.overdueOnly ? '?vencidas=1' : ''}`,
    /** Register one account the entity already runs. */
    registerAccount: (id: string) => `/entidades/${encodeURIComponent(id)}/cuentas/registrar`,
    /** Upload the inventory; then its preview, then its confirmation. */
    inventory: (id: string) => `/entidades/${encodeURIComponent(id)}/inventario`,
    inventoryPreview: (id: string, importId: string) => `/entidades/${encodeURIComponent(id)}/inventario/${encodeURIComponent(importId)}`,
  },
  /** An account's page and its forms (`roles`, `estado`, `rotar`). */
  account: { page: (id: string) => `/cuentas/${encodeURIComponent(id)}`, form: (id: string, form: 'roles' | 'estado' | 'rotar') => `/cuentas/${encodeURIComponent(id)}/${form}` },
  /** The inventory template (Anexo 4 columns), `xlsx` or `csv`. */
  inventoryTemplate: (format: 'xlsx' | 'csv') => `/plantillas/inventario.${format}`,
  accountRequest: { page: (id: string) => `/solicitudes/${id}`, api: (id: string) => `/api/account-requests/${id}` },
  campaign: { page: (id: string) => `/campanas/${id}`, api: (id: string) => `/api/campaigns/${id}` },
  contentRequest: {
    page: (id: string) => `/contenidos/${id}`,
    api: (id: string) => `/api/content-requests/${id}`,
    image: (id: string, imageId: string) => `/contenidos/${id}/imagenes/${imageId}`,
  },
  agencyGrant: { api: (id: string) => `/api/agency-grants/${id}` },
  /** The SCS supervisor's board of every entity under supervision, and the same as `csv` or `xlsx`. */
  supervision: { page: '/supervision', export: (format: 'csv' | 'xlsx') => `/supervision.${format}` },
  handover: { api: (entityId: string, id: string) => `/api/entities/${encodeURIComponent(entityId)}/handovers/${id}` },
} as const;

/** The status page of the process a workflow runs, where it has one (account requests, campaigns, content). */
export function processPageOf(workflowId: string): string | undefined {
  const subject = workflowSubject(workflowId);
  if (subject?.process === 'accountCreation') return urls.accountRequest.page(subject.requestId);
  if (subject?.process === 'campaign') return urls.campaign.page(subject.campaignId);
  if (subject?.process === 'contentPublication') return urls.contentRequest.page(subject.requestId);
  return undefined;
}
