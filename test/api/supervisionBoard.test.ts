/**
 * The SCS supervisor's board (issue 15 §2) against FerretDB and the demo registry, with the clock set:
 * overdue rotations counted as the rotation process counts them (Lima business days), the steps waiting
 * for SCS, this month's review of page roles done or missing, and only the entities SCS supervises.
 */
import { accountSchedule } from '../../api/services/accountBoard';
import { supervisionBoard, type SupervisionBoard } from '../../api/services/supervisionBoard';
import type { Principal } from '../../domain/access';
import { accountModel, type AccountDoc } from '../../infra/models/account';
import { entityModel } from '../../infra/models/entity';
import { openStepModel } from '../../infra/models/openStep';
import { roleReviewModel } from '../../infra/models/roleReview';
import { rotationModel } from '../../infra/models/rotation';
import { entityWithDefaults, seedDemo } from '../../local/seed';
import type { Caller } from '../../registry/audit';
import { createRegistry, type Registry } from '../../registry/reads';
import { startTestDb } from '../support/ferret';
import { HEAD, SCS } from '../support/registryApp';

let dbh: Awaited<ReturnType<typeof startTestDb>>;
let registry: Registry;
let board: ReturnType<typeof supervisionBoard>;

/** Monday 4 January 2027 (1 January is a holiday, then a weekend), 08:00 and 10:00 in Lima. */
const BEFORE_NINE = new Date('2027-01-04T13:00:00Z');
const AFTER_NINE = new Date('2027-01-04T15:00:00Z');
const activatedAt = new Date('2026-06-01T15:00:00Z');

const account = (entityId: string, username: string, over: Partial<AccountDoc> = {}): AccountDoc => ({
  _id: `${entityId}-${username}`, entityId, network: 'instagram', username, managingEmail: `redes@${entityId}.gob.pe`, roles: [], status: 'active',
  activatedAt, origin: 'registered', ...over,
});

const step = (entityId: string, workflowId: string, waitingFor: string[], over: Record<string, unknown> = {}) => ({
  _id: `${workflowId}/paso`, workflowId, step: 'paso', process: 'accountCreation', entityId, title: 'Acusar recibo del informe técnico', waitingFor,
  openedAt: new Date('2026-12-28T15:00:00Z'), ...over,
});

const caller = async (email: string): Promise<Caller> => {
  const person = await registry.personByEmail(email);
  const principal = (await registry.principal(String(person!._id))) as Principal;
  return { principal, actor: { kind: 'person', email }, client: { userAgent: 'jest' } };
};
const rowOf = (b: SupervisionBoard, id: string) => b.rows.find((r) => r.entity.id === id);

beforeAll(async () => {
  dbh = await startTestDb();
  await seedDemo(dbh.db);
  // A second entity under PCM whose SCS address was typed in capitals.
  await entityModel(dbh.db).create({ ...entityWithDefaults('produce', 'Ministerio de la Producción', 'PCM', 'produce.gob.pe'), supervisorEmail: 'RRSS_SCS@pcm.gob.pe' });
  registry = createRegistry(dbh.db);
  board = supervisionBoard({ db: dbh.db, registry });

  await accountModel(dbh.db).create([
    // Due 1 January 2027, a holiday, then a weekend: due Monday 4 January at 09:00 Lima.
    account('mincul', 'CulturaFeriado', { lastRotatedOn: '2026-12-01' }),
    // Due 21 December 2026.
    account('mincul', 'CulturaVencida', { lastRotatedOn: '2026-11-20' }),
    // An old date, but Custodio recorded a confirmed change since: it counts from that one.
    account('mincul', 'CulturaAlDia', { lastRotatedOn: '2026-10-01' }),
    // Nobody knew when it last changed: due at once.
    account('mincul', 'CulturaSinFecha'),
    account('mincul', 'CulturaPausada', { status: 'paused', lastRotatedOn: '2026-10-01' }),
    account('mincul', 'CulturaDeBaja', { status: 'retired', lastRotatedOn: '2026-10-01' }),
    account('produce', 'ProduceAlDia', { lastRotatedOn: '2026-12-20' }),
    account('congreso', 'CongresoVencida', { lastRotatedOn: '2026-10-01' }),
  ]);
  await rotationModel(dbh.db).create({
    _id: 'mincul-CulturaAlDia:1', accountId: 'mincul-CulturaAlDia', entityId: 'mincul', cycle: 1, dueAt: new Date('2026-11-02T14:00:00Z'),
    confirmedAt: new Date('2026-12-15T15:00:00Z'), confirmedBy: 'crojas@cultura.gob.pe',
  });
  await openStepModel(dbh.db).create([
    step('mincul', 'account-request-r1', [SCS], { dueAt: new Date('2027-01-02T14:00:00Z') }),
    step('mincul', 'campana-c1', [HEAD], { process: 'campaign' }),
    step('mincul', 'account-request-r0', [SCS], { closedAt: new Date('2026-12-30T15:00:00Z') }),
    step('produce', 'campana-c2', [SCS], { process: 'campaign', title: 'Emitir la opinión técnica', dueAt: new Date('2027-01-20T14:00:00Z') }),
    step('congreso', 'account-request-r9', [SCS]),
  ]);
  const review = { workflowId: 'w', reviewer: { name: 'Ana Quispe Huamán', email: HEAD }, designated: false, accountsReviewed: 5, grantsListed: 0, openedAt: new Date('2027-01-04T14:00:00Z') };
  await roleReviewModel(dbh.db).create([
    { ...review, _id: 'mincul:2027-01', entityId: 'mincul', month: '2027-01', state: 'attested', attestedBy: HEAD, attestedAt: new Date('2027-01-04T16:00:00Z') },
    { ...review, _id: 'produce:2026-12', entityId: 'produce', month: '2026-12', state: 'open' },
  ]);
});
afterAll(() => dbh?.stop());

