/**
 * The SCS supervisor's board against the real stack (issue 15 §2, §4 "SCS opens the board and drills
 * into an overdue rotation"): an account registered with an old last change is overdue on the board,
 * each figure leads to its list and on to the account; the technical report waiting for SCS leads to
 * its request; the board and the accounts list download as CSV and XLSX that read back with the same
 * rows; nobody else may open the board, nor sees a link to it.
 */
import { limaDate } from '../../domain/businessDays';
import { Browser, linkIn } from '../support/browser';
import { eventually } from '../support/eventually';
import { validProposal } from '../support/fixtures';
import { CM, HEAD, REQUESTER, SCS } from '../support/registryApp';
import { csvRows, download, xlsxRows } from '../support/downloads';
import { startTestStack, type TestStack } from '../support/stack';

jest.setTimeout(180_000);

let stack: TestStack<'scs' | 'head' | 'cm' | 'requester'>;
const stale = `CulturaVieja${Date.now().toString(36).slice(-4)}`;
const fresh = `CulturaNueva${Date.now().toString(36).slice(-4)}`;
let staleId: string;
let requestId: string;

const register = async (username: string, lastRotatedOn: string) => {
  const res = await stack.as.head.api('POST', '/api/entities/mincul/accounts', {
    network: 'facebook', username, managingEmail: 'redes@cultura.gob.pe', responsibles: [{ name: 'Carla Rojas Díaz', phone: '987 654 321' }],
    description: 'Agenda cultural del Ministerio para el público general.', contentType: 'Noticias y agenda', lastRotatedOn,
  });
  expect(res.status).toBe(201);
  return res.json.accountId as string;
};

/** The href of the link whose text is `text` (the first), HTML entities undone. */
const hrefOf = (html: string, text: RegExp) => {
  for (const m of html.matchAll(/<a href="([^"]+)"[^>]*>([^<]+)<\/a>/g)) if (text.test(m[2]!)) return m[1]!.replace(/&#38;/g, '&').replace(/&#61;/g, '=');
  throw new Error(`no link ${text}`);
};
/** The board's table row of an entity, as text. */
const rowText = (html: string, entity: string) => {
  const row = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!).find((r) => r.includes(`>${entity}<`));
  return row?.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
};

beforeAll(async () => {
  stack = await startTestStack({ scs: SCS, head: HEAD, cm: CM, requester: REQUESTER });
  // PCM 6.1.2.5: changed in September, so overdue since October; the other changed today.
  staleId = await register(stale, '2026-09-01');
  await register(fresh, limaDate(new Date()));
  // PCM 6.1.1.2: once the head approves a creation, its technical report waits for SCS's acknowledgement.
  const submitted = await stack.as.requester.api('POST', '/api/account-requests', validProposal({ requester: { name: 'Diego Torres Vega', email: REQUESTER } }));
  expect(submitted.status).toBe(202);
  requestId = submitted.json.id as string;
  const approve = linkIn(await stack.mailbox.waitFor((m) => m.to.includes(HEAD) && /^Creación de cuenta/.test(m.subject), 60_000), 'Aprobar');
  const approver = new Browser(stack.apiUrl);
  await approver.open(approve);
  expect((await approver.submit(approve)).status).toBe(200);
  await stack.mailbox.waitFor((m) => m.to.includes(SCS) && /^Informe técnico/.test(m.subject), 60_000);
});
afterAll(() => stack?.stop());

it('issue 15 §4, PCM 6.1.2.5: SCS finds the overdue rotation on the board and drills down to the entity\'s overdue accounts and on to the account', async () => {
  const home = await stack.as.scs.open('/');
  const boardHref = hrefOf(home.html, /^Supervisión de las entidades$/);
  expect(boardHref).toBe('/supervision');
  const board = await stack.as.scs.open(boardHref);
  expect(board.status).toBe(200);
  expect(rowText(board.html, 'Ministerio de Cultura')).toMatch(/^Ministerio de Cultura 2 cuentas 1 vencido 1 pendiente /);
  // PCM 2: the Congress is not of the Executive Branch.
  expect(board.html).not.toContain('Congreso de la República');

  const overdueHref = hrefOf(board.html, /^1 vencido$/);
  expect(overdueHref).toBe('/entidades/mincul/cuentas?vencidas=1');
  const overdue = await stack.as.scs.open(overdueHref);
  expect(overdue.status).toBe(200);
  expect(overdue.html).toContain('Solo las cuentas con el cambio de contraseña vencido: 1 de 2');
  expect(overdue.html).toContain(stale);
  expect(overdue.html).not.toContain(fresh);
  const accountHref = hrefOf(overdue.html, new RegExp(`^${stale}$`));
  expect(accountHref).toBe(`/cuentas/${staleId}`);
  const account = await stack.as.scs.open(accountHref);
  expect(account.status).toBe(200);
  expect(account.html).toContain(stale);

  // Every account of the entity, from the count.
  const all = await stack.as.scs.open(hrefOf(board.html, /^2 cuentas$/));
  expect([all.html.includes(stale), all.html.includes(fresh)]).toEqual([true, true]);
});

