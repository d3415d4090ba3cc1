import { CellUnreadable } from '../../../infra/platformExports/cellError';
import { xContentReader, xTweetActivityReader } from '../../../infra/platformExports/x';
import { fixture, rowsOf, shuffled } from './fixtureRows';

const ctx = { uploadedOn: '2026-08-01', timeZone: 'America/Lima' };

describe('X analytics, current content export (issue 16 §1)', () => {
  const en = rowsOf(fixture('x-content-en.csv'));
  const es = rowsOf(fixture('x-content-es.csv'));

  it('is recognised from its header, in English and in Spanish, and not as the legacy layout', () => {
    expect(xContentReader.matches(en.rows[0]!)).toBe('en');
    expect(xContentReader.matches(es.rows[0]!)).toBe('es');
    expect(xTweetActivityReader.matches(en.rows[0]!)).toBeUndefined();
  });

  it('PCM 6.3.2 Anexo 3 (X): impressions, total interactions, date and link of each post', () => {
    const { posts, skipped } = xContentReader.read(en.rows, en.lines, { ...ctx, language: 'en' });
    expect(skipped).toEqual([]);
    expect(posts[0]).toEqual({
      network: 'x',
      postId: '2077001234567890123',
      url: 'https://x.com/MinsaPeru/status/2077001234567890123',
      publishedAt: '2026-07-14T05:00:00.000Z', // the day, at Lima midnight
      text: 'Hoy inicia la campaña de vacunación, acércate a tu centro de salud más cercano. #VacúnatePerú',
      impressions: 12345,
      interactions: 987,
      likes: 210,
      comments: 31,
      shares: 64,
      saves: 15,
    });
  });

  it('an empty cell is absent, never 0', () => {
    const { posts } = xContentReader.read(en.rows, en.lines, { ...ctx, language: 'en' });
    expect(posts[1]).not.toHaveProperty('saves');
    expect(posts[1]!.impressions).toBe(4820);
  });

  it('the Spanish export reads the same figures, 12.345 being twelve thousand', () => {
    const { posts } = xContentReader.read(es.rows, es.lines, { ...ctx, language: 'es' });
    expect(posts.map((p) => [p.postId, p.publishedAt, p.impressions, p.interactions])).toEqual([
      ['2077001234567890123', '2026-07-14T05:00:00.000Z', 12345, 987],
      ['2077009876543210987', '2026-07-15T05:00:00.000Z', 4820, 142],
    ]);
  });

  it('columns in any order', () => {
    const order = [16, 4, 1, 0, 6, 3, 2, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15];
    const rows = shuffled(en.rows, order);
    expect(xContentReader.matches(rows[0]!)).toBe('en');
    expect(xContentReader.read(rows, en.lines, { ...ctx, language: 'en' })).toEqual(xContentReader.read(en.rows, en.lines, { ...ctx, language: 'en' }));
  });

  it('a bad cell is refused in Spanish with its line and column', () => {
    const rows = en.rows.map((r) => [...r]);
    rows[2]![1] = 'el martes';
    const read = () => xContentReader.read(rows, en.lines, { ...ctx, language: 'en' });
    expect(read).toThrow(CellUnreadable);
    expect(read).toThrow('Línea 3, columna «Date»: no es una fecha.');
  });

  it('an English file’s 1.234 impressions are not a count: refused, not read as 1', () => {
    const rows = en.rows.map((r) => [...r]);
    rows[1]![4] = '1.234';
    expect(() => xContentReader.read(rows, en.lines, { ...ctx, language: 'en' })).toThrow('Línea 2, columna «Impressions»: no es un número entero.');
  });

  it('an id a spreadsheet rounded is refused; a missing id is taken from the link', () => {
    const rows = en.rows.map((r) => [...r]);
    rows[1]![0] = '2.077E+18';
    expect(() => xContentReader.read(rows, en.lines, { ...ctx, language: 'en' })).toThrow(/Línea 2, columna «Post id»: no es un identificador/);
    rows[1]![0] = '';
    expect(xContentReader.read(rows, en.lines, { ...ctx, language: 'en' }).posts[0]!.postId).toBe('2077001234567890123');
  });

  it('blank lines are skipped and said so', () => {
    const { skipped } = xContentReader.read([...en.rows, ['']], [...en.lines, 4], { ...ctx, language: 'en' });
    expect(skipped).toEqual([{ line: 4, reason: 'línea en blanco' }]);
  });
});

describe('X analytics, legacy tweet-activity export (issue 16 §1)', () => {
  const { rows, lines } = rowsOf(fixture('x-tweet-activity.csv'));

  it('is recognised from its header', () => {
    expect(xTweetActivityReader.matches(rows[0]!)).toBe('en');
    expect(xContentReader.matches(rows[0]!)).toBeUndefined();
  });

  it('reads the time with its offset and the figures of each tweet', () => {
    const { posts } = xTweetActivityReader.read(rows, lines, { ...ctx, language: 'en' });
    expect(posts[0]).toEqual({
      network: 'x',
      postId: '1812345678901234567',
      url: 'https://twitter.com/MinsaPeru/status/1812345678901234567',
      publishedAt: '2026-07-14T15:03:00.000Z',
      text: 'Recuerda: la vacunación es gratuita.',
      impressions: 10000,
      interactions: 250,
      likes: 150,
      comments: 12,
      shares: 40,
    });
  });

  it('PCM 6.3.2: the engagement rate is a 0–1 fraction of impressions, standing in for missing engagements', () => {
    const { posts } = xTweetActivityReader.read(rows, lines, { ...ctx, language: 'en' });
    expect(posts[1]!.interactions).toBe(50); // 0.0125 × 4,000
  });

  it('an engagement rate above 1 is refused, with line and column', () => {
    const bad = rows.map((r) => [...r]);
    bad[1]![6] = '2.5';
    expect(() => xTweetActivityReader.read(bad, lines, { ...ctx, language: 'en' })).toThrow('Línea 2, columna «engagement rate»: no es una proporción entre 0 y 1 ni un porcentaje.');
  });
});
