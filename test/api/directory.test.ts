/**
 * SCS's Anexo 4 directory (issue 16 §5; PCM 6.3.5, 7.3) against FerretDB and the demo registry: every
 * account in force of every entity SCS supervises (PCM 2: INPE and Senace too, never the Congress), the
 * Anexo 4 fields, filters and keyset pages, and the phones only for SCS and the entity's head (Ley 29733).
 */
import { ProcessesUnavailable, type Processes } from '../../contracts/processes';
import { directoryService, type DirectoryRow, type DirectoryScope } from '../../api/services/directory';
import type { Principal } from '../../domain/access';
import { trusted } from '../../infra/db';
import { accountModel, type AccountDoc } from '../../infra/models/account';
import { auditModel } from '../../infra/models/audit';
import { seedDemo } from '../../local/seed';
import { createAuditTrail, type Caller } from '../../registry/audit';
import { createRegistry, type Registry } from '../../registry/reads';
import { startTestDb } from '../support/ferret';
import { validProposal } from '../support/fixtures';
import { CM, HEAD, OTHER_HEAD, SCS } from '../support/registryApp';

let dbh: Awaited<ReturnType<typeof startTestDb>>;
let registry: Registry;
let directory: ReturnType<typeof directoryService>;
/** Requests whose creation process the fake Temporal is asked about. */
let asked: string[];

const activatedAt = new Date('2026-06-01T15:00:00Z');
const account = (entityId: string, username: string, over: Partial<AccountDoc> = {}): AccountDoc => ({
  _id: `${entityId}-${username}`, entityId, network: 'facebook', username, managingEmail: `redes@${entityId}.gob.pe`, roles: [], status: 'active', activatedAt,
  origin: 'registered', responsibles: [{ name: `Responsable de ${username}`, phone: '987 654 321' }], description: `Descripción de ${username}`, contentType: 'Noticias', ...over,
});

const processes = {
  accountCreationStatus: async (requestId: string) => {
    asked.push(requestId);
    if (requestId === 'caida') throw new ProcessesUnavailable();
    if (requestId !== 'antigua') return undefined;
    return { requestId, entityId: 'mincul', stage: 'activa', proposal: validProposal(), waiting: [], decisions: [], checklist: { done: [], pending: [] }, supervisorAcknowledged: true, accountIds: [] };
  },
} as unknown as Processes;

const caller = async (email: string): Promise<Caller> => {
  const person = await registry.personByEmail(email);
  const principal = (await registry.principal(String(person!._id))) as Principal;
  return { principal, actor: { kind: 'person', email }, client: { userAgent: 'jest' } };
};
const SUPERVISED: DirectoryScope = { kind: 'supervised' };
const mincul: DirectoryScope = { kind: 'entity', entityId: 'mincul' };
const all = async (email: string, scope: DirectoryScope, query: Record<string, unknown> = {}) => (await directory.all(await caller(email), scope, query)).rows;
const names = (rows: DirectoryRow[]) => rows.map((r) => r.username);

beforeAll(async () => {
  dbh = await startTestDb();
  await seedDemo(dbh.db);
  registry = createRegistry(dbh.db);
  directory = directoryService({ db: dbh.db, registry, audit: createAuditTrail(dbh.db), processes });
  await accountModel(dbh.db).create([
    account('mincul', 'CulturaPeru', { url: 'https://www.facebook.com/CulturaPeru', responsibles: [{ name: 'Ana Quispe Rojas', phone: '987 654 321' }, { name: 'Bruno Salas Díaz', phone: '01 476-1234' }] }),
    account('mincul', 'CulturaVideos', { network: 'youtube' }),
    account('mincul', 'CulturaPausada', { status: 'paused', network: 'x' }),
    account('mincul', 'CulturaDeBaja', { status: 'retired' }),
    // Created through Custodio before the registry kept Anexo 4 data: one process still answers, one is gone, one unreachable.
    account('mincul', 'MinCulturaPe', { _id: 'antigua-instagram', network: 'instagram', origin: undefined, requestId: 'antigua', responsibles: undefined, description: undefined, contentType: undefined }),
    account('mincul', 'CulturaArchivo', { _id: 'perdida-x', network: 'x', origin: undefined, requestId: 'perdida', responsibles: undefined, description: undefined, contentType: undefined }),
    account('mincul', 'PatrimonioCaido', { _id: 'caida-x', network: 'x', origin: undefined, requestId: 'caida', responsibles: undefined, description: undefined, contentType: undefined }),
    account('inpe', 'InpeOficial', { network: 'x' }),
    account('senace', 'SenacePeru', { network: 'youtube' }),
    account('congreso', 'CongresoPeru'),
  ]);
});
afterAll(() => dbh?.stop());
beforeEach(() => {
  asked = [];
});

