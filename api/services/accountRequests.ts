import { createHash, randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { can, principalLabel, type EntityScope, type Principal } from '../../domain/access';
import { validateAccountProposal, type AccountProposal } from '../../domain/accountProposal';
import type { EntityPolicy } from '../../domain/entity';
import type { AuditTrail } from '../../infra/audit';
import { trusted } from '../../infra/db';
import { accountModel } from '../../infra/models/account';
import { agencyGrantModel } from '../../infra/models/agencyGrant';
import type { AuditActor } from '../../infra/models/audit';
import { requestModel, type RequestDoc } from '../../infra/models/request';
import { roleReviewModel } from '../../infra/models/roleReview';
import { handoverModel } from '../../infra/models/handover';
import { campaignModel } from '../../infra/models/campaign';
import { contentRequestModel } from '../../infra/models/contentRequest';
import type { Registry } from '../../infra/registry';
import { accountCreationWorkflowId, type AccountCreationStatus } from '../../contracts/accountCreation';
import { Refusal } from '../../domain/refusal';
import type { Processes } from '../../contracts/processes';

export interface AccountRequestsDeps {
  processes: Processes;
  db: Connection;
  registry: Registry;
  audit: AuditTrail;
}

/** Who is acting and from where, as routes hand it to the service. */
export interface Caller {
  principal: Principal;
  actor: AuditActor;
  client: { ip?: string; userAgent: string };
}

const hash = (s: string) => createHash('sha256').update(s).digest('hex');
const entityField = (message: string) => [{ field: 'entityId', rule: 'PCM 6.1.1.2 (Anexo 4)', message }];

/** A request row as lists show it. */
export type RequestSummary = Pick<RequestDoc, 'entityId' | 'requesterEmail' | 'title' | 'submittedAt'> & { id: string };

/** Starts, reads and lists account-creation processes, checking who may; routes stay thin by calling only this. */
export function accountRequestsService(deps: AccountRequestsDeps) {
  const requests = requestModel(deps.db);

  /** The entity with its roster's contacts, or the 400/409 that explains why not. */
  async function loadEntity(id: unknown): Promise<EntityPolicy> {
    if (typeof id !== 'string' || !id) throw new Refusal('validation_failed', 'Solicitud inválida', entityField('Seleccione la entidad.'));
    const found = await deps.registry.policy(id);
    if (found.ok) return found.policy;
    if (found.reason === 'unknown') throw new Refusal('unknown_entity', 'Entidad desconocida', entityField(`No existe la entidad «${id}» en el registro.`));
    const labels = { head: 'titular', second: 'segundo(a) al mando', cm: 'community manager' } as Record<string, string>;
    throw new Refusal('entity_incomplete', `La entidad no tiene registrado(a): ${found.missing.map((r) => labels[r] ?? r).join(', ')}. Pida a su titular o al administrador que complete el registro.`);
  }

  /** PCM 5.2.4 and issue #3 §3: who may read a request. */
  function mayRead(principal: Principal, row: RequestDoc, entity: EntityScope): boolean {
    if (can(principal, 'request.read', entity)) return true;
    return principal.kind === 'person' && row.requesterEmail === principal.email && can(principal, 'request.readOwn', entity);
  }

  return {
    loadEntity,

    /** Entities the principal may start a request in. */
    async entitiesForSubmission(principal: Principal): Promise<EntityPolicy[]> {
      const all = await deps.registry.entities();
      const allowed = all.filter((e) => can(principal, 'request.submit', { id: e._id, profile: e.profile }));
      const out: EntityPolicy[] = [];
      for (const e of allowed) {
        const found = await deps.registry.policy(e._id);
        if (found.ok) out.push(found.policy);
      }
      return out;
    },

    /**
     * Validates and starts the workflow; the same idempotency key never starts a second one. A person
     * always requests in their own name; an API key names a registered person of its entity.
     */
    async submit(body: unknown, idempotencyKey: string | undefined, caller: Caller): Promise<{ requestId: string }> {
      const { principal } = caller;
      if (principal.kind === 'anonymous') throw new Refusal('unauthenticated', 'Inicie sesión o presente una clave de API.');
      const entity = await loadEntity((body as { entityId?: unknown } | null)?.entityId);
      if (!can(principal, 'request.submit', entity)) throw new Refusal('forbidden', 'No puede solicitar cuentas para esta entidad.');
      const input = principal.kind === 'person' ? { ...(body as object), requester: { name: principal.name, email: principal.email } } : body;
      const checked = validateAccountProposal(input, entity);
      if (!checked.ok) throw new Refusal('validation_failed', 'La propuesta no cumple las reglas', checked.errors);
      if (principal.kind === 'apiKey') {
        const roster = await deps.registry.roster(entity.id);
        if (!roster.some((r) => r.email === checked.value.requester.email.toLowerCase())) {
          throw new Refusal('validation_failed', 'La propuesta no cumple las reglas', [
            { field: 'requester.email', rule: 'PCM 5.2.4', message: 'El solicitante debe ser una persona registrada en la entidad.' },
          ]);
        }
      }
      const proposal: AccountProposal = { ...checked.value, policyProfile: entity.profile };
      const key = idempotencyKey ?? randomUUID();
      if (key.length > 200) throw new Refusal('bad_request', 'Idempotency-Key demasiado larga (máximo 200 caracteres).');
      const requestId = hash(`${entity.id}:${key}`).slice(0, 24);
      const workflowId = accountCreationWorkflowId(requestId);
      await deps.processes.startAccountCreation({ requestId, entity, proposal, submittedAt: new Date().toISOString() }, hash(JSON.stringify(proposal)));
      // A retry with the same key rewrites nothing and records nothing twice.
      const row: RequestDoc = {
        _id: requestId,
        kind: 'accountCreation',
        workflowId,
        entityId: entity.id,
        requesterEmail: proposal.requester.email.toLowerCase(),
        submittedBy: principalLabel(principal),
        title: proposal.proposedNames.join(' / '),
        submittedAt: new Date(),
      };
      const { upsertedCount } = await requests.updateOne({ _id: requestId }, { $setOnInsert: row }, { upsert: true });
      if (upsertedCount) {
        await deps.audit.record({ action: 'request.submitted', actor: caller.actor, entityId: entity.id, workflowId, subject: row.requesterEmail, detail: `Creación de cuenta ${row.title}`, ...caller.client });
      }
      return { requestId };
    },

    /** The process's status, for whoever may read it; each reading is recorded, since it shows personal data (Ley 29733). */
    async status(requestId: string, caller: Caller): Promise<AccountCreationStatus> {
      const { principal } = caller;
      if (principal.kind === 'anonymous') throw new Refusal('unauthenticated', 'Inicie sesión o presente una clave de API.');
      const row = /^[0-9a-f]{24}$/.test(requestId) ? await requests.findById(requestId).lean() : null;
      if (!row) throw new Refusal('not_found', 'No existe esa solicitud.');
      const found = await deps.registry.policy(row.entityId);
      const scope = found.ok ? found.policy : found.reason === 'incomplete' ? { id: found.doc._id, profile: found.doc.profile } : undefined;
      if (!scope || !mayRead(principal, row, scope)) throw new Refusal('forbidden', 'No tiene permiso para ver esta solicitud.');
      const status = await deps.processes.accountCreationStatus(row._id);
      if (!status) throw new Refusal('not_found', 'No existe esa solicitud.');
      if (!(principal.kind === 'person' && principal.email === row.requesterEmail)) {
        await deps.audit.record({ action: 'request.viewed', actor: caller.actor, entityId: row.entityId, workflowId: row.workflowId, ...caller.client });
      }
      return status;
    },

    /** Requests the principal may read, newest first (at most 200). */
    async list(principal: Principal, entityFilter?: string): Promise<RequestSummary[]> {
      if (principal.kind === 'anonymous') throw new Refusal('unauthenticated', 'Inicie sesión o presente una clave de API.');
      const entities = (await deps.registry.entities()).filter((e) => !entityFilter || e._id === entityFilter);
      const all: string[] = [];
      const own: string[] = [];
      for (const e of entities) {
        const scope = { id: e._id, profile: e.profile };
        if (can(principal, 'request.read', scope)) all.push(e._id);
        else if (can(principal, 'request.readOwn', scope)) own.push(e._id);
      }
      const or: Array<Record<string, unknown>> = [];
      if (all.length) or.push({ entityId: trusted({ $in: all }) });
      if (own.length && principal.kind === 'person') or.push({ entityId: trusted({ $in: own }), requesterEmail: principal.email });
      if (!or.length) return [];
      const rows = await requests.find({ $or: or }).sort({ submittedAt: -1 }).limit(200).lean();
      return rows.map((r) => ({ id: r._id, entityId: r.entityId, requesterEmail: r.requesterEmail, title: r.title, submittedAt: r.submittedAt }));
    },

    /** The entity a process belongs to, for the audit rows of its links. */
    async entityOfWorkflow(workflowId: string): Promise<string | undefined> {
      // A month's role review (PCM 6.1.2.11) and a handover (PCM 6.2.3) are found by their registry rows, so their decisions land in the entity's trail.
      return (
        (await requests.findOne({ workflowId }).lean())?.entityId ??
        (await roleReviewModel(deps.db).findOne({ workflowId }).lean())?.entityId ??
        (await handoverModel(deps.db).findOne({ workflowId }).lean())?.entityId ??
        // A rotation and an agency grant are named after the account or grant they govern.
        (workflowId.startsWith('rotacion-') ? (await accountModel(deps.db).findById(workflowId.slice('rotacion-'.length)).lean())?.entityId : undefined) ??
        (workflowId.startsWith('concesion-') ? (await agencyGrantModel(deps.db).findById(workflowId.slice('concesion-'.length)).lean())?.entityId : undefined) ??
        // A campaign (RULEBOOK §5) is found by its registry row.
        (workflowId.startsWith('campana-') ? (await campaignModel(deps.db).findOne({ workflowId }).lean())?.entityId : undefined) ??
        // A content publication (RULEBOOK §6) is found by its registry row.
        (workflowId.startsWith('contenido-') ? (await contentRequestModel(deps.db).findOne({ workflowId }).lean())?.entityId : undefined)
      );
    },
  };
}

export type AccountRequestsService = ReturnType<typeof accountRequestsService>;