describe('the SCS supervision board (issue 15 §2)', () => {
  it('PCM 6.1.2.5: overdue rotations are counted by their due date in Lima business days, as the accounts page counts them', async () => {
    const early = await board(await caller(SCS), BEFORE_NINE);
    // Before 09:00 on Monday the holiday-moved rotation is not overdue yet: the stale one and the unknown one are.
    expect(rowOf(early, 'mincul')).toMatchObject({ accounts: 5, overdueRotations: 2 });
    const late = await board(await caller(SCS), AFTER_NINE);
    expect(rowOf(late, 'mincul')).toMatchObject({ accounts: 5, overdueRotations: 3 });
    expect(rowOf(late, 'produce')).toMatchObject({ accounts: 1, overdueRotations: 0 });
    // The same rule as the accounts page: its overdue rows are the board's count.
    const entity = (await registry.entity('mincul'))!;
    const page = await accountSchedule(dbh.db)(entity, AFTER_NINE);
    expect(page.filter((r) => r.overdue).map((r) => r.username).sort()).toEqual(['CulturaFeriado', 'CulturaSinFecha', 'CulturaVencida']);
    expect(late.totals).toMatchObject({ overdueRotations: 3, accounts: 6 });
  });

  it('PCM 6.1.1.2, 6.4.2: counts the open steps waiting for the entity\'s SCS address, closed ones and others\' left out, each leading to its process', async () => {
    const b = await board(await caller(SCS), AFTER_NINE);
    expect([rowOf(b, 'mincul')!.pendingForScs, rowOf(b, 'produce')!.pendingForScs]).toEqual([1, 1]);
    expect(b.pending).toEqual([
      expect.objectContaining({ entity: { id: 'mincul', name: 'Ministerio de Cultura' }, process: 'Creación de cuenta', href: '/solicitudes/r1', overdue: true }),
      expect.objectContaining({ entity: { id: 'produce', name: 'Ministerio de la Producción' }, title: 'Emitir la opinión técnica', process: 'Campaña', href: '/campanas/c2', overdue: false }),
    ]);
    expect(b.totals.pendingForScs).toBe(2);
  });

  it('PCM 6.1.2.11: this month\'s role review is done, missing once its first business day has come, and not due before', async () => {
    const early = await board(await caller(SCS), BEFORE_NINE);
    expect(rowOf(early, 'produce')!.review).toEqual({ month: '2027-01', state: 'notDue', dueAt: '2027-01-04T14:00:00.000Z' });
    const late = await board(await caller(SCS), AFTER_NINE);
    expect(late.month).toEqual({ id: '2027-01', label: 'enero de 2027' });
    expect(rowOf(late, 'mincul')!.review).toMatchObject({ state: 'attested', attestedAt: '2027-01-04T16:00:00.000Z' });
    // Last month's open review is not this month's.
    expect(rowOf(late, 'produce')!.review.state).toBe('missing');
    // INPE's and Senace's reviews are missing too: they are under SCS (PCM 2).
    expect(late.totals).toMatchObject({ reviewsAttested: 1, reviewsMissing: 3 });
  });

  it('PCM 2: the Congress is not under SCS supervision, so neither its overdue account nor the step it addressed to SCS appear', async () => {
    const b = await board(await caller(SCS), AFTER_NINE);
    expect(b.rows.map((r) => r.entity.id)).toEqual(expect.arrayContaining(['mincul', 'produce']));
    expect(b.rows.map((r) => r.entity.id)).not.toContain('congreso');
    expect(b.pending.map((s) => s.entity.id)).not.toContain('congreso');
    // Rows in name order, as people look for an entity.
    const names = b.rows.map((r) => r.entity.name);
    expect(names).toEqual([...names].sort((x, y) => x.localeCompare(y)));
  });

  it('PCM 2: INPE and Senace are Executive Branch: the board lists them beside the ministries', async () => {
    const b = await board(await caller(SCS), AFTER_NINE);
    expect(b.rows.map((r) => r.entity.id).sort()).toEqual(['inpe', 'mincul', 'produce', 'senace']);
    expect(b.totals.entities).toBe(4);
  });

  it('is the supervisor\'s alone: a head and the platform admin are refused (403)', async () => {
    for (const email of [HEAD, 'admin@custodio.gob.pe']) {
      await expect(board(await caller(email), AFTER_NINE)).rejects.toMatchObject({ code: 'forbidden' });
    }
  });
});
