/**
 * A reader of Meta's Graph API: page and Instagram-account roles, names and usernames (issue 17 §1).
 * Only reads; the token travels in the Authorization header, never in a URL, and is never logged or
 * put in an error (RULEBOOK §2). Shapes as documented (see local/fakeGraph.ts for the references).
 */

export type GraphTask = 'MANAGE' | 'CREATE_CONTENT' | 'MODERATE' | 'MESSAGING' | 'ADVERTISE' | 'ANALYZE';

export interface GraphUser {
  id: string;
  name: string;
  tasks: string[];
  userType?: string;
  email?: string;
}

export interface GraphAgency {
  id: string;
  name: string;
  tasks: string[];
}

export interface GraphNodeName {
  id: string;
  name: string;
  username?: string;
}

/** Everything Graph says about who can act on one page or Instagram account. */
export interface GraphAccess {
  node: GraphNodeName;
  /** Business and system users (`assigned_users`). */
  assignedUsers: GraphUser[];
  /** Businesses and agencies (`agencies`); empty for an Instagram account, which has no such edge. */
  agencies: GraphAgency[];
  /** People outside a business (`roles`); empty for an Instagram account. */
  people: GraphUser[];
}

/**
 * Why a read failed, by what the caller can do about it:
 * - `expired-token`: code 190 (or 102), a new token is needed — the head replaces it;
 * - `permission`: code 10 or 200–299, the system user lacks a permission or task on the page;
 * - `rate-limit`: codes 4, 17, 32, 613, or the usage header at 100 %: retry later;
 * - `invalid`: code 100, the page id is wrong or not visible to the token;
 * - `unavailable`: Graph did not answer, or answered something else.
 */
export type GraphFailureKind = 'expired-token' | 'permission' | 'rate-limit' | 'invalid' | 'unavailable';

const MESSAGES: Record<GraphFailureKind, string> = {
  'expired-token': 'El token de Meta venció o fue revocado: la jefatura debe registrar un token nuevo del usuario del sistema.',
  permission: 'Al usuario del sistema de Meta le falta un permiso o una tarea sobre la cuenta: revise sus permisos en el Business Manager.',
  'rate-limit': 'Meta limitó las llamadas por ahora (límite de llamadas): se reintentará más tarde.',
  invalid: 'Meta no reconoce el identificador de la cuenta o no la muestra a este token: revise el identificador registrado.',
  unavailable: 'Meta no respondió: se reintentará más tarde.',
};

export class GraphFailure extends Error {
  override readonly name = 'GraphFailure';
  constructor(
    readonly kind: GraphFailureKind,
    /** Graph's error code, when it sent one. */
    readonly code?: number,
    /** Minutes until Graph lets calls through again, when it said so. */
    readonly retryAfterMinutes?: number,
  ) {
    super(MESSAGES[kind]);
  }
  /** Worth retrying without anyone acting first. */
  get retryable(): boolean {
    return this.kind === 'rate-limit' || this.kind === 'unavailable';
  }
}

/** Graph's error code → what it means (developers.facebook.com/docs/graph-api/guides/error-handling). */
export function failureKindOf(code: number | undefined): GraphFailureKind {
  if (code === 190 || code === 102) return 'expired-token';
  if (code === 10 || (code !== undefined && code >= 200 && code <= 299)) return 'permission';
  if (code === 4 || code === 17 || code === 32 || code === 613) return 'rate-limit';
  if (code === 100) return 'invalid';
  return 'unavailable';
}

export interface Usage {
  callCount: number;
  totalCputime: number;
  totalTime: number;
  /** Minutes. */
  estimatedTimeToRegainAccess: number;
}

/**
 * The highest use the `X-Business-Use-Case-Usage` header reports over its businesses and types
 * (`{ "<business-id>": [{ type, call_count, total_cputime, total_time, estimated_time_to_regain_access }] }`,
 * percentages; developers.facebook.com/docs/graph-api/overview/rate-limiting). Absent or unreadable → undefined.
 */
export function usageOf(header: string | null): Usage | undefined {
  if (!header) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(header);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object') return undefined;
  const rows = Object.values(parsed as Record<string, unknown>).flatMap((v) => (Array.isArray(v) ? v : [])) as Array<Record<string, unknown>>;
  if (!rows.length) return undefined;
  const max = (k: string) => Math.max(0, ...rows.map((r) => (typeof r[k] === 'number' ? (r[k] as number) : 0)));
  return { callCount: max('call_count'), totalCputime: max('total_cputime'), totalTime: max('total_time'), estimatedTimeToRegainAccess: max('estimated_time_to_regain_access') };
}

/** At 100 % of any measure Graph throttles; the client stops calling rather than earn a longer block. */
export const usageExhausted = (u: Usage) => u.callCount >= 100 || u.totalCputime >= 100 || u.totalTime >= 100;

export interface GraphClientOptions {
  /** e.g. `https://graph.facebook.com` (config META_GRAPH_URL); the fake's URL in tests. */
  baseUrl: string;
  /** e.g. `v23.0` (config META_GRAPH_VERSION). */
  version: string;
  token: string;
  fetch?: typeof fetch;
  /** Items per page asked of Graph. */
  pageSize?: number;
  /** Pages followed at most on one edge, so a looping cursor cannot spin forever. */
  maxPages?: number;
  timeoutMs?: number;
  now?: () => number;
}

