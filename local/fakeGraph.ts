import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { freePort } from './ports';

/**
 * A local stand-in for Meta's Graph API, for the tests and the local demo: no test reaches the internet
 * (issue 17 §1). It serves only what Custodio reads, in the documented shapes:
 * - a node: `GET /{version}/{id}?fields=name,username` → `{ id, name, username }`
 *   (developers.facebook.com/docs/graph-api/reference/page; the Instagram user node has `username` too);
 * - `GET /{version}/{page-id}/assigned_users` → business and system users with `tasks` (MANAGE,
 *   CREATE_CONTENT, MODERATE, MESSAGING, ADVERTISE, ANALYZE)
 *   (developers.facebook.com/docs/graph-api/reference/page/assigned_users), the same edge of an
 *   Instagram account;
 * - `GET /{version}/{page-id}/agencies` → the businesses and agencies with `permitted_tasks`
 *   (developers.facebook.com/docs/graph-api/reference/page/agencies);
 * - `GET /{version}/{page-id}/roles` → people outside a business, with their `tasks`;
 * - cursor paging, `{ data, paging: { cursors: { before, after }, next? } }`, `next` absent on the last
 *   page (developers.facebook.com/docs/graph-api/results);
 * - the `X-Business-Use-Case-Usage` header a system-user token's calls carry,
 *   `{ "<business-id>": [{ type, call_count, total_cputime, total_time, estimated_time_to_regain_access }] }`
 *   (developers.facebook.com/docs/graph-api/overview/rate-limiting);
 * - errors as `{ error: { message, type, code, error_subcode?, fbtrace_id } }`
 *   (developers.facebook.com/docs/graph-api/guides/error-handling).
 */

export const GRAPH_TASKS = ['MANAGE', 'CREATE_CONTENT', 'MODERATE', 'MESSAGING', 'ADVERTISE', 'ANALYZE'] as const;
export type GraphTask = (typeof GRAPH_TASKS)[number];

export interface FakeGraphUser {
  id: string;
  name: string;
  tasks: GraphTask[];
  /** Business users have a work email; system users none. Not a Graph field of the edge: the fake's data only. */
  email?: string;
  userType?: 'BUSINESS_USER' | 'SYSTEM_USER';
}

export interface FakeGraphAgency {
  id: string;
  name: string;
  permitted_tasks: GraphTask[];
}

/** What the fake holds for one page or Instagram account. */
export interface FakeGraphNode {
  name: string;
  username?: string;
  assignedUsers?: FakeGraphUser[];
  agencies?: FakeGraphAgency[];
  /** People outside a business (`/roles`). */
  roles?: FakeGraphUser[];
}

/** The documented errors, by what they mean for a caller. */
export type FakeGraphError = 'expired-token' | 'permission' | 'permission-200' | 'rate-limit' | 'rate-limit-app' | 'rate-limit-page' | 'rate-limit-custom' | 'invalid-param';

const ERRORS: Record<FakeGraphError, { status: number; body: { message: string; type: string; code: number; error_subcode?: number } }> = {
  'expired-token': { status: 400, body: { message: 'Error validating access token: Session has expired.', type: 'OAuthException', code: 190, error_subcode: 463 } },
  permission: { status: 403, body: { message: '(#10) Requires pages_manage_metadata permission to manage the object', type: 'OAuthException', code: 10 } },
  'permission-200': { status: 403, body: { message: '(#200) Requires business_management permission to manage the object', type: 'OAuthException', code: 200 } },
  'rate-limit': { status: 400, body: { message: '(#4) Application request limit reached', type: 'OAuthException', code: 4 } },
  'rate-limit-app': { status: 400, body: { message: '(#17) User request limit reached', type: 'OAuthException', code: 17 } },
  'rate-limit-page': { status: 400, body: { message: '(#32) Page request limit reached', type: 'OAuthException', code: 32 } },
  'rate-limit-custom': { status: 400, body: { message: '(#613) Calls to this api have exceeded the rate limit.', type: 'OAuthException', code: 613 } },
  'invalid-param': { status: 400, body: { message: '(#100) Tried accessing nonexisting field', type: 'OAuthException', code: 100 } },
};

export interface FakeGraphUsage {
  call_count: number;
  total_cputime: number;
  total_time: number;
  estimated_time_to_regain_access: number;
}

export interface FakeGraphRequest {
  path: string;
  query: Record<string, string>;
  /** Whether the token came in the Authorization header (never in the URL, which proxies log). */
  tokenInHeader: boolean;
}

export interface FakeGraph {
  /** The base URL without version, e.g. `http://127.0.0.1:4321`. */
  url: string;
  port: number;
  /** Sets (replaces) what a page or Instagram account holds. */
  setNode(id: string, node: FakeGraphNode): void;
  removeNode(id: string): void;
  /** The one token the fake accepts; unset, any non-empty token is accepted. */
  acceptToken(token: string | undefined): void;
  /**
   * After `skip` good calls, the next `times` calls that touch `id` (its node or an edge; `*`: any)
   * answer with this error (`skip` 1: the second page of an edge fails).
   */
  fail(id: string, error: FakeGraphError, times?: number, skip?: number): void;
  /** Every answer carries this usage for the business (`undefined` stops sending the header). */
  setUsage(usage: FakeGraphUsage | undefined, businessId?: string): void;
  /** Items per page when the caller gives no `limit` (Graph's default is 25). */
  setPageSize(n: number): void;
  requests(): FakeGraphRequest[];
  clear(): void;
  stop(): Promise<void>;
}

