/**
 * Bringing in the accounts an entity already runs (issue 15 §1; PCM 6.3.5, Anexo 4; CONGRESO 6.1.8)
 * against the real stack: one account from the API or its page, the whole inventory from a spreadsheet
 * (read → preview → confirm), each account's rotation process started from the day its password last
 * changed, or asking at once when nobody knew.
 */
import iconv from 'iconv-lite';
import { createCalendarActivities } from '../../activities/calendar';
import { limaStartOfDay } from '../../domain/businessDays';
import { trusted } from '../../infra/db';
import { accountModel } from '../../infra/models/account';
import { auditModel } from '../../infra/models/audit';
import { readSpreadsheet } from '../../infra/spreadsheets';
import { eventually } from '../support/eventually';
import { CM, HEAD, REQUESTER, SCS } from '../support/registryApp';
import { startTestStack, type TestStack } from '../support/stack';

jest.setTimeout(120_000);

let stack: TestStack<'head' | 'cm' | 'requester' | 'scs'>;

beforeAll(async () => {
  stack = await startTestStack({ head: HEAD, cm: CM, requester: REQUESTER, scs: SCS });
});
afterAll(() => stack?.stop());

let n = 0;
const unique = () => `${Date.now().toString(36).slice(-5)}${n++}`;
const accountBody = (over: Record<string, unknown> = {}) => ({
  network: 'instagram', username: `Cultura${unique()}`, managingEmail: 'redes@cultura.gob.pe',
  responsibles: [{ name: 'Carla Rojas Díaz', phone: '987 654 321' }], description: 'Agenda cultural del Ministerio para el público general.',
  contentType: 'Fotos y videos de actividades', lastRotatedOn: '2026-11-20', ...over,
});
const rotationOf = (id: string) => stack.as.head.api('GET', `/api/accounts/${id}/rotation`).then((r) => r.json);
const waiting = (r: { state: string; nextDueAt?: string }) => r.state === 'esperando';
const dueFrom = (day: string) => createCalendarActivities().rotationDue({ lastConfirmedAt: limaStartOfDay(day).toISOString(), profile: 'PCM', nonWorkingDays: [] });

const HEADER = 'Entidad;Responsables y teléfonos;Correo de gestión;Red social;Denominación de la cuenta;Descripción (objetivos, público objetivo y funciones);Tipo de contenido;Enlace de la cuenta;Último cambio de contraseña (DD/MM/AAAA)';
/** An inventory as Excel on Spanish Windows saves it as CSV: Windows-1252, `;`. */
const csv = (lines: string[]) => iconv.encode([HEADER, ...lines].join('\r\n'), 'windows-1252');
const line = (username: string, over: { network?: string; email?: string; day?: string; content?: string; responsibles?: string } = {}) =>
  ['Ministerio de Cultura', over.responsibles ?? 'Carla Rojas Díaz 987654321', over.email ?? 'redes@cultura.gob.pe', over.network ?? 'Facebook', username,
    'Difundir la agenda cultural y atender consultas.', over.content ?? 'Noticias y agenda', '', over.day ?? '01/12/2026'].join(';');
const file = (data: Buffer, name = 'inventario.csv') => ({ name, type: 'text/csv', data });

