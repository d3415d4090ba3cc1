import type { Connection } from 'mongoose';
import { can, principalLabel, type Permission, requireIdentified } from '../../domain/access';
import { agencyGrantEndSchema } from '../../domain/agencyGrantInput';
import { limaDate } from '../../domain/businessDays';
import { GRANT_STATE_LABELS, grantHoldsRole, type GrantState } from '../../domain/pageRoles';
import type { Page, PageCounts, PageQuery } from '../../domain/paging';
import { trusted } from '../../infra/db';
import { countOf, newestFirst, pageOf } from '../../registry/paging';
import { validate } from '../../domain/validation';
import type { AuditTrail, Caller } from '../../registry/audit';
import { accountModel, type AccountDoc } from '../../infra/models/account';
import { agencyGrantModel, type AgencyGrantDoc } from '../../infra/models/agencyGrant';
import type { EntityDoc } from '../../infra/models/entity';
import type { Registry } from '../../registry/reads';
import { guardedAccount as guarded } from '../../registry/guards';
import { grantWorkflowId, type GrantStatus } from '../../contracts/agencyGrant';
import type { Processes } from '../../contracts/processes';
import { Refusal } from '../../domain/refusal';
import { type GrantView, type GrantOpened, type GrantWarning, openAgencyGrant, RULE, toGrantView, invalidGrant, warningsFor } from '../../registry/agencyGrants';

/** One grant with its live process: the open step, whom it waits for and since when. */
export type GrantDetail = GrantView & { live?: GrantStatus };

export interface GrantEnded {
  grantId: string;
  on: string;
  reason: string;
  /** What the process will do: annul a grant not yet started, ask for the removal now, or on the working morning after `on`. */
  effect: 'cancelled' | 'removal-now' | 'removal-scheduled';
}

export interface AgencyGrantsDeps {
  db: Connection;
  registry: Registry;
  audit: AuditTrail;
  processes: Processes;
  /** The clock that says which day "today" is in Lima; tests may set it. */
  now?: () => Date;
}

