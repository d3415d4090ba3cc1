import { CellUnreadable } from '../../../infra/platformExports/cellError';
import { pickYouTubeEntry, youtubeContentReader } from '../../../infra/platformExports/youtube';
import { listCsvEntries } from '../../../infra/platformExports/zip';
import { fixture, rowsOf, shuffled } from './fixtureRows';
import { zipOf } from './zipOf';

const uploadedOn = '2026-10-05';

describe('YouTube Studio export, Table data.csv (issue 16 §1)', () => {
  const en = rowsOf(fixture('youtube-table-en.csv'));
  const es = rowsOf(fixture('youtube-table-es.csv'));

  it('finds the table among the zip’s chart files, in either language', async () => {
    const zip = await zipOf({ 'Chart data.csv': 'Date,Views\n', 'Totals.csv': 'Date,Views\n', 'Table data.csv': fixture('youtube-table-en.csv') });
    expect(pickYouTubeEntry(await listCsvEntries(zip))).toBe('Table data.csv');
    expect(pickYouTubeEntry(['Datos del gráfico.csv', 'Datos de la tabla.csv'])).toBe('Datos de la tabla.csv');
  });

  it('is recognised from its header in English and Spanish', () => {
    expect(youtubeContentReader.matches(en.rows[0]!)).toBe('en');
    expect(youtubeContentReader.matches(es.rows[0]!)).toBe('es');
  });

  it('the first «Total» row is skipped and said so', () => {
    const { posts, skipped } = youtubeContentReader.read(en.rows, en.lines, { language: 'en', uploadedOn, timeZone: 'America/Lima' });
    expect(skipped).toEqual([{ line: 2, reason: 'fila «Total» del canal (suma de todos los videos)' }]);
    expect(posts.map((p) => p.postId)).toEqual(['dQw4w9WgXcQ', 'a1B2c3D4e5F']);
  });

  it('PCM 6.3.2 Anexo 3 (YouTube): views, average view duration, date and link of each video', () => {
    const { posts } = youtubeContentReader.read(en.rows, en.lines, { language: 'en', uploadedOn, timeZone: 'America/Lima' });
    expect(posts[0]).toEqual({
      network: 'youtube',
      postId: 'dQw4w9WgXcQ',
      url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
      publishedAt: '2026-07-14T05:00:00.000Z',
      text: 'Mensaje a la Nación: balance del primer trimestre',
      views: 40210,
      impressions: 480300,
      averageWatchSeconds: 136,
      durationSeconds: 1845,
    });
  });

  it('numbers in the file’s own locale: the Spanish table’s 40.210 is the English 40,210', () => {
    const read = (f: typeof en, language: 'es' | 'en') => youtubeContentReader.read(f.rows, f.lines, { language, uploadedOn, timeZone: 'America/Lima' });
    expect(read(es, 'es')).toEqual(read(en, 'en'));
  });

  it('columns in any order', () => {
    const order = [4, 7, 0, 9, 2, 1, 3, 5, 6, 8];
    const rows = shuffled(es.rows, order);
    expect(youtubeContentReader.matches(rows[0]!)).toBe('es');
    expect(youtubeContentReader.read(rows, es.lines, { language: 'es', uploadedOn, timeZone: 'America/Lima' })).toEqual(youtubeContentReader.read(es.rows, es.lines, { language: 'es', uploadedOn, timeZone: 'America/Lima' }));
  });

  it('an English number in the Spanish table is refused with line and column, not read a thousand times smaller', () => {
    const rows = es.rows.map((r) => [...r]);
    rows[3]![4] = '12,200';
    const read = () => youtubeContentReader.read(rows, es.lines, { language: 'es', uploadedOn, timeZone: 'America/Lima' });
    expect(read).toThrow(CellUnreadable);
    expect(read).toThrow('Línea 4, columna «Visualizaciones»: no es un número entero.');
  });

  it('a video id that is not one is refused', () => {
    const rows = en.rows.map((r) => [...r]);
    rows[2]![0] = 'Mensaje a la Nación';
    expect(() => youtubeContentReader.read(rows, en.lines, { language: 'en', uploadedOn, timeZone: 'America/Lima' })).toThrow('Línea 3, columna «Content»: no es el id de un video de YouTube.');
  });
});
