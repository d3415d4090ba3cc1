import { pickTikTokEntry, tiktokContentReader } from '../../../infra/platformExports/tiktok';
import { youtubeContentReader } from '../../../infra/platformExports/youtube';
import { listCsvEntries, readZipEntry } from '../../../infra/platformExports/zip';
import { fixture, rowsOf, shuffled } from './fixtureRows';
import { zipOf } from './zipOf';

// Uploaded on 3 January 2027 (Lima): the export's `Dec 30` is 2026, its `Jan 2` is 2027.
const uploadedOn = '2027-01-03';

describe('TikTok Studio export, Content.csv (issue 16 §1)', () => {
  const en = rowsOf(fixture('tiktok-content-en.csv'));
  const es = rowsOf(fixture('tiktok-content-es.csv'));

  it('finds Content.csv among the zip’s files, wherever it is', async () => {
    const zip = await zipOf({ 'Overview.csv': 'Date,Video views\n', 'analytics/Content.csv': fixture('tiktok-content-en.csv'), 'Viewers.csv': 'x\n' });
    const name = pickTikTokEntry(await listCsvEntries(zip));
    expect(name).toBe('analytics/Content.csv');
    const { rows, lines } = rowsOf((await readZipEntry(zip, name!)).toString('utf8'));
    expect(tiktokContentReader.read(rows, lines, { language: 'en', uploadedOn, timeZone: 'America/Lima' }).posts).toHaveLength(2);
    expect(pickTikTokEntry(['Overview.csv', 'Followers.csv'])).toBeUndefined();
  });

  it('is recognised from its header in English and Spanish, and not as YouTube', () => {
    expect(tiktokContentReader.matches(en.rows[0]!)).toBe('en');
    expect(tiktokContentReader.matches(es.rows[0]!)).toBe('es');
    expect(youtubeContentReader.matches(en.rows[0]!)).toBeUndefined();
  });

  it('PCM 6.3.2 Anexo 3 (TikTok): views, average watch time, reach, date and link; the year inferred across the new year', () => {
    const { posts, skipped } = tiktokContentReader.read(en.rows, en.lines, { language: 'en', uploadedOn, timeZone: 'America/Lima' });
    expect(skipped).toEqual([]);
    expect(posts[0]).toEqual({
      network: 'tiktok',
      postId: '7453012345678901234',
      url: 'https://www.tiktok.com/@minsaperu/video/7453012345678901234',
      publishedAt: '2026-12-30T05:00:00.000Z',
      text: 'Operativo de fin de año: así atendemos en Año Nuevo',
      views: 45678,
      reach: 30120,
      likes: 1234,
      comments: 56,
      shares: 78,
      saves: 90,
      averageWatchSeconds: 11.5,
    });
    expect(posts[1]!.publishedAt).toBe('2027-01-02T05:00:00.000Z');
  });

  it('an empty cell is absent, never 0', () => {
    const { posts } = tiktokContentReader.read(en.rows, en.lines, { language: 'en', uploadedOn, timeZone: 'America/Lima' });
    expect(posts[1]).not.toHaveProperty('saves');
    expect(posts[1]!.averageWatchSeconds).toBe(9);
  });

  it('the Spanish interface gives the same posts: «30 dic», 1.234 and 11,5 read the Spanish way', () => {
    const read = (f: typeof en, language: 'es' | 'en') => tiktokContentReader.read(f.rows, f.lines, { language, uploadedOn, timeZone: 'America/Lima' });
    expect(read(es, 'es')).toEqual(read(en, 'en'));
  });

  it('columns in any order', () => {
    const order = [10, 6, 2, 1, 0, 3, 4, 5, 7, 8, 9];
    const rows = shuffled(en.rows, order);
    expect(tiktokContentReader.matches(rows[0]!)).toBe('en');
    expect(tiktokContentReader.read(rows, en.lines, { language: 'en', uploadedOn, timeZone: 'America/Lima' })).toEqual(tiktokContentReader.read(en.rows, en.lines, { language: 'en', uploadedOn, timeZone: 'America/Lima' }));
  });

  it('a bad cell is refused in Spanish with its line and column', () => {
    const rows = es.rows.map((r) => [...r]);
    rows[2]![2] = '2 jan'; // an English month in a Spanish file
    expect(() => tiktokContentReader.read(rows, es.lines, { language: 'es', uploadedOn, timeZone: 'America/Lima' })).toThrow('Línea 3, columna «Hora de publicación»: no es una fecha.');
    rows[2]![2] = '2 ene';
    rows[2]![1] = 'https://www.tiktok.com/@minsaperu';
    expect(() => tiktokContentReader.read(rows, es.lines, { language: 'es', uploadedOn, timeZone: 'America/Lima' })).toThrow('Línea 3, columna «Enlace del video»: no es el enlace de un video de TikTok.');
  });
});
