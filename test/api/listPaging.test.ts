/**
 * Lists past their first page (issue 14 §1.9): 230 rows each of account requests, campaigns, content
 * requests and handovers, six to an instant and with ids out of time order, written straight into the
 * registry. Walking each JSON list by `nextCursor`, and `/solicitudes` by "Página siguiente", gives every
 * row the reader may see exactly once, newest first; the campaign form offers every active account.
 */
import { createHash } from 'node:crypto';
import type { Model } from 'mongoose';
import { BAD_CURSOR } from '../../domain/paging';
import { accountModel } from '../../infra/models/account';
import { campaignModel } from '../../infra/models/campaign';
import { contentRequestModel } from '../../infra/models/contentRequest';
import { handoverModel } from '../../infra/models/handover';
import { requestModel } from '../../infra/models/request';
import { startTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { linkNamed, openWithBadCursor, walkApi, walkPages } from '../support/paging';

jest.setTimeout(120_000);

const HEAD = 'aquispe@cultura.gob.pe';
const CM = 'crojas@cultura.gob.pe';
const REQUESTER = 'dtorres@cultura.gob.pe';
const COUNT = 230;
const T0 = Date.parse('2026-04-01T15:00:00.000Z');

let t: TestApp;
let head: Browser;
let requester: Browser;

/** A 24-hex id that does not grow with `i`, so id order is not time order. */
const idOf = (kind: string, i: number) => createHash('sha256').update(`${kind}-${i}`).digest('hex').slice(0, 24);
/** Six rows to an instant, so page boundaries fall inside runs of equal timestamps. */
const instant = (i: number) => new Date(T0 + Math.floor(i / 6) * 3_600_000);
/** Every fourth row is the requesting unit's own. */
const ownerOf = (i: number) => (i % 4 === 0 ? REQUESTER : CM);

interface Seeded {
  _id: string;
  at: Date;
  owner: string;
  entityId: string;
}

/** Ids in the lists' order: newest instant first, then greatest id. */
const newestFirst = (rows: Seeded[]) => [...rows].sort((a, b) => b.at.getTime() - a.at.getTime() || (b._id > a._id ? 1 : -1)).map((r) => r._id);

/** 230 rows of `mincul` and 3 of `congreso`, which a head of `mincul` must never see. */
const seeds = (kind: string): Seeded[] => [
  ...Array.from({ length: COUNT }, (_, i) => ({ _id: idOf(kind, i), at: instant(i), owner: ownerOf(i), entityId: 'mincul' })),
  ...[0, 1, 2].map((i) => ({ _id: idOf(`${kind}-congreso`, i), at: instant(i), owner: 'dflores@congreso.gob.pe', entityId: 'congreso' })),
];

const lists = {
  requests: seeds('request'),
  campaigns: seeds('campaign'),
  contents: seeds('content'),
  handovers: seeds('handover'),
};
const mincul = (rows: Seeded[]) => rows.filter((r) => r.entityId === 'mincul');

async function insert<T>(model: Model<T>, rows: Seeded[], row: (s: Seeded, i: number) => Record<string, unknown>) {
  // Inserted newest first, so insertion order is not the lists' order either.
  await model.insertMany([...rows].reverse().map(row));
}

beforeAll(async () => {
  t = await startTestApp();
  head = new Browser(t.url);
  await head.signIn(HEAD, t.mailbox);
  requester = new Browser(t.url);
  await requester.signIn(REQUESTER, t.mailbox);
  await insert(requestModel(t.db), lists.requests, (s, i) => ({
    _id: s._id, kind: 'accountCreation', workflowId: `account-request-${s._id}`, entityId: s.entityId, requesterEmail: s.owner, submittedBy: s.owner, title: `Cuenta ${i}`, submittedAt: s.at,
  }));
  await insert(campaignModel(t.db), lists.campaigns, (s, i) => ({
    _id: s._id, workflowId: `campana-${s._id}`, entityId: s.entityId, proposerEmail: s.owner, submittedBy: s.owner, name: `Campaña ${i}`, mode: 'organic', multisector: false,
    startsOn: '2026-05-01', endsOn: '2026-05-31', state: 'aprobacion', electoral: false, submittedAt: s.at,
  }));
  await insert(contentRequestModel(t.db), lists.contents, (s, i) => ({
    _id: s._id, workflowId: `contenido-${s._id}`, entityId: s.entityId, requesterEmail: s.owner, submittedBy: s.owner, unit: 'Museos', title: `Contenido ${i}`, networks: ['facebook'],
    publishOn: '2026-05-01', publishAt: '10:00', submittedAt: s.at, stage: 'evaluacion',
  }));
  await insert(handoverModel(t.db), lists.handovers, (s) => ({
    _id: s._id, entityId: s.entityId, workflowId: `traspaso-${s.entityId}-${s._id}`, outgoing: { name: 'Carla Rojas', email: CM }, incoming: { name: 'Elena Paz', email: 'epaz@cultura.gob.pe' },
    startedBy: HEAD, startedAt: s.at, state: 'completed',
  }));
});
afterAll(() => t?.stop());

type Row = { id: string };
const ids = (rows: Row[]) => rows.map((r) => r.id);

const JSON_LISTS: Array<[string, string, string, Seeded[]]> = [
  ['account requests', '/api/account-requests', 'requests', lists.requests],
  ['campaigns', '/api/campaigns', 'campaigns', lists.campaigns],
  ['content requests', '/api/content-requests', 'requests', lists.contents],
  ['handovers', '/api/entities/mincul/handovers', 'handovers', lists.handovers],
];

describe.each(JSON_LISTS)('GET %s', (_name, path, key, seeded) => {
  it('walking by nextCursor, 50 at a time, gives each of the entity\'s 230 rows exactly once, newest first, ties on the instant by id', async () => {
    const { pages, rows, statuses } = await walkApi<Row>(head, `${path}?limit=50`, key);
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(pages.map((p) => p.length)).toEqual([50, 50, 50, 50, 30]);
    expect(ids(rows)).toEqual(newestFirst(mincul(seeded)));
  });

  it('without `limit` the first page is the old 200 rows, now with nextCursor; the last page has none', async () => {
    const first = await head.api('GET', path);
    expect(first.json[key]).toHaveLength(200);
    expect(first.json.nextCursor).toEqual(expect.any(String));
    const last = await head.api('GET', `${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(first.json.nextCursor)}`);
    expect(ids(last.json[key])).toEqual(newestFirst(mincul(seeded)).slice(200));
    expect(last.json).not.toHaveProperty('nextCursor');
  });

  it('a malformed cursor, another list\'s cursor or a bad limit is 400 validation_failed naming the parameter', async () => {
    const otherList = (await head.api('GET', path === '/api/campaigns' ? '/api/account-requests?limit=1' : '/api/campaigns?limit=1')).json.nextCursor as string;
    for (const cursor of ['roto', otherList, 'a'.repeat(600), '%%%']) {
      const res = await head.api('GET', `${path}?cursor=${encodeURIComponent(cursor)}`);
      expect([cursor.slice(0, 20), res.status, res.json?.error?.code, res.json?.error?.message, res.json?.error?.details?.map((d: { field: string }) => d.field)]).toEqual([
        cursor.slice(0, 20), 400, 'validation_failed', BAD_CURSOR, ['cursor'],
      ]);
    }
    for (const limit of ['0', '1001', 'muchos', '2.5']) {
      const res = await head.api('GET', `${path}?limit=${limit}`);
      expect([limit, res.status, res.json?.error?.details?.map((d: { field: string }) => d.field)]).toEqual([limit, 400, ['limit']]);
    }
  });
});

describe('who sees what, page after page', () => {
  it('the requesting unit walks only its own account requests and campaigns (PCM 5.2.4)', async () => {
    const own = (rows: Seeded[]) => newestFirst(mincul(rows).filter((r) => r.owner === REQUESTER));
    expect(ids((await walkApi<Row>(requester, '/api/account-requests?limit=25', 'requests')).rows)).toEqual(own(lists.requests));
    expect(ids((await walkApi<Row>(requester, '/api/campaigns?limit=7', 'campaigns')).rows)).toEqual(own(lists.campaigns));
  });

  it('`entity` narrows the list on every page, and another entity\'s rows never appear', async () => {
    expect((await walkApi<Row>(head, '/api/campaigns?entity=congreso&limit=2', 'campaigns')).rows).toEqual([]);
    expect(ids((await walkApi<Row>(head, '/api/content-requests?entity=mincul&limit=100', 'requests')).rows)).toEqual(newestFirst(mincul(lists.contents)));
  });
});

describe('/solicitudes', () => {
  const idsIn = (html: string) => [...html.matchAll(/href="\/solicitudes\/([0-9a-f]{24})"/g)].map((m) => m[1]);

  it('shows 100 a page with which of how many, and "Página siguiente" to the last, each request once, newest first', async () => {
    const pages = await walkPages(head, '/solicitudes');
    expect(pages.map((p) => p.status)).toEqual([200, 200, 200]);
    expect(pages.flatMap((p) => idsIn(p.html))).toEqual(newestFirst(mincul(lists.requests)));
    expect(pages.map((p) => /Solicitudes (\d+)–(\d+) de (\d+)/.exec(p.html)?.slice(1))).toEqual([['1', '100', '230'], ['101', '200', '230'], ['201', '230', '230']]);
    expect(linkNamed(pages[2]!.html, 'Volver al inicio')).toBe('/solicitudes');
    expect(linkNamed(pages[2]!.html, 'Página siguiente')).toBeUndefined();
  });

  it('the requesting unit sees its own 58 on one page, counted', async () => {
    const pages = await walkPages(requester, '/solicitudes');
    expect(pages).toHaveLength(1);
    expect(idsIn(pages[0]!.html)).toEqual(newestFirst(mincul(lists.requests).filter((r) => r.owner === REQUESTER)));
    expect(pages[0]!.html).toContain('Solicitudes 1–58 de 58.');
  });

  it('the entity filter is kept in the page links', async () => {
    const [first] = await walkPages(head, '/solicitudes?entity=mincul');
    expect(linkNamed(first!.html, 'Página siguiente')).toMatch(/^\/solicitudes\?entity=mincul&cursor=[A-Za-z0-9_-]+$/);
  });

  it('a malformed cursor is a 400 page in Spanish with a way back to the first page', async () => {
    expect(await openWithBadCursor(head, '/solicitudes')).toEqual({ status: 400, says: true, back: '/solicitudes' });
  });
});

describe('the campaign form', () => {
  it('PCM 6.1.2.10: offers every active account of the entity for the agency, past 200, and no paused one', async () => {
    const accounts = accountModel(t.db);
    const before = await accounts.countDocuments({ entityId: 'mincul', status: 'active' });
    await accounts.insertMany(
      Array.from({ length: 240 }, (_, i) => ({
        _id: `acc-${String(i).padStart(3, '0')}`, entityId: 'mincul', network: 'facebook', username: `cuenta${String(i).padStart(3, '0')}`, managingEmail: 'redes@cultura.gob.pe',
        status: i % 10 === 9 ? 'paused' : 'active', requestId: idOf('request', i), activatedAt: new Date(T0),
      })),
    );
    const { status, html } = await requester.open('/campanas/nueva');
    expect(status).toBe(200);
    const offered = [...html.matchAll(/name="mediaAgency\[accountIds\]" value="([^"]+)"/g)].map((m) => m[1]);
    expect(offered).toHaveLength(before + 216);
    expect(offered.filter((id) => id!.startsWith('acc-'))).toEqual(Array.from({ length: 240 }, (_, i) => `acc-${String(i).padStart(3, '0')}`).filter((_, i) => i % 10 !== 9));
  });
});

describe('the OpenAPI document', () => {
  it('declares `cursor` and `limit` on every list, `nextCursor` in its answer, and the 400 of a bad one', async () => {
    const doc = (await head.api('GET', '/api/openapi.json')).json;
    for (const [path, key] of [['/api/account-requests', 'requests'], ['/api/campaigns', 'campaigns'], ['/api/content-requests', 'requests'], ['/api/entities/{id}/handovers', 'handovers'], ['/api/audit', 'events']] as const) {
      const get = doc.paths[path].get;
      const params = Object.fromEntries(get.parameters.filter((p: { in: string }) => p.in === 'query').map((p: { name: string; schema: unknown }) => [p.name, p.schema]));
      expect([path, params.cursor]).toEqual([path, expect.objectContaining({ type: 'string', pattern: '^[A-Za-z0-9_-]+$', maxLength: 512 })]);
      expect([path, params.limit]).toEqual([path, expect.objectContaining({ minimum: 1, maximum: 1000, default: 200 })]);
      const answer = get.responses['200'].content['application/json'].schema;
      expect([path, answer.required, Object.keys(answer.properties)]).toEqual([path, [key], expect.arrayContaining([key, 'nextCursor'])]);
      expect([path, Object.keys(get.responses)]).toEqual([path, expect.arrayContaining(['400'])]);
    }
  });
});
