import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExportUnreadable, READERS, readPlatformExport } from '../../../infra/platformExports';
import { fixture, instagramUtf16, withCell } from './fixtures';

const opts = { uploadedOn: '2026-10-01' };

describe('reading an uploaded export (issue 16 §1): the layout from the header row, the whole file or nothing', () => {
  it('each fixture is recognised by its header row, with its language; the export day is the upload day when the file does not say', () => {
    const cases: Array<[Buffer, string, string, number]> = [
      [fixture('meta-facebook-en.csv'), 'meta-posts', 'en', 4],
      [fixture('meta-facebook-es.csv'), 'meta-posts', 'es', 3],
      [instagramUtf16(), 'meta-posts', 'en', 3],
      [fixture('plantilla-metricas.csv'), 'custodio-template', 'es', 3],
    ];
    for (const [bytes, kind, language, count] of cases) {
      const read = readPlatformExport(bytes, opts);
      expect({ kind: read.kind, language: read.language, exportedOn: read.exportedOn, posts: read.posts.length }).toEqual({ kind, language, exportedOn: '2026-10-01', posts: count });
    }
  });

  it('the file name plays no part: a Meta export saved as x.csv is still read as Meta', () => {
    const dir = mkdtempSync(join(tmpdir(), 'exports-'));
    try {
      writeFileSync(join(dir, 'x.csv'), fixture('meta-facebook-en.csv'));
      expect(readPlatformExport(readFileSync(join(dir, 'x.csv')), opts).kind).toBe('meta-posts');
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('a header no reader knows is refused in Spanish, at line 1', () => {
    const bytes = Buffer.from('\uFEFFFecha,Seguidores,Alcance\n01/10/2026,1200,300\n', 'utf8');
    expect(() => readPlatformExport(bytes, opts)).toThrow(
      new ExportUnreadable('No se reconoce el archivo: la primera fila no es la de una exportación de Meta, X, TikTok, YouTube ni de la plantilla de Custodio.'),
    );
    expect(() => readPlatformExport(Buffer.from(''), opts)).toThrow('El archivo está vacío');
  });

  it('PCM 6.3.2: figures are lifetime totals, so a post twice in one file keeps its last reading, never a sum', () => {
    const text = fixture('meta-facebook-es.csv').toString('utf8');
    const again = '100064532198765_1094100200300400,100064532198765,Ministerio de Cultura del Perú,Feria del Libro de Trujillo: programa completo,,0,10/02/2026 10:00,N/A,https://www.facebook.com/CulturaPeru/posts/pfbid0Feria2026,0,0,Fotos,,,,,Total,13.002,9.877,751,640,62,49,1.300,1.060,240,,,,,,\r\n';
    const read = readPlatformExport(Buffer.from(text + again, 'utf8'), opts);
    expect(read.posts).toHaveLength(3);
    expect(read.posts[0]).toMatchObject({ postId: '100064532198765_1094100200300400', reach: 9877, interactions: 751 });
  });

  it('a blank line is skipped and said so, with its line', () => {
    const text = fixture('plantilla-metricas.csv').toString('utf8').replace('\r\nTikTok;', '\r\n\r\nTikTok;');
    const read = readPlatformExport(Buffer.from(text, 'utf8'), opts);
    expect(read.posts).toHaveLength(3);
    expect(read.skipped).toEqual([{ line: 3, reason: 'Línea en blanco.' }]);
  });

  it('nothing half-read: one bad cell in the last row refuses the whole file, naming its line and column', () => {
    const bytes = withCell('meta-facebook-en.csv', '09/26/2026 19:45', 'ayer 19:45');
    expect(() => readPlatformExport(bytes, opts)).toThrow('Línea 7, columna «Publish time»: no es una fecha (MM/DD/AAAA HH:MM).');
  });

  it('readers are plugged in as entries of READERS, each with its kind', () => {
    expect(READERS.map((r) => r.kind)).toEqual(['meta-posts', 'custodio-template']);
  });
});
