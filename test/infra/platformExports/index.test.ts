import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExportUnreadable, READERS, readPlatformExport } from '../../../infra/platformExports';
import { fixture, instagramUtf16, withCell } from './fixtures';
import { zipOf } from './zipOf';

const opts = { uploadedOn: '2026-10-01' };

describe('reading an uploaded export (issue 16 §1): the layout from the header row, the whole file or nothing', () => {
  it('each fixture is recognised by its header row, with its language; the export day is the upload day when the file does not say', async () => {
    const cases: Array<[Buffer, string, string]> = [
      [fixture('meta-facebook-en.csv'), 'meta-posts', 'en'],
      [fixture('meta-facebook-es.csv'), 'meta-posts', 'es'],
      [instagramUtf16(), 'meta-posts', 'en'],
      [fixture('x-content-en.csv'), 'x-content', 'en'],
      [fixture('x-content-es.csv'), 'x-content', 'es'],
      [fixture('x-tweet-activity.csv'), 'x-tweet-activity', 'en'],
      [await zipOf({ 'TikTok/Content.csv': fixture('tiktok-content-en.csv'), 'TikTok/Followers.csv': 'Date,Followers\n' }), 'tiktok-content', 'en'],
      [await zipOf({ 'Contenido.csv': fixture('tiktok-content-es.csv') }), 'tiktok-content', 'es'],
      [await zipOf({ 'Table data.csv': fixture('youtube-table-en.csv'), 'Chart data.csv': 'Date,Views\n' }), 'youtube-content', 'en'],
      [await zipOf({ 'Datos de la tabla.csv': fixture('youtube-table-es.csv') }), 'youtube-content', 'es'],
      [fixture('plantilla-metricas.csv'), 'custodio-template', 'es'],
    ];
    for (const [bytes, kind, language] of cases) {
      const read = await readPlatformExport(bytes, opts);
      expect({ kind: read.kind, language: read.language, exportedOn: read.exportedOn }).toEqual({ kind, language, exportedOn: '2026-10-01' });
      expect(read.posts.length).toBeGreaterThan(0);
    }
  });

  it('a zip without a table of posts is refused in Spanish', async () => {
    await expect(readPlatformExport(await zipOf({ 'Chart data.csv': 'Date,Views\n' }), opts)).rejects.toThrow('El archivo .zip no contiene la tabla de publicaciones');
  });

  it('the file name plays no part: a Meta export saved as x.csv is still read as Meta', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exports-'));
    try {
      writeFileSync(join(dir, 'x.csv'), fixture('meta-facebook-en.csv'));
      expect((await readPlatformExport(readFileSync(join(dir, 'x.csv')), opts)).kind).toBe('meta-posts');
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('a header no reader knows is refused in Spanish, at line 1', async () => {
    const bytes = Buffer.from('\uFEFFFecha,Seguidores,Alcance\n01/10/2026,1200,300\n', 'utf8');
    await expect(readPlatformExport(bytes, opts)).rejects.toThrow(
      new ExportUnreadable('No se reconoce el archivo: la primera fila no es la de una exportación de Meta, X, TikTok, YouTube ni de la plantilla de Custodio.'),
    );
    await expect(readPlatformExport(Buffer.from(''), opts)).rejects.toThrow('El archivo está vacío');
  });

  it('PCM 6.3.2: figures are lifetime totals, so a post twice in one file keeps its last reading, never a sum', async () => {
    const text = fixture('meta-facebook-es.csv').toString('utf8');
    const again = '100064532198765_1094100200300400,100064532198765,Ministerio de Cultura del Perú,Feria del Libro de Trujillo: programa completo,,0,10/02/2026 10:00,N/A,https://www.facebook.com/CulturaPeru/posts/pfbid0Feria2026,0,0,Fotos,,,,,Total,13.002,9.877,751,640,62,49,1.300,1.060,240,,,,,,\r\n';
    const read = await readPlatformExport(Buffer.from(text + again, 'utf8'), opts);
    expect(read.posts).toHaveLength(3);
    expect(read.posts[0]).toMatchObject({ postId: '100064532198765_1094100200300400', reach: 9877, interactions: 751 });
  });

  it('a blank line is skipped and said so, with its line', async () => {
    const text = fixture('plantilla-metricas.csv').toString('utf8').replace('\r\nTikTok;', '\r\n\r\nTikTok;');
    const read = await readPlatformExport(Buffer.from(text, 'utf8'), opts);
    expect(read.posts).toHaveLength(3);
    expect(read.skipped).toEqual([{ line: 3, reason: 'Línea en blanco.' }]);
  });

  it('nothing half-read: one bad cell in the last row refuses the whole file, naming its line and column', async () => {
    const bytes = withCell('meta-facebook-en.csv', '09/26/2026 19:45', 'ayer 19:45');
    await expect(readPlatformExport(bytes, opts)).rejects.toThrow('Línea 7, columna «Publish time»: no es una fecha (MM/DD/AAAA HH:MM).');
  });

  it('readers are plugged in as entries of READERS, each with its kind', () => {
    expect(READERS.map((r) => r.kind)).toEqual(['meta-posts', 'x-content', 'x-tweet-activity', 'tiktok-content', 'youtube-content', 'custodio-template']);
  });
});
