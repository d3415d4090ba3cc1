/**
 * The audit trail past its first page (issue 14 §1.9): 450 rows of one workflow, seven to an instant and
 * inserted out of time order, walked through `GET /api/audit` by `nextCursor`, through `/auditoria` by its
 * "Página siguiente" links, and exported whole as CSV. Every row appears exactly once, newest first.
 */
import { Types } from 'mongoose';
import { BAD_CURSOR } from '../../domain/paging';
import { limaTimestamp } from '../../domain/businessDays';
import { auditModel, type AuditDoc } from '../../infra/models/audit';
import { startTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { csvRecords } from '../support/csv';
import { linkNamed, openWithBadCursor, walkApi, walkPages } from '../support/paging';

jest.setTimeout(120_000);

const HEAD = 'aquispe@cultura.gob.pe';
const COUNT = 450;
const T0 = Date.parse('2026-05-04T14:00:00.000Z');

let t: TestApp;
let head: Browser;
let seeded: AuditDoc[];
/** The details of the seeded rows in the trail's order: newest instant first, then greatest `_id`. */
let expected: string[];

beforeAll(async () => {
  t = await startTestApp();
  head = new Browser(t.url);
  await head.signIn(HEAD, t.mailbox);
  // Ids in creation order, instants shuffled: ordering by `_id` alone would not give time order.
  seeded = Array.from({ length: COUNT }, (_, i) => {
    const slot = (i * 37) % COUNT;
    return {
      _id: new Types.ObjectId(),
      at: new Date(T0 + Math.floor(slot / 7) * 60_000),
      action: 'decision.recorded',
      actor: { kind: 'link', email: HEAD },
      entityId: 'mincul',
      workflowId: 'wf-paging',
      step: 'aprobacion',
      ip: '203.0.113.9',
      userAgent: 'Firefox',
      detail: `fila-${String(i).padStart(3, '0')}`,
    };
  });
  await auditModel(t.db).insertMany(seeded);
  expected = [...seeded]
    .sort((a, b) => b.at.getTime() - a.at.getTime() || (b._id.toHexString() > a._id.toHexString() ? 1 : -1))
    .map((d) => d.detail!);
});
afterAll(() => t?.stop());

type Event = { id: string; at: string; detail: string; ip?: string };

describe('GET /api/audit', () => {
  it('walking by nextCursor, 50 at a time, gives all 450 rows exactly once, newest first, ties on the instant by id', async () => {
    const { pages, rows, statuses } = await walkApi<Event>(head, '/api/audit?workflow=wf-paging&limit=50', 'events');
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(pages.map((p) => p.length)).toEqual([50, 50, 50, 50, 50, 50, 50, 50, 50]);
    expect(rows.map((r) => r.detail)).toEqual(expected);
    const byDetail = new Map(seeded.map((d) => [d.detail, d]));
    expect(rows.every((r) => r.at === limaTimestamp(byDetail.get(r.detail)!.at) && r.ip === '203.0.113.9')).toBe(true);
  });

  it('without `limit` the first page is the old 200 rows, now with `nextCursor` (and `next` for clients of `before`); the last page has neither', async () => {
    const { pages } = await walkApi<Event>(head, '/api/audit?workflow=wf-paging', 'events');
    expect(pages.map((p) => p.length)).toEqual([200, 200, 50]);
    const first = await head.api('GET', '/api/audit?workflow=wf-paging');
    expect(first.json.next).toBe(first.json.events[199].id);
    const older = await head.api('GET', `/api/audit?workflow=wf-paging&before=${first.json.next}`);
    expect(older.json.events.map((e: Event) => e.detail)).toEqual(expected.slice(200, 400));
    const last = await head.api('GET', `/api/audit?workflow=wf-paging&limit=50&cursor=${encodeURIComponent((await head.api('GET', '/api/audit?workflow=wf-paging&limit=400')).json.nextCursor)}`);
    expect(last.json.events).toHaveLength(50);
    expect(last.json).not.toHaveProperty('nextCursor');
    expect(last.json).not.toHaveProperty('next');
  });

  it('a malformed cursor is 400 validation_failed naming `cursor`, with a Spanish message', async () => {
    for (const cursor of ['no-es-un-cursor', Buffer.from('{"l":"campaigns","k":["2026-01-01T00:00:00.000Z","x"]}').toString('base64url'), '%%%']) {
      const res = await head.api('GET', `/api/audit?workflow=wf-paging&cursor=${encodeURIComponent(cursor)}`);
      expect([cursor, res.status, res.json.error.code, res.json.error.details.map((d: { field: string }) => d.field)]).toEqual([cursor, 400, 'validation_failed', ['cursor']]);
      expect([res.json.error.message, res.json.error.details[0].message]).toEqual([BAD_CURSOR, BAD_CURSOR]);
    }
  });

  it('`limit` above 1000 or both `cursor` and `before` are refused (400)', async () => {
    expect((await head.api('GET', '/api/audit?limit=1001')).status).toBe(400);
    const first = await head.api('GET', '/api/audit?workflow=wf-paging&limit=5');
    const both = await head.api('GET', `/api/audit?workflow=wf-paging&cursor=${first.json.nextCursor}&before=${first.json.next}`);
    expect([both.status, both.json.error.details.map((d: { field: string }) => d.field)]).toEqual([400, ['before']]);
  });
});

describe('/auditoria', () => {
  it('shows 100 rows a page, says which of how many, and "Página siguiente" keeps the filters to the last row, each row once', async () => {
    const pages = await walkPages(head, '/auditoria?workflow=wf-paging');
    expect(pages.map((p) => p.status)).toEqual([200, 200, 200, 200, 200]);
    expect(pages.slice(1).every((p) => new URL(p.path, t.url).searchParams.get('workflow') === 'wf-paging')).toBe(true);
    expect(pages.flatMap((p) => p.html.match(/fila-\d{3}/g) ?? [])).toEqual(expected);
    expect(pages.map((p) => /Registros (\d+)–(\d+) de (\d+)/.exec(p.html)?.slice(1))).toEqual([
      ['1', '100', '450'], ['101', '200', '450'], ['201', '300', '450'], ['301', '400', '450'], ['401', '450', '450'],
    ]);
    expect(linkNamed(pages[0]!.html, 'Volver al inicio')).toBeUndefined();
    expect(linkNamed(pages[4]!.html, 'Página siguiente')).toBeUndefined();
    expect(linkNamed(pages[4]!.html, 'Volver al inicio')).toBe('/auditoria?workflow=wf-paging');
  });

  it('the CSV link of a later page exports every matching row, not that page', async () => {
    const [, second] = await walkPages(head, '/auditoria?workflow=wf-paging&from=2026-05-04').then((p) => p.slice(0, 2));
    const csvHref = linkNamed(second!.html, 'Descargar CSV')!;
    expect(Object.fromEntries(new URL(csvHref, t.url).searchParams)).toEqual({ workflow: 'wf-paging', from: '2026-05-04', format: 'csv' });
    const text = await (await head.fetch(csvHref)).text();
    expect(csvRecords(text).map((r) => r.detalle)).toEqual(expected);
  });

  it('a malformed cursor is a 400 page in Spanish with a way back to the first page of the same filters', async () => {
    expect(await openWithBadCursor(head, '/auditoria?workflow=wf-paging')).toEqual({ status: 400, says: true, back: '/auditoria?workflow=wf-paging' });
  });
});

describe('CSV export', () => {
  it('streams all 450 matching rows after the header, newest first, with the columns the reader may see', async () => {
    const res = await head.fetch('/api/audit?format=csv&workflow=wf-paging');
    expect(res.status).toBe(200);
    // Written as the rows are read, so the length is not known in advance.
    expect(res.headers.get('content-length')).toBeNull();
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    const text = await res.text();
    const records = csvRecords(text);
    expect(text.replace(/^\uFEFF/, '').split('\n').filter(Boolean)).toHaveLength(COUNT + 1);
    expect(records.map((r) => r.detalle)).toEqual(expected);
    expect(new Set(records.map((r) => `${r.ip}|${r.agente_usuario}|${r.proceso}|${r.entidad}`))).toEqual(new Set(['203.0.113.9|Firefox|wf-paging|mincul']));
  });

  it('honours the filters: Lima days narrow the export to their rows', async () => {
    // Slots 0–449 by minute from 09:00 Lima on 4 May 2026: all on that day.
    const day = csvRecords(await (await head.fetch('/api/audit?format=csv&workflow=wf-paging&from=2026-05-04&to=2026-05-04')).text());
    expect(day).toHaveLength(COUNT);
    expect(csvRecords(await (await head.fetch('/api/audit?format=csv&workflow=wf-paging&from=2026-05-05')).text())).toEqual([]);
  });

  it('ignores `limit` and `cursor`: an export is every matching row', async () => {
    const first = await head.api('GET', '/api/audit?workflow=wf-paging&limit=10');
    const text = await (await head.fetch(`/api/audit?format=csv&workflow=wf-paging&limit=10&cursor=${first.json.nextCursor}`)).text();
    expect(csvRecords(text)).toHaveLength(COUNT);
  });
});