it('PCM 6.1.1.2: the technical report waiting for SCS is counted on the board and leads to its request\'s status page', async () => {
  const board = await eventually(() => stack.as.scs.open('/supervision'), (p) => p.html.includes('id="pendientes-mincul"'), 'the report on the board');
  expect(hrefOf(board.html, /^1 pendiente$/)).toBe('#pendientes-mincul');
  const report = hrefOf(board.html, /^Informe técnico: creación de cuenta/);
  expect(report).toBe(`/solicitudes/${requestId}`);
  expect((await stack.as.scs.open(report)).status).toBe(200);
});

it('PCM 6.1.1.2, 6.3.5: the board is SCS\'s alone: a community manager and a head get 403 and see no link to it', async () => {
  for (const b of [stack.as.cm, stack.as.head]) {
    expect((await b.open('/')).html).not.toContain('/supervision');
    for (const path of ['/supervision', '/supervision.csv', '/supervision.xlsx']) expect([path, (await b.fetch(path)).status]).toEqual([path, 403]);
  }
  // Not signed in: to the sign-in page, which brings them back.
  const anonymous = await new Browser(stack.apiUrl).fetch('/supervision.csv');
  expect([anonymous.status, anonymous.headers.get('location')]).toEqual([303, '/ingresar?siguiente=%2Fsupervision.csv']);
});

it('the board downloads as CSV (UTF-8 with BOM, «;») and XLSX with the page\'s figures and Spanish headers', async () => {
  const csv = await download(stack.as.scs, '/supervision.csv');
  expect([csv.status, csv.type]).toEqual([200, 'text/csv; charset=utf-8']);
  expect(csv.disposition).toMatch(/^attachment; filename="?supervision-\d{4}-\d{2}-\d{2}\.csv"?$/);
  expect(csv.data.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  const rows = csvRows(csv.data);
  expect(rows[0]!.slice(0, 5)).toEqual(['Entidad', 'Código', 'Cuentas vigentes', 'Cambios de contraseña vencidos', 'Pendientes de la SCS']);
  expect(rows.find((r) => r[1] === 'mincul')!.slice(0, 5)).toEqual(['Ministerio de Cultura', 'mincul', '2', '1', '1']);
  expect(rows.map((r) => r[1])).not.toContain('congreso');

  const xlsx = await download(stack.as.scs, '/supervision.xlsx');
  expect([xlsx.status, xlsx.type]).toEqual([200, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
  expect(await xlsxRows(xlsx.data)).toEqual(rows);
});

it('the entity\'s accounts download with the page\'s filter, Lima dates written out, for whoever may read them and nobody else', async () => {
  const all = csvRows((await download(stack.as.cm, '/entidades/mincul/cuentas.csv')).data);
  expect(all[0]).toEqual(['Entidad', 'Red social', 'Cuenta', 'Enlace', 'Estado', 'Origen', 'Último cambio de contraseña confirmado (Lima)', 'Próximo cambio (Lima)', 'Cambio vencido', 'Roles de página']);
  expect(all.slice(1).map((r) => r[2]).sort()).toEqual([fresh, stale].sort());
  const staleRow = all.find((r) => r[2] === stale)!;
  // Counted from 1 September 2026, monthly: due Thursday 1 October 2026 at 09:00 Lima.
  expect([staleRow[4], staleRow[7], staleRow[8]]).toEqual(['Activa', '01/10/2026 09:00', 'Sí']);

  const overdue = await download(stack.as.scs, '/entidades/mincul/cuentas.xlsx?vencidas=1');
  expect(overdue.disposition).toMatch(/filename="?cuentas-mincul-vencidas-\d{4}-\d{2}-\d{2}\.xlsx"?$/);
  const rows = await xlsxRows(overdue.data);
  expect(rows.slice(1).map((r) => r[2])).toEqual([stale]);

  expect((await stack.as.cm.fetch('/entidades/congreso/cuentas.csv')).status).toBe(403);
  expect((await stack.as.scs.fetch('/entidades/congreso/cuentas.xlsx')).status).toBe(403);
});