const cursorOf = (index: number) => Buffer.from(`idx:${index}`).toString('base64');
const indexOf = (cursor: string | undefined) => {
  if (!cursor) return 0;
  const m = /^idx:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString());
  return m ? Number(m[1]) : NaN;
};

const EDGES = ['assigned_users', 'agencies', 'roles'] as const;
type Edge = (typeof EDGES)[number];

function edgeItems(node: FakeGraphNode, edge: Edge): unknown[] {
  if (edge === 'agencies') return (node.agencies ?? []).map((a) => ({ id: a.id, name: a.name, permitted_tasks: a.permitted_tasks }));
  const users = edge === 'roles' ? node.roles ?? [] : node.assignedUsers ?? [];
  return users.map((u) => ({ id: u.id, name: u.name, tasks: u.tasks, ...(u.userType ? { user_type: u.userType } : {}), ...(u.email ? { email: u.email } : {}) }));
}

/** Starts the fake on a free port (or `port`) on 127.0.0.1. */
export async function startFakeGraph(opts: { port?: number; nodes?: Record<string, FakeGraphNode>; token?: string } = {}): Promise<FakeGraph> {
  const port = opts.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const nodes = new Map<string, FakeGraphNode>(Object.entries(opts.nodes ?? {}));
  const failures = new Map<string, Array<{ error: FakeGraphError; left: number; skip: number }>>();
  const log: FakeGraphRequest[] = [];
  let token = opts.token;
  let usage: { businessId: string; usage: FakeGraphUsage } | undefined;
  let pageSize = 25;
  let trace = 0;

  const send = (res: ServerResponse, status: number, body: unknown) => {
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=UTF-8' };
    if (usage) headers['x-business-use-case-usage'] = JSON.stringify({ [usage.businessId]: [{ type: 'pages', ...usage.usage }] });
    res.writeHead(status, headers).end(JSON.stringify(body));
  };
  const error = (res: ServerResponse, kind: FakeGraphError) => {
    const e = ERRORS[kind];
    send(res, e.status, { error: { ...e.body, fbtrace_id: `Fake${++trace}` } });
  };
  const takeFailure = (id: string): FakeGraphError | undefined => {
    for (const key of [id, '*']) {
      const list = failures.get(key);
      const first = list?.[0];
      if (!first) continue;
      if (first.skip > 0) {
        first.skip--;
        continue;
      }
      if (--first.left <= 0) list.shift();
      return first.error;
    }
    return undefined;
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const u = new URL(req.url ?? '/', url);
    const query = Object.fromEntries(u.searchParams);
    const auth = /^(?:Bearer|OAuth) (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const given = auth ?? query.access_token;
    log.push({ path: u.pathname, query: Object.fromEntries(Object.entries(query).filter(([k]) => k !== 'access_token')), tokenInHeader: Boolean(auth) });
    if (req.method !== 'GET') return error(res, 'invalid-param');
    if (!given || (token !== undefined && given !== token)) return error(res, 'expired-token');
    const parts = u.pathname.split('/').filter(Boolean);
    // /{version}/{id}[/{edge}]
    if (parts.length < 2 || parts.length > 3 || !/^v\d+\.\d+$/.test(parts[0]!)) return error(res, 'invalid-param');
    const id = parts[1]!;
    const failed = takeFailure(id);
    if (failed) return error(res, failed);
    const node = nodes.get(id);
    // Graph answers an id it cannot see with code 100 (unsupported get request / nonexisting object).
    if (!node) return error(res, 'invalid-param');
    if (parts.length === 2) {
      const fields = (query.fields ?? 'name').split(',').map((f) => f.trim());
      const out: Record<string, string> = { id };
      if (fields.includes('name')) out.name = node.name;
      if (fields.includes('username') && node.username !== undefined) out.username = node.username;
      return send(res, 200, out);
    }
    const edge = parts[2] as Edge;
    if (!EDGES.includes(edge)) return error(res, 'invalid-param');
    const items = edgeItems(node, edge);
    const start = indexOf(query.after);
    const limit = query.limit ? Number(query.limit) : pageSize;
    if (!Number.isInteger(start) || start < 0 || !Number.isInteger(limit) || limit < 1) return error(res, 'invalid-param');
    const page = items.slice(start, start + limit);
    const end = start + page.length;
    const paging: Record<string, unknown> = page.length ? { cursors: { before: cursorOf(start), after: cursorOf(end) } } : {};
    if (end < items.length) {
      const next = new URL(u.pathname, url);
      for (const [k, v] of Object.entries(query)) if (k !== 'after') next.searchParams.set(k, v);
      next.searchParams.set('limit', String(limit));
      next.searchParams.set('after', cursorOf(end));
      paging.next = next.toString();
    }
    send(res, 200, { data: page, paging });
  };

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });

  return {
    url,
    port,
    setNode: (id, node) => void nodes.set(id, node),
    removeNode: (id) => void nodes.delete(id),
    acceptToken: (t) => void (token = t),
    fail(id, err, times = 1, skip = 0) {
      const list = failures.get(id) ?? [];
      list.push({ error: err, left: times, skip });
      failures.set(id, list);
    },
    setUsage: (u, businessId = '100000000000001') => void (usage = u ? { businessId, usage: u } : undefined),
    setPageSize: (n) => void (pageSize = n),
    requests: () => [...log],
    clear() {
      log.splice(0);
      failures.clear();
      usage = undefined;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
