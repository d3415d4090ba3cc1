/**
 * A security incident's activities against FerretDB and the demo registry (PCM 6.1.1.7): what the
 * process is told when it opens (SCS's supervision by profile, the CNSD's address, the accounts by
 * name), and the row written the same way however often an attempt is retried.
 */
import { createIncidentActivities } from '../../activities/incident';
import { CNSD_DEFAULT_EMAIL } from '../../domain/incident';
import { accountModel } from '../../infra/models/account';
import { incidentModel, type IncidentDoc } from '../../infra/models/incident';
import { seedDemo } from '../../local/seed';
import { createRegistry } from '../../registry/reads';
import { startTestDb } from '../support/ferret';

let dbh: Awaited<ReturnType<typeof startTestDb>>;

const row = (_id: string, entityId: string, accountIds: string[]): IncidentDoc => ({
  _id, entityId, workflowId: `incidente-${entityId}-${_id}`, kind: 'cuenta-comprometida', accountIds, description: 'Publicaron un enlace fraudulento.',
  noticedAt: new Date('2026-12-07T14:00:00Z'), reportedBy: 'crojas@cultura.gob.pe', reportedAt: new Date('2026-12-07T14:30:00Z'), state: 'open', timeline: [], checklist: [],
});
const deps = () => ({ incidents: incidentModel(dbh.db), accounts: accountModel(dbh.db), registry: createRegistry(dbh.db) });

beforeAll(async () => {
  dbh = await startTestDb();
  await seedDemo(dbh.db);
  const a = { managingEmail: 'redes@cultura.gob.pe', roles: [], activatedAt: new Date(), status: 'active' as const };
  await accountModel(dbh.db).insertMany([
    { _id: 'i-x', entityId: 'mincul', network: 'x', username: 'CulturaPeru', ...a },
    { _id: 'i-fb', entityId: 'mincul', network: 'facebook', username: 'CulturaPeru', ...a },
    { _id: 'i-cong', entityId: 'congreso', network: 'x', username: 'CongresoPeru', ...a },
  ]);
  await incidentModel(dbh.db).insertMany([row('a'.repeat(24), 'mincul', ['i-x', 'i-fb']), row('b'.repeat(24), 'congreso', ['i-cong']), row('c'.repeat(24), 'inpe', [])]);
});
afterAll(() => dbh?.stop());

describe('incidentContext (PCM 6.1.1.7)', () => {
  it('names the accounts, the time it was noticed in Lima, and the CNSD\'s default mailbox; SCS supervises a PCM entity', async () => {
    const ctx = await createIncidentActivities(deps()).incidentContext({ incidentId: 'a'.repeat(24), entityId: 'mincul' });
    expect(ctx).toMatchObject({ exists: true, supervisedByScs: true, cnsdEmail: CNSD_DEFAULT_EMAIL, entity: { id: 'mincul', head: { email: 'aquispe@cultura.gob.pe' } } });
    expect(ctx.words).toMatchObject({ kind: 'Cuenta comprometida', accounts: ['Facebook @CulturaPeru', 'X (Twitter) @CulturaPeru'], description: 'Publicaron un enlace fraudulento.' });
    expect(ctx.words.noticedAt).toBe('lunes 7 de diciembre de 2026, 09:00');
  });

  it('PCM 2: SCS supervises INPE (Executive Branch) but not the Congress; a deployment may set another CNSD address', async () => {
    const acts = createIncidentActivities({ ...deps(), cnsdEmail: 'seguridad@cnsd.example.pe' });
    expect(await acts.incidentContext({ incidentId: 'b'.repeat(24), entityId: 'congreso' })).toMatchObject({ supervisedByScs: false, cnsdEmail: 'seguridad@cnsd.example.pe' });
    expect(await acts.incidentContext({ incidentId: 'c'.repeat(24), entityId: 'inpe' })).toMatchObject({ supervisedByScs: true });
  });

  it('an incident whose row or entity is gone asks nobody', async () => {
    const acts = createIncidentActivities(deps());
    expect(await acts.incidentContext({ incidentId: 'd'.repeat(24), entityId: 'mincul' })).toMatchObject({ exists: false });
    expect((await acts.incidentContext({ incidentId: 'a'.repeat(24), entityId: 'nadie' })).entity).toBeUndefined();
  });
});

describe('recordIncident', () => {
  it('writes the timeline, checklist and closing report; a retried attempt leaves the same row; closing closes it', async () => {
    const acts = createIncidentActivities(deps());
    const timeline = [{ at: '2026-12-07T14:30:00.000Z', by: 'crojas@cultura.gob.pe', what: 'Reportó el incidente.' }];
    const open = { incidentId: 'a'.repeat(24), stage: 'en-atencion' as const, timeline, checklist: [{ item: 'revisar-roles', by: 'aquispe@cultura.gob.pe', at: '2026-12-07T15:00:00.000Z' }] };
    await acts.recordIncident(open);
    await acts.recordIncident(open);
    let doc = (await incidentModel(dbh.db).findById('a'.repeat(24)).lean())!;
    expect([doc.state, doc.timeline.length, doc.checklist.length, doc.closedAt]).toEqual(['open', 1, 1, undefined]);
    const closing = { report: 'Acceso recuperado, roles revisados.', by: 'aquispe@cultura.gob.pe', at: '2026-12-08T15:00:00.000Z' };
    await acts.recordIncident({ ...open, stage: 'cerrado', closing });
    doc = (await incidentModel(dbh.db).findById('a'.repeat(24)).lean())!;
    expect([doc.state, doc.closing?.report, doc.closedAt?.toISOString()]).toEqual(['closed', closing.report, closing.at]);
  });
});
