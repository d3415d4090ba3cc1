/**
 * The CSV files inside an uploaded zip (TikTok Studio and YouTube Studio export zips, issue 16 §1), read
 * from memory with yauzl. An upload is untrusted: every entry is capped uncompressed, counted while it
 * inflates (a header can lie about its size), and any fault becomes a Spanish `ZipUnreadable`.
 */
import { ExportUnreadable } from './errors';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { baseName } from './columns';

/** Far above any real export (a channel's Table data.csv with thousands of videos is a few MB). */
export const MAX_ENTRY_BYTES = 20 * 1024 * 1024;
const MAX_ENTRIES = 1000;

export class ZipUnreadable extends ExportUnreadable {
  override readonly name: string = 'ZipUnreadable';
}

const DAMAGED = 'El archivo .zip está dañado o incompleto: descárguelo de nuevo de la plataforma y vuelva a subirlo.';

/** The paths of the CSV files in the zip, in archive order (folders, macOS metadata and other files left out). */
export async function listCsvEntries(zip: Buffer): Promise<string[]> {
  const names: string[] = [];
  await eachEntry(zip, (entry) => {
    if (isCsv(entry.fileName)) names.push(entry.fileName);
    return Promise.resolve(false);
  });
  return names;
}

/** One entry's bytes, refused when it is missing, encrypted or larger than `maxBytes` uncompressed. */
export async function readZipEntry(zip: Buffer, name: string, maxBytes = MAX_ENTRY_BYTES): Promise<Buffer> {
  let found: Buffer | undefined;
  await eachEntry(zip, async (entry, file) => {
    if (entry.fileName !== name) return false;
    found = await inflate(file, entry, maxBytes);
    return true;
  });
  if (!found) throw new ZipUnreadable(`El .zip no contiene «${name}».`);
  return found;
}

const isCsv = (name: string): boolean => /\.csv$/i.test(name) && !name.startsWith('__MACOSX/') && !/(^|\/)\._/.test(name);

/** Visits entries one at a time until `visit` answers true; yauzl's own faults become `ZipUnreadable`. */
function eachEntry(zip: Buffer, visit: (entry: Entry, file: ZipFile) => Promise<boolean>): Promise<void> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (err, file) => {
      if (err) return reject(new ZipUnreadable(DAMAGED));
      let seen = 0;
      const fail = (e: unknown) => {
        file.close();
        reject(e instanceof ZipUnreadable ? e : new ZipUnreadable(DAMAGED));
      };
      file.on('error', fail);
      file.on('end', () => resolve());
      file.on('entry', (entry: Entry) => {
        if (++seen > MAX_ENTRIES) return fail(new ZipUnreadable(`El .zip tiene más de ${MAX_ENTRIES} archivos: no es una exportación de la plataforma.`));
        visit(entry, file).then((done) => {
          if (done) {
            file.close();
            resolve();
          } else file.readEntry();
        }, fail);
      });
      file.readEntry();
    });
  });
}

function inflate(file: ZipFile, entry: Entry, maxBytes: number): Promise<Buffer> {
  const tooBig = new ZipUnreadable(`«${baseName(entry.fileName)}» ocupa más de ${Math.round(maxBytes / 1024 / 1024)} MB sin comprimir: no se abre.`);
  if (entry.isEncrypted()) return Promise.reject(new ZipUnreadable(`«${baseName(entry.fileName)}» está protegido con contraseña: exporte los datos sin contraseña.`));
  if (entry.uncompressedSize > maxBytes) return Promise.reject(tooBig);
  return new Promise((resolve, reject) => {
    file.openReadStream(entry, (err, stream) => {
      if (err) return reject(new ZipUnreadable(DAMAGED));
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) stream.destroy(tooBig);
        else chunks.push(chunk);
      });
      stream.on('error', (e) => reject(e instanceof ZipUnreadable ? e : new ZipUnreadable(DAMAGED)));
      stream.on('end', () => resolve(Buffer.concat(chunks)));
    });
  });
}
