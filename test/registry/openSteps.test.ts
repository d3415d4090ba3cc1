/**
 * The open-step index (issue 14 §1.4): what a roster change nudges and what metrics count. Against
 * FerretDB: a step asked twice is one row, a step sent to someone else says so, a closed step never
 * reopens (an email activity retried after the decision), and closed rows are purged.
 */
import { trusted } from '../../infra/db';
import { openStepModel } from '../../infra/models/openStep';
import { openSteps, type OpenSteps } from '../../registry/openSteps';
import { startTestDb } from '../support/ferret';

let dbh: Awaited<ReturnType<typeof startTestDb>>;
let steps: OpenSteps;

beforeAll(async () => {
  dbh = await startTestDb();
  steps = openSteps(dbh.db);
});
afterAll(() => dbh?.stop());

const asked = (workflowId: string, step: string, waitingFor: string[], process = 'campaign', entityId = 'mincul') =>
  steps.asked({ workflowId, step, process, entityId, title: 'Paso', waitingFor, openedAt: new Date('2026-12-01T15:00:00Z') });

it('asked twice is one row; sent to someone else, it waits for them; closed, it leaves the lists and a late retry cannot reopen it', async () => {
  await asked('campana-1', 'informe-cierre', ['crojas@cultura.gob.pe']);
  await asked('campana-1', 'informe-cierre', ['crojas@cultura.gob.pe']);
  await asked('campana-1', 'informe-cierre', ['epaz@cultura.gob.pe']);
  expect(await openStepModel(dbh.db).find({ workflowId: 'campana-1' }).lean()).toEqual([expect.objectContaining({ waitingFor: ['epaz@cultura.gob.pe'] })]);
  expect(await steps.workflowsOf('mincul', ['campaign'])).toEqual(['campana-1']);

  await steps.closed('campana-1', 'informe-cierre');
  await asked('campana-1', 'informe-cierre', ['crojas@cultura.gob.pe']);
  expect(await steps.workflowsOf('mincul', ['campaign'])).toEqual([]);
  expect((await steps.all()).filter((s) => s.workflowId === 'campana-1')).toEqual([]);
});

it('nudges only the kinds asked for, of the entity asked for; purges rows closed before the given instant', async () => {
  await asked('account-request-9', 'verificacion-1', ['crojas@cultura.gob.pe'], 'accountCreation');
  await asked('rotacion-9', 'rotacion-1', ['crojas@cultura.gob.pe'], 'credentialRotation');
  await asked('campana-7', 'aprobacion-1', ['jefe@congreso.gob.pe'], 'campaign', 'congreso');
  expect((await steps.workflowsOf('mincul', ['accountCreation', 'campaign'])).sort()).toEqual(['account-request-9']);
  await steps.closed('account-request-9', 'verificacion-1', new Date('2026-12-02T00:00:00Z'));
  await steps.closed('rotacion-9', 'rotacion-1', new Date('2026-12-05T00:00:00Z'));
  expect(await steps.purgeClosed(new Date('2026-12-03T00:00:00Z'))).toBe(1);
  expect((await openStepModel(dbh.db).find({ workflowId: trusted({ $in: ['account-request-9', 'rotacion-9'] }) }).lean()).map((r) => r.workflowId)).toEqual(['rotacion-9']);
});
