import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { parseKeys } from '../../infra/meta/tokenCipher';
import { metaConnectionModel } from '../../infra/models/metaConnection';
import { metaConnections } from '../../registry/metaConnections';
import { startTestDb } from '../support/ferret';

const TOKEN = 'EAAB-system-user-token-abcdef';

describe('an entity\'s Meta connection in the registry (issue 17 §1)', () => {
  let db: Connection;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ db, stop } = await startTestDb());
  }, 120_000);
  afterAll(() => stop());

  it('stores only ciphertext, shows no token, replaces, re-encrypts under a rotated key when read, and revokes', async () => {
    const k1 = randomBytes(32).toString('hex');
    const store = metaConnections(db, parseKeys(`k1:${k1}`));
    expect(await store.view('mincul')).toEqual({ connected: false });
    expect(await store.connect('mincul', TOKEN, 'jefa@cultura.gob.pe')).toEqual({ replaced: false });
    const raw = await db.collection('metaConnections').findOne({ _id: 'mincul' as never });
    expect(JSON.stringify(raw)).not.toContain(TOKEN);
    const view = await store.view('mincul');
    expect(view).toMatchObject({ connected: true, connectedBy: 'jefa@cultura.gob.pe' });
    expect(JSON.stringify(view)).not.toMatch(/EAAB|token/);
    expect(await store.token('mincul')).toBe(TOKEN);

    expect(await store.connect('mincul', `${TOKEN}-2`, 'jefa@cultura.gob.pe')).toEqual({ replaced: true });
    const rotated = metaConnections(db, parseKeys(`k2:${randomBytes(32).toString('hex')},k1:${k1}`));
    expect(await rotated.token('mincul')).toBe(`${TOKEN}-2`);
    expect((await metaConnectionModel(db).findById('mincul').lean())!.token.keyId).toBe('k2');

    expect(await store.revoke('mincul')).toBe(true);
    expect(await store.revoke('mincul')).toBe(false);
    expect(await store.token('mincul')).toBeUndefined();
  });
});
