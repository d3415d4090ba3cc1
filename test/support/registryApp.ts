/**
 * The registry API's test files (test/api/roster, signOut, entities, apiKeys, rosterClaims): the API over
 * the demo registry with Temporal down (no registry route reaches it), the demo's people signed in at
 * their own browsers by emailed link, and the calls and audit reads those files share.
 */
import { auditModel, type AuditAction, type AuditDoc } from '../../infra/models/audit';
import { personModel } from '../../infra/models/person';
import { startTestApp, type TestApp } from './app';
import { Browser } from './browser';

export const HEAD = 'aquispe@cultura.gob.pe';
export const SECOND = 'bsalas@cultura.gob.pe';
export const CM = 'crojas@cultura.gob.pe';
export const REQUESTER = 'dtorres@cultura.gob.pe';
export const OTHER_HEAD = 'dflores@congreso.gob.pe';
export const SCS = 'rrss_scs@pcm.gob.pe';
export const ADMIN = 'admin@custodio.gob.pe';
/** The demo head's and community manager's phones (local/seed.ts). */
export const HEAD_PHONE = '+51 900 000 001';
export const CM_PHONE = '+51 900 000 003';

/** Who is signed in, by the name tests call them. */
const WHO = { head: HEAD, second: SECOND, cm: CM, requester: REQUESTER, otherHead: OTHER_HEAD, scs: SCS, admin: ADMIN } as const;
export type Who = keyof typeof WHO;

export interface PersonRow {
  personId: string;
  name: string;
  email: string;
  role: string;
  unit?: string;
  phone?: string;
}

/**
 * Starts the app before the file's tests (in a `beforeAll` registered first, so the file's own set-up
 * runs after it) and stops it after them. `t` and `as` are filled in then: read them inside tests and hooks.
 */
export function useRegistryApp() {
  const t = {} as TestApp;
  const as = {} as Record<Who, Browser>;

  beforeAll(async () => {
    Object.assign(t, await startTestApp());
    for (const [name, email] of Object.entries(WHO) as Array<[Who, string]>) {
      as[name] = new Browser(t.url);
      await as[name].signIn(email, t.mailbox);
    }
  });
  afterAll(() => t.stop?.());

  const signedIn = async (email: string) => {
    const b = new Browser(t.url);
    await b.signIn(email, t.mailbox);
    return b;
  };
  const roster = async (b: Browser = as.head, entity = 'mincul') => {
    const res = await b.api('GET', `/api/entities/${entity}/people`);
    expect(res.status).toBe(200);
    return res.json.people as PersonRow[];
  };
  const inRoster = async (email: string) => (await roster()).find((p) => p.email === email);
  const idOf = async (email: string) => String((await personModel(t.db).findOne({ email }).lean())!._id);
  const addPerson = (b: Browser, body: Record<string, unknown>, entity = 'mincul') => b.api('POST', `/api/entities/${entity}/people`, body);
  const changePerson = async (b: Browser, email: string, body: unknown) => b.api('PATCH', `/api/entities/mincul/people/${await idOf(email)}`, body);
  const auditRows = (filter: Record<string, unknown>) => auditModel(t.db).find(filter).sort({ _id: 1 }).lean<AuditDoc[]>();
  const count = (action: AuditAction, filter: Record<string, unknown> = {}) => auditModel(t.db).countDocuments({ action, ...filter });
  const withKey = (key: string, path: string, init: RequestInit = {}) =>
    fetch(`${t.url}${path}`, { ...init, headers: { authorization: `Bearer ${key}`, ...(init.body ? { 'content-type': 'application/json' } : {}) } });
  /** A JSON call whose response headers matter (Location, Cache-Control), with the session's CSRF header. */
  const send = async (b: Browser, method: string, path: string, body: unknown) => {
    if (!b.csrf) await b.open('/');
    return b.fetch(path, { method, headers: { 'content-type': 'application/json', 'x-csrf-token': b.csrf }, body: JSON.stringify(body) });
  };
  const fieldsOf = (res: { json: any }) => (res.json.error.details as Array<{ field: string }>).map((d) => d.field);

  return { t, as, signedIn, roster, inRoster, idOf, addPerson, changePerson, auditRows, count, withKey, send, fieldsOf };
}