describe('the Anexo 4 directory (issue 16 §5; PCM 6.3.5, 7.3)', () => {
  it('PCM 6.3.5: an account created before the registry kept its Anexo 4 data takes it from its creation process once, and keeps it; one whose process is gone or unreachable links to its request', async () => {
    const rows = await all(SCS, SUPERVISED, { entity: 'mincul' });
    const created = rows.find((r) => r.username === 'MinCulturaPe')!;
    expect(created).toMatchObject({
      registered: false, contentType: 'Noticias, agenda cultural, videos cortos.', responsibles: [{ name: 'Carla Rojas Díaz', phone: '+51 987 654 321' }],
      description: expect.stringMatching(/^Objetivos: Difundir la agenda cultural.* Público objetivo: .* Funciones: Informar/),
    });
    expect(created.requestHref).toBeUndefined();
    for (const [name, request] of [['CulturaArchivo', 'perdida'], ['PatrimonioCaido', 'caida']]) {
      expect(rows.find((r) => r.username === name)).toMatchObject({ description: '', responsibles: [], requestHref: `/solicitudes/${request}` });
    }
    // In the rows' order; an unreachable Temporal ends the asking for this read (it would only wait again).
    expect(asked).toEqual(['perdida', 'antigua', 'caida']);
    asked = [];
    await all(SCS, SUPERVISED, { entity: 'mincul' });
    // Written back: only those still without data are asked again.
    expect(asked.sort()).toEqual(['caida', 'perdida']);
    expect(await accountModel(dbh.db).findById('antigua-instagram').lean()).toMatchObject({ contentType: 'Noticias, agenda cultural, videos cortos.' });
  });

  it('PCM 2, 6.3.5: SCS reads every account in force of every Executive Branch entity (INPE and Senace included), never the Congress nor a retired account, by entity then name', async () => {
    const rows = await all(SCS, SUPERVISED);
    expect(rows.map((r) => [r.entity.id, r.username])).toEqual([
      ['inpe', 'InpeOficial'],
      ['mincul', 'CulturaArchivo'], ['mincul', 'CulturaPausada'], ['mincul', 'CulturaPeru'], ['mincul', 'CulturaVideos'], ['mincul', 'MinCulturaPe'], ['mincul', 'PatrimonioCaido'],
      ['senace', 'SenacePeru'],
    ]);
  });

  it('PCM 6.3.5 (Anexo 4): each row carries the entity, responsible people with phones, managing email, network, account name and link, description and content type', async () => {
    const peru = (await all(SCS, SUPERVISED)).find((r) => r.username === 'CulturaPeru')!;
    expect(peru).toEqual({
      accountId: 'mincul-CulturaPeru', href: '/cuentas/mincul-CulturaPeru', entity: { id: 'mincul', name: 'Ministerio de Cultura' },
      network: 'facebook', networkLabel: 'Facebook', username: 'CulturaPeru', url: 'https://www.facebook.com/CulturaPeru', managingEmail: 'redes@mincul.gob.pe',
      responsibles: [{ name: 'Ana Quispe Rojas', phone: '987 654 321' }, { name: 'Bruno Salas Díaz', phone: '01 476-1234' }],
      description: 'Descripción de CulturaPeru', contentType: 'Noticias', status: 'active', statusLabel: 'Activa', registered: true,
    });
  });

  it('filters by entity, network and state (retired ones only when asked), and searches account and entity names, case, accents and a leading @ aside', async () => {
    expect(names(await all(SCS, SUPERVISED, { entity: 'inpe' }))).toEqual(['InpeOficial']);
    expect(names(await all(SCS, SUPERVISED, { network: 'youtube' }))).toEqual(['CulturaVideos', 'SenacePeru']);
    expect(names(await all(SCS, SUPERVISED, { state: 'retired' }))).toEqual(['CulturaDeBaja']);
    expect(names(await all(SCS, SUPERVISED, { state: 'paused' }))).toEqual(['CulturaPausada']);
    expect(await all(SCS, SUPERVISED, { state: 'todas' })).toHaveLength(9);
    expect(names(await all(SCS, SUPERVISED, { q: '@senacePERU' }))).toEqual(['SenacePeru']);
    // «Penitenciario» is in the entity's name, not the account's.
    expect(names(await all(SCS, SUPERVISED, { q: 'penitenciario' }))).toEqual(['InpeOficial']);
    expect(names(await all(SCS, SUPERVISED, { q: 'producción' }))).toEqual([]);
    // A pattern is text, never a regular expression.
    expect(names(await all(SCS, SUPERVISED, { q: 'Cultura.*' }))).toEqual([]);
  });

  it('refuses a filter nobody can apply at its field: an unknown network or state, an entity outside the scope (the Congress)', async () => {
    const scs = await caller(SCS);
    for (const [query, field] of [[{ network: 'myspace' }, 'network'], [{ state: 'borradas' }, 'state'], [{ entity: 'congreso' }, 'entity'], [{ q: 'x'.repeat(101) }, 'q']] as const) {
      await expect(directory.all(scs, SUPERVISED, query)).rejects.toMatchObject({ code: 'validation_failed', violations: [expect.objectContaining({ field })] });
    }
  });

  it('pages by keyset: 100 to a page on the page, every row once across pages, counted', async () => {
    const scs = await caller(SCS);
    const first = await directory.page(scs, SUPERVISED, {}, { limit: 3 });
    expect(first.counts).toEqual({ total: 8, before: 0 });
    const second = await directory.page(scs, SUPERVISED, {}, { limit: 3, cursor: first.nextCursor! });
    const third = await directory.page(scs, SUPERVISED, {}, { limit: 3, cursor: second.nextCursor! });
    expect(third.nextCursor).toBeUndefined();
    expect(third.counts).toEqual({ total: 8, before: 6 });
    expect([...first.rows, ...second.rows, ...third.rows].map((r) => r.username)).toEqual(names(await all(SCS, SUPERVISED)));
  });

  it('Ley 29733: the entity\'s head sees the phones of its directory, its community manager never, and reads of phones are recorded', async () => {
    const before = await auditModel(dbh.db).countDocuments({ action: 'directory.viewed' });
    const byHead = await directory.page(await caller(HEAD), mincul, {}, { limit: 100 });
    expect(byHead.phonesShown).toBe(true);
    expect(byHead.rows.find((r) => r.username === 'CulturaPeru')!.responsibles).toEqual([{ name: 'Ana Quispe Rojas', phone: '987 654 321' }, { name: 'Bruno Salas Díaz', phone: '01 476-1234' }]);
    const byCm = await directory.page(await caller(CM), mincul, {}, { limit: 100 });
    expect(byCm.phonesShown).toBe(false);
    expect(byCm.rows.map((r) => r.username)).toEqual(byHead.rows.map((r) => r.username));
    expect(byCm.rows.flatMap((r) => r.responsibles).some((p) => 'phone' in p)).toBe(false);
    expect(JSON.stringify(await directory.all(await caller(CM), mincul, {}))).not.toMatch(/987 654 321|476-1234/);
    const rows = await auditModel(dbh.db).find({ action: 'directory.viewed' }).sort({ at: 1 }).lean();
    expect(rows.length - before).toBe(1);
    expect(rows.at(-1)).toMatchObject({ actor: { kind: 'person', email: HEAD }, entityId: 'mincul', detail: 'Página del directorio: 4 cuentas con teléfonos de sus responsables' });
    expect(rows.map((r) => r.actor.email)).not.toContain(CM);
  });

  it('Ley 29733: SCS\'s reads of phones land in each entity\'s own trail, so its head sees who read its people\'s phones', async () => {
    const since = new Date();
    await directory.page(await caller(SCS), SUPERVISED, { network: 'youtube' }, { limit: 100 });
    const rows = await auditModel(dbh.db).find({ action: 'directory.viewed', at: trusted({ $gte: since }) }).lean();
    expect(rows.map((r) => [r.actor.email, r.entityId, r.detail]).sort()).toEqual([
      [SCS, 'mincul', 'Página del directorio: 1 cuenta con teléfonos de sus responsables'],
      [SCS, 'senace', 'Página del directorio: 1 cuenta con teléfonos de sus responsables'],
    ]);
  });

  it('SCS\'s directory is SCS\'s alone; an entity\'s directory is for its own readers: another entity\'s head is refused (403)', async () => {
    for (const email of [HEAD, CM, 'admin@custodio.gob.pe']) await expect(directory.page(await caller(email), SUPERVISED, {}, { limit: 10 })).rejects.toMatchObject({ code: 'forbidden' });
    for (const email of [OTHER_HEAD, 'gramos@inpe.gob.pe']) await expect(directory.page(await caller(email), mincul, {}, { limit: 10 })).rejects.toMatchObject({ code: 'forbidden' });
    // PCM 2: the Congress's own directory is its own, and SCS's is not over it.
    await expect(directory.page(await caller(SCS), { kind: 'entity', entityId: 'congreso' }, {}, { limit: 10 })).rejects.toMatchObject({ code: 'forbidden' });
    expect((await directory.page(await caller(OTHER_HEAD), { kind: 'entity', entityId: 'congreso' }, {}, { limit: 10 })).rows.map((r) => r.username)).toEqual(['CongresoPeru']);
  });
});
