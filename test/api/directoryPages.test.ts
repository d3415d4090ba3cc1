/**
 * The Anexo 4 directory over HTTP (issue 16 §5; PCM 6.3.5, 7.3): SCS's `/directorio` and an entity's
 * `/entidades/<id>/directorio`, their `.csv` and `.xlsx` with the page's filters and Anexo 4's Spanish
 * column titles, and who sees phones (Ley 29733): SCS and the entity's head, never its CM.
 */
import { accountModel, type AccountDoc } from '../../infra/models/account';
import { INVENTORY_COLUMNS, readInventory } from '../../domain/inventory';
import { Browser } from '../support/browser';
import { csvRows, download, xlsxRows } from '../support/downloads';
import { useRegistryApp } from '../support/registryApp';

const { t, as, signedIn } = useRegistryApp();

const PHONE = '987 654 321';
const account = (entityId: string, username: string, over: Partial<AccountDoc> = {}): AccountDoc => ({
  _id: `${entityId}-${username}`, entityId, network: 'facebook', username, managingEmail: `redes@${entityId}.gob.pe`, roles: [], status: 'active',
  activatedAt: new Date('2026-06-01T15:00:00Z'), origin: 'registered', url: `https://www.facebook.com/${username}`,
  responsibles: [{ name: 'Ana Quispe Rojas', phone: PHONE }], description: `Agenda de ${username}; público general; informar.`, contentType: 'Noticias', ...over,
});

/** The table rows of a page as text, cell by cell. */
const tableRows = (html: string) =>
  [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]!.replace(/<br>/g, '; ').replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim())).filter((r) => r.length);
const hrefOf = (html: string, text: RegExp) => {
  for (const m of html.matchAll(/<a href="([^"]+)"[^>]*>([^<]+)<\/a>/g)) if (text.test(m[2]!)) return m[1]!.replace(/&#38;/g, '&');
  throw new Error(`no link ${text}`);
};

beforeAll(async () => {
  await accountModel(t.db).create([
    account('mincul', 'CulturaPeru'),
    account('mincul', 'CulturaVideos', { network: 'youtube', url: 'https://www.youtube.com/@CulturaVideos' }),
    account('mincul', 'CulturaDeBaja', { status: 'retired' }),
    account('inpe', 'InpeOficial', { network: 'x', url: 'https://x.com/InpeOficial' }),
    account('congreso', 'CongresoPeru'),
  ]);
});

