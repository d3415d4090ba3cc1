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
    /** The monthly reviews of page roles; one month's review page, where roles are corrected in place. */
    reviews: (id: string) => `/entidades/${encodeURIComponent(id)}/revisiones`,
    review: (id: string, month: string) => `/entidades/${encodeURIComponent(id)}/revisiones/${encodeURIComponent(month)}`,
    reviewRoles: (id: string, month: string, accountId: string) =>
      `/entidades/${encodeURIComponent(id)}/revisiones/${encodeURIComponent(month)}/cuentas/${encodeURIComponent(accountId)}/roles`,
    /** Answer a platform-read anomaly of a month's review (issue 17 §1). */
    reviewAnomaly: (id: string, month: string) => `/entidades/${encodeURIComponent(id)}/revisiones/${encodeURIComponent(month)}/anomalias`,
    /** The quarterly reports to SCS (PCM 6.3.2); one quarter's page, its follower counts, its Anexo 3 files. */
    reports: (id: string) => `/entidades/${encodeURIComponent(id)}/informes`,
    report: (id: string, quarter: string) => `/entidades/${encodeURIComponent(id)}/informes/${encodeURIComponent(quarter)}`,
    reportFollowers: (id: string, quarter: string) => `/entidades/${encodeURIComponent(id)}/informes/${encodeURIComponent(quarter)}/seguidores`,
    reportFile: (id: string, quarter: string, format: 'pdf' | 'xlsx') => `/entidades/${encodeURIComponent(id)}/informes/${encodeURIComponent(quarter)}/anexo3.${format}`,
    /** The entity's connection to Meta's Graph API (issue 17 §1): the head's page and its JSON twin. */
    meta: (id: string) => `/entidades/${encodeURIComponent(id)}/meta`,
    metaApi: (id: string) => `/api/entities/${encodeURIComponent(id)}/meta-connection`,
    /** Every entity the caller may read; the platform admin creates one there. */
    list: '/entidades',
    /** The roster: people and roles, adding one (`personas`), the head's designees (`designados`). */
    roster: (id: string, form?: 'personas' | 'designados') => `/entidades/${encodeURIComponent(id)}/equipo${form ? `/${form}` : ''}`,
    /** One person of the roster: a new role (`rol`), or their leaving, confirmed first (`salida`). */
    person: (id: string, personId: string, form: 'rol' | 'salida') => `/entidades/${encodeURIComponent(id)}/equipo/${encodeURIComponent(personId)}/${form}`,
    /** What the head may tune, and the platform admin's structural fields (`estructura`). */
    /** The head adapts the norms of coexistence (Anexo 6); `publicCoexistence` is what everyone reads. */
    /** The Plan de Comunicación Digital of a year (Anexo 2): draft, approval, the approved PDF. */
    plan: (id: string, year: number) => `/entidades/${encodeURIComponent(id)}/plan/${year}`,
    planPdf: (id: string, year: number) => `/entidades/${encodeURIComponent(id)}/plan/${year}/pdf`,
    coexistence: (id: string) => `/entidades/${encodeURIComponent(id)}/convivencia`,
    publicCoexistence: (id: string) => `/convivencia/${encodeURIComponent(id)}`,
    settings: (id: string, form?: 'dias' | 'plan' | 'electorales' | 'informe' | 'inactividad' | 'consultas' | 'estructura') => `/entidades/${encodeURIComponent(id)}/ajustes${form ? `/${form}` : ''}`,
    /** The entity's API keys; revoking one is confirmed first. */
    apiKeys: (id: string) => `/entidades/${encodeURIComponent(id)}/claves`,
    revokeApiKey: (id: string, keyId: string) => `/entidades/${encodeURIComponent(id)}/claves/${encodeURIComponent(keyId)}/revocar`,
    /** The entity's own Anexo 4 directory (its head sees the phones), and the same as `csv` or `xlsx`. */
    directory: (id: string, format?: 'csv' | 'xlsx') => `/entidades/${encodeURIComponent(id)}/directorio${format ? `.${format}` : ''}`,
  },
  /** An account's page and its forms (`roles`, `estado`, `rotar`). */
  account: {
    page: (id: string) => `/cuentas/${encodeURIComponent(id)}`,
    form: (id: string, form: 'roles' | 'estado' | 'rotar') => `/cuentas/${encodeURIComponent(id)}/${form}`,
    /** Its posting frequency from `month` (`YYYY-MM`) back. */
    frequency: (id: string, month: string) => `/cuentas/${encodeURIComponent(id)}?mes=${encodeURIComponent(month)}#frecuencia`,
    /** Upload a platform's export of its posts; then its preview, then its confirmation. */
    metrics: (id: string) => `/cuentas/${encodeURIComponent(id)}/metricas`,
    metricsPreview: (id: string, importId: string) => `/cuentas/${encodeURIComponent(id)}/metricas/${encodeURIComponent(importId)}`,
    /** «Cambio de nombre o usuario» (PCM 6.1.2.7): the form, the open request and the history of names. */
    rename: (id: string) => `/cuentas/${encodeURIComponent(id)}/cambio-de-nombre`,
    /** «Cierre de cuenta» (PCM 5.2.5): the request, the open closure and how the account ended. */
    closure: (id: string) => `/cuentas/${encodeURIComponent(id)}/cierre`,
  },
  /** The metrics template for what no readable export brings (CSV), and how to fill it. */
  metricsTemplate: { csv: '/plantillas/metricas.csv', guide: '/plantillas/metricas' },
  /** The inventory template (Anexo 4 columns), `xlsx` or `csv`. */
  inventoryTemplate: (format: 'xlsx' | 'csv') => `/plantillas/inventario.${format}`,
  accountRequest: { page: (id: string) => `/solicitudes/${id}`, api: (id: string) => `/api/account-requests/${id}` },
  campaign: { page: (id: string) => `/campanas/${id}`, api: (id: string) => `/api/campaigns/${id}` },
  contentRequest: {
    page: (id: string) => `/contenidos/${id}`,
    api: (id: string) => `/api/content-requests/${id}`,
    image: (id: string, imageId: string) => `/contenidos/${id}/imagenes/${imageId}`,
  },
  /** An agency grant's page and its early end; the form that opens one on an account. */
  agencyGrant: {
    api: (id: string) => `/api/agency-grants/${id}`,
    page: (id: string) => `/agencias/${encodeURIComponent(id)}`,
    end: (id: string) => `/agencias/${encodeURIComponent(id)}/terminar`,
    open: (accountId: string) => `/cuentas/${encodeURIComponent(accountId)}/agencias/nueva`,
    /** Every grant of an entity; `vigentes` keeps those that still hold (or will hold) a role. */
    list: (entityId: string, filter?: 'vigentes') => `/entidades/${encodeURIComponent(entityId)}/agencias${filter ? `?estado=${filter}` : ''}`,
  },
  /** The SCS supervisor's board of every entity under supervision, and the same as `csv` or `xlsx`. */
  supervision: { page: '/supervision', export: (format: 'csv' | 'xlsx') => `/supervision.${format}` },
  /** SCS's Anexo 4 directory of every supervised entity's accounts (PCM 6.3.5), and the same as `csv` or `xlsx`. */
  directory: { page: '/directorio', export: (format: 'csv' | 'xlsx') => `/directorio.${format}` },
  /** An entity's handovers of administration: the list, the start form, one handover's page. */
  handover: {
    api: (entityId: string, id: string) => `/api/entities/${encodeURIComponent(entityId)}/handovers/${id}`,
    list: (entityId: string) => `/entidades/${encodeURIComponent(entityId)}/traspasos`,
    start: (entityId: string) => `/entidades/${encodeURIComponent(entityId)}/traspasos/nuevo`,
    page: (entityId: string, id: string) => `/entidades/${encodeURIComponent(entityId)}/traspasos/${encodeURIComponent(id)}`,
  },
  /** An entity's matters that can affect its image (PCM 6.2.2.14): the list, the report form, one matter's page. */
  imageIssue: {
    api: (entityId: string, id: string) => `/api/entities/${encodeURIComponent(entityId)}/image-issues/${id}`,
    list: (entityId: string) => `/entidades/${encodeURIComponent(entityId)}/asuntos`,
    report: (entityId: string) => `/entidades/${encodeURIComponent(entityId)}/asuntos/nuevo`,
    page: (entityId: string, id: string) => `/entidades/${encodeURIComponent(entityId)}/asuntos/${encodeURIComponent(id)}`,
  },
  /** An entity's security incidents (PCM 6.1.1.7): the list, the report form, one incident's page. */
  incident: {
    api: (entityId: string, id: string) => `/api/entities/${encodeURIComponent(entityId)}/incidents/${id}`,
    list: (entityId: string) => `/entidades/${encodeURIComponent(entityId)}/incidentes`,
    report: (entityId: string) => `/entidades/${encodeURIComponent(entityId)}/incidentes/nuevo`,
    page: (entityId: string, id: string) => `/entidades/${encodeURIComponent(entityId)}/incidentes/${encodeURIComponent(id)}`,
  },
  /** An entity's moderation record (PCM 6.2.2.13, INPE 5.4.b): the list with its form, one record's page. */
  /** Citizens' questions routed to the responsible area (PCM 6.2.2.12): the list with its form, and one question. */
  question: {
    list: (entityId: string) => `/entidades/${encodeURIComponent(entityId)}/consultas`,
    page: (entityId: string, id: string) => `/entidades/${encodeURIComponent(entityId)}/consultas/${encodeURIComponent(id)}`,
  },
  moderation: {
    api: (entityId: string, id: string) => `/api/entities/${encodeURIComponent(entityId)}/moderation/${id}`,
    list: (entityId: string) => `/entidades/${encodeURIComponent(entityId)}/moderacion`,
    page: (entityId: string, id: string) => `/entidades/${encodeURIComponent(entityId)}/moderacion/${encodeURIComponent(id)}`,
  },
  /** The page where a process's state is shown, from its workflow id; `undefined` for a process without one. */
  processPage(workflowId: string): string | undefined {
    const subject = workflowSubject(workflowId);
    switch (subject?.process) {
      case 'accountCreation': return urls.accountRequest.page(subject.requestId);
      case 'campaign': return urls.campaign.page(subject.campaignId);
      case 'contentPublication': return urls.contentRequest.page(subject.requestId);
      case 'credentialRotation': return urls.account.page(subject.accountId);
      case 'roleReview': return urls.entity.review(subject.entityId, subject.month);
      case 'roleReviewScheduler': return urls.entity.reviews(subject.entityId);
      case 'quarterlyReport': return urls.entity.report(subject.entityId, subject.quarter);
      case 'monthlyEvaluation':
      case 'reportingScheduler': return urls.entity.reports(subject.entityId);
      case 'agencyGrant': return urls.agencyGrant.page(subject.grantId);
      case 'handover': return urls.handover.page(subject.entityId, subject.handoverId);
      case 'directoryDigest': return urls.directory.page;
      case 'nameChange': return urls.account.rename(subject.accountId);
      case 'accountClosure': return urls.account.closure(subject.accountId);
      case 'citizenQuestion': return urls.question.page(subject.entityId, subject.questionId);
      case 'digitalPlan': return urls.entity.plan(subject.entityId, subject.year);
      case 'securityIncident': return urls.incident.page(subject.entityId, subject.incidentId);
      case 'imageIssue': return urls.imageIssue.page(subject.entityId, subject.issueId);
      case 'moderationNotice': return urls.moderation.page(subject.entityId, subject.recordId);
      default: return undefined;
    }
  },
} as const;