describe('one existing account, from the API (issue 15 §1)', () => {
  it('is registered with its Anexo 4 data; its rotation counts from the day its password last changed (PCM 6.1.2.5); the same submission again is the same account', async () => {
    const body = accountBody();
    const res = await stack.as.head.api('POST', '/api/entities/mincul/accounts', body);
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ accountId: expect.stringMatching(/^cuenta-/), created: true, findings: [] });
    const id = res.json.accountId as string;
    const doc = await accountModel(stack.db).findById(id).lean();
    expect(doc).toMatchObject({ entityId: 'mincul', network: 'instagram', username: body.username, origin: 'registered', status: 'active', lastRotatedOn: '2026-11-20', responsibles: body.responsibles });
    const rotation = await eventually(() => rotationOf(id), waiting, 'the rotation process of the registered account');
    expect(rotation.nextDueAt).toBe(await dueFrom('2026-11-20'));

    const again = await stack.as.head.api('POST', '/api/entities/mincul/accounts', { ...body, username: `@${body.username.toLowerCase()}` });
    expect([again.status, again.json.accountId, again.json.created]).toEqual([200, id, false]);
    const changed = await stack.as.head.api('POST', '/api/entities/mincul/accounts', { ...body, contentType: 'Otra cosa' });
    expect([changed.status, changed.json.error.code]).toEqual([409, 'conflict']);
    expect(await accountModel(stack.db).countDocuments({ entityId: 'mincul', username: body.username })).toBe(1);
  });

  it('with no known date, the custodian is asked to change and confirm at once', async () => {
    const { lastRotatedOn: _day, ...body } = accountBody({ network: 'tiktok' });
    const res = await stack.as.head.api('POST', '/api/entities/mincul/accounts', body);
    expect(res.status).toBe(201);
    const reminder = await stack.mailbox.waitFor((m) => m.to.includes(CM) && /^Rotación/.test(m.subject) && m.text.includes(body.username as string), 30_000);
    expect(reminder.text).toContain('/enlace/');
    expect((await rotationOf(res.json.accountId)).state).toBe('pendiente');
  });

  it('PCM 6.1.1.4 and 6.1.1.8 are creation rules: an account that breaks them is registered with findings, and the audit row names them without any phone', async () => {
    const body = accountBody({ managingEmail: 'culturaperu@gmail.com', username: 'cultura' + unique().toLowerCase() });
    const res = await stack.as.cm.api('POST', '/api/entities/mincul/accounts', body);
    expect(res.status).toBe(201);
    expect(res.json.findings.map((f: { rule: string }) => f.rule)).toEqual(['PCM 6.1.1.4', 'PCM 6.1.1.8']);
    const row = await auditModel(stack.db).findOne({ action: 'account.registered', accountId: res.json.accountId }).lean();
    expect(row).toMatchObject({ entityId: 'mincul', actor: { kind: 'person', email: CM } });
    expect(row!.detail).toContain('PCM 6.1.1.4');
    expect(JSON.stringify(row)).not.toMatch(/987\s?654\s?321/);
  });

  it('bad input gets structured Spanish JSON naming each field; who may not manage accounts is refused', async () => {
    const bad = await stack.as.head.api('POST', '/api/entities/mincul/accounts', accountBody({ network: 'myspace', url: 'https://www.facebook.com/x', responsibles: [], lastRotatedOn: '2099-01-01' }));
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['network', 'responsibles']));
    const wrongLink = await stack.as.head.api('POST', '/api/entities/mincul/accounts', accountBody({ url: 'https://www.facebook.com/CulturaPeru', lastRotatedOn: '2099-01-01' }));
    expect(wrongLink.json.error.details).toEqual([
      { field: 'url', rule: 'PCM 6.3.5 (Anexo 4)', message: 'El enlace no es de Instagram.' },
      { field: 'lastRotatedOn', rule: 'PCM 6.1.2.5', message: 'La fecha del último cambio de contraseña no puede ser futura.' },
    ]);
    expect((await stack.as.requester.api('POST', '/api/entities/mincul/accounts', accountBody())).status).toBe(403);
    expect((await stack.as.scs.api('POST', '/api/entities/mincul/accounts', accountBody())).status).toBe(403);
  });
});

