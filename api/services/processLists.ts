/**
 * The lists of processes people start (issue 15 §2): account requests, campaigns and content requests,
 * as their pages and exports show them: entities and people by name, states in words. Who sees which
 * rows is the services' `list` (registry/readable.ts): whoever reads the entity's requests reads them
 * all, a requesting unit only its own (PCM 5.2.4).
 */
import { can, type Principal } from '../../domain/access';
import { CAMPAIGN_STAGE_LABELS, type CampaignStage } from '../../domain/campaign';
import { CONTENT_STAGE_LABELS, FORBIDDEN_LABELS, type ContentStage } from '../../domain/content';
import { NETWORK_LABELS, type Network } from '../../domain/networks';
import type { Page, PageCounts, PageQuery } from '../../domain/paging';
import { urls } from '../../infra/urls';
import type { Registry } from '../../registry/reads';
import { everyRow } from '../paging';
import { listWords, reference, type ListWords } from '../processWords';
import type { AccountRequestsService, RequestSummary } from './accountRequests';
import type { CampaignView, CampaignsService } from './campaigns';
import type { ContentRequestSummary, ContentRequestsService } from './contentRequests';

export interface RequestRow {
  href: string;
  reference: string;
  title: string;
  entityName: string;
  requesterName: string;
  requesterEmail: string;
  submittedAt: string;
}

export interface CampaignRow {
  href: string;
  reference: string;
  name: string;
  entityName: string;
  stateLabel: string;
  mode: string;
  multisector: boolean;
  electoral: boolean;
  startsOn: string;
  endsOn: string;
  proposerName: string;
  proposerEmail: string;
  submittedAt: string;
  closedAt?: string;
}

export interface ContentRow {
  href: string;
  reference: string;
  title: string;
  entityName: string;
  unit: string;
  networks: string;
  publishOn: string;
  publishAt: string;
  stageLabel: string;
  requesterName: string;
  requesterEmail: string;
  flags: string;
  publications: string;
  submittedAt: string;
}

/** A list's filters as the services take them. */
export interface ListFilters {
  entity?: string;
  state?: CampaignStage;
  stage?: ContentStage;
}

export type ShownPage<R> = { rows: R[]; nextCursor?: string; counts: PageCounts };

const requestRow = (w: ListWords) => (r: RequestSummary): RequestRow => ({
  href: urls.accountRequest.page(r.id),
  reference: reference(r.id),
  title: r.title,
  entityName: w.entityName(r.entityId),
  requesterName: w.personName(r.requesterEmail),
  requesterEmail: r.requesterEmail,
  submittedAt: new Date(r.submittedAt).toISOString(),
});

const campaignRow = (w: ListWords) => (c: CampaignView): CampaignRow => ({
  href: urls.campaign.page(c.id),
  reference: reference(c.id),
  name: c.name,
  entityName: w.entityName(c.entityId),
  stateLabel: c.stateLabel,
  mode: c.mode === 'paid' ? 'Publicitaria' : 'Orgánica',
  multisector: c.multisector,
  electoral: c.electoral,
  startsOn: c.startsOn,
  endsOn: c.endsOn,
  proposerName: w.personName(c.proposerEmail),
  proposerEmail: c.proposerEmail,
  submittedAt: c.submittedAt,
  ...(c.closedAt ? { closedAt: c.closedAt } : {}),
});

const contentRow = (w: ListWords) => (c: ContentRequestSummary): ContentRow => ({
  href: urls.contentRequest.page(c.id),
  reference: reference(c.id),
  title: c.title,
  entityName: w.entityName(c.entityId),
  unit: c.unit,
  networks: c.networks.map((n) => NETWORK_LABELS[n as Network] ?? n).join(', '),
  publishOn: c.publishOn,
  publishAt: c.publishAt,
  stageLabel: CONTENT_STAGE_LABELS[c.stage],
  requesterName: w.personName(c.requesterEmail),
  requesterEmail: c.requesterEmail,
  flags: c.flags.map((f) => `${FORBIDDEN_LABELS[f.flag]} (${f.clause})`).join('; '),
  publications: c.publications.map((p) => p.url).join(' '),
  submittedAt: new Date(c.submittedAt).toISOString(),
});

/** Rows in words, with one roster read per entity of the rows. */
async function shown<T extends { entityId: string }, R>(registry: Registry, rows: T[], toRow: (w: ListWords) => (t: T) => R): Promise<R[]> {
  const words = await listWords(registry, rows.map((r) => r.entityId));
  return rows.map(toRow(words));
}

export function processLists(deps: { registry: Registry; accountRequests: AccountRequestsService; campaigns: CampaignsService; contentRequests: ContentRequestsService }) {
  const { registry } = deps;
  const load = {
    requests: (p: Principal, f: ListFilters, q: PageQuery, counted = false) => deps.accountRequests.list(p, { ...q, ...(f.entity ? { entity: f.entity } : {}) }, counted),
    campaigns: (p: Principal, f: ListFilters, q: PageQuery, counted = false) => deps.campaigns.list(p, { ...q, ...f }, counted),
    contents: (p: Principal, f: ListFilters, q: PageQuery, counted = false) => deps.contentRequests.list(p, { ...q, ...f }, counted),
  };

  /** One page, counted, in words. */
  const pageOf = async <T extends { entityId: string }, R>(found: Page<T> & { counts?: PageCounts }, toRow: (w: ListWords) => (t: T) => R): Promise<ShownPage<R>> => ({
    rows: await shown(registry, found.rows, toRow),
    ...(found.nextCursor ? { nextCursor: found.nextCursor } : {}),
    counts: found.counts!,
  });

  return {
    /** The entities the principal may read rows of (the entity filter's choices), and whether they may start a process in one of them. */
    async choices(p: Principal): Promise<{ entities: Array<{ id: string; name: string }>; maySubmit: boolean }> {
      const scopes = (await registry.entitiesOf(p)).map((e) => ({ id: e._id, name: e.name, scope: { id: e._id, profile: e.profile } }));
      const readable = scopes.filter((e) => can(p, 'request.read', e.scope) || can(p, 'request.readOwn', e.scope));
      return { entities: readable.map(({ id, name }) => ({ id, name })), maySubmit: scopes.some((e) => can(p, 'request.submit', e.scope)) };
    },

    requests: async (p: Principal, f: ListFilters, q: PageQuery) => pageOf(await load.requests(p, f, q, true), requestRow),
    campaigns: async (p: Principal, f: ListFilters, q: PageQuery) => pageOf(await load.campaigns(p, f, q, true), campaignRow),
    contents: async (p: Principal, f: ListFilters, q: PageQuery) => pageOf(await load.contents(p, f, q, true), contentRow),

    /** Every row the filters match, for the exports. */
    allRequests: async (p: Principal, f: ListFilters) => shown(registry, await everyRow((q) => load.requests(p, f, q)), requestRow),
    allCampaigns: async (p: Principal, f: ListFilters) => shown(registry, await everyRow((q) => load.campaigns(p, f, q)), campaignRow),
    allContents: async (p: Principal, f: ListFilters) => shown(registry, await everyRow((q) => load.contents(p, f, q)), contentRow),
  };
}

export type ProcessLists = ReturnType<typeof processLists>;

/** The states a filter offers, in the processes' order. */
export const CAMPAIGN_STATE_CHOICES = Object.entries(CAMPAIGN_STAGE_LABELS).map(([value, label]) => ({ value, label }));
export const CONTENT_STAGE_CHOICES = Object.entries(CONTENT_STAGE_LABELS).map(([value, label]) => ({ value, label }));
