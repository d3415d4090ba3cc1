/**
 * Reading the audit trail over HTTP (issue #3 §4; Ley 27806, RULEBOOK §8): `GET /api/audit` as JSON or
 * CSV, for the head (their entity), the SCS supervisor (the Executive Branch, PCM 2) and the platform admin
 * (events tied to no entity); filters by person, workflow and Lima calendar days.
 */
import { limaDate } from '../../domain/businessDays';
import { createAuditTrail } from '../../registry/audit';
import { auditModel } from '../../infra/models/audit';
import { startTestApp, type TestApp } from '../support/app';
import { Browser, formBody } from '../support/browser';
import { csvRecords, parseCsv } from '../support/csv';
import { eventually } from '../support/eventually';

jest.setTimeout(60_000);

const HEAD = 'aquispe@cultura.gob.pe';
const SCS = 'rrss_scs@pcm.gob.pe';
/** The Executive Branch entities with rows (PCM 2): an INPE head's read of its roster is one. */
const PCM_ENTITIES = ['inpe', 'mincul', 'produce'];
const CSV_HEADER = ['fecha_hora_lima', 'accion', 'actor', 'tipo_actor', 'entidad', 'cuenta', 'proceso', 'paso', 'persona', 'ip', 'agente_usuario', 'detalle'];
const HOSTILE_AGENT = '=HYPERLINK("http://evil.example","Ver")';

type Row = { id: string; at: string; action: string; actor: { kind: string; email?: string }; entityId?: string; subject?: string; workflowId?: string; detail?: string };

let t: TestApp;
let apiKey = '';
const as: Record<'head' | 'second' | 'cm' | 'requester' | 'otherHead' | 'scs' | 'admin', Browser> = {} as never;

beforeAll(async () => {
  t = await startTestApp();
  const who = { head: HEAD, second: 'bsalas@cultura.gob.pe', cm: 'crojas@cultura.gob.pe', requester: 'dtorres@cultura.gob.pe', otherHead: 'dflores@congreso.gob.pe', scs: SCS, admin: 'admin@custodio.gob.pe' } as const;
  for (const [name, email] of Object.entries(who) as Array<[keyof typeof who, string]>) {
    as[name] = new Browser(t.url);
    await as[name].signIn(email, t.mailbox);
  }
  // Something to read: a new PCM entity, a roster change, a read with phones, another entity's read, a key.
  const produce = { id: 'produce', name: 'Ministerio de la Producción', profile: 'PCM', emailDomains: ['produce.gob.pe'], location: 'San Isidro, Lima', supervisorEmail: SCS };
  expect((await as.admin.api('POST', '/api/entities', produce)).status).toBe(201);
  expect((await as.head.api('POST', '/api/entities/mincul/people', { name: 'Elena Paz', email: 'epaz@cultura.gob.pe', phone: '+51 911 222 333', role: 'team' })).status).toBe(201);
  expect((await as.head.fetch('/api/entities/mincul/people', { headers: { 'user-agent': HOSTILE_AGENT } })).status).toBe(200);
  expect((await as.otherHead.api('GET', '/api/entities/congreso/people')).status).toBe(200);
  const inpeHead = new Browser(t.url);
  await inpeHead.signIn('gramos@inpe.gob.pe', t.mailbox);
  expect((await inpeHead.api('GET', '/api/entities/inpe/people')).status).toBe(200);
  apiKey = (await as.head.api('POST', '/api/entities/mincul/api-keys', { label: 'integración' })).json.key;
  // Sign-in requests for addresses nobody holds: the platform's own events, with a hostile user agent and address.
  for (const email of ['nadie@gmail.com', '-2+3@evil.pe']) {
    const visitor = new Browser(t.url);
    await visitor.open('/ingresar');
    const res = await visitor.fetch('/ingresar', { method: 'POST', headers: { 'user-agent': '@SUM(1+1)' }, body: formBody({ _csrf: visitor.csrf, email }) });
    expect(res.status).toBe(200);
  }
  const trail = createAuditTrail(t.db);
  const actor = { kind: 'link' as const, email: HEAD };
  await trail.record({ action: 'decision.recorded', actor, entityId: 'mincul', workflowId: 'wf-http-1', step: 'approval', detail: 'approve' });
  await trail.record({ action: 'link.opened', actor, entityId: 'mincul', workflowId: 'wf-http-1', step: 'approval', detail: 'approve' });
  await trail.record({ action: 'link.opened', actor: { kind: 'link', email: 'dflores@congreso.gob.pe' }, entityId: 'congreso', workflowId: 'wf-http-1', step: 'approval' });
  for (const detail of ['+cmd|\' /C calc\'!A0', '-1+1', '@SUM(1+1)', '=1+1']) {
    await trail.record({ action: 'decision.recorded', actor, entityId: 'mincul', workflowId: 'wf-http-evil', detail });
  }
  // Lima calendar days: UTC−5, so Lima's 10 March 2025 runs from 05:00Z on the 10th to 04:59:59.999Z on the 11th.
  const rows = auditModel(t.db);
  const at = (iso: string, detail: string) => rows.create({ at: new Date(iso), action: 'roster.changed', actor: { kind: 'person', email: HEAD }, entityId: 'mincul', workflowId: 'wf-http-days', detail });
  await at('2025-03-10T04:59:59.999Z', 'lima 9 mar 23:59');
  await at('2025-03-10T05:00:00.000Z', 'lima 10 mar 00:00');
  await at('2025-03-11T04:59:59.999Z', 'lima 10 mar 23:59');
  await at('2025-03-11T05:00:00.000Z', 'lima 11 mar 00:00');
});
afterAll(() => t?.stop());

