/**
 * The lists of processes people start, against the real stack (issue 15 §2, §3b): `/campanas` and
 * `/contenidos` filter by entity and state and page by cursor, 100 to a page; `/solicitudes` shows
 * entities and people by name; each list downloads as CSV and XLSX that read back with the rows the
 * reader may see; a requesting unit sees only its own (PCM 5.2.4). The audit page speaks Spanish and
 * links each process to its page; the request form keeps SCS's address fixed (PCM 6.1.1.6).
 */
import { createHash } from 'node:crypto';
import { limaDate } from '../../domain/businessDays';
import { AUDIT_ACTIONS } from '../../infra/models/audit';
import { campaignModel } from '../../infra/models/campaign';
import { contentRequestModel } from '../../infra/models/contentRequest';
import { entityModel } from '../../infra/models/entity';
import { entityWithDefaults } from '../../local/seed';
import type { Browser, Fields } from '../support/browser';
import { validProposal } from '../support/fixtures';
import { linkNamed, walkPages } from '../support/paging';
import { CM, HEAD, REQUESTER, SCS } from '../support/registryApp';
import { csvRows, download, xlsxRows } from '../support/downloads';
import { startTestStack, type TestStack } from '../support/stack';

jest.setTimeout(180_000);

let stack: TestStack<'head' | 'requester' | 'scs'>;

const T0 = Date.parse('2026-10-01T15:00:00.000Z');
const idOf = (kind: string, i: number) => createHash('sha256').update(`${kind}-${i}`).digest('hex').slice(0, 24);

interface Seeded {
  _id: string;
  entityId: string;
  owner: string;
  at: Date;
  state: string;
}

/** `count` rows of mincul (every fifth the requesting unit's, every other one further along), and a few of produce and congreso. */
const seeds = (kind: string, count: number, states: [string, string]): Seeded[] => [
  ...Array.from({ length: count }, (_, i) => ({ _id: idOf(kind, i), entityId: 'mincul', owner: i % 5 === 0 ? REQUESTER : CM, at: new Date(T0 + i * 60_000), state: states[i % 2]! })),
  ...[0, 1, 2, 3].map((i) => ({ _id: idOf(`${kind}-produce`, i), entityId: 'produce', owner: 'redes@produce.gob.pe', at: new Date(T0 + i * 60_000), state: states[0] })),
  ...[0, 1, 2].map((i) => ({ _id: idOf(`${kind}-congreso`, i), entityId: 'congreso', owner: 'dflores@congreso.gob.pe', at: new Date(T0 + i * 60_000), state: states[0] })),
];
const campaigns = seeds('campaign', 130, ['aprobacion', 'en-curso']);
const contents = seeds('content', 120, ['evaluacion', 'publicada']);

/** Ids in the lists' order: newest first, then greatest id. */
const newestFirst = (rows: Seeded[]) => [...rows].sort((a, b) => b.at.getTime() - a.at.getTime() || (b._id > a._id ? 1 : -1)).map((r) => r._id);
const of = (rows: Seeded[], where: Partial<Seeded>) => rows.filter((r) => Object.entries(where).every(([k, v]) => r[k as keyof Seeded] === v));

const idsIn = (html: string, path: string) => [...html.matchAll(new RegExp(`href="${path}/([0-9a-f]{24})"`, 'g'))].map((m) => m[1]);
const walkIds = async (b: Browser, path: string, list: string) => (await walkPages(b, path)).flatMap((p) => idsIn(p.html, list));
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/\s+/g, ' ');

/** A reference as the lists print it: the id's last six characters. */
const ref = (id: string) => id.slice(-6).toUpperCase();

