import { createHash, randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { can, principalLabel, type EntityScope, type Principal } from '../../domain/access';
import { limaDate } from '../../domain/businessDays';
import { NETWORK_LABELS } from '../../domain/networks';
import { CAMPAIGN_STAGE_LABELS, electoralOverlaps, isMultisector, validateCampaignProposal, type CampaignProposal } from '../../domain/campaign';
import type { EntityPolicy } from '../../domain/entity';
import type { AuditTrail } from '../../infra/audit';
import { trusted } from '../../infra/db';
import { accountModel } from '../../infra/models/account';
import { campaignModel, type CampaignDoc } from '../../infra/models/campaign';
import type { Registry } from '../../infra/registry';
import type { AccountRequestsService, Caller } from './accountRequests';
import { campaignWorkflowId, type CampaignStatus } from '../../contracts/campaign';
import { Refusal } from '../../domain/refusal';
import type { Processes } from '../../contracts/processes';

export interface CampaignsDeps {
  processes: Processes;
  db: Connection;
  registry: Registry;
  audit: AuditTrail;
  /** Loads the entity with its roster's contacts, with the same 400/409 answers as account requests. */
  loadEntity: AccountRequestsService['loadEntity'];
  /** The clock that says which day "today" is in Lima; tests may set it. */
  now?: () => Date;
}

/** A campaign as lists show it (the registry row). */
export interface CampaignView {
  id: string;
  workflowId: string;
  entityId: string;
  name: string;
  proposerEmail: string;
  mode: 'organic' | 'paid';
  multisector: boolean;
  electoral: boolean;
  startsOn: string;
  endsOn: string;
  state: CampaignDoc['state'];
  stateLabel: string;
  submittedAt: string;
  agency?: CampaignDoc['agency'];
  closedAt?: string;
}

export type CampaignDetail = CampaignView & { entityName: string; live?: CampaignStatus };

const RULE = 'PCM 5.1.1';
const hash = (s: string) => createHash('sha256').update(s).digest('hex');
const unauthenticated = () => new Refusal('unauthenticated', 'Inicie sesión o presente una clave de API.');

const toView = (r: CampaignDoc): CampaignView => ({
  id: r._id,
  workflowId: r.workflowId,
  entityId: r.entityId,
  name: r.name,
  proposerEmail: r.proposerEmail,
  mode: r.mode,
  multisector: r.multisector,
  electoral: r.electoral ?? false,
  startsOn: r.startsOn,
  endsOn: r.endsOn,
  state: r.state,
  stateLabel: CAMPAIGN_STAGE_LABELS[r.state],
  submittedAt: new Date(r.submittedAt).toISOString(),
  ...(r.agency ? { agency: r.agency } : {}),
  ...(r.closedAt ? { closedAt: new Date(r.closedAt).toISOString() } : {}),
});

/** Campaigns (RULEBOOK §5): proposes, lists and reads them, checking who may; routes call only this. */
export function campaignsService(deps: CampaignsDeps) {
  const campaigns = campaignModel(deps.db);
  const clock = deps.now ?? (() => new Date());

  /** Whoever reads the entity's requests reads its campaigns; a proposer reads their own. */
  function mayRead(principal: Principal, row: CampaignDoc, entity: EntityScope): boolean {
    if (can(principal, 'request.read', entity)) return true;
    return principal.kind === 'person' && row.proposerEmail === principal.email && can(principal, 'request.readOwn', entity);
  }

  return {
    /** Active accounts of these entities, for the agency's choice on the form (PCM 6.1.2.10). */
    async accountsFor(entityIds: string[]): Promise<Array<{ id: string; entityId: string; label: string }>> {
      if (!entityIds.length) return [];
      const rows = await accountModel(deps.db).find({ entityId: trusted({ $in: entityIds }), status: 'active' }).sort({ username: 1 }).limit(200).lean();
      return rows.map((a) => ({ id: a._id, entityId: a.entityId, label: `${a.username} (${NETWORK_LABELS[a.network]})` }));
    },

    /** Entities the principal may propose a campaign in. */
    async entitiesForSubmission(principal: Principal): Promise<EntityPolicy[]> {
      const out: EntityPolicy[] = [];
      for (const e of await deps.registry.entities()) {
        if (!can(principal, 'request.submit', { id: e._id, profile: e.profile })) continue;
        const found = await deps.registry.policy(e._id);
        if (found.ok) out.push(found.policy);
      }
      return out;
    },

    /**
     * Validates the proposal (PCM 5.1.1, 5.1.2, 6.1.2.10, 6.4) and starts its process; the same idempotency key
     * never starts a second one. A person proposes in their own name; an API key names a registered person.
     */
    async submit(body: unknown, idempotencyKey: string | undefined, caller: Caller): Promise<{ campaignId: string; created: boolean }> {
      const { principal } = caller;
      if (principal.kind === 'anonymous') throw unauthenticated();
      const entity = await deps.loadEntity((body as { entityId?: unknown } | null)?.entityId);
      if (!can(principal, 'request.submit', entity)) throw new Refusal('forbidden', 'No puede proponer campañas para esta entidad.');
      const input = principal.kind === 'person' && typeof body === 'object' && body !== null ? { ...body, proposer: { name: principal.name, email: principal.email } } : body;
      const checked = validateCampaignProposal(input, entity, { today: limaDate(clock()) });
      if (!checked.ok) throw new Refusal('validation_failed', 'La propuesta de campaña no cumple las reglas', checked.errors);
      if (principal.kind === 'apiKey') {
        const roster = await deps.registry.roster(entity.id);
        if (!roster.some((r) => r.email === checked.value.proposer.email)) {
          throw new Refusal('validation_failed', 'La propuesta de campaña no cumple las reglas', [
            { field: 'proposer.email', rule: RULE, message: 'Quien propone debe ser una persona registrada en la entidad.' },
          ]);
        }
      }
      const proposal: CampaignProposal = checked.value;
      const key = idempotencyKey ?? randomUUID();
      if (key.length < 1 || key.length > 200) throw new Refusal('bad_request', 'Idempotency-Key no válida (de 1 a 200 caracteres).');
      const campaignId = hash(`campana:${entity.id}:${key}`).slice(0, 24);
      const workflowId = campaignWorkflowId(campaignId);
      await deps.processes.startCampaign({ campaignId, entity, proposal, submittedAt: clock().toISOString() }, hash(JSON.stringify(proposal)));
      // The process may already have moved the row's state: only a first insert writes it.
      const row: CampaignDoc = {
        _id: campaignId,
        workflowId,
        entityId: entity.id,
        proposerEmail: proposal.proposer.email,
        submittedBy: principalLabel(principal),
        name: proposal.name,
        mode: proposal.mode,
        multisector: isMultisector(proposal),
        startsOn: proposal.startsOn,
        endsOn: proposal.endsOn,
        state: 'aprobacion',
        electoral: electoralOverlaps(proposal, entity.electoralPeriods).length > 0,
        submittedAt: clock(),
      };
      const { upsertedCount } = await campaigns.updateOne({ _id: campaignId }, { $setOnInsert: row }, { upsert: true }).catch((err: { code?: number }) => {
        if (err.code === 11000) return { upsertedCount: 0 };
        throw err;
      });
      if (upsertedCount) {
        await deps.audit.record({
          action: 'request.submitted', actor: caller.actor, entityId: entity.id, workflowId, subject: row.proposerEmail,
          detail: `Campaña «${row.name}» (${row.mode === 'paid' ? 'publicitaria' : 'orgánica'}${row.multisector ? ', multisectorial' : ''}), del ${row.startsOn} al ${row.endsOn}`,
          ...caller.client,
        });
      }
      return { campaignId, created: upsertedCount > 0 };
    },

    /** The row and, while the process runs or once it ended, its live status. */
    async get(campaignId: string, caller: Caller): Promise<CampaignDetail> {
      const { principal } = caller;
      if (principal.kind === 'anonymous') throw unauthenticated();
      const row = /^[0-9a-f]{24}$/.test(String(campaignId)) ? await campaigns.findById(String(campaignId)).lean() : null;
      if (!row) throw new Refusal('not_found', 'No existe esa campaña.');
      const doc = await deps.registry.entity(row.entityId);
      if (!doc || !mayRead(principal, row, { id: doc._id, profile: doc.profile })) throw new Refusal('forbidden', 'No tiene permiso para ver esta campaña.');
      const view = { ...toView(row), entityName: doc.name };
      const live = await deps.processes.campaignStatus(row._id);
      if (!live) return view;
      if (!(principal.kind === 'person' && principal.email === row.proposerEmail)) {
        await deps.audit.record({ action: 'request.viewed', actor: caller.actor, entityId: row.entityId, workflowId: row.workflowId, ...caller.client });
      }
      return { ...view, live };
    },

    /** Campaigns the principal may read, newest first (at most 200). */
    async list(principal: Principal, entityFilter?: string): Promise<CampaignView[]> {
      if (principal.kind === 'anonymous') throw unauthenticated();
      const all: string[] = [];
      const own: string[] = [];
      for (const e of await deps.registry.entities()) {
        if (entityFilter && e._id !== entityFilter) continue;
        const scope = { id: e._id, profile: e.profile };
        if (can(principal, 'request.read', scope)) all.push(e._id);
        else if (can(principal, 'request.readOwn', scope)) own.push(e._id);
      }
      const or: Array<Record<string, unknown>> = [];
      if (all.length) or.push({ entityId: trusted({ $in: all }) });
      if (own.length && principal.kind === 'person') or.push({ entityId: trusted({ $in: own }), proposerEmail: principal.email });
      if (!or.length) return [];
      const rows = await campaigns.find({ $or: or }).sort({ submittedAt: -1 }).limit(200).lean();
      return rows.map(toView);
    },
  };
}

export type CampaignsService = ReturnType<typeof campaignsService>;
