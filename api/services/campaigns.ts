import { createHash, randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { can, principalLabel, type Principal, requireIdentified, asReadBy } from '../../domain/access';
import { limaDate } from '../../domain/businessDays';
import { NETWORK_LABELS } from '../../domain/networks';
import { CAMPAIGN_STAGE_LABELS, CANCELLABLE_STAGES, ENDABLE_STAGES, electoralOverlaps, isMultisector, validateCampaignProposal, type CampaignProposal } from '../../domain/campaign';
import type { AuditTrail, Caller } from '../../registry/audit';
import { insertOnce, trusted } from '../../infra/db';
import { accountModel } from '../../infra/models/account';
import { campaignModel, type CampaignDoc, type CampaignState } from '../../infra/models/campaign';
import type { Registry } from '../../registry/reads';
import { campaignWorkflowId, type CampaignStatus } from '../../contracts/campaign';
import { Refusal } from '../../domain/refusal';
import { campaignEndSchema } from '../../domain/campaignInput';
import { validate } from '../../domain/validation';
import type { Processes } from '../../contracts/processes';
import { mayReadRow, readablePage, type ReadableQuery } from '../../registry/readable';
import { newestFirst } from '../../registry/paging';
import type { Page, PageCounts } from '../../domain/paging';

export interface CampaignsDeps {
  processes: Processes;
  db: Connection;
  registry: Registry;
  audit: AuditTrail;
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
const NEWEST_FIRST = newestFirst('campaigns', 'submittedAt');
const hash = (s: string) => createHash('sha256').update(s).digest('hex');

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

  return {
    /**
     * Every active account of these entities, for the agency's choice on the form (PCM 6.1.2.10). All of
     * them, not a page: an entity runs tens of accounts, and one left out of the choice could not be
     * granted to the agency from the form at all.
     */
    async accountsFor(entityIds: string[]): Promise<Array<{ id: string; entityId: string; label: string }>> {
      if (!entityIds.length) return [];
      const rows = await accountModel(deps.db).find({ entityId: trusted({ $in: entityIds }), status: 'active' }).sort({ username: 1, _id: 1 }).lean();
      return rows.map((a) => ({ id: a._id, entityId: a.entityId, label: `${a.username} (${NETWORK_LABELS[a.network]})` }));
    },

    /**
     * Validates the proposal (PCM 5.1.1, 5.1.2, 6.1.2.10, 6.4) and starts its process; the same idempotency key
     * never starts a second one. A person proposes in their own name; an API key names a registered person.
     */
    async submit(body: unknown, idempotencyKey: string | undefined, caller: Caller): Promise<{ campaignId: string; created: boolean }> {
      const { principal } = caller;
      requireIdentified(principal);
      const { entity, roster } = await deps.registry.loadEntityWithRoster((body as { entityId?: unknown } | null)?.entityId);
      if (!can(principal, 'request.submit', entity)) throw new Refusal('forbidden', 'No puede proponer campañas para esta entidad.');
      const input = principal.kind === 'person' && typeof body === 'object' && body !== null ? { ...body, proposer: { name: principal.name, email: principal.email } } : body;
      const checked = validateCampaignProposal(input, entity, { today: limaDate(clock()) });
      if (!checked.ok) throw new Refusal('validation_failed', 'La propuesta de campaña no cumple las reglas', checked.errors);
      if (principal.kind === 'apiKey') {
        if (!roster.some((r) => r.email === checked.value.proposer.email)) {
          throw new Refusal('validation_failed', 'La propuesta de campaña no cumple las reglas', [
            { field: 'proposer.email', rule: RULE, message: 'Quien propone debe ser una persona registrada en la entidad.' },
          ]);
        }
      }
      const proposal: CampaignProposal = checked.value;
      const key = idempotencyKey ?? randomUUID();
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
      const created = await insertOnce(campaigns, row);
      if (created) {
        await deps.audit.recordBy(caller, {
          action: 'request.submitted', entityId: entity.id, workflowId, subject: row.proposerEmail,
          detail: `Campaña «${row.name}» (${row.mode === 'paid' ? 'publicitaria' : 'orgánica'}${row.multisector ? ', multisectorial' : ''}), del ${row.startsOn} al ${row.endsOn}`,
          ...caller.client,
        });
      }
      return { campaignId, created };
    },

    /** The row and, while the process runs or once it ended, its live status. */
    async get(campaignId: string, caller: Caller): Promise<CampaignDetail> {
      const { principal } = caller;
      requireIdentified(principal);
      const row = /^[0-9a-f]{24}$/.test(String(campaignId)) ? await campaigns.findById(String(campaignId)).lean() : null;
      if (!row) throw new Refusal('not_found', 'No existe esa campaña.');
      const doc = await deps.registry.entity(row.entityId);
      if (!doc || !mayReadRow(principal, row.proposerEmail, { id: doc._id, profile: doc.profile })) throw new Refusal('forbidden', 'No tiene permiso para ver esta campaña.');
      const view = { ...toView(row), entityName: doc.name };
      const live = await deps.processes.campaignStatus(row._id);
      if (!live) return view;
      if (!(principal.kind === 'person' && principal.email === row.proposerEmail)) {
        await deps.audit.recordBy(caller, { action: 'request.viewed', entityId: row.entityId, workflowId: row.workflowId });
      }
      return { ...view, live: asReadBy(principal, { id: doc._id, profile: doc.profile }, live) };
    },

    /**
     * The head ends a campaign (issue 15 §2): before its diffusion it is cancelled, while it runs it ends
     * today. The registry row says which; the process applies it (or ignores it if its stage moved on).
     */
    async end(campaignId: string, body: unknown, caller: Caller): Promise<{ campaignId: string; effect: 'cancelled' | 'ended-early' }> {
      const { principal } = caller;
      requireIdentified(principal);
      const row = /^[0-9a-f]{24}$/.test(String(campaignId)) ? await campaigns.findById(String(campaignId)).lean() : null;
      if (!row) throw new Refusal('not_found', 'No existe esa campaña.');
      const doc = await deps.registry.entity(row.entityId);
      if (!doc || !can(principal, 'campaign.end', { id: doc._id, profile: doc.profile })) throw new Refusal('forbidden', 'Solo el/la titular de la Oficina de Comunicaciones termina o cancela una campaña.');
      const checked = validate(campaignEndSchema, body, 'PCM 5.1.1');
      if (!checked.ok) throw new Refusal('validation_failed', 'Datos no válidos (PCM 5.1.1).', checked.errors);
      if (!ENDABLE_STAGES.includes(row.state)) throw new Refusal('conflict', `La campaña está «${CAMPAIGN_STAGE_LABELS[row.state]}»: ya no hay nada que terminar.`);
      const effect = CANCELLABLE_STAGES.includes(row.state) ? 'cancelled' : 'ended-early';
      const by = principalLabel(principal);
      const signalled = await deps.processes.endCampaign(row._id, { reason: checked.value.reason, by, at: clock().toISOString() });
      if (!signalled) throw new Refusal('conflict', 'El proceso de esta campaña ya terminó; no hay nada que terminar.');
      await deps.audit.recordBy(caller, {
        action: 'campaign.ended', entityId: row.entityId, workflowId: row.workflowId,
        detail: `«${row.name}»: ${effect === 'cancelled' ? 'cancelada antes de su difusión' : 'terminada antes de lo previsto'}: ${checked.value.reason}`,
      });
      return { campaignId: row._id, effect };
    },

    /** Campaigns the principal may read, newest first, a page at a time; `state` narrows them; `counted` adds how many in all. */
    async list(principal: Principal, q: ReadableQuery & { state?: CampaignState }, counted = false): Promise<Page<CampaignView> & { counts?: PageCounts }> {
      requireIdentified(principal);
      const where = q.state ? { state: q.state } : undefined;
      const page = await readablePage(campaigns, { principal, entities: await deps.registry.entitiesOf(principal), ownerField: 'proposerEmail', listing: NEWEST_FIRST, ...(where ? { where } : {}) }, q, counted);
      return { ...page, rows: page.rows.map(toView) };
    },
  };
}

export type CampaignsService = ReturnType<typeof campaignsService>;
