/**
 * An audit row as the audit page says it (issue 15 §3b): the action in Spanish, the entity by name, the
 * process as a link to its page with a readable name, the step by name. The CSV keeps the stable codes.
 */
import { workflowSubject, type WorkflowSubject } from '../contracts/workflowSubject';
import { stepName } from '../domain/stepNames';
import { AUDIT_ACTION_LABELS, type AuditActor } from '../infra/models/audit';
import { urls } from '../infra/urls';
import type { AuditView } from '../registry/audit';
import { reference } from './processWords';
import { PROCESS_LABELS } from './services/myWork';

export interface AuditRowShown {
  id: string;
  /** The Lima timestamp with seconds, for `<time datetime>`; the page writes it out with `fmt`. */
  at: string;
  action: string;
  actor: string;
  entity: string;
  process?: { label: string; href?: string };
  step?: string;
  subject: string;
  ip: string;
  detail: string;
}

function actorOf(a: AuditActor): string {
  switch (a.kind) {
    case 'person': return a.email ?? 'Persona';
    case 'link': return a.email ? `${a.email} (por enlace)` : 'Por enlace';
    case 'apiKey': return `Clave de API ${a.keyId ?? ''}`.trim();
    case 'process': return 'El proceso, automáticamente';
    default: return a.email ?? 'Visitante sin sesión';
  }
}

/** What tells one process from another of its kind: a reference people can read out, or the month reviewed. */
function which(subject: WorkflowSubject): string {
  switch (subject.process) {
    case 'accountCreation':
    case 'contentPublication': return ` · ref. ${reference(subject.requestId)}`;
    case 'campaign': return ` · ref. ${reference(subject.campaignId)}`;
    case 'roleReview': return ` · ${subject.month}`;
    default: return '';
  }
}

/** «Creación de cuenta · ref. 4F2A1C», linked to its page when the process has one; an id no contract builds stays as it is. */
function processOf(workflowId: string): { label: string; href?: string } {
  const subject = workflowSubject(workflowId);
  if (!subject) return { label: workflowId };
  const href = urls.processPage(workflowId);
  const kind = PROCESS_LABELS[subject.process === 'roleReviewScheduler' ? 'roleReview' : subject.process] ?? 'Proceso';
  return { label: `${kind}${which(subject)}`, ...(href ? { href } : {}) };
}

export function auditRow(v: AuditView, entityName: (id: string) => string): AuditRowShown {
  return {
    id: v.id,
    at: v.at,
    action: AUDIT_ACTION_LABELS[v.action] ?? v.action,
    actor: actorOf(v.actor),
    entity: v.entityId ? entityName(v.entityId) : '',
    ...(v.workflowId ? { process: processOf(v.workflowId) } : {}),
    ...(v.step ? { step: stepName(v.step) } : {}),
    subject: v.subject ?? '',
    ip: v.ip ?? '',
    detail: v.detail ?? '',
  };
}
