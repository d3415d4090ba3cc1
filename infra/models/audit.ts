import { Schema, type Connection, type Model, type Types } from 'mongoose';

/** What an audit row says happened; stable names, because exports and filters use them. */
export const AUDIT_ACTIONS = [
  'signin.requested',
  'signin.unknown',
  'signin.completed',
  'signin.refused',
  'signout',
  'link.opened',
  'link.refused',
  'link.invalid',
  'link.renewed',
  'decision.recorded',
  'request.submitted',
  'request.viewed',
  'roster.viewed',
  'roster.added',
  'roster.changed',
  'entity.created',
  'entity.changed',
  'apiKey.created',
  'apiKey.revoked',
  'access.denied',
  'account.roles.changed',
  'account.status.changed',
  'account.passwordHolders.changed',
  'account.recoveryDevice.changed',
  'account.registered',
  'account.updated',
  'account.activated',
  'account.renamed',
  'directory.viewed',
  'inventory.imported',
  'metrics.imported',
  'rotation.requested',
  'grant.created',
  'grant.ended',
  'campaign.ended',
  'handover.started',
  'incident.reported',
  'image-issue.reported',
  'roleReview.started',
  'quarterlyReport.started',
  'quarterlyReport.followers',
  'email.refused',
  'step.resent',
  'meta.connected',
  'meta.replaced',
  'meta.revoked',
  'roleReview.anomalyConfirmed',
  'roleReview.anomalyRemoved',
  'moderation.recorded',
  'moderation.reviewed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Each action as the audit page says it (issue 15 §3b); the CSV and the filters keep the stable names. */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  'signin.requested': 'Pidió un enlace para ingresar',
  'signin.unknown': 'Pidió ingresar con un correo no registrado',
  'signin.completed': 'Ingresó',
  'signin.refused': 'Ingreso rechazado',
  signout: 'Cerró sesión',
  'link.opened': 'Abrió un enlace de decisión',
  'link.refused': 'Enlace de decisión rechazado',
  'link.invalid': 'Enlace de decisión no válido o vencido',
  'link.renewed': 'Pidió un enlace de decisión nuevo',
  'decision.recorded': 'Registró una decisión',
  'request.submitted': 'Presentó una solicitud',
  'request.viewed': 'Consultó una solicitud',
  'roster.viewed': 'Consultó la nómina',
  'roster.added': 'Agregó a una persona a la nómina',
  'roster.changed': 'Cambió la nómina',
  'entity.created': 'Creó la entidad',
  'entity.changed': 'Cambió los datos o ajustes de la entidad',
  'apiKey.created': 'Creó una clave de API',
  'apiKey.revoked': 'Revocó una clave de API',
  'access.denied': 'Acceso denegado',
  'account.roles.changed': 'Cambió los roles de página de una cuenta',
  'account.status.changed': 'Cambió el estado de una cuenta',
  'account.passwordHolders.changed': 'Cambió a quiénes se entrega la contraseña de una cuenta',
  'account.recoveryDevice.changed': 'Registró el equipo de recuperación de una cuenta',
  'account.registered': 'Registró una cuenta existente',
  'account.updated': 'Actualizó los datos de una cuenta',
  'account.activated': 'Activó una cuenta creada por solicitud',
  'account.renamed': 'Cambió el nombre o el usuario de una cuenta, con aprobación del/de la titular',
  'directory.viewed': 'Consultó el directorio de cuentas con teléfonos',
  'inventory.imported': 'Importó el inventario de cuentas',
  'metrics.imported': 'Importó las métricas de publicaciones de una cuenta',
  'rotation.requested': 'Pidió un cambio de contraseña',
  'grant.created': 'Dio acceso a una agencia',
  'grant.ended': 'Terminó el acceso de una agencia',
  'campaign.ended': 'Terminó o canceló una campaña',
  'handover.started': 'Inició el traspaso de la administración',
  'incident.reported': 'Reportó un incidente de seguridad digital',
  'image-issue.reported': 'Informó un asunto que puede afectar la imagen institucional',
  'roleReview.started': 'Inició la revisión mensual de roles',
  'quarterlyReport.started': 'Inició el informe trimestral a la SCS',
  'quarterlyReport.followers': 'Registró los seguidores del informe trimestral',
  'email.refused': 'Correo no entregado: la dirección fue rechazada',
  'step.resent': 'Envió un paso pendiente a otra persona',
  'meta.connected': 'Conectó la entidad con Meta (token de usuario del sistema)',
  'meta.replaced': 'Reemplazó el token de Meta de la entidad',
  'meta.revoked': 'Revocó el token de Meta de la entidad',
  'roleReview.anomalyConfirmed': 'Confirmó como correcta una anomalía leída en la plataforma',
  'roleReview.anomalyRemoved': 'Retiró en la plataforma un acceso señalado por la revisión de roles',
  'moderation.recorded': 'Registró una acción de moderación (ocultar, denunciar o bloquear)',
  'moderation.reviewed': 'Revisó un bloqueo del registro de moderación',
};

