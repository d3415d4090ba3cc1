/**
 * Simultaneous roster and entity changes (issue #3 §1): FerretDB has no transactions, so claims in
 * `roster_claims` settle who wins (PCM 5.2.4 one head, PCM 6.1.1.5 one second in command, one
 * membership per person); a loser or a failed write leaves nothing behind.
 */
import { trusted } from '../../infra/db';
import { entityModel } from '../../infra/models/entity';
import { personModel } from '../../infra/models/person';
import { rosterClaimModel, rosterClaims, STALE_CLAIM_MS } from '../../infra/models/rosterClaim';
import { SCS, useRegistryApp } from '../support/registryApp';

jest.setTimeout(60_000);

const { t, as, roster, idOf, addPerson, count } = useRegistryApp();

describe('simultaneous changes: claims in roster_claims settle them (FerretDB has no transactions)', () => {
  const N = 5;
  const newEntity = async (id: string, domain: string) => {
    const body = { id, name: `Entidad ${id}`, profile: 'PCM', emailDomains: [domain], location: 'Lima', supervisorEmail: SCS };
    expect((await as.admin.api('POST', '/api/entities', body)).status).toBe(201);
  };
  /** Status and error code of each answer, sorted: the order in which simultaneous requests finish varies. */
  const outcome = (answers: Array<{ status: number; json: any }>) => answers.map((a) => `${a.status}${a.json?.error ? ` ${a.json.error.code}` : ''}`).sort();
  const claimsOf = async (entityId: string) => (await rosterClaimModel(t.db).find({ entityId }).sort({ _id: 1 }).lean()).map((c) => `${c._id} ← ${c.email}`);
  const holders = async (entity: string, role: string) => (await roster(as.admin, entity)).filter((p) => p.role === role).map((p) => p.email);
  const changeIn = async (entity: string, email: string, body: unknown) => as.admin.api('PATCH', `/api/entities/${entity}/people/${await idOf(email)}`, body);

  it('PCM 5.2.4: five heads added at the same moment: one 201, four 409 roster_conflict citing PCM 5.2.4, and the entity has exactly that one head', async () => {
    await newEntity('sunafil', 'sunafil.gob.pe');
    const answers = await Promise.all([...Array(N).keys()].map((n) => addPerson(as.admin, { name: `Jefe ${n}`, email: `jefe${n}@sunafil.gob.pe`, role: 'head' }, 'sunafil')));
    expect(outcome(answers)).toEqual(['201', ...Array(N - 1).fill('409 roster_conflict')]);
    for (const a of answers.filter((r) => r.status === 409)) expect(a.json.error.details[0]).toMatchObject({ field: 'role', rule: 'PCM 5.2.4' });
    const winner = answers.find((a) => a.status === 201)!.json.email as string;
    expect(await holders('sunafil', 'head')).toEqual([winner]);
    // Those refused left nothing behind: no person, no claim, no audit row.
    expect(await personModel(t.db).countDocuments({ email: trusted({ $regex: /^jefe\d@sunafil/ }) })).toBe(1);
    expect(await claimsOf('sunafil')).toEqual([`sunafil:member:${winner} ← ${winner}`, `sunafil:role:head ← ${winner}`]);
    expect(await count('roster.added', { entityId: 'sunafil' })).toBe(1);
  });

  it('the same person added five times at the same moment is registered once: one 201, four 409 conflict, never a 500 or a double entry', async () => {
    await newEntity('sunarp', 'sunarp.gob.pe');
    const answers = await Promise.all([...Array(N).keys()].map(() => addPerson(as.admin, { name: 'Karen Soto', email: 'ksoto@sunarp.gob.pe', role: 'team' }, 'sunarp')));
    expect(outcome(answers)).toEqual(['201', ...Array(N - 1).fill('409 conflict')]);
    expect((await roster(as.admin, 'sunarp')).filter((p) => p.email === 'ksoto@sunarp.gob.pe')).toHaveLength(1);
    const karen = await personModel(t.db).find({ email: 'ksoto@sunarp.gob.pe' }).lean();
    expect(karen.map((p) => p.memberships.length)).toEqual([1]);
    expect(await claimsOf('sunarp')).toEqual(['sunarp:member:ksoto@sunarp.gob.pe ← ksoto@sunarp.gob.pe']);
  });

  it('PCM 6.1.1.5: two members made second in command at the same moment: one 200, one 409 roster_conflict, and one second in command', async () => {
    for (const who of ['lrios', 'mvera']) expect((await addPerson(as.admin, { name: who, email: `${who}@sunarp.gob.pe`, role: 'team' }, 'sunarp')).status).toBe(201);
    const answers = await Promise.all(['lrios', 'mvera'].map((who) => changeIn('sunarp', `${who}@sunarp.gob.pe`, { role: 'second' })));
    expect(outcome(answers)).toEqual(['200', '409 roster_conflict']);
    expect(answers.find((a) => a.status === 409)!.json.error.details[0].rule).toBe('PCM 6.1.1.5');
    const winner = answers.find((a) => a.status === 200)!.json.email as string;
    expect(await holders('sunarp', 'second')).toEqual([winner]);
    expect((await claimsOf('sunarp')).filter((c) => c.includes(':role:'))).toEqual([`sunarp:role:second ← ${winner}`]);
  });

  it('PCM 5.2.4: adding a head while a member is made head, at the same moment: one succeeds, the other is 409 roster_conflict', async () => {
    const answers = await Promise.all([
      addPerson(as.admin, { name: 'Nora Jefa', email: 'njefa@sunarp.gob.pe', role: 'head' }, 'sunarp'),
      changeIn('sunarp', 'ksoto@sunarp.gob.pe', { role: 'head' }),
    ]);
    expect(answers.map((a) => a.status).filter((s) => s < 300)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409).map((a) => a.json.error.code)).toEqual(['roster_conflict']);
    expect(await holders('sunarp', 'head')).toHaveLength(1);
  });

  it('PCM 5.2.4: handing over the head\'s role frees its claim at once, so the next head is accepted; leaving frees the person\'s claims', async () => {
    const [head] = await holders('sunafil', 'head');
    expect((await changeIn('sunafil', head!, { role: 'team' })).status).toBe(200);
    expect(await claimsOf('sunafil')).toEqual([`sunafil:member:${head} ← ${head}`]);
    expect((await addPerson(as.admin, { name: 'Otro Jefe', email: 'ojefe@sunafil.gob.pe', role: 'head' }, 'sunafil')).status).toBe(201);
    expect((await changeIn('sunafil', head!, { left: true })).status).toBe(200);
    expect(await claimsOf('sunafil')).toEqual(['sunafil:member:ojefe@sunafil.gob.pe ← ojefe@sunafil.gob.pe', 'sunafil:role:head ← ojefe@sunafil.gob.pe']);
  });

  it('the same new person added to two entities at the same moment: never a 500; a 409 conflict asks to try again, and then each roster lists them once', async () => {
    await newEntity('sunat', 'sunat.gob.pe');
    await newEntity('sunat-aduanas', 'sunat.gob.pe');
    const entities = ['sunat', 'sunat-aduanas'];
    const answers = await Promise.all(entities.map((e) => addPerson(as.admin, { name: 'Pía Ochoa', email: 'pochoa@sunat.gob.pe', role: 'cm' }, e)));
    expect(answers.map((a) => a.status).filter((s) => s !== 201 && s !== 409)).toEqual([]);
    for (const [i, a] of answers.entries()) {
      if (a.status === 409) {
        expect(a.json.error.code).toBe('conflict');
        expect((await addPerson(as.admin, { name: 'Pía Ochoa', email: 'pochoa@sunat.gob.pe', role: 'cm' }, entities[i])).status).toBe(201);
      }
    }
    const [pia, ...more] = await personModel(t.db).find({ email: 'pochoa@sunat.gob.pe' }).lean();
    expect(more).toEqual([]);
    expect(pia!.memberships.map((m) => m.entityId).sort()).toEqual(entities);
  });

  it('a write that fails after the claims leaves nothing behind: the address and the role are free at once (500, then 201)', async () => {
    const create = jest.spyOn(personModel(t.db), 'create').mockRejectedValueOnce(new Error('disco lleno'));
    try {
      const failed = await addPerson(as.admin, { name: 'Raúl Jefe', email: 'rjefe@sunat.gob.pe', role: 'head' }, 'sunat');
      expect([failed.status, failed.json.error.code]).toEqual([500, 'internal']);
    } finally {
      create.mockRestore();
    }
    expect(await claimsOf('sunat')).toEqual(['sunat:member:pochoa@sunat.gob.pe ← pochoa@sunat.gob.pe']);
    expect(await personModel(t.db).findOne({ email: 'rjefe@sunat.gob.pe' }).lean()).toBeNull();
    // The database's duplicate key (someone registered the same new address elsewhere meanwhile) is a 409, released the same way.
    const duplicate = jest.spyOn(personModel(t.db), 'create').mockRejectedValueOnce(Object.assign(new Error('E11000 duplicate key error'), { code: 11000 }));
    try {
      const raced = await addPerson(as.admin, { name: 'Raúl Jefe', email: 'rjefe@sunat.gob.pe', role: 'head' }, 'sunat');
      expect([raced.status, raced.json.error.code]).toEqual([409, 'conflict']);
      expect(raced.json.error.message).toMatch(/Intente de nuevo/);
    } finally {
      duplicate.mockRestore();
    }
    expect(await claimsOf('sunat')).toEqual(['sunat:member:pochoa@sunat.gob.pe ← pochoa@sunat.gob.pe']);
    expect((await addPerson(as.admin, { name: 'Raúl Jefe', email: 'rjefe@sunat.gob.pe', role: 'head' }, 'sunat')).status).toBe(201);
  });

  it('PCM 6.1.1.5: a role change whose write fails releases the role it claimed (500, then 200)', async () => {
    const save = jest.spyOn(personModel(t.db).prototype, 'save').mockRejectedValueOnce(new Error('disco lleno'));
    try {
      expect((await changeIn('sunat', 'pochoa@sunat.gob.pe', { role: 'second' })).status).toBe(500);
    } finally {
      save.mockRestore();
    }
    expect((await claimsOf('sunat')).filter((c) => c.includes(':role:second'))).toEqual([]);
    expect(await holders('sunat', 'second')).toEqual([]);
    expect((await changeIn('sunat', 'pochoa@sunat.gob.pe', { role: 'second' })).status).toBe(200);
    expect((await claimsOf('sunat')).filter((c) => c.includes(':role:second'))).toEqual(['sunat:role:second ← pochoa@sunat.gob.pe']);
  });

  it('a claim left by a request that died is taken over once older than a minute with nobody holding it; until then it refuses (409)', async () => {
    const ghost = { _id: 'sunat:member:tnuevo@sunat.gob.pe', entityId: 'sunat', email: 'tnuevo@sunat.gob.pe', token: 'muerta', at: new Date() };
    await rosterClaimModel(t.db).create(ghost);
    const add = () => addPerson(as.admin, { name: 'Tito Nuevo', email: 'tnuevo@sunat.gob.pe', role: 'team' }, 'sunat');
    const early = await add();
    expect([early.status, early.json.error.code]).toEqual([409, 'conflict']);
    await rosterClaimModel(t.db).collection.updateOne({ _id: ghost._id as never }, { $set: { at: new Date(Date.now() - STALE_CLAIM_MS - 1_000) } });
    expect((await add()).status).toBe(201);
    expect((await rosterClaimModel(t.db).findById(ghost._id).lean())?.token).not.toBe('muerta');
  });

  it('a claim older than a minute is still honoured while the roster holds what it claims, and taken over once it does not', async () => {
    const claims = rosterClaims(t.db);
    await rosterClaimModel(t.db).create({ _id: 'prueba:role:head', entityId: 'prueba', email: 'antes@prueba.gob.pe', token: 'vieja', at: new Date(Date.now() - 10 * STALE_CLAIM_MS) });
    expect(await claims.take('prueba', ['prueba:role:head'], 'despues@prueba.gob.pe', async () => true)).toEqual({ ok: false, id: 'prueba:role:head', holder: 'antes@prueba.gob.pe' });
    const taken = await claims.take('prueba', ['prueba:role:head'], 'despues@prueba.gob.pe', async () => false);
    expect(taken).toMatchObject({ ok: true, ids: ['prueba:role:head'] });
    expect(await claimsOf('prueba')).toEqual(['prueba:role:head ← despues@prueba.gob.pe']);
    if (taken.ok) await claims.release(taken.ids, taken.token);
    expect(await claimsOf('prueba')).toEqual([]);
  });

  it('the same entity created three times at the same moment: one 201, two 409 conflict, one entity.created; a duplicate key from the database is 409 too', async () => {
    const body = { id: 'osinerg', name: 'Osinergmin', profile: 'PCM', emailDomains: ['osinergmin.gob.pe'], location: 'Lima', supervisorEmail: SCS };
    const answers = await Promise.all([1, 2, 3].map(() => as.admin.api('POST', '/api/entities', body)));
    expect(outcome(answers)).toEqual(['201', '409 conflict', '409 conflict']);
    expect(await count('entity.created', { entityId: 'osinerg' })).toBe(1);
    // The insert that loses to another of the same id meets a duplicate key.
    const upsert = jest.spyOn(entityModel(t.db), 'create').mockRejectedValueOnce(Object.assign(new Error('E11000 duplicate key error'), { code: 11000 }));
    try {
      const res = await as.admin.api('POST', '/api/entities', { ...body, id: 'osinerg-2' });
      expect([res.status, res.json.error.code]).toEqual([409, 'conflict']);
    } finally {
      upsert.mockRestore();
    }
  });
});
