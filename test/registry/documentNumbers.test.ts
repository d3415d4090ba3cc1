/** Document numbers per entity, series and year (issue 19 §6; registry/documentNumbers.ts) against FerretDB. */
import { documentNumbers } from '../../registry/documentNumbers';
import { createDocumentActivities } from '../../activities/documents';
import { entityModel } from '../../infra/models/entity';
import { seedDemo } from '../../local/seed';
import { createRegistry } from '../../registry/reads';
import { startTestDb } from '../support/ferret';

let dbh: Awaited<ReturnType<typeof startTestDb>>;
beforeAll(async () => {
  dbh = await startTestDb();
  await seedDemo(dbh.db);
});
afterAll(async () => dbh.stop());

const at = new Date('2026-11-23T15:00:00Z');
const ask = (key: string, entityId = 'mincul', year = 2026) => documentNumbers(dbh.db).allocate({ entityId, series: 'technicalReport', year, key, at });

it('issue 19 §6: twelve documents asking at once get 1 to 12, each once: the unique insert settles who takes which', async () => {
  const got = await Promise.all(Array.from({ length: 12 }, (_, i) => ask(`solicitud:${i}`)));
  expect([...got].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
});

it('a retried activity gets the number its document already has, never a new one', async () => {
  expect(await ask('solicitud:3')).toBe((await ask('solicitud:3')));
  expect(await ask('solicitud:nueva')).toBe(13);
  expect(await ask('solicitud:nueva')).toBe(13);
});

it('each entity and each year count from 1', async () => {
  expect(await ask('solicitud:congreso', 'congreso')).toBe(1);
  expect(await ask('solicitud:2027', 'mincul', 2027)).toBe(1);
});

it('issue 19 §6: the code reads «INFORME TÉCNICO N° 001-2026-OC/SIGLA» with the entity\'s acronym and office code as they are now, the year Lima\'s', async () => {
  const { documentNumber } = createDocumentActivities({ numbers: documentNumbers(dbh.db), registry: createRegistry(dbh.db) });
  expect(await documentNumber({ entityId: 'inpe', series: 'technicalReport', key: 'a', at: '2026-12-31T23:30:00-05:00' })).toEqual({ series: 'technicalReport', n: 1, year: 2026, code: 'INFORME TÉCNICO N° 001-2026-OC/INPE' });
  await entityModel(dbh.db).updateOne({ _id: 'inpe' }, { $set: { acronym: 'INPE', officeCode: '04.01' } });
  expect((await documentNumber({ entityId: 'inpe', series: 'technicalReport', key: 'b', at: '2027-01-01T06:00:00Z' })).code).toBe('INFORME TÉCNICO N° 001-2027-04.01/INPE');
});
