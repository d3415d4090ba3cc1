import { ExportUnreadable } from '../../../infra/platformExports/errors';
import { metaReader } from '../../../infra/platformExports/meta';
import { readRows } from '../../../infra/platformExports/text';
import { fixture, instagramUtf16, withCell } from './fixtures';

function readMeta(bytes: Buffer) {
  const { rows, lines } = readRows(bytes);
  const language = metaReader.matches(rows[0]!);
  if (!language) throw new Error('not recognised as Meta');
  return { language, columns: rows[0]!.length, ...metaReader.read(rows, lines, { language, uploadedOn: '2026-10-01', timeZone: 'America/Lima' }) };
}

describe('Meta Business Suite post exports (issue 16 §1)', () => {
  it('PCM 6.3.2 / Anexo 3: a Facebook export in English (UTF-8 BOM, 34 columns) gives each post its lifetime reach and interactions', () => {
    const read = readMeta(fixture('meta-facebook-en.csv'));
    expect(read.language).toBe('en');
    expect(read.columns).toBe(34);
    expect(read.posts).toHaveLength(4);
    expect(read.posts[0]).toEqual({
      network: 'facebook',
      postId: '100064532198765_1092837465019283',
      url: 'https://www.facebook.com/CulturaPeru/posts/pfbid02aBcDeFgHiJkLmN',
      publishedAt: '2026-09-15T23:00:00.000Z',
      text: 'Hoy se inauguró la muestra «Tejidos del Ande» en el Museo de la Nación. 🧶\nIngreso libre hasta el 30 de setiembre.\n#CulturaPerú',
      views: 25412,
      reach: 18930,
      interactions: 1264,
      likes: 1102,
      comments: 87,
      shares: 75,
    });
    expect(read.posts[1]).toMatchObject({ durationSeconds: 184, averageWatchSeconds: 12.2, views: 41877, interactions: 2945 });
  });

  it("PCM 6.3.2 / Anexo 3: interactions are Facebook's own total; without it, the sum of the reactions, comments and shares the row has", () => {
    const [, , link] = readMeta(fixture('meta-facebook-en.csv')).posts;
    expect(link).toMatchObject({ likes: 120, comments: 14, shares: 33, interactions: 167 });
  });

  it('the caption is the longer of Title and Description (Facebook fills one or the other by post type)', () => {
    const reel = readMeta(fixture('meta-facebook-en.csv')).posts[3]!;
    expect(reel.text).toBe('Este sábado, 12 museos abren de 7 p. m. a 11 p. m.');
    expect(reel.url).toBe('https://www.facebook.com/reel/1093888999000111');
  });

  it('a Facebook export in Spanish (32 columns): Spanish headers, thousands with «.» and decimals with «,»', () => {
    const read = readMeta(fixture('meta-facebook-es.csv'));
    expect(read.language).toBe('es');
    expect(read.columns).toBe(32);
    expect(read.posts[1]).toMatchObject({
      network: 'facebook',
      postId: '100064532198765_1094200300400500',
      publishedAt: '2026-10-05T22:20:00.000Z',
      views: 33906,
      reach: 24118,
      interactions: 1876,
      likes: 1530,
      averageWatchSeconds: 18.4,
      durationSeconds: 242,
    });
  });

  it('an empty cell is absent, never 0 (the report says «no disponible en la exportación»)', () => {
    const late = readMeta(fixture('meta-facebook-es.csv')).posts[2]!;
    expect(late).toEqual({
      network: 'facebook',
      postId: '100064532198765_1094300400500600',
      url: 'https://www.facebook.com/CulturaPeru/posts/pfbid0Criolla31',
      publishedAt: '2026-11-01T01:00:00.000Z', // 31 Oct 20:00 in Lima is 1 Nov in UTC
      text: 'Día de la Canción Criolla 🎶',
      reach: 15002,
    });
  });

  it('PCM 6.3.2 / Anexo 3: an Instagram export in UTF-16LE behind sep=, — views and reach, interactions as likes + comments + shares + saves (its export has no total)', () => {
    const read = readMeta(instagramUtf16());
    expect(read.posts.map((p) => p.network)).toEqual(['instagram', 'instagram', 'instagram']);
    expect(read.posts[0]).toEqual({
      network: 'instagram',
      postId: '18045566778899001',
      url: 'https://www.instagram.com/p/DAbCdEfGhIj/',
      publishedAt: '2026-09-15T23:05:00.000Z',
      text: 'Tejidos del Ande, en el Museo de la Nación. Ingreso libre. #CulturaPerú',
      views: 14220,
      reach: 9870,
      interactions: 1253,
      likes: 1015,
      comments: 41,
      shares: 64,
      saves: 133,
    });
    expect(read.posts[2]).not.toHaveProperty('comments');
    expect(read.posts[2]).toMatchObject({ interactions: 702 + 58 + 214 });
  });

  it('without Page ID or Account columns, the permalink host says Facebook or Instagram', () => {
    const csv = 'Post ID,Publish time,Permalink,Reach\n1,09/01/2026 08:00,https://www.instagram.com/p/abc/,10\n2,09/01/2026 09:00,https://fb.watch/xyz/,20\n3,09/01/2026 10:00,https://example.com/3,30\n';
    expect(() => readMeta(Buffer.from(csv))).toThrow('Línea 4, columna «Permalink»: no se sabe si la publicación es de Facebook o de Instagram');
    const [ig, fb] = readMeta(Buffer.from(csv.split('\n').slice(0, 3).join('\n'))).posts;
    expect([ig!.network, fb!.network]).toEqual(['instagram', 'facebook']);
  });

  it('a bad date names its line (a caption over three lines counts) and column', () => {
    const bytes = withCell('meta-facebook-en.csv', '09/18/2026 12:30', '18/09/2026 12:30');
    expect(() => readMeta(bytes)).toThrow(new ExportUnreadable('Línea 5, columna «Publish time»: no es una fecha (MM/DD/AAAA HH:MM).'));
    try {
      readMeta(bytes);
    } catch (err) {
      expect(err).toMatchObject({ line: 5, column: 'Publish time' });
    }
  });

  it('numbers follow the file language, not the server: «1.234» is 1234 in Spanish and not a count in English', () => {
    expect(readMeta(fixture('meta-facebook-es.csv')).posts[0]!.reach).toBe(9315);
    const bytes = withCell('meta-facebook-en.csv', '"18,930"', '18.930');
    expect(() => readMeta(bytes)).toThrow('Línea 2, columna «Reach»: «18.930» no es un número entero.');
  });

  it('a row without its post id is refused, not half-read', () => {
    const bytes = withCell('meta-facebook-es.csv', '100064532198765_1094300400500600', '');
    expect(() => readMeta(bytes)).toThrow('Línea 4, columna «Identificador de la publicación»: falta el identificador de la publicación.');
  });
});
