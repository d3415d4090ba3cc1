/** Reading back the PDFs Custodio renders, in tests. */
import { inflateSync } from 'node:zlib';

/**
 * The text a reader sees, read from the PDF bytes themselves (no poppler on CI). pdfkit writes
 * glyph ids in hex and a ToUnicode CMap per font; Flate streams are inflated with node:zlib.
 * Each new baseline starts a new line; `cells` goes between the cells of a table row, which
 * otherwise run together (and also where a line breaks a word after «-», «–» or «/»).
 */
export function pdfText(pdf: Buffer, cells = ''): string {
  const s = pdf.toString('latin1');
  const objects = new Map<string, { dict: string; data: string }>();
  const OBJ = /(\d+) 0 obj\s*([\s\S]*?)(stream\r?\n|endobj)/g;
  for (let m; (m = OBJ.exec(s)); ) {
    const [all, num = '', dict = '', end = ''] = m;
    let data = '';
    if (end.startsWith('stream')) {
      // Skip the binary body by its length, so font bytes are never read as PDF syntax.
      const start = m.index + all.length;
      const raw = pdf.subarray(start, start + Number(/\/Length (\d+)/.exec(dict)?.[1]));
      data = (dict.includes('/FlateDecode') ? inflateSync(raw) : raw).toString('latin1');
      OBJ.lastIndex = start + raw.length;
    }
    objects.set(num, { dict, data });
  }
  const cmaps = new Map<string, Map<number, string>>();
  for (const { dict } of objects.values()) {
    for (const [, name = '', ref = ''] of dict.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
      const toUnicode = /\/ToUnicode (\d+) 0 R/.exec(objects.get(ref)?.dict ?? '')?.[1] ?? '';
      const cmap = new Map<number, string>();
      for (const [, first = '', targets = ''] of (objects.get(toUnicode)?.data ?? '').matchAll(/<([0-9a-f]+)> <[0-9a-f]+> \[([^\]]*)\]/g)) {
        [...targets.matchAll(/<([^>]*)>/g)].forEach(([, hex = ''], i) =>
          cmap.set(parseInt(first, 16) + i, String.fromCharCode(...hex.split(' ').map((h) => parseInt(h, 16)))),
        );
      }
      cmaps.set(name, cmap);
    }
  }
  let text = '';
  for (const { data } of objects.values()) {
    let cmap = new Map<number, string>();
    let y = 'NaN';
    for (const [, font, baseline, shown] of data.matchAll(/\/(F\d+) [\d.]+ Tf|1 0 0 1 [\d.-]+ ([\d.-]+) Tm|\[([^\]]*)\] TJ/g)) {
      if (font) cmap = cmaps.get(font) ?? cmap;
      // pdfkit places each word on its own, with its trailing space: a piece after one without is another cell.
      // Smaller text in a row (a remark in 7 pt beside 9 pt figures) sits a point or two off its baseline.
      if (baseline !== undefined) [text, y] = [text + (!(Math.abs(Number(baseline) - Number(y)) <= 3) ? '\n' : /\s$/.test(text) ? '' : cells), baseline];
      for (const [, hex = ''] of (shown ?? '').matchAll(/<([0-9a-f]*)>/g)) {
        for (let i = 0; i < hex.length; i += 4) text += cmap.get(parseInt(hex.slice(i, i + 4), 16)) ?? '\uFFFD';
      }
    }
  }
  return text;
}

/** Wrapped lines in a table cell are joined again, so a long value can be found whole. */
export const flat = (s: string): string => s.replace(/\s+/g, ' ');