const events = async (b: Browser, query = '') => {
  const res = await b.api('GET', `/api/audit${query ? `?${query}` : ''}`);
  expect([query, res.status]).toEqual([query, 200]);
  return res.json.events as Row[];
};
const entitiesIn = (rows: Row[]) => [...new Set(rows.map((r) => r.entityId ?? '(ninguna)'))].sort();
const details = (rows: Row[]) => rows.map((r) => r.detail);
const csvOf = async (b: Browser, query: string) => {
  const res = await b.fetch(`/api/audit?format=csv&${query}`);
  expect(res.status).toBe(200);
  return { res, text: await res.text() };
};

describe('who reads the trail', () => {
  it('PCM 5.2.4: the head reads their own entity\'s trail only, with their sign-in, roster changes and reads of phones', async () => {
    const rows = await events(as.head);
    expect(entitiesIn(rows)).toEqual(['mincul']);
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['signin.completed', 'roster.added', 'roster.viewed', 'apiKey.created', 'decision.recorded']));
  });

  it('the head asking for another entity (entity=congreso) gets 403; asking for their own gets it', async () => {
    const other = await as.head.api('GET', '/api/audit?entity=congreso');
    expect(other.status).toBe(403);
    expect(other.json.error.code).toBe('forbidden');
    expect(entitiesIn(await events(as.head, 'entity=mincul'))).toEqual(['mincul']);
  });

  it('the Congress\'s head reads the Congress\'s trail only', async () => {
    const rows = await events(as.otherHead);
    expect(entitiesIn(rows)).toEqual(['congreso']);
    expect((await as.otherHead.api('GET', '/api/audit?entity=mincul')).status).toBe(403);
  });

  it('PCM 2, 6.1.1.2: the SCS supervisor reads every Executive Branch entity (PCM, INPE, Senace), including one created today, and not the Congress (403)', async () => {
    const rows = await events(as.scs);
    expect(entitiesIn(rows)).toEqual(PCM_ENTITIES);
    expect(rows.find((r) => r.entityId === 'produce')?.action).toBe('entity.created');
    expect((await as.scs.api('GET', '/api/audit?entity=congreso')).status).toBe(403);
    for (const entity of ['inpe', 'senace']) expect([entity, (await as.scs.api('GET', `/api/audit?entity=${entity}`)).status]).toEqual([entity, 200]);
    expect(entitiesIn(await events(as.scs, 'entity=produce'))).toEqual(['produce']);
    expect(entitiesIn(await events(as.scs, 'entity=inpe'))).toEqual(['inpe']);
  });

  it('PCM 5.2.4: the second in command, the community manager and the requesting unit get 403', async () => {
    for (const b of [as.second, as.cm, as.requester]) {
      const res = await b.api('GET', '/api/audit');
      expect(res.status).toBe(403);
      expect(res.json.events).toBeUndefined();
      expect((await b.fetch('/api/audit?format=csv')).status).toBe(403);
    }
  });

  it('an API key gets 403, and nobody signed in gets 401', async () => {
    expect((await fetch(`${t.url}/api/audit`, { headers: { authorization: `Bearer ${apiKey}` } })).status).toBe(403);
    const anonymous = await fetch(`${t.url}/api/audit`);
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error.code).toBe('unauthenticated');
  });

  it('the platform admin reads only the events tied to no entity (unknown sign-in addresses), and no entity\'s trail (403)', async () => {
    const rows = await events(as.admin);
    expect(entitiesIn(rows)).toEqual(['(ninguna)']);
    expect(rows.filter((r) => r.action === 'signin.unknown').map((r) => r.subject)).toEqual(expect.arrayContaining(['nadie@gmail.com', '-2+3@evil.pe']));
    expect((await as.admin.api('GET', '/api/audit?entity=mincul')).status).toBe(403);
  });
});

