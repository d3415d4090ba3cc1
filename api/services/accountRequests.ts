import { createHash, randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Connection } from 'mongoose';
import { validateAccountProposal, type AccountProposal } from '../../domain/accountProposal';
import type { EntityPolicy } from '../../domain/entity';
import { entityModel, toEntityPolicy } from '../../infra/models/entity';
import { accountCreation, accountCreationStatusQuery, type AccountCreationStatus } from '../../workflows/accountCreation';
import { AppError, isUnavailable } from '../errors';

export interface AccountRequestsDeps {
  temporal: Client;
  db: Connection;
  taskQueue: string;
  /** How long to wait for Temporal before answering 503. */
  deadlineMs: number;
}

const WORKFLOW_PREFIX = 'account-request-';

/** Request ids are the workflow id's tail: readable in the Temporal UI, opaque to users. */
export const workflowIdFor = (requestId: string) => `${WORKFLOW_PREFIX}${requestId}`;

const hash = (s: string) => createHash('sha256').update(s).digest('hex');

/** Starts, reads and lists account-creation processes; routes stay thin by calling only this. */
export function accountRequestsService(deps: AccountRequestsDeps) {
  const entities = entityModel(deps.db);

  async function loadEntity(id: unknown): Promise<EntityPolicy> {
    if (typeof id !== 'string' || !id) {
      throw new AppError(400, 'validation_failed', 'Solicitud inválida', [{ field: 'entityId', rule: 'PCM 6.1.1.2 (Anexo 4)', message: 'Seleccione la entidad.' }]);
    }
    const doc = await entities.findById(id).lean();
    if (!doc) {
      throw new AppError(400, 'unknown_entity', 'Entidad desconocida', [{ field: 'entityId', rule: 'PCM 6.1.1.2 (Anexo 4)', message: `No existe la entidad «${id}» en el registro.` }]);
    }
    return toEntityPolicy(doc);
  }

  return {
    loadEntity,

    async listEntities(): Promise<EntityPolicy[]> {
      const docs = await entities.find().sort({ name: 1 }).lean();
      return docs.map(toEntityPolicy);
    },

    /** Validates and starts the workflow; the same idempotency key never starts a second one. */
    async submit(body: unknown, idempotencyKey: string | undefined): Promise<{ requestId: string }> {
      const entity = await loadEntity((body as { entityId?: unknown } | null)?.entityId);
      const checked = validateAccountProposal(body, entity);
      if (!checked.ok) throw new AppError(400, 'validation_failed', 'La propuesta no cumple las reglas', checked.errors);
      const proposal: AccountProposal = { ...checked.value, policyProfile: entity.profile };
      const key = idempotencyKey ?? randomUUID();
      if (key.length > 200) throw new AppError(400, 'bad_request', 'Idempotency-Key demasiado larga (máximo 200 caracteres).');
      const requestId = hash(`${entity.id}:${key}`).slice(0, 24);
      const fingerprint = hash(JSON.stringify(proposal));
      try {
        const handle = await deps.temporal.withDeadline(Date.now() + deps.deadlineMs, () => deps.temporal.workflow.start(accountCreation, {
          taskQueue: deps.taskQueue,
          workflowId: workflowIdFor(requestId),
          workflowIdConflictPolicy: 'USE_EXISTING',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          memo: { fingerprint, entityId: entity.id },
          args: [{ requestId, entity, proposal, submittedAt: new Date().toISOString() }],
        }));
        const description = await handle.describe();
        if (description.memo?.fingerprint !== fingerprint) {
          throw new AppError(409, 'idempotency_conflict', 'Esa clave de idempotencia ya se usó con otra propuesta.');
        }
        return { requestId };
      } catch (err) {
        if (err instanceof AppError) throw err;
        if (isUnavailable(err)) throw new AppError(503, 'temporal_unavailable', 'El servicio de procesos no está disponible; intente de nuevo en unos minutos.');
        throw err;
      }
    },

    async status(requestId: string): Promise<AccountCreationStatus> {
      if (!/^[0-9a-f]{24}$/.test(requestId)) throw new AppError(404, 'not_found', 'No existe esa solicitud.');
      try {
        return await deps.temporal.withDeadline(Date.now() + deps.deadlineMs, () =>
          deps.temporal.workflow.getHandle(workflowIdFor(requestId)).query(accountCreationStatusQuery),
        );
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) throw new AppError(404, 'not_found', 'No existe esa solicitud.');
        if (isUnavailable(err)) throw new AppError(503, 'temporal_unavailable', 'El servicio de procesos no está disponible; intente de nuevo en unos minutos.');
        throw err;
      }
    },
  };
}

export type AccountRequestsService = ReturnType<typeof accountRequestsService>;