describe('the directory pages (issue 16 §5; PCM 6.3.5, 7.3)', () => {
  it('SCS reaches it from its home and its board, and reads every supervised entity\'s accounts in force with the Anexo 4 fields and the phones', async () => {
    expect(hrefOf((await as.scs.open('/')).html, /^Directorio de cuentas \(Anexo 4\)$/)).toBe('/directorio');
    expect(hrefOf((await as.scs.open('/supervision')).html, /^Directorio de cuentas \(Anexo 4\)$/)).toBe('/directorio');
    const res = await as.scs.open('/directorio');
    expect(res.status).toBe(200);
    // One group per entity, its name heading its accounts.
    expect([...res.html.matchAll(/<th scope="rowgroup" colspan="6">([^<]+)<\/th>/g)].map((m) => m[1])).toEqual(['Instituto Nacional Penitenciario', 'Ministerio de Cultura']);
    expect(tableRows(res.html)).toEqual([
      ['InpeOficial · X (Twitter); ver en la red', `Ana Quispe Rojas · ${PHONE}`, 'redes@inpe.gob.pe', 'Agenda de InpeOficial; público general; informar.', 'Noticias', 'Activa (registrada)'],
      ['CulturaPeru · Facebook; ver en la red', `Ana Quispe Rojas · ${PHONE}`, 'redes@mincul.gob.pe', 'Agenda de CulturaPeru; público general; informar.', 'Noticias', 'Activa (registrada)'],
      ['CulturaVideos · YouTube; ver en la red', `Ana Quispe Rojas · ${PHONE}`, 'redes@mincul.gob.pe', 'Agenda de CulturaVideos; público general; informar.', 'Noticias', 'Activa (registrada)'],
    ]);
    expect(res.html).toContain('Cuentas 1–3 de 3.');
    expect(res.html).not.toContain('CongresoPeru');
  });

  it('exports the same rows as CSV (UTF-8 with BOM, «;») and XLSX under Anexo 4\'s titles, with the page\'s filters; an entity\'s export reads back as its inventory', async () => {
    const csv = await download(as.scs, '/directorio.csv?entity=mincul&state=todas');
    expect([csv.status, csv.type]).toEqual([200, 'text/csv; charset=utf-8']);
    expect(csv.disposition).toMatch(/^attachment; filename="?directorio-cuentas-mincul-\d{4}-\d{2}-\d{2}\.csv"?$/);
    expect(csv.data.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = csvRows(csv.data);
    expect(rows[0]).toEqual(['Entidad', 'Responsables y teléfonos', 'Correo de gestión', 'Red social', 'Denominación de la cuenta', 'Descripción (objetivos, público objetivo y funciones)', 'Tipo de contenido', 'Enlace de la cuenta', 'Estado', 'Origen']);
    expect(rows.slice(1)).toEqual([
      ['Ministerio de Cultura', `Ana Quispe Rojas ${PHONE}`, 'redes@mincul.gob.pe', 'Facebook', 'CulturaDeBaja', 'Agenda de CulturaDeBaja; público general; informar.', 'Noticias', 'https://www.facebook.com/CulturaDeBaja', 'De baja', 'Registrada (ya existía)'],
      ['Ministerio de Cultura', `Ana Quispe Rojas ${PHONE}`, 'redes@mincul.gob.pe', 'Facebook', 'CulturaPeru', 'Agenda de CulturaPeru; público general; informar.', 'Noticias', 'https://www.facebook.com/CulturaPeru', 'Activa', 'Registrada (ya existía)'],
      ['Ministerio de Cultura', `Ana Quispe Rojas ${PHONE}`, 'redes@mincul.gob.pe', 'YouTube', 'CulturaVideos', 'Agenda de CulturaVideos; público general; informar.', 'Noticias', 'https://www.youtube.com/@CulturaVideos', 'Activa', 'Registrada (ya existía)'],
    ]);
    const xlsx = await download(as.scs, '/directorio.xlsx?entity=mincul&state=todas');
    expect([xlsx.status, xlsx.type]).toEqual([200, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
    expect(await xlsxRows(xlsx.data)).toEqual(rows);
    // The titles are the inventory template's: the file imports again as the entity's Anexo 4 inventory.
    expect(rows[0]!.slice(0, 8)).toEqual(INVENTORY_COLUMNS.filter((c) => c.field !== 'lastRotatedOn').map((c) => c.header));
    const entity = { id: 'mincul', name: 'Ministerio de Cultura', emailDomains: ['mincul.gob.pe'], supervisorEmail: 'rrss_scs@pcm.gob.pe' };
    const back = readInventory(rows, entity, '2027-01-04');
    expect(back.fileErrors).toEqual([]);
    expect(back.rows.map((r) => [r.account?.username, r.account?.network, r.account?.responsibles, r.errors])).toEqual([
      ['CulturaDeBaja', 'facebook', [{ name: 'Ana Quispe Rojas', phone: PHONE }], []],
      ['CulturaPeru', 'facebook', [{ name: 'Ana Quispe Rojas', phone: PHONE }], []],
      ['CulturaVideos', 'youtube', [{ name: 'Ana Quispe Rojas', phone: PHONE }], []],
    ]);
    const search = csvRows((await download(as.scs, '/directorio.csv?q=penitenciario')).data);
    expect(search.slice(1).map((r) => r[4])).toEqual(['InpeOficial']);
  });

  it('Ley 29733: the entity\'s head reads its directory with phones; its community manager reads it without them, on the page and in the files', async () => {
    const head = await as.head.open('/entidades/mincul/directorio');
    expect(head.status).toBe(200);
    expect(head.html).toContain(PHONE);
    expect(hrefOf((await as.head.open('/entidades/mincul/cuentas')).html, /^Directorio de cuentas \(Anexo 4\)$/)).toBe('/entidades/mincul/directorio');

    const cm = await as.cm.open('/entidades/mincul/directorio');
    expect(cm.status).toBe(200);
    expect(tableRows(cm.html).map((r) => r[1])).toEqual(['Ana Quispe Rojas', 'Ana Quispe Rojas']);
    // An entity's own directory needs no entity headings.
    expect(cm.html).not.toContain('scope="rowgroup"');
    expect(cm.html).not.toContain(PHONE);
    expect(cm.html).toContain('<th scope="col">Responsables</th>');
    for (const format of ['csv', 'xlsx']) {
      const file = await download(as.cm, `/entidades/mincul/directorio.${format}?state=todas`);
      expect(file.status).toBe(200);
      const rows = format === 'csv' ? csvRows(file.data) : await xlsxRows(file.data);
      expect(rows[0]![1]).toBe('Responsables');
      expect(rows.slice(1).map((r) => r[1])).toEqual(['Ana Quispe Rojas', 'Ana Quispe Rojas', 'Ana Quispe Rojas']);
      expect(rows.flat().join(' ')).not.toContain(PHONE);
    }
  });

  it('nobody else: the head is refused SCS\'s directory, another entity\'s head this one\'s (403), and nobody signed in is sent to sign in', async () => {
    for (const path of ['/directorio', '/directorio.csv', '/directorio.xlsx']) expect([path, (await as.head.fetch(path)).status]).toEqual([path, 403]);
    const inpeHead = await signedIn('gramos@inpe.gob.pe');
    for (const b of [as.otherHead, inpeHead]) {
      for (const path of ['/entidades/mincul/directorio', '/entidades/mincul/directorio.csv']) expect([path, (await b.fetch(path)).status]).toEqual([path, 403]);
    }
    const forbidden = await as.head.open('/directorio');
    expect(forbidden.html).toContain('Secretaría de Comunicación Social');
    expect(forbidden.html).not.toContain(PHONE);
    const anonymous = await new Browser(t.url).fetch('/directorio.csv');
    expect([anonymous.status, anonymous.headers.get('location')]).toEqual([303, '/ingresar?siguiente=%2Fdirectorio.csv']);
  });

  it('a filter nobody can apply is shown at its field with the form to correct it, no rows (400); a cut page link leads back to the start', async () => {
    const res = await as.scs.open('/directorio?network=myspace&q=Cultura');
    expect(res.status).toBe(400);
    expect(res.html).toContain('<p class="error" id="e-network">Red social no válida: elija una de la lista.</p>');
    expect(res.html).toContain('value="Cultura"');
    expect(tableRows(res.html)).toEqual([]);
    const outside = await as.scs.open('/directorio?entity=congreso');
    expect([outside.status, outside.html.includes('Elija una entidad de la lista.')]).toEqual([400, true]);
    const cut = await as.scs.open('/directorio?cursor=abc&entity=mincul');
    expect(cut.status).toBe(400);
    expect(hrefOf(cut.html, /^Volver al inicio$/)).toBe('/directorio?entity=mincul');
  });
});