describe('the inventory from a spreadsheet (PCM 6.3.5, Anexo 4; CONGRESO 6.1.8)', () => {
  const upload = async (data: Buffer, name?: string) => {
    await stack.as.cm.open('/');
    return stack.as.cm.upload('/api/entities/mincul/inventory', 'archivo', file(data, name));
  };
  const confirm = (importId: string) => stack.as.cm.api('POST', `/api/entities/mincul/inventory/${importId}/confirm`, {});

  it('a file with a wrong row previews every line and imports nothing; fixed, it imports; the same file again changes nothing; a changed row updates, never duplicates', async () => {
    const [a, b, c] = [`Lectura${unique()}`, `Museos${unique()}`, `Archivo${unique()}`];
    const broken = await upload(csv([line(a), line(b, { network: 'Myspace', day: '31/02/2026' }), line(c, { responsibles: 'Carla Rojas' })]));
    expect(broken.status).toBe(200);
    const preview = await broken.json();
    expect(preview).toMatchObject({ importable: false, counts: { nuevas: 1, conErrores: 2 } });
    expect(preview.rows.map((r: { line: number }) => r.line)).toEqual([2, 3, 4]);
    expect(preview.rows[1].errors.map((e: { field: string }) => e.field)).toEqual(['Red social', 'Último cambio de contraseña (DD/MM/AAAA)']);
    expect(preview.rows[2].errors[0].message).toBe('Falta el teléfono de «Carla Rojas» (Anexo 4 pide nombres y teléfonos).');
    const refused = await confirm(preview.importId);
    expect([refused.status, refused.json.error.code, refused.json.error.message]).toEqual([400, 'validation_failed', 'No se importó nada: corrija las filas 3, 4 y vuelva a subirlo.']);
    expect(await accountModel(stack.db).countDocuments({ username: trusted({ $in: [a, b, c] }) })).toBe(0);

    const fixed = csv([line(a), line(b, { network: 'X (Twitter)' }), line(c)]);
    const ok = await (await upload(fixed)).json();
    expect(ok).toMatchObject({ importable: true, counts: { nuevas: 3, actualizadas: 0, sinCambios: 0, conErrores: 0 } });
    const done = await confirm(ok.importId);
    expect(done.status).toBe(200);
    expect([done.json.created.length, done.json.updated, done.json.unchanged]).toEqual([3, [], []]);
    for (const id of done.json.created) {
      expect((await eventually(() => rotationOf(id), waiting, 'each imported account\'s rotation')).nextDueAt).toBe(await dueFrom('2026-12-01'));
    }

    const same = await (await upload(fixed)).json();
    expect(same.counts).toMatchObject({ nuevas: 0, actualizadas: 0, sinCambios: 3 });
    expect((await confirm(same.importId)).json).toEqual({ created: [], updated: [], unchanged: done.json.created, retired: [] });

    const changed = await (await upload(csv([line(a, { content: 'Solo videos' }), line(b, { network: 'X (Twitter)' }), line(c)]))).json();
    expect(changed.rows[0].change).toEqual({ kind: 'actualiza', fields: ['Tipo de contenido'] });
    const updated = await confirm(changed.importId);
    expect(updated.json.updated).toEqual([done.json.created[0]]);
    const accounts = await accountModel(stack.db).find({ username: trusted({ $in: [a, b, c] }) }).lean();
    expect(accounts).toHaveLength(3);
    expect(accounts.find((x) => x.username === a)!.contentType).toBe('Solo videos');
    expect(await auditModel(stack.db).countDocuments({ action: 'inventory.imported', entityId: 'mincul' })).toBeGreaterThanOrEqual(3);
  });

  it('the template downloads as XLSX and CSV, and the XLSX with its example row previews clean', async () => {
    const xlsx = await fetch(`${stack.apiUrl}/plantillas/inventario.xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-disposition')).toContain('inventario-cuentas-anexo4.xlsx');
    const data = Buffer.from(await xlsx.arrayBuffer());
    expect((await readSpreadsheet(data))[0]).toContain('Denominación de la cuenta');
    const csvTemplate = await fetch(`${stack.apiUrl}/plantillas/inventario.csv`);
    // With its BOM, which Excel needs to read UTF-8 (fetch's text() would drop it).
    expect(Buffer.from(await csvTemplate.arrayBuffer()).toString('utf8').startsWith('\uFEFFEntidad;Responsables y teléfonos;')).toBe(true);
    const preview = await (await upload(data, 'plantilla.xlsx')).json();
    expect(preview).toMatchObject({ importable: true, fileErrors: [], rows: [{ line: 2, errors: [] }] });
  });

  it('a file that is not a spreadsheet, or too large, gets a Spanish error and nothing is kept', async () => {
    const binary = await upload(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 1, 2, 3]), 'viejo.xls');
    expect(binary.status).toBe(400);
    expect((await binary.json()).error.message).toContain('guárdelo como .xlsx o como CSV');
    const big = await upload(Buffer.alloc(3 * 1024 * 1024, 0x41));
    expect(big.status).toBe(413);
    expect((await big.json()).error.message).toContain('2 MB');
  });
});

describe('the pages: a community manager imports from a browser (issue 15 §1)', () => {
  it('upload → preview with the wrong line named → fix → confirm → the accounts page shows each with its next password change', async () => {
    const name = `Pagina${unique()}`;
    const cm = stack.as.cm;
    expect((await cm.open('/entidades/mincul/inventario')).html).toContain('Importar el inventario de cuentas');
    const bad = await cm.upload('/entidades/mincul/inventario', 'archivo', file(csv([line(name, { email: 'no-es-correo' })])));
    expect(bad.status).toBe(303);
    const badPreview = await cm.open(bad.headers.get('location')!);
    expect(badPreview.html).toContain('No se importará nada mientras haya filas con errores');
    expect(badPreview.html).toContain('Correo de gestión');
    expect(badPreview.html).not.toContain('<button type="submit">Importar');

    await cm.open('/entidades/mincul/inventario');
    const good = await cm.upload('/entidades/mincul/inventario', 'archivo', file(csv([line(name)])));
    const previewUrl = good.headers.get('location')!;
    expect((await cm.open(previewUrl)).html).toContain('Importar: 1 nueva, 0 actualizadas');
    const confirmed = await cm.submit(previewUrl);
    expect(confirmed.status).toBe(303);
    const result = await cm.open(confirmed.headers.get('location')!);
    expect(result.html).toContain('Inventario importado');
    const list = await cm.open('/entidades/mincul/cuentas');
    expect(list.status).toBe(200);
    const row = list.html.split('<tr>').find((r) => r.includes(name))!;
    expect(row).toContain('Facebook');
    expect(row).toMatch(/\d{1,2} de [a-z]+ de 20\d\d/);
  });

  it('the registration page keeps what was typed and names the wrong field; the requester cannot open it', async () => {
    const head = stack.as.head;
    await head.open('/entidades/mincul/cuentas/registrar');
    const res = await head.submit('/entidades/mincul/cuentas/registrar', {
      network: 'youtube', username: 'CulturaTV', managingEmail: 'redes@cultura.gob.pe', 'responsibles[0][name]': 'Carla Rojas', 'responsibles[0][phone]': 'sin teléfono',
      description: 'Videos', contentType: 'Videos', lastRotatedOn: '',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('value="CulturaTV"');
    expect(html).toContain('href="#responsibles-0-phone"');
    expect((await stack.as.requester.open('/entidades/mincul/cuentas/registrar')).status).toBe(403);
  });
});

describe("an account's page (issue 15 §2)", () => {
  it('shows the account and its password changes; the head edits page roles, asks for a change now and pauses it from forms that keep what was typed', async () => {
    const { accountId } = (await stack.as.head.api('POST', '/api/entities/mincul/accounts', accountBody({ network: 'youtube' }))).json;
    const head = stack.as.head;
    const opened = await head.open(`/cuentas/${accountId}`);
    expect(opened.status).toBe(200);
    expect(opened.html).toContain('Cambio de contraseña');
    expect(opened.html).toContain('Pedir el cambio ahora');
    // Its history says how it came in and leads to the reviews and the audit trail.
    expect(opened.html).toContain('registrada como cuenta que la entidad ya administraba');
    expect(opened.html).toContain('href="/entidades/mincul/revisiones"');

    const roles = await head.submit(`/cuentas/${accountId}/roles`, { 'roles[0][name]': 'Carla Rojas Díaz', 'roles[0][email]': CM, 'roles[0][pageRole]': 'admin', 'roles[1][name]': 'Externo', 'roles[1][email]': 'externo@gmail.com', 'roles[1][pageRole]': 'editor' });
    expect(roles.status).toBe(400);
    const refused = await roles.text();
    expect(refused).toContain('Use un correo institucional');
    expect(refused).toContain('value="externo@gmail.com"');
    const saved = await head.submit(`/cuentas/${accountId}/roles`, { 'roles[0][name]': 'Carla Rojas Díaz', 'roles[0][email]': CM, 'roles[0][pageRole]': 'admin', 'roles[1][name]': '', 'roles[1][email]': '', 'roles[1][pageRole]': '' });
    expect([saved.status, saved.headers.get('location')]).toEqual([303, `/cuentas/${accountId}?hecho=roles`]);
    expect((await accountModel(stack.db).findById(accountId).lean())!.roles.map((r) => [r.email, r.pageRole])).toEqual([[CM, 'admin']]);

    expect((await head.submit(`/cuentas/${accountId}/rotar`, { reason: 'x' })).status).toBe(400);
    const asked = await head.submit(`/cuentas/${accountId}/rotar`, { reason: 'Sospecha de acceso indebido' });
    expect(asked.status).toBe(303);
    await stack.mailbox.waitFor((m) => m.to.includes(CM) && /^Rotación/.test(m.subject) && m.text.includes('Sospecha de acceso indebido'), 30_000);

    const paused = await head.submit(`/cuentas/${accountId}/estado`, { status: 'paused', reason: 'Campaña terminada' });
    expect(paused.status).toBe(303);
    const after = await head.open(paused.headers.get('location')!);
    expect(after.html).toContain('Se cambió el estado de la cuenta.');
    expect(after.html).toContain('Pausada — Campaña terminada');
  });

  it('the CM edits roles but sees no lifecycle forms; a person of another entity gets 403', async () => {
    const { accountId } = (await stack.as.head.api('POST', '/api/entities/mincul/accounts', accountBody({ network: 'linkedin' }))).json;
    const page = await stack.as.cm.open(`/cuentas/${accountId}`);
    expect(page.html).toContain('Guardar los roles');
    expect(page.html).not.toContain('Cambiar el estado');
    expect(page.html).not.toContain('Pedir el cambio ahora');
    expect((await stack.as.cm.submit(`/cuentas/${accountId}/estado`, { status: 'retired', reason: 'No debería poder' })).status).toBe(403);
    expect((await stack.as.requester.open(`/cuentas/${accountId}`)).status).toBe(403);
  });
});