export interface GraphClient {
  node(id: string, fields?: string[]): Promise<GraphNodeName>;
  /** Every item of an edge, following `paging.cursors.after` while Graph gives a `next`. */
  edge<T = Record<string, unknown>>(id: string, edge: string): Promise<T[]>;
  /** A Facebook page's access: its name, assigned users, agencies and people. */
  pageAccess(pageId: string): Promise<GraphAccess>;
  /** An Instagram professional account's access: its name, username and assigned users. */
  instagramAccess(igUserId: string): Promise<GraphAccess>;
  /** The last usage Graph reported, if any. */
  lastUsage(): Usage | undefined;
}

/**
 * Decision (issue 17 §1, "respect the usage header"): the client refuses — a `rate-limit` failure with
 * Graph's estimated minutes — once a response reports 100 % on any measure, until that time has passed.
 * It does not sleep: reads happen in activities, whose retry policy waits; a sleeping call would hold a
 * worker slot for up to an hour.
 */
export function createGraphClient(opts: GraphClientOptions): GraphClient {
  const doFetch = opts.fetch ?? fetch;
  const now = opts.now ?? Date.now;
  const pageSize = opts.pageSize ?? 100;
  const maxPages = opts.maxPages ?? 50;
  let usage: Usage | undefined;
  let blockedUntil = 0;

  async function get(path: string, query: Record<string, string>): Promise<unknown> {
    if (now() < blockedUntil) throw new GraphFailure('rate-limit', undefined, Math.ceil((blockedUntil - now()) / 60_000));
    const url = new URL(`${opts.baseUrl.replace(/\/$/, '')}/${opts.version}/${path}`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    let res: Response;
    try {
      res = await doFetch(url, { headers: { authorization: `Bearer ${opts.token}`, accept: 'application/json' }, signal: AbortSignal.timeout(opts.timeoutMs ?? 20_000) });
    } catch {
      throw new GraphFailure('unavailable');
    }
    const u = usageOf(res.headers.get('x-business-use-case-usage'));
    if (u) {
      usage = u;
      if (usageExhausted(u)) blockedUntil = now() + Math.max(1, u.estimatedTimeToRegainAccess) * 60_000;
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      throw new GraphFailure('unavailable');
    }
    const err = (body as { error?: { code?: unknown } } | null)?.error;
    if (err || !res.ok) {
      const code = typeof err?.code === 'number' ? err.code : undefined;
      const kind = failureKindOf(code);
      throw new GraphFailure(kind, code, kind === 'rate-limit' && u ? u.estimatedTimeToRegainAccess : undefined);
    }
    return body;
  }

  const nodeName = async (id: string, fields = ['name', 'username']): Promise<GraphNodeName> => {
    const body = (await get(encodeURIComponent(id), { fields: fields.join(',') })) as Record<string, unknown>;
    return { id: String(body.id ?? id), name: String(body.name ?? ''), ...(typeof body.username === 'string' ? { username: body.username } : {}) };
  };

  async function edge<T>(id: string, name: string): Promise<T[]> {
    const out: T[] = [];
    let after: string | undefined;
    for (let page = 0; page < maxPages; page++) {
      const body = (await get(`${encodeURIComponent(id)}/${name}`, { limit: String(pageSize), ...(after ? { after } : {}) })) as { data?: T[]; paging?: { next?: string; cursors?: { after?: string } } };
      out.push(...(body.data ?? []));
      // `next` absent means the last page (developers.facebook.com/docs/graph-api/results); its URL is not
      // followed as given because Graph puts the access token in it.
      const nextAfter = body.paging?.cursors?.after;
      if (!body.paging?.next || !nextAfter || nextAfter === after) return out;
      after = nextAfter;
    }
    throw new GraphFailure('unavailable');
  }

  const users = (rows: Array<Record<string, unknown>>): GraphUser[] =>
    rows.map((r) => ({
      id: String(r.id),
      name: String(r.name ?? ''),
      tasks: Array.isArray(r.tasks) ? r.tasks.map(String) : [],
      ...(typeof r.user_type === 'string' ? { userType: r.user_type } : {}),
      ...(typeof r.email === 'string' ? { email: r.email } : {}),
    }));

  return {
    node: nodeName,
    edge,
    async pageAccess(pageId) {
      const node = await nodeName(pageId);
      const assigned = await edge<Record<string, unknown>>(pageId, 'assigned_users');
      const agencies = await edge<Record<string, unknown>>(pageId, 'agencies');
      const people = await edge<Record<string, unknown>>(pageId, 'roles');
      return {
        node,
        assignedUsers: users(assigned),
        agencies: agencies.map((a) => ({ id: String(a.id), name: String(a.name ?? ''), tasks: Array.isArray(a.permitted_tasks) ? a.permitted_tasks.map(String) : [] })),
        people: users(people),
      };
    },
    async instagramAccess(igUserId) {
      const node = await nodeName(igUserId);
      const assigned = await edge<Record<string, unknown>>(igUserId, 'assigned_users');
      return { node, assignedUsers: users(assigned), agencies: [], people: [] };
    },
    lastUsage: () => usage,
  };
}
