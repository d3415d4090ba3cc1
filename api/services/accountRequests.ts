import { numberingYear } from '../../domain/documentNumbers';
import { approvedPlan } from '../../registry/digitalPlans';
import { PROFILES } from '../../domain/policyProfiles';
import { insertOnce } from '../../infra/db';
import { createHash, randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { can, principalLabel, type Principal, requireIdentified, asReadBy } from '../../domain/access';
import { validateAccountProposal, type AccountProposal } from '../../domain/accountProposal';
import type { AuditTrail, Caller } from '../../registry/audit';
import { requestModel, type RequestDoc } from '../../infra/models/request';
import type { Registry } from '../../registry/reads';
import { accountCreationWorkflowId, type AccountCreationStatus } from '../../contracts/accountCreation';
import { Refusal } from '../../domain/refusal';
import type { Processes } from '../../contracts/processes';
import { mayReadRow, readablePage, type ReadableQuery } from '../../registry/readable';
import { newestFirst } from '../../registry/paging';
import type { Page, PageCounts } from '../../domain/paging';

export interface AccountRequestsDeps {
  processes: Processes;
  db: Connection;
  registry: Registry;
  audit: AuditTrail;
}

const hash = (s: string) => createHash('sha256').update(s).digest('hex');

const NEWEST_FIRST = newestFirst('account-requests', 'submittedAt');

/** A request row as lists show it. */
export type RequestSummary = Pick<RequestDoc, 'entityId' | 'requesterEmail' | 'title' | 'submittedAt'> & { id: string };

/** Starts, reads and lists account-creation processes, checking who may; routes stay thin by calling only this. */
export function accountRequestsService(deps: AccountRequestsDeps) {
  const requests = requestModel(deps.db);

  return {
    /**
     * Validates and starts the workflow; the same idempotency key never starts a second one. A person
     * always requests in their own name; an API key names a registered person of its entity.
     */
    async submit(body: unknown, idempotencyKey: string | undefined, caller: Caller): Promise<{ requestId: string }> {
      const { principal } = caller;
      requireIdentified(principal);
      const { entity, roster } = await deps.registry.loadEntityWithRoster((body as { entityId?: unknown } | null)?.entityId);
      if (!can(principal, 'request.submit', entity)) throw new Refusal('forbidden', 'No puede solicitar cuentas para esta entidad.');
      const input = principal.kind === 'person' ? { ...(body as object), requester: { name: principal.name, email: principal.email } } : body;
      const checked = validateAccountProposal(input, entity);
      if (!checked.ok) throw new Refusal('validation_failed', 'La propuesta no cumple las reglas', checked.errors);
      const unitRule = PROFILES[entity.profile].unitAccountDecision;
      if (principal.kind === 'apiKey') {
        if (!roster.some((r) => r.email === checked.value.requester.email.toLowerCase())) {
          throw new Refusal('validation_failed', 'La propuesta no cumple las reglas', [
            { field: 'requester.email', rule: 'PCM 5.2.4', message: 'El solicitante debe ser una persona registrada en la entidad.' },
          ]);
        }
      }
      const proposal: AccountProposal = { ...checked.value, policyProfile: entity.profile };
      const key = idempotencyKey ?? randomUUID();
      const requestId = hash(`${entity.id}:${key}`).slice(0, 24);
      const workflowId = accountCreationWorkflowId(requestId);
      // INPE 4.2.c: a unit asking for an account of its own; the press office's own requests are not.
      const unitMember = unitRule ? roster.find((r) => r.email === proposal.requester.email.toLowerCase() && r.role === 'requester') : undefined;
      const unit = unitMember ? { unit: unitMember.unit ?? `la unidad de ${unitMember.name}` } : {};
      const submittedAt = new Date();
      const year = numberingYear(submittedAt);
      const plan = { year, code: (await approvedPlan(deps.db, entity.id, year))?.code ?? null };
      await deps.processes.startAccountCreation(
        { requestId, entity, proposal, submittedAt: submittedAt.toISOString(), ...unit, plan },
        hash(JSON.stringify(proposal)),
      );
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
      if (await insertOnce(requests, row)) {
        await deps.audit.recordBy(caller, { action: 'request.submitted', entityId: entity.id, workflowId, subject: row.requesterEmail, detail: `Creación de cuenta ${row.title}` });
      }
      return { requestId };
    },

    /** The process's status, for whoever may read it; each reading is recorded, since it shows personal data (Ley 29733). */
    async status(requestId: string, caller: Caller): Promise<AccountCreationStatus> {
      const { principal } = caller;
      requireIdentified(principal);
      const row = /^[0-9a-f]{24}$/.test(requestId) ? await requests.findById(requestId).lean() : null;
      if (!row) throw new Refusal('not_found', 'No existe esa solicitud.');
      const found = await deps.registry.policy(row.entityId);
      const scope = found.ok ? found.policy : found.reason === 'incomplete' ? { id: found.doc._id, profile: found.doc.profile } : undefined;
      if (!scope || !mayReadRow(principal, row.requesterEmail, scope)) throw new Refusal('forbidden', 'No tiene permiso para ver esta solicitud.');
      const status = await deps.processes.accountCreationStatus(row._id);
      if (!status) throw new Refusal('not_found', 'No existe esa solicitud.');
      if (!(principal.kind === 'person' && principal.email === row.requesterEmail)) {
        await deps.audit.recordBy(caller, { action: 'request.viewed', entityId: row.entityId, workflowId: row.workflowId });
      }
      return asReadBy(principal, scope, status);
    },

    /** Requests the principal may read, newest first, a page at a time; `counted` adds how many in all. */
    async list(principal: Principal, q: ReadableQuery, counted = false): Promise<Page<RequestSummary> & { counts?: PageCounts }> {
      requireIdentified(principal);
      const page = await readablePage(requests, { principal, entities: await deps.registry.entitiesOf(principal), ownerField: 'requesterEmail', listing: NEWEST_FIRST }, q, counted);
      return { ...page, rows: page.rows.map((r) => ({ id: r._id, entityId: r.entityId, requesterEmail: r.requesterEmail, title: r.title, submittedAt: r.submittedAt })) };
    },
  };
}

export type AccountRequestsService = ReturnType<typeof accountRequestsService>;
