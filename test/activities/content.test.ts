/**
 * Who decides a content request, read from the demo registry on FerretDB: the head or the designee the
 * head named (PCM 6.2.2.2, only where the profile allows delegation), never the requester, and the
 * Presidency for INPE's sensitive content (INPE 5.2.b); and what the process keeps on the request's row.
 * The workflow's use of these answers is tested on
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

describe('what the registry keeps of a request', () => {
  it('PCM 6.2.2.5–8, 6.2.2.17: the CM\'s confirmations are kept on the row, and a correction removes them', async () => {
    const rows = contentRequestModel(dbh.db);
    await rows.create({
      _id: 'c0ffee000000000000000001', workflowId: 'contenido-c0ffee000000000000000001', entityId: 'mincul', requesterEmail: REQUESTER, submittedBy: REQUESTER,
      unit: 'Dirección General de Museos', title: 'Noche de museos', networks: ['x'], publishOn: '2026-12-11', publishAt: '10:00', submittedAt: new Date(), stage: 'evaluacion',
    });
    const confirmations = {
      items: [{ id: 'respectful' as const, clause: 'PCM 6.2.2.6' }, { id: 'peopleConsent' as const, clause: 'PCM 6.2.2.17' }],
      news: { news: true as const, url: 'https://www.gob.pe/institucion/cultura/noticias/1' },
      by: CM.email,
      at: '2026-12-06T15:00:00.000Z',
    };
    await acts.recordContentState({ requestId: 'c0ffee000000000000000001', stage: 'aprobacion', confirmations });
    expect((await rows.findById('c0ffee000000000000000001').lean())).toMatchObject({ stage: 'aprobacion', confirmations });
    await acts.recordContentState({ requestId: 'c0ffee000000000000000001', stage: 'correccion', confirmations: null });
    const corrected = await rows.findById('c0ffee000000000000000001').lean();
    expect(corrected?.stage).toBe('correccion');
    expect(corrected).not.toHaveProperty('confirmations');
  });
});
