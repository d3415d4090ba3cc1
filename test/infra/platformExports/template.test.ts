import { metricsTemplateCsv, templateReader } from '../../../infra/platformExports/template';
import { readRows } from '../../../infra/platformExports/text';
import { fixture, withCell } from './fixtures';

function readTemplate(bytes: Buffer) {
  const { rows, lines, delimiter } = readRows(bytes);
  const language = templateReader.matches(rows[0]!);
  if (!language) throw new Error('not recognised as the template');
  return { delimiter, ...templateReader.read(rows, lines, { language, uploadedOn: '2026-10-01', timeZone: 'America/Lima' }) };
}

describe("Custodio's metrics template, for what no export gives (issue 16 §1)", () => {
  it('PCM 6.3.2 / Anexo 3: each network gets the metrics its table asks for (X impressions, TikTok watch time, YouTube views and duration)', () => {
    const { delimiter, posts } = readTemplate(fixture('plantilla-metricas.csv'));
    expect(delimiter).toBe(';');
    expect(posts).toEqual([
      {
        network: 'x',
        postId: '1835012345678901234',
        url: 'https://x.com/CulturaPeru/status/1835012345678901234',
        publishedAt: '2026-09-15T23:10:00.000Z',
        text: 'Hoy se inauguró «Tejidos del Ande» en el Museo de la Nación',
        impressions: 23480,
        interactions: 612,
        likes: 401,
        comments: 38,
        shares: 96,
        saves: 77,
      },
      {
        network: 'tiktok',
        postId: '7415000111222333444',
        url: 'https://www.tiktok.com/@culturaperu/video/7415000111222333444',
        publishedAt: '2026-09-27T01:00:00.000Z',
        text: 'Noche de Museos en 30 segundos',
        reach: 51200,
        views: 74905,
        interactions: 6120 + 233 + 410 + 512,
        likes: 6120,
        comments: 233,
        shares: 410,
        saves: 512,
        averageWatchSeconds: 9.8,
        durationSeconds: 31,
      },
      {
        network: 'youtube',
        postId: 'c9Xr2LmPq0A',
        url: 'https://www.youtube.com/watch?v=c9Xr2LmPq0A',
        publishedAt: '2026-10-05T22:30:00.000Z',
        text: 'La restauración de Chan Chan | Documental',
        views: 18377,
        interactions: 1204 + 96,
        likes: 1204,
        comments: 96,
        averageWatchSeconds: 142.5,
        durationSeconds: 1384,
      },
    ]);
  });

  it('the template people download (UTF-8 with BOM, «;») is read back, its example row included', () => {
    const file = metricsTemplateCsv();
    expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const { delimiter, posts } = readTemplate(file);
    expect(delimiter).toBe(';');
    expect(posts).toEqual([expect.objectContaining({ network: 'facebook', reach: 12500, views: 18300, interactions: 640 + 85 + 120, publishedAt: '2026-09-15T23:00:00.000Z' })]);
  });

  it('columns in any order, names without accents or in capitals, optional ones left out', () => {
    const csv = 'FECHA Y HORA DE PUBLICACION;Red;ID de la publicacion;Alcance\n01/10/2026 08:00;Instagram;abc;1.500\n';
    expect(readTemplate(Buffer.from(csv)).posts).toEqual([{ network: 'instagram', postId: 'abc', publishedAt: '2026-10-01T13:00:00.000Z', reach: 1500 }]);
  });

  it('a network Custodio does not measure names its line and column', () => {
    const bytes = withCell('plantilla-metricas.csv', 'TikTok;', 'LinkedIn;');
    expect(() => readTemplate(bytes)).toThrow('Línea 3, columna «Red»: «LinkedIn» no es una red que Custodio mida (Facebook, Instagram, X, TikTok o YouTube).');
  });

  it('dates are DD/MM/AAAA in Lima: 31/02 is not a date', () => {
    const bytes = withCell('plantilla-metricas.csv', '15/09/2026 18:10', '31/02/2026 18:10');
    expect(() => readTemplate(bytes)).toThrow('Línea 2, columna «Fecha y hora de publicación»: no es una fecha (DD/MM/AAAA HH:MM).');
  });

  it('a count with decimals is refused rather than guessed', () => {
    const bytes = withCell('plantilla-metricas.csv', ';51200;', ';51,2;');
    expect(() => readTemplate(bytes)).toThrow('Línea 3, columna «Alcance»: «51,2» no es un número entero.');
  });
});
