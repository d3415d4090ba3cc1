import { listCsvEntries, readZipEntry, ZipUnreadable } from '../../../infra/platformExports/zip';
import { zipOf } from './zipOf';

describe('CSV files inside an uploaded zip (issue 16 §1)', () => {
  it('lists the CSV entries, leaving out folders, macOS metadata and other files', async () => {
    const zip = await zipOf({
      'Table data.csv': 'Content,Views\n',
      'Chart data.csv': 'Date,Views\n',
      '__MACOSX/._Table data.csv': 'x',
      'Totals.txt': 'x',
      'Content/Content.csv': 'Video link\n',
    });
    expect(await listCsvEntries(zip)).toEqual(['Table data.csv', 'Chart data.csv', 'Content/Content.csv']);
  });

  it('reads one entry’s bytes as they were stored', async () => {
    const text = 'Contenido,Vistas\nTotal,1.234\n';
    const zip = await zipOf({ 'Datos de la tabla.csv': Buffer.from(`\uFEFF${text}`, 'utf8') });
    expect((await readZipEntry(zip, 'Datos de la tabla.csv')).toString('utf8')).toBe(`\uFEFF${text}`);
  });

  it('a missing entry is named in Spanish', async () => {
    const zip = await zipOf({ 'Overview.csv': 'Date\n' });
    await expect(readZipEntry(zip, 'Content.csv')).rejects.toThrow('El .zip no contiene «Content.csv».');
  });

  it('an entry larger than the limit uncompressed is not opened (zip bombs)', async () => {
    const zip = await zipOf({ 'Content.csv': 'a'.repeat(5 * 1024 * 1024) });
    expect(zip.length).toBeLessThan(100_000);
    await expect(readZipEntry(zip, 'Content.csv', 1024 * 1024)).rejects.toThrow('«Content.csv» ocupa más de 1 MB sin comprimir: no se abre.');
  });

  it('an entry whose header understates its size is refused while it inflates', async () => {
    const zip = await zipOf({ 'Content.csv': 'a'.repeat(5 * 1024 * 1024) });
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt32LE(100, central + 24); // declared uncompressed size: 100 bytes
    await expect(readZipEntry(zip, 'Content.csv', 1024 * 1024)).rejects.toThrow(ZipUnreadable);
  });

  it('a corrupt or truncated zip gets a Spanish message, never yauzl’s English', async () => {
    const message = 'El archivo .zip está dañado o incompleto: descárguelo de nuevo de la plataforma y vuelva a subirlo.';
    await expect(listCsvEntries(Buffer.from('esto no es un zip'))).rejects.toThrow(new ZipUnreadable(message));
    const zip = await zipOf({ 'Content.csv': 'Video link,Post time\n'.repeat(200) });
    await expect(listCsvEntries(zip.subarray(0, zip.length - 30))).rejects.toThrow(message);
    const damaged = Buffer.from(zip);
    damaged.fill(0x41, 40, 80); // the compressed data, behind an intact directory
    await expect(readZipEntry(damaged, 'Content.csv')).rejects.toThrow(message);
  });
});
