/**
 * Who decides a content request, read from the demo registry on FerretDB: the head or the designee the
 * head named (PCM 6.2.2.2, only where the profile allows delegation), never the requester, and the
 * Presidency for INPE's sensitive content (INPE 5.2.b). The workflow's use of these answers is tested on
 * the time-skipping server (test/workflows/content.test.ts).
 */
import { createContentActivities } from '../../activities/content';
import type { ImageStore } from '../../registry/contentImages';
import { contentRequestModel } from '../../infra/models/contentRequest';
import { entityModel } from '../../infra/models/entity';
import { createRegistry } from '../../registry/reads';
import { seedDemo } from '../../local/seed';
import { startTestDb } from '../support/ferret';

let dbh: Awaited<ReturnType<typeof startTestDb>>;
let acts: ReturnType<typeof createContentActivities>;

const HEAD = { name: 'Ana Quispe Huamán', email: 'aquispe@cultura.gob.pe' };
const SECOND = { name: 'Bruno Salas Ríos', email: 'bsalas@cultura.gob.pe' };
const CM = { name: 'Carla Rojas Díaz', email: 'crojas@cultura.gob.pe' };
const REQUESTER = 'dtorres@cultura.gob.pe';

beforeAll(async () => {
  dbh = await startTestDb();
  await seedDemo(dbh.db);
  acts = createContentActivities({ images: {} as ImageStore, requests: contentRequestModel(dbh.db), registry: createRegistry(dbh.db) });
});
afterAll(async () => dbh?.stop());

const designate = (entityId: string, email: string | null) => entityModel(dbh.db).updateOne({ _id: entityId }, { $set: { contentDesigneeEmail: email } });

describe('who decides a content request', () => {
  afterEach(async () => {
    await designate('mincul', null);
    await designate('congreso', null);
  });

  it('PCM 6.2.2.2: the head approves, the second in command is the escalation', async () => {
    expect(await acts.contentDeciders({ entityId: 'mincul', requesterEmail: REQUESTER })).toEqual({
      communityManager: CM, approver: HEAD, escalateTo: [SECOND], presidency: [],
    });
  });

  it('PCM 6.2.2.2: the designee the head named approves instead, and the head becomes the escalation', async () => {
    await designate('mincul', SECOND.email);
    expect(await acts.contentDeciders({ entityId: 'mincul', requesterEmail: REQUESTER })).toMatchObject({ approver: SECOND, escalateTo: [HEAD] });
  });

  it('separation of duties: a designee who made the request does not approve it', async () => {
    await designate('mincul', SECOND.email);
    const d = await acts.contentDeciders({ entityId: 'mincul', requesterEmail: SECOND.email.toUpperCase() });
    expect(d.approver).toEqual(HEAD);
  });

  it('CONGRESO 5.1.1: a designee written into the registry anyway is ignored; the head approves', async () => {
    await designate('congreso', 'ecampos@congreso.gob.pe');
    const d = await acts.contentDeciders({ entityId: 'congreso', requesterEmail: 'mluna@congreso.gob.pe' });
    expect(d.approver).toEqual({ name: 'Diana Flores Paz', email: 'dflores@congreso.gob.pe' });
  });

  it('INPE 5.2.b: the roster\'s Presidency is named for sensitive content', async () => {
    const d = await acts.contentDeciders({ entityId: 'inpe', requesterEmail: 'nibanez@inpe.gob.pe' });
    expect(d.presidency).toEqual([{ name: 'Rosa Palacios Méndez', email: 'presidencia@inpe.gob.pe' }]);
  });
});