beforeAll(async () => {
  stack = await startTestStack(
    { head: HEAD, requester: REQUESTER, scs: SCS },
    // A second entity under the PCM directive, so SCS reads two and the entity filter has a choice.
    { prepare: (s) => entityModel(s.db).create(entityWithDefaults('produce', 'Ministerio de la Producción', 'PCM', 'produce.gob.pe')) },
  );
  await campaignModel(stack.db).insertMany(
    campaigns.map((s, i) => ({
      _id: s._id, workflowId: `campana-${s._id}`, entityId: s.entityId, proposerEmail: s.owner, submittedBy: s.owner, name: `Campaña ${String(i).padStart(3, '0')}`,
      mode: i % 3 ? 'organic' : 'paid', multisector: false, startsOn: '2026-11-02', endsOn: '2026-11-30', state: s.state, electoral: false, submittedAt: s.at,
    })),
  );
  await contentRequestModel(stack.db).insertMany(
    contents.map((s, i) => ({
      _id: s._id, workflowId: `contenido-${s._id}`, entityId: s.entityId, requesterEmail: s.owner, submittedBy: s.owner, unit: 'Dirección de Museos', title: `Contenido ${String(i).padStart(3, '0')}`,
      networks: ['facebook', 'x'], publishOn: '2026-11-05', publishAt: '10:30', submittedAt: s.at, stage: s.state,
    })),
  );
});
afterAll(() => stack?.stop());