/** Agency grants of the entity's accounts (issue #4 §2, PCM 6.1.2.10): open, list, read, end early. */
export function agencyGrantsService(deps: AgencyGrantsDeps) {
  const grants = agencyGrantModel(deps.db);
  const accounts = accountModel(deps.db);
  const GRANTS_NEWEST_FIRST = newestFirst('agency_grants', 'createdAt');
  const clock = deps.now ?? (() => new Date());

  const allowed = (caller: Caller, permission: Permission, entity: EntityDoc | null, what: string) => {
    if (!entity || !can(caller.principal, permission, { id: entity._id, profile: entity.profile })) {
      throw new Refusal('forbidden', `No tiene permiso para esta acción en ${what}.`);
    }
  };

  const guardedAccount = async (accountId: string, caller: Caller, permission: Permission): Promise<AccountDoc> =>
    (await guarded(deps, accountId, caller, permission)).account;

  async function guardedGrant(grantId: string, caller: Caller, permission: Permission): Promise<AgencyGrantDoc> {
    requireIdentified(caller.principal);
    const grant = /^[0-9a-f]{24}$/.test(String(grantId)) ? await grants.findById(String(grantId)).lean() : null;
    if (!grant) throw new Refusal('not_found', 'No existe ese acceso de agencia.');
    allowed(caller, permission, await deps.registry.entity(grant.entityId), 'este acceso de agencia');
    return grant;
  }

  return {
    /** `POST /api/accounts/:id/agency-grants`: the grant with the warnings of PCM 6.1.2.10. */
    async create(accountId: string, body: unknown, idempotencyKey: string | undefined, caller: Caller): Promise<GrantOpened> {
      const account = await guardedAccount(accountId, caller, 'account.manage');
      const opened = await openAgencyGrant(
        { grants, accounts, now: clock, startProcess: (id) => deps.processes.startAgencyGrant(id) },
        { accountId: account._id, input: body, grantedBy: principalLabel(caller.principal), ...(idempotencyKey !== undefined ? { idempotencyKey } : {}) },
      );
      if (opened.created) {
        const g = opened.grant;
        await deps.audit.recordBy(caller, {
          action: 'grant.created', entityId: g.entityId, accountId: g.accountId, workflowId: g.workflowId,
          detail: `${g.agencyName}${g.businessManagerId ? ` (BM ${g.businessManagerId})` : ''}: ${g.roleLabel.toLowerCase()}, campaña «${g.campaign}», del ${g.startsOn} al ${g.endsOn}` +
            (opened.warnings.length ? `; ${opened.warnings.length} advertencia(s) ${RULE}` : ''),
        });
      }
      return opened;
    },

    /** `GET /api/accounts/:id/agency-grants`: from the registry, newest first. */
    async list(accountId: string, caller: Caller): Promise<GrantView[]> {
      const account = await guardedAccount(accountId, caller, 'account.read');
      const rows = await grants.find({ accountId: account._id }).sort({ createdAt: -1, _id: 1 }).limit(500).lean();
      return rows.map(toGrantView);
    },

    /**
     * Every grant of the entity, newest first, a page at a time (issue 15 §2), with `states` narrowing
     * them (e.g. those that still hold a role); `counted` adds how many in all.
     */
    async listForEntity(entityId: string, q: PageQuery & { states?: GrantState[] }, caller: Caller, counted = false): Promise<Page<GrantView> & { counts?: PageCounts }> {
      requireIdentified(caller.principal);
      const entity = await deps.registry.entity(String(entityId));
      if (!entity) throw new Refusal('not_found', 'No existe esa entidad.');
      allowed(caller, 'account.read', entity, 'esta entidad');
      const filter = { entityId: entity._id, ...(q.states?.length ? { state: trusted({ $in: q.states }) } : {}) };
      const page = await pageOf(grants, filter, GRANTS_NEWEST_FIRST, q);
      return {
        ...page,
        rows: page.rows.map(toGrantView),
        ...(counted ? { counts: await countOf(grants, filter, GRANTS_NEWEST_FIRST, q.cursor) } : {}),
      };
    },

    /** `GET /api/agency-grants/:grantId`: the row, and while it holds a role, the live process. */
    async get(grantId: string, caller: Caller): Promise<GrantDetail> {
      const grant = await guardedGrant(grantId, caller, 'account.read');
      const view = toGrantView(grant);
      if (!grantHoldsRole(grant.state)) return view;
      const live = await deps.processes.grantStatus(grant._id);
      // A process ended by an operator: the row is all there is.
      return live ? { ...view, live } : view;
    },

    /** PCM 6.1.2.10: while this grant holds a role, the same agency's grants of other campaigns that still hold one in the entity. */
    async warnings(grantId: string, caller: Caller): Promise<GrantWarning[]> {
      const grant = await guardedGrant(grantId, caller, 'account.read');
      return grantHoldsRole(grant.state) ? warningsFor({ grants, accounts }, grant) : [];
    },

    /**
     * Whether the grant's process applied an early end to `on` (and, for a removal due now, moved the
     * grant to its removal), waiting up to `ms`: the process writes the row a moment after the signal,
     * and the page the form leads to reads that row.
     */
    async endApplied(ended: Pick<GrantEnded, 'grantId' | 'on' | 'effect'>, ms: number): Promise<boolean> {
      for (const until = Date.now() + ms; ; await new Promise((r) => setTimeout(r, 200))) {
        const row = await grants.findById(ended.grantId, { endedEarlyOn: 1, state: 1 }).lean();
        if (row?.endedEarlyOn !== undefined && row.endedEarlyOn <= ended.on && (ended.effect !== 'removal-now' || row.state !== 'active')) return true;
        if (Date.now() >= until) return false;
      }
    },

    /** `POST /api/agency-grants/:grantId/end`: the campaign ends early, so the grant does. */
    async end(grantId: string, body: unknown, caller: Caller): Promise<GrantEnded> {
      const grant = await guardedGrant(grantId, caller, 'account.manage');
      const checked = validate(agencyGrantEndSchema, body, RULE);
      if (!checked.ok) throw invalidGrant(checked.errors);
      const today = limaDate(clock());
      const on = checked.value.on ?? today;
      const { reason } = checked.value;
      if (grant.state === 'removed' || grant.state === 'cancelled') {
        throw new Refusal('conflict', `Este acceso ya está ${GRANT_STATE_LABELS[grant.state].toLowerCase()}: no hay nada que terminar.`);
      }
      if (grant.state === 'removal_due') {
        throw new Refusal('conflict', 'La campaña ya terminó y el retiro del rol ya se pidió al custodio; no hay nada que adelantar.');
      }
      const endsOn = grant.endedEarlyOn ?? grant.endsOn;
      if (on > endsOn) throw invalidGrant([{ field: 'on', rule: RULE, message: `La campaña ya termina el ${endsOn}; para terminarla antes, indique una fecha anterior o igual.` }]);
      const started = grant.state === 'active' || today >= grant.startsOn;
      if (started && on < grant.startsOn) throw invalidGrant([{ field: 'on', rule: RULE, message: `El acceso empezó el ${grant.startsOn}; no puede terminar antes de esa fecha.` }]);
      const effect: GrantEnded['effect'] = !started && on < grant.startsOn ? 'cancelled' : on <= today ? 'removal-now' : 'removal-scheduled';
      const by = principalLabel(caller.principal);
      const signalled = await deps.processes.endAgencyGrantEarly(grant._id, { on, reason, by });
      if (!signalled) throw new Refusal('conflict', 'El proceso de este acceso ya terminó; no hay nada que terminar.');
      await deps.audit.recordBy(caller, {
        action: 'grant.ended', entityId: grant.entityId, accountId: grant.accountId, workflowId: grantWorkflowId(grant._id),
        detail: `${grant.agencyName}, campaña «${grant.campaign}»: término anticipado al ${on} (${effect}): ${reason}`,
      });
      return { grantId: grant._id, on, reason, effect };
    },
  };
}

export type AgencyGrantsService = ReturnType<typeof agencyGrantsService>;
