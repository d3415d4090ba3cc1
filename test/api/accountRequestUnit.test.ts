/**
 * INPE 4.2.c at submission (api/services/accountRequests.ts): the service tells the process when a unit
 * of the roster asks for an account of its own, so the Gerencia General decides it after the head; the
 * press office's own requests, and other profiles, start without it. Against FerretDB and the demo
 * registry; the process starter is a recording fake (the step itself: test/workflows/accountCreation).
 */
import type { AccountCreationInput } from '../../contracts/accountCreation';
import type { Principal } from '../../domain/access';
import type { Processes } from '../../contracts/processes';
import { numberingYear } from '../../domain/documentNumbers';
import { digitalPlanModel } from '../../infra/models/digitalPlan';
import { seedDemo } from '../../local/seed';
import { createAuditTrail, type Caller } from '../../registry/audit';
import { createRegistry } from '../../registry/reads';
import { accountRequestsService } from '../../api/services/accountRequests';
import { validProposal } from '../support/fixtures';
import { startTestDb } from '../support/ferret';

let dbh: Awaited<ReturnType<typeof startTestDb>>;
const started: AccountCreationInput[] = [];
let service: ReturnType<typeof accountRequestsService>;

beforeAll(async () => {
  dbh = await startTestDb();
  await seedDemo(dbh.db);
  const processes = { startAccountCreation: async (input: AccountCreationInput) => void started.push(input) } as unknown as Processes;
  service = accountRequestsService({ db: dbh.db, registry: createRegistry(dbh.db), audit: createAuditTrail(dbh.db), processes });
});
afterAll(async () => dbh.stop());

const person = async (email: string, entityId: string): Promise<Principal> => {
  const p = (await createRegistry(dbh.db).personByEmail(email))!;
  return { kind: 'person', personId: String(p._id), email, name: p.name, memberships: [{ entityId, role: 'requester' }], supervisor: false, platformAdmin: false };
};
const inpeProposal = (over: Record<string, unknown> = {}) => ({
  ...validProposal({
    entityId: 'inpe', managingEmail: 'redes@inpe.gob.pe', proposedNames: ['InpeTratamiento', 'InpeTratamiPe'], bio: 'Instituto Nacional Penitenciario, Lima. https://www.gob.pe/inpe',
    admins: [
      { name: 'Gustavo Ramos Chávez', email: 'gramos@inpe.gob.pe', role: 'head' },
      { name: 'Hilda Mendoza Cruz', email: 'hmendoza@inpe.gob.pe', role: 'second' },
      { name: 'SCS – Coordinación de Comunicación Digital', email: 'rrss_scs@pcm.gob.pe', role: 'supervisor' },
    ],
  }),
  ...over,
});
const submit = async (email: string, entityId: string, body: Record<string, unknown>) => {
  const caller: Caller = { principal: await person(email, entityId), actor: { kind: 'person', email }, client: { ip: '127.0.0.1', userAgent: 'jest' } };
  await service.submit(body, undefined, caller);
  return started.at(-1)!;
};

it('INPE 4.2.c: a unit asking for an account of its own starts the process naming the unit, so the Gerencia General decides it', async () => {
  expect((await submit('nibanez@inpe.gob.pe', 'inpe', inpeProposal())).unit).toBe('Dirección de Tratamiento Penitenciario');
});

it('INPE 4.2.c: a request by the press office itself has no Gerencia General step', async () => {
  const input = await submit('itorres@inpe.gob.pe', 'inpe', inpeProposal());
  expect(input).not.toHaveProperty('unit');
});

it('INPE 4.2.c is INPE\'s: a unit of the Ministry of Culture asks the head alone (PCM 5.2.4)', async () => {
  const input = await submit('dtorres@cultura.gob.pe', 'mincul', validProposal() as unknown as Record<string, unknown>);
  expect(input).not.toHaveProperty('unit');
});

it('PCM 6.2.2.1: the process is told the year\'s approved Plan de Comunicación Digital, for the technical report to cite, or that there is none', async () => {
  const year = numberingYear(new Date());
  const body = validProposal({ proposedNames: ['CulturaPlanes', 'CulturaPlanPe'] }) as unknown as Record<string, unknown>;
  expect((await submit('dtorres@cultura.gob.pe', 'mincul', body)).plan).toEqual({ year, code: null });
  const plan = { _id: `mincul:${year}`, entityId: 'mincul', year, round: 1, sections: {}, weeklyPosts: {}, indicators: {}, updatedBy: 'crojas@cultura.gob.pe', updatedAt: new Date() };
  await digitalPlanModel(dbh.db).create({ ...plan, state: 'pending' });
  expect((await submit('dtorres@cultura.gob.pe', 'mincul', { ...body, proposedNames: ['CulturaPlanDos', 'CulturaPlanTres'] })).plan).toEqual({ year, code: null });
  await digitalPlanModel(dbh.db).updateOne({ _id: plan._id }, { $set: { state: 'approved', recordCode: `PLAN DE COMUNICACIÓN DIGITAL N° 001-${year}-OC/MINCUL` } });
  expect((await submit('dtorres@cultura.gob.pe', 'mincul', { ...body, proposedNames: ['CulturaPlanCua', 'CulturaPlanCin'] })).plan).toEqual({ year, code: `PLAN DE COMUNICACIÓN DIGITAL N° 001-${year}-OC/MINCUL` });
});
