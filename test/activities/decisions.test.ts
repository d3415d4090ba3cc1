/**
 * The audit row of a decision, written by the process that took it (issue 14 §1.7; Ley 27806,
 * RULEBOOK §8): against FerretDB, a retried activity leaves one row per step and link version, in the
 * process's entity trail, naming who decided, how (link or session) and from where.
 */
import { createDecisionActivities } from '../../activities/decisions';
import type { Decision } from '../../domain/decision';
import { auditModel } from '../../infra/models/audit';
import { requestModel } from '../../infra/models/request';
import { createAuditTrail } from '../../registry/audit';
import { workflowEntity } from '../../registry/workflowEntity';
import { openSteps } from '../../registry/openSteps';
import { createRegistry } from '../../registry/reads';
import { personModel } from '../../infra/models/person';
import { seedDemo } from '../../local/seed';
import type { EntityPolicy } from '../../domain/entity';
import { startTestDb } from '../support/ferret';

let dbh: Awaited<ReturnType<typeof startTestDb>>;

beforeAll(async () => {
  dbh = await startTestDb();
  await seedDemo(dbh.db);
  await requestModel(dbh.db).create({ _id: 'r1', workflowId: 'account-request-r1', kind: 'accountCreation', entityId: 'mincul', requesterEmail: 'dtorres@cultura.gob.pe', submittedBy: 'x', title: 'x', submittedAt: new Date() });
});
afterAll(() => dbh?.stop());

const activities = (registry = createRegistry(dbh.db)) =>
  createDecisionActivities({ audit: createAuditTrail(dbh.db), entityOf: workflowEntity(dbh.db), steps: openSteps(dbh.db), registry });
const decision: Decision = {
  step: 'aprobacion-1', action: 'observe', reason: 'Falta el público objetivo.', by: 'aquispe@cultura.gob.pe', at: '2026-12-02T15:04:05.000Z', ip: '10.1.2.3', userAgent: 'Firefox',
};

it('a decision through a link: one row in the entity\'s trail with the addressee, IP, user agent, reason and the decision\'s instant, however often retried', async () => {
  for (let i = 0; i < 3; i++) await activities().recordDecision({ workflowId: 'account-request-r1', version: 2, decision });
  const rows = await auditModel(dbh.db).find({ workflowId: 'account-request-r1', step: 'aprobacion-1' }).lean();
  expect(rows).toEqual([expect.objectContaining({
    action: 'decision.recorded', actor: { kind: 'link', email: 'aquispe@cultura.gob.pe' }, entityId: 'mincul', subject: 'aquispe@cultura.gob.pe',
    ip: '10.1.2.3', userAgent: 'Firefox', detail: 'observe: Falta el público objetivo.', at: new Date('2026-12-02T15:04:05.000Z'),
  })]);
});

it('a decision by someone signed in names a person, not a link holder; another step is another row', async () => {
  await activities().recordDecision({ workflowId: 'account-request-r1', version: 1, decision: { ...decision, step: 'acuse-scs', action: 'acknowledge', reason: undefined, by: 'rrss_scs@pcm.gob.pe', signedIn: true } });
  const row = await auditModel(dbh.db).findOne({ workflowId: 'account-request-r1', step: 'acuse-scs' }).lean();
  expect(row).toMatchObject({ actor: { kind: 'person', email: 'rrss_scs@pcm.gob.pe' }, detail: 'acknowledge' });
  expect(await auditModel(dbh.db).countDocuments({ workflowId: 'account-request-r1' })).toBe(2);
});

describe('whom a step asks: the roster as the registry has it when the step asks (PCM 5.2.4)', () => {
  const headOf = (e: EntityPolicy) => e.head.email;
  afterEach(() => jest.restoreAllMocks());

  it('a worker asking again and again reads the people once per revision, and a change announced by its writer reaches the next ask', async () => {
    const registry = createRegistry(dbh.db);
    const known = (await registry.policy('mincul') as { policy: EntityPolicy }).policy;
    const acts = activities(registry);
    // The registry reads a roster's people one lookup each, or all in a scan after a change.
    const peopleReads = [jest.spyOn(personModel(dbh.db), 'findById'), jest.spyOn(personModel(dbh.db), 'find')];
    for (let i = 0; i < 3; i++) expect(headOf(await acts.currentEntity({ known }))).toBe('aquispe@cultura.gob.pe');
    for (const read of peopleReads) expect(read).not.toHaveBeenCalled();

    // The head leaves; the second in command answers for the office until a new head is named.
    const head = (await personModel(dbh.db).findOne({ email: 'aquispe@cultura.gob.pe' }))!;
    head.memberships.find((m) => m.entityId === 'mincul')!.leftAt = new Date();
    await head.save();
    await registry.rosterChanged(['mincul']);
    expect(headOf(await acts.currentEntity({ known }))).toBe('bsalas@cultura.gob.pe');
    expect(peopleReads.some((read) => read.mock.calls.length > 0)).toBe(true);
  });

  it('an entity the registry no longer has: the step asks whom the process knew', async () => {
    const known = { ...(await createRegistry(dbh.db).policy('mincul') as { policy: EntityPolicy }).policy, id: 'gone' };
    expect(await activities().currentEntity({ known })).toBe(known);
  });
});