describe('refusals (access.denied) in the trail of the entity they name', () => {
  const denied = (rows: Row[], email: string, detail: string) => rows.filter((r) => r.action === 'access.denied' && r.actor.email === email && r.detail === detail);
  /** Refusals are recorded after the answer is sent: read again (boundedly) until `count` rows are there. */
  const refusals = (read: () => Promise<Row[]>, count = 1) => eventually(read, (rows) => rows.length >= count, `${count} refusal row(s)`, 5_000);

  it('PCM 5.2.4: the head sees who was refused on their own entity: the community manager changing the roster, another entity\'s head reading it', async () => {
    expect((await as.cm.api('POST', '/api/entities/mincul/people', { name: 'X', email: 'x@cultura.gob.pe', role: 'team' })).status).toBe(403);
    expect((await as.otherHead.api('GET', '/api/entities/mincul/people')).status).toBe(403);
    const byCm = await refusals(async () => denied(await events(as.head), 'crojas@cultura.gob.pe', 'POST /api/entities/mincul/people'));
    expect(byCm).toEqual([expect.objectContaining({ entityId: 'mincul', actor: { kind: 'person', email: 'crojas@cultura.gob.pe' } })]);
    const byOther = await refusals(async () => denied(await events(as.head), 'dflores@congreso.gob.pe', 'GET /api/entities/mincul/people'));
    expect(byOther.map((r) => r.entityId)).toEqual(['mincul']);
    // Not in the trail of the entity the refused person belongs to.
    expect(denied(await events(as.otherHead), 'dflores@congreso.gob.pe', 'GET /api/entities/mincul/people')).toEqual([]);
  });

  it('asking for another entity\'s trail lands in that entity\'s trail; naming no entity, or one that does not exist, stays the platform\'s', async () => {
    expect((await as.head.api('GET', '/api/audit?entity=congreso&limit=5')).status).toBe(403);
    expect((await as.head.api('GET', '/api/audit?entity=no-existe')).status).toBe(403);
    expect((await as.head.api('POST', '/api/entities', { id: 'por-jefa' })).status).toBe(403);
    const inCongress = await refusals(async () => denied(await events(as.otherHead), HEAD, 'GET /api/audit?entity=congreso&limit=5'));
    expect(inCongress.map((r) => r.entityId)).toEqual(['congreso']);
    const platform = async () => [...denied(await events(as.admin), HEAD, 'GET /api/audit?entity=no-existe'), ...denied(await events(as.admin), HEAD, 'POST /api/entities')];
    const rows = await refusals(platform, 2);
    expect(rows.map((r) => [r.detail, r.entityId])).toEqual([['GET /api/audit?entity=no-existe', undefined], ['POST /api/entities', undefined]]);
  });
});

