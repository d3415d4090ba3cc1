import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';

/** A fixture's bytes, as the platform wrote them. */
export function fixture(name: string): Buffer {
  return readFileSync(join(__dirname, '..', '..', 'fixtures', 'platformExports', name));
}

/** Meta's UTF-16LE variant (BOM, then `sep=,`), made from its UTF-8 source so the fixture stays readable. */
export function instagramUtf16(): Buffer {
  const text = fixture('meta-instagram-en-utf16.source.csv').toString('utf8');
  return Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf16le')]);
}

/** A text fixture with one exact substring replaced, to make one bad cell. */
export function withCell(name: string, from: string, to: string): Buffer {
  const text = fixture(name).toString('utf8');
  if (!text.includes(from)) throw new Error(`${from} not in ${name}`);
  return Buffer.from(text.replace(from, to), 'utf8');
}

/** Any UTF-8 fixture as Meta's UTF-16LE variant writes it: BOM, a `sep=,` line, then the same text. */
export function asMetaUtf16(name: string): Buffer {
  const text = fixture(name).toString('utf8').replace(/^\uFEFF/, '');
  return Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(`sep=,\r\n${text}`, 'utf16le')]);
}