export interface AuditActor {
  /** `process`: written by a running process (a refused email), not by a request. */
  kind: 'person' | 'apiKey' | 'link' | 'anonymous' | 'process';
  /** The person's address, or the addressee of the link used. */
  email?: string;
  keyId?: string;
}

/**
 * One row of the append-only audit trail (Ley 27806; RULEBOOK §8): who, what, when, from where, and
 * the workflow touched. Never holds a phone, a DNI or a secret.
 */
export interface AuditDoc {
  _id: Types.ObjectId;
  at: Date;
  action: AuditAction;
  actor: AuditActor;
  entityId?: string;
  accountId?: string;
  workflowId?: string;
  step?: string;
  /** The person the action was about (a roster change, a sign-in request). */
  subject?: string;
  ip?: string;
  userAgent?: string;
  detail?: string;
}

const auditSchema = new Schema<AuditDoc>(
  {
    at: { type: Date, required: true },
    action: { type: String, enum: AUDIT_ACTIONS, required: true },
    actor: { _id: false, kind: { type: String, required: true }, email: String, keyId: String },
    entityId: String,
    accountId: String,
    workflowId: String,
    step: String,
    subject: String,
    ip: String,
    userAgent: String,
    detail: String,
  },
  { versionKey: false },
);
auditSchema.index({ entityId: 1, at: -1 });
auditSchema.index({ at: -1 });

// Append-only: the model refuses every way mongoose offers to change or remove a row.
const appendOnly = () => new Error('the audit trail is append-only');
for (const op of ['updateOne', 'updateMany', 'findOneAndUpdate', 'replaceOne', 'findOneAndReplace', 'deleteOne', 'deleteMany', 'findOneAndDelete'] as const) {
  auditSchema.pre(op, () => {
    throw appendOnly();
  });
}
auditSchema.pre('save', function () {
  if (!this.isNew) throw appendOnly();
});
auditSchema.pre('bulkWrite', () => {
  throw appendOnly();
});

export function auditModel(conn: Connection): Model<AuditDoc> {
  return (conn.models.Audit as Model<AuditDoc>) ?? conn.model<AuditDoc>('Audit', auditSchema, 'audit_events');
}

/**
 * The claim of an audit row written "exactly once" by a process that may retry (a decision, a refused
 * address): the key is the `_id`, so the first insert wins on FerretDB and MongoDB alike, and it names
 * the row's id before the row exists, so a retry after a crash writes that same row or finds it.
 */
export interface AuditKeyDoc {
  _id: string;
  auditId: Types.ObjectId;
}

const auditKeySchema = new Schema<AuditKeyDoc>({ _id: String, auditId: { type: Schema.Types.ObjectId, required: true } }, { versionKey: false });

export function auditKeyModel(conn: Connection): Model<AuditKeyDoc> {
  return (conn.models.AuditKey as Model<AuditKeyDoc>) ?? conn.model<AuditKeyDoc>('AuditKey', auditKeySchema, 'audit_keys');
}