describe('filters', () => {
  it('person= gives what the person did and what was done about them, and nothing else', async () => {
    const about = await events(as.head, 'person=epaz@cultura.gob.pe');
    expect(about.map((r) => [r.action, r.subject])).toEqual([['roster.added', 'epaz@cultura.gob.pe']]);
    const byHead = await events(as.head, `person=${HEAD.toUpperCase()}`);
    expect(byHead.length).toBeGreaterThan(3);
    expect(byHead.every((r) => r.actor.email === HEAD || r.subject === HEAD)).toBe(true);
    expect(byHead.map((r) => r.action)).toEqual(expect.arrayContaining(['signin.requested', 'signin.completed', 'roster.added']));
  });

  it('workflow= gives that workflow\'s rows within the reader\'s scope only', async () => {
    expect((await events(as.head, 'workflow=wf-http-1')).map((r) => [r.action, r.entityId])).toEqual([['link.opened', 'mincul'], ['decision.recorded', 'mincul']]);
    expect((await events(as.otherHead, 'workflow=wf-http-1')).map((r) => [r.action, r.entityId])).toEqual([['link.opened', 'congreso']]);
  });

  it('RULEBOOK §8: from/to are Lima calendar days, both ends included', async () => {
    expect(details(await events(as.head, 'workflow=wf-http-days&from=2025-03-10&to=2025-03-10'))).toEqual(['lima 10 mar 23:59', 'lima 10 mar 00:00']);
    expect(details(await events(as.head, 'workflow=wf-http-days&from=2025-03-11'))).toEqual(['lima 11 mar 00:00']);
    expect(details(await events(as.head, 'workflow=wf-http-days&to=2025-03-09'))).toEqual(['lima 9 mar 23:59']);
    expect(details(await events(as.head, 'workflow=wf-http-days&from=2025-03-09&to=2025-03-11'))).toHaveLength(4);
  });

  it('rows show their instant in Lima time (-05:00), and the answer is not cached', async () => {
    const res = await as.head.fetch('/api/audit?workflow=wf-http-days&from=2025-03-10&to=2025-03-10');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const rows = (await res.json()).events as Row[];
    expect(rows.map((r) => r.at)).toEqual(['2025-03-10T23:59:59-05:00', '2025-03-10T00:00:00-05:00']);
    for (const r of await events(as.head)) expect(r.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}-05:00$/);
  });

  it('long results come in pages: `limit` rows, newest first, and `next` is the cursor for `before`', async () => {
    const first = await as.head.api('GET', '/api/audit?workflow=wf-http-days&limit=3');
    expect(details(first.json.events)).toEqual(['lima 11 mar 00:00', 'lima 10 mar 23:59', 'lima 10 mar 00:00']);
    expect(first.json.next).toBe(first.json.events[2].id);
    const second = await as.head.api('GET', `/api/audit?workflow=wf-http-days&limit=3&before=${first.json.next}`);
    expect(details(second.json.events)).toEqual(['lima 9 mar 23:59']);
    expect(second.json.next).toBeUndefined();
  });

  it('bad filters answer 400 validation_failed naming each offending filter', async () => {
    const cases: Array<[string, string[]]> = [
      ['from=ayer', ['from']],
      ['to=10/03/2025', ['to']],
      ['from=2025-03-11&to=2025-03-10', ['from']],
      ['person=no-es-correo', ['person']],
      ['limit=0', ['limit']],
      ['limit=5000', ['limit']],
      ['limit=muchos', ['limit']],
      ['before=xyz', ['before']],
      ['format=xlsx', ['format']],
      ['color=rojo', ['(cuerpo)']],
      ['from=ayer&person=x', ['from', 'person']],
    ];
    for (const [query, fields] of cases) {
      const res = await as.head.api('GET', `/api/audit?${query}`);
      const got = res.json?.error?.details?.map((d: { field: string }) => d.field).sort();
      expect([query, res.status, res.json?.error?.code, got]).toEqual([query, 400, 'validation_failed', fields]);
    }
  });

  // registry/audit.ts turns a day into an instant with `new TZDate(y, m - 1, d)`, which rolls over (`2026-02-30`
  // would mean 2 March): the filter must refuse such a day, with the registry's message.
  it('a date that does not exist (2026-02-30, 2026-13-45, 0000-00-00) is refused with 400 "Fecha inexistente.", as the registry refuses it, not rolled over', async () => {
    for (const query of ['to=2026-02-30', 'from=2026-13-45', 'from=0000-00-00']) {
      const res = await as.head.api('GET', `/api/audit?${query}`);
      const field = query.split('=')[0];
      expect([query, res.status, res.json?.error?.code, res.json?.error?.details]).toEqual([query, 400, 'validation_failed', [expect.objectContaining({ field, message: 'Fecha inexistente.' })]]);
    }
    expect((await as.head.api('GET', '/api/audit?from=2028-02-29&to=2028-02-29')).status).toBe(200);
  });
});