describe('/campanas', () => {
  it('PCM 5.2.4: the head walks the entity\'s 130 campaigns, 100 to a page, newest first, and never another entity\'s', async () => {
    const pages = await walkPages(stack.as.head, '/campanas');
    expect(pages.map((p) => p.status)).toEqual([200, 200]);
    expect(pages.flatMap((p) => idsIn(p.html, '/campanas'))).toEqual(newestFirst(of(campaigns, { entityId: 'mincul' })));
    expect(pages.map((p) => /Campañas (\d+)–(\d+) de (\d+)/.exec(p.html)?.slice(1))).toEqual([['1', '100', '130'], ['101', '130', '130']]);
    // Entity and people by name, a "Nueva campaña" link, dates written out in Lima.
    const first = textOf(pages[0]!.html);
    expect(first).toContain('Nueva campaña');
    expect(pages[0]!.html).toContain('<td data-label="Entidad">Ministerio de Cultura</td>');
    expect(pages[0]!.html).toContain('<td data-label="Propuesta por">Carla Rojas Díaz</td>');
    expect(first).toContain('Del lunes 2 de noviembre de 2026 al lunes 30 de noviembre de 2026');
    expect(first).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });

  it('the state filter narrows every page and is kept in the page links and the downloads', async () => {
    const running = newestFirst(of(campaigns, { entityId: 'mincul', state: 'en-curso' }));
    expect(await walkIds(stack.as.head, '/campanas?state=en-curso', '/campanas')).toEqual(running);
    const { html } = await stack.as.head.open('/campanas?state=en-curso');
    expect(html).toMatch(/<option value="en-curso" selected>En curso<\/option>/);
    expect(linkNamed(html, 'CSV')).toBe('/campanas.csv?state=en-curso');
    expect(linkNamed(html, 'Excel \\(.xlsx\\)')).toBe('/campanas.xlsx?state=en-curso');
    const all = await stack.as.head.open('/campanas?state=aprobacion');
    expect(linkNamed(all.html, 'Página siguiente')).toBeUndefined();
  });

  it('SCS reads the campaigns of every PCM entity and narrows them to one with the entity filter', async () => {
    expect(await walkIds(stack.as.scs, '/campanas', '/campanas')).toEqual(newestFirst([...of(campaigns, { entityId: 'mincul' }), ...of(campaigns, { entityId: 'produce' })]));
    const { html } = await stack.as.scs.open('/campanas?entity=produce');
    expect(idsIn(html, '/campanas')).toEqual(newestFirst(of(campaigns, { entityId: 'produce' })));
    expect(html).toContain('<option value="produce" selected>Ministerio de la Producción</option>');
    // SCS proposes nothing: no "Nueva campaña" for it.
    expect(html).not.toContain('Nueva campaña');
  });

  it('the CSV and the XLSX hold every matching row, Spanish headers, names and Lima dates', async () => {
    const running = newestFirst(of(campaigns, { entityId: 'mincul', state: 'en-curso' }));
    const csv = await download(stack.as.head, '/campanas.csv?state=en-curso');
    expect([csv.status, csv.type]).toEqual([200, 'text/csv; charset=utf-8']);
    expect(csv.disposition).toContain(`campanas-en-curso-${limaDate(new Date())}.csv`);
    const rows = csvRows(csv.data);
    expect(rows[0]).toEqual(['Referencia', 'Entidad', 'Campaña', 'Estado', 'Modalidad', 'Multisectorial', 'En periodo electoral', 'Inicio de la difusión', 'Fin de la difusión', 'Propuesta por', 'Correo de quien propone', 'Presentada (Lima)', 'Cerrada (Lima)']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(running.map(ref));
    expect(new Set(rows.slice(1).map((r) => [r[1], r[3], r[7], r[8]].join('|')))).toEqual(new Set(['Ministerio de Cultura|En curso|02/11/2026|30/11/2026']));
    // 15:01 UTC is 10:01 in Lima.
    expect(rows.at(-1)![11]).toBe('01/10/2026 10:01');
    const xlsx = await download(stack.as.head, '/campanas.xlsx?state=en-curso');
    expect(xlsx.status).toBe(200);
    expect(await xlsxRows(xlsx.data)).toEqual(rows);
  });

  it('PCM 5.2.4: the requesting unit sees only its own campaigns, on the page and in both files', async () => {
    const own = newestFirst(of(campaigns, { entityId: 'mincul', owner: REQUESTER }));
    expect(await walkIds(stack.as.requester, '/campanas', '/campanas')).toEqual(own);
    const csv = csvRows((await download(stack.as.requester, '/campanas.csv')).data);
    expect(csv.slice(1).map((r) => r[0])).toEqual(own.map(ref));
    expect(new Set(csv.slice(1).map((r) => r[10]))).toEqual(new Set([REQUESTER]));
    const xlsx = await xlsxRows((await download(stack.as.requester, '/campanas.xlsx')).data);
    expect(xlsx.slice(1).map((r) => r[0])).toEqual(own.map(ref));
  });

  it('a state the list does not know is refused in Spanish (400) with a way back to the list', async () => {
    const { status, html } = await stack.as.head.open('/campanas?state=borrada');
    expect(status).toBe(400);
    expect(html).toContain('Estado no válido');
    expect(linkNamed(html, 'Volver al inicio')).toBe('/campanas');
    expect((await download(stack.as.head, '/campanas.csv?state=borrada')).status).toBe(400);
  });
});

describe('/contenidos', () => {
  it('pages the entity\'s 120 requests, filters by stage, and the requesting unit sees only its own', async () => {
    const pages = await walkPages(stack.as.head, '/contenidos');
    expect(pages.map((p) => /Solicitudes (\d+)–(\d+) de (\d+)/.exec(p.html)?.slice(1))).toEqual([['1', '100', '120'], ['101', '120', '120']]);
    expect(pages.flatMap((p) => idsIn(p.html, '/contenidos'))).toEqual(newestFirst(of(contents, { entityId: 'mincul' })));
    expect(pages[0]!.html).toContain('<td data-label="Estado">Publicada</td>');
    expect(textOf(pages[0]!.html)).toContain('jueves 5 de noviembre de 2026, 10:30');
    expect(await walkIds(stack.as.head, '/contenidos?stage=publicada', '/contenidos')).toEqual(newestFirst(of(contents, { entityId: 'mincul', state: 'publicada' })));
    expect(await walkIds(stack.as.requester, '/contenidos', '/contenidos')).toEqual(newestFirst(of(contents, { entityId: 'mincul', owner: REQUESTER })));
    expect((await stack.as.head.open('/contenidos?stage=en-curso')).status).toBe(400);
  });

  it('downloads what the page lists, as CSV and XLSX that read back the same', async () => {
    const own = newestFirst(of(contents, { entityId: 'mincul', owner: REQUESTER, state: 'evaluacion' }));
    const csv = csvRows((await download(stack.as.requester, '/contenidos.csv?stage=evaluacion')).data);
    expect(csv[0]!.slice(0, 8)).toEqual(['Referencia', 'Entidad', 'Título', 'Órgano solicitante', 'Redes', 'Publicación solicitada', 'Hora', 'Estado']);
    expect(csv.slice(1).map((r) => r[0])).toEqual(own.map(ref));
    expect(csv[1]!.slice(4, 10)).toEqual(['Facebook, X (Twitter)', '05/11/2026', '10:30', 'En evaluación del community manager', 'Diego Torres Vega', REQUESTER]);
    expect(await xlsxRows((await download(stack.as.requester, '/contenidos.xlsx?stage=evaluacion')).data)).toEqual(csv);
  });
});

/** The request form as its page posts it: no SCS row, since the form shows SCS fixed. */
const requestForm = (key: string, extra: Fields = {}): Fields => {
  const p = validProposal({ requester: { name: 'Diego Torres Vega', email: REQUESTER } });
  return {
    idempotencyKey: key, entityId: 'mincul', 'requester[name]': p.requester.name, 'requester[email]': p.requester.email,
    'responsibles[0][names]': 'Carla', 'responsibles[0][surnames]': 'Rojas Díaz', 'responsibles[0][phone]': '987 654 321',
    'responsibles[1][names]': ' ', 'responsibles[1][surnames]': '', 'responsibles[1][phone]': '',
    managingEmail: p.managingEmail, networks: p.networks, 'proposedNames[0]': p.proposedNames[0], 'proposedNames[1]': p.proposedNames[1], bio: p.bio,
    'description[objectives]': p.description.objectives, 'description[audience]': p.description.audience, 'description[functions]': p.description.functions,
    contentType: p.contentType, justification: p.justification, strategy: p.strategy,
    'admins[0][name]': 'Ana Quispe Huamán', 'admins[0][email]': HEAD, 'admins[0][role]': 'head',
    'admins[1][name]': 'Bruno Salas Ríos', 'admins[1][email]': 'bsalas@cultura.gob.pe', 'admins[1][role]': 'second',
    ...extra,
  };
};

let requestId = '';

describe('the account request form and /solicitudes', () => {
  it('PCM 6.1.1.6: the form shows SCS as a fixed administrator, offers no SCS role, and marks the optional rows', async () => {
    const { html } = await stack.as.requester.open('/solicitudes/nueva');
    const text = textOf(html);
    expect(text).toContain('Administrador 3, fijo: Coordinación de Comunicación Digital de la SCS · rrss_scs@pcm.gob.pe');
    expect(html).not.toContain('value="supervisor"');
    expect(text).toContain('Responsable 2 (opcional)');
    expect(text).toContain('Administrador 2 (opcional)');
    expect(text).not.toContain('Responsable 1 (opcional)');
    expect(html).toMatch(/<details\s*>\s*<summary>¿Marcó «Otra»\? Indique cuál red<\/summary>/);
  });

  it('PCM 6.1.1.6: an SCS row posted with another address is ignored: the request names the entity\'s SCS; blank optional rows and «Otra red» without «Otra» are dropped', async () => {
    await stack.as.requester.open('/solicitudes/nueva');
    const res = await stack.as.requester.submit('/solicitudes', requestForm('lists-form-1', {
      'admins[2][name]': 'Impostor', 'admins[2][email]': 'impostor@pcm.gob.pe', 'admins[2][role]': 'supervisor', otherNetwork: 'Threads',
    }));
    expect(res.status).toBe(303);
    requestId = res.headers.get('location')!.split('?')[0]!.split('/').pop()!;
    const status = (await stack.as.head.api('GET', `/api/account-requests/${requestId}`)).json;
    expect(status.proposal.admins).toEqual([
      { name: 'Ana Quispe Huamán', email: HEAD, role: 'head' },
      { name: 'Bruno Salas Ríos', email: 'bsalas@cultura.gob.pe', role: 'second' },
      { name: 'Coordinación de Comunicación Digital de la SCS', email: SCS, role: 'supervisor' },
    ]);
    expect(status.proposal.responsibles).toHaveLength(1);
    expect(status.proposal).not.toHaveProperty('otherNetwork');
    // The JSON API has no fixed row to fall back on: another SCS address is refused there, naming the right one.
    const api = await stack.as.requester.api('POST', '/api/account-requests', validProposal({
      requester: { name: 'Diego Torres Vega', email: REQUESTER },
      admins: [{ name: 'Ana', email: HEAD, role: 'head' }, { name: 'Bruno', email: 'bsalas@cultura.gob.pe', role: 'second' }, { name: 'Impostor', email: 'impostor@pcm.gob.pe', role: 'supervisor' }],
    }));
    expect([api.status, api.json.error.details]).toEqual([400, [expect.objectContaining({ field: 'admins.2.email', rule: 'PCM 6.1.1.6', message: `El correo de la SCS es ${SCS}.` })]]);
  });

  it('/solicitudes shows the entity and the requester by name, the date in Lima, and downloads the same rows', async () => {
    const { html } = await stack.as.head.open('/solicitudes');
    expect(idsIn(html, '/solicitudes')).toEqual([requestId]);
    expect(html).toContain('<td data-label="Entidad">Ministerio de Cultura</td>');
    expect(html).toContain('<td data-label="Solicitante">Diego Torres Vega</td>');
    expect(html).not.toContain('>mincul<');
    expect(html).toMatch(/<td data-label="Presentada">\S+ \d{1,2} de \S+ de \d{4}, \d{2}:\d{2}<\/td>/);
    expect(textOf((await stack.as.requester.open('/solicitudes')).html)).toContain('Nueva solicitud de cuenta');
    const csv = csvRows((await download(stack.as.head, '/solicitudes.csv')).data);
    expect(csv).toEqual([
      ['Referencia', 'Entidad', 'Cuentas propuestas', 'Solicitante', 'Correo del solicitante', 'Presentada (Lima)'],
      [ref(requestId), 'Ministerio de Cultura', 'CulturaPeru / MinCulturaPe', 'Diego Torres Vega', REQUESTER, expect.stringMatching(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/)],
    ]);
    expect(await xlsxRows((await download(stack.as.head, '/solicitudes.xlsx')).data)).toEqual(csv);
  });
});

describe('the audit page', () => {
  it('Ley 27806: the head reads every action in Spanish, times written out in Lima, and each process as a link to its page', async () => {
    expect(requestId).not.toBe('');
    // The head reads the request: a `request.viewed` row with its process.
    expect((await stack.as.head.open(`/solicitudes/${requestId}`)).status).toBe(200);
    const { status, html } = await stack.as.head.open('/auditoria');
    expect(status).toBe(200);
    const table = html.slice(html.indexOf('<table'), html.indexOf('</table>'));
    const text = textOf(table);
    expect(text).toContain('Presentó una solicitud');
    expect(text).toContain('Consultó una solicitud');
    expect(AUDIT_ACTIONS.filter((code) => text.includes(code))).toEqual([]);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(text).toMatch(/(lunes|martes|miércoles|jueves|viernes|sábado|domingo) \d{1,2} de \S+ de \d{4}, \d{2}:\d{2}/);
    expect(table).toContain(`<a href="/solicitudes/${requestId}">Creación de cuenta · ref. ${ref(requestId)}</a>`);
    expect(table).not.toContain(`>account-request-${requestId}<`);
    expect(table).toContain('<td data-label="Entidad">Ministerio de Cultura</td>');
  });
});

describe('the home page', () => {
  it('links the lists, says no clause codes in its links, and keeps the API for technical teams', async () => {
    const { html } = await stack.as.requester.open('/');
    expect(linkNamed(html, 'Campañas')).toBe('/campanas');
    expect(linkNamed(html, 'Solicitudes de publicación')).toBe('/contenidos');
    const list = textOf(html.slice(html.indexOf('<ul>'), html.indexOf('</ul>')));
    expect(list).not.toMatch(/\b(PCM|INPE|CONGRESO) \d/);
    expect(list).not.toContain('API');
    expect(textOf(html)).toMatch(/Para equipos técnicos: documentación de la API/);
  });
});