describe('CSV export', () => {
  it('format=csv downloads auditoria-<Lima date>.csv, not cached, as UTF-8 with a BOM and the Spanish header row', async () => {
    const before = limaDate(new Date());
    const { res, text } = await csvOf(as.head, '');
    const after = limaDate(new Date());
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const name = /attachment; filename="?(auditoria-\d{4}-\d{2}-\d{2}\.csv)"?/.exec(res.headers.get('content-disposition') ?? '')?.[1];
    expect([`auditoria-${before}.csv`, `auditoria-${after}.csv`]).toContain(name);
    const bytes = Buffer.from(await (await as.head.fetch('/api/audit?format=csv')).arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(parseCsv(text)[0]).toEqual(CSV_HEADER);
  });

  it('CSV rows carry Lima times with -05:00 and the same scope and filters as JSON', async () => {
    const rows = csvRecords((await csvOf(as.head, 'workflow=wf-http-1')).text);
    expect(rows.map((r) => [r.accion, r.entidad, r.proceso, r.paso, r.actor, r.tipo_actor])).toEqual([
      ['link.opened', 'mincul', 'wf-http-1', 'approval', HEAD, 'link'],
      ['decision.recorded', 'mincul', 'wf-http-1', 'approval', HEAD, 'link'],
    ]);
    const all = csvRecords((await csvOf(as.head, '')).text);
    expect(new Set(all.map((r) => r.entidad))).toEqual(new Set(['mincul']));
    for (const r of all) expect(r.fecha_hora_lima).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}-05:00$/);
    expect(csvRecords((await csvOf(as.head, 'workflow=wf-http-days&from=2025-03-10&to=2025-03-10')).text).map((r) => r.fecha_hora_lima)).toEqual([
      '2025-03-10T23:59:59-05:00', '2025-03-10T00:00:00-05:00',
    ]);
  });

  it('formula injection: details starting with =, +, -, @ are exported with a leading quote, so spreadsheets show them as text', async () => {
    const rows = csvRecords((await csvOf(as.head, 'workflow=wf-http-evil')).text);
    expect(rows.map((r) => r.detalle).sort()).toEqual(["'+cmd|' /C calc'!A0", "'-1+1", "'=1+1", "'@SUM(1+1)"]);
  });

  it('formula injection: a hostile User-Agent recorded with a read of phones reaches the head\'s CSV defused', async () => {
    const rows = csvRecords((await csvOf(as.head, `person=${HEAD}`)).text);
    const hostile = rows.filter((r) => (r.agente_usuario ?? '').includes('HYPERLINK'));
    expect(hostile.map((r) => [r.accion, r.agente_usuario])).toEqual([['roster.viewed', `'${HOSTILE_AGENT}`]]);
  });

  it('formula injection: an address typed at sign-in (-2+3@evil.pe) and its User-Agent reach the platform admin\'s CSV defused', async () => {
    const rows = csvRecords((await csvOf(as.admin, '')).text).filter((r) => r.accion === 'signin.unknown');
    expect(rows.map((r) => [r.persona, r.agente_usuario, r.entidad]).sort()).toEqual([
      ["'-2+3@evil.pe", "'@SUM(1+1)", ''],
      ['nadie@gmail.com', "'@SUM(1+1)", ''],
    ]);
  });

  it('no exported cell begins with a formula character', async () => {
    for (const b of [as.head, as.scs, as.admin, as.otherHead]) {
      for (const row of parseCsv((await csvOf(b, '')).text)) {
        for (const cell of row) expect(/^[=+\-@\t\r]/.test(cell) ? cell : '').toBe('');
      }
    }
  });
});

describe('personal data in the trail', () => {
  it('Ley 29733: neither the JSON nor the CSV of the trail shows a phone, though phones were added and read', async () => {
    for (const b of [as.head, as.scs]) {
      const json = (await b.api('GET', '/api/audit')).text;
      const csv = (await csvOf(b, '')).text;
      for (const text of [json, csv]) expect(text).not.toMatch(/911 222 333|900 000 00/);
    }
  });
});
