/**
 * Who holds what of a Congress account, over HTTP against the demo registry (api/services/accountCustody.ts):
 * the team members the head hands a password to (CONGRESO 6.1.7) and the institution's recovery phone
 * (CONGRESO 6.2.3), both read against the roster when set and when shown; the trail never holds a number.
 */
import { accountModel } from '../../infra/models/account';
import { auditModel } from '../../infra/models/audit';
import { personModel } from '../../infra/models/person';
import type { Browser } from '../support/browser';
import { OTHER_HEAD, useRegistryApp } from '../support/registryApp';

jest.setTimeout(60_000);

const { t, as, signedIn, auditRows } = useRegistryApp();
const CONGRESS_CM = 'fvega@congreso.gob.pe';
const TEAM = 'psoto@congreso.gob.pe';
const LINE = '+51 987 000 111';
let cm: Browser;
let team: Browser;

const custody = (b: Browser, id = 'congreso-tiktok') => b.api('GET', `/api/accounts/${id}/custody`);
const holders = (b: Browser, emails: string[], id = 'congreso-tiktok') => b.api('PUT', `/api/accounts/${id}/password-holders`, { holders: emails });
const device = (b: Browser, body: Record<string, unknown>) => b.api('PUT', '/api/accounts/congreso-tiktok/recovery-device', body);
const phone = { device: 'CR-0042', phone: LINE, holderEmail: CONGRESS_CM, institutionOwned: true };

beforeAll(async () => {
  const base = { managingEmail: 'redes@congreso.gob.pe', roles: [], status: 'active' as const, activatedAt: new Date() };
  await accountModel(t.db).create([
    { ...base, _id: 'congreso-tiktok', entityId: 'congreso', network: 'tiktok' as const, username: 'congresoperu' },
    { ...base, _id: 'congreso-fb', entityId: 'congreso', network: 'facebook' as const, username: 'congresoperu' },
    { ...base, _id: 'mincul-x', entityId: 'mincul', network: 'x' as const, username: 'CulturaPE' },
  ]);
  expect((await as.otherHead.api('POST', '/api/entities/congreso/people', { name: 'Pablo Soto Ruiz', email: TEAM, role: 'team' })).status).toBe(201);
  cm = await signedIn(CONGRESS_CM);
  team = await signedIn(TEAM);
});

describe('CONGRESO 6.1.7: to whom the head hands the password', () => {
  it('CONGRESO 6.1.7: the head hands it to a team member; the custody names the head and the Account Administrator as custodians, and the new holder', async () => {
    const res = await holders(as.otherHead, [TEAM]);
    expect(res.status).toBe(200);
    expect(res.json.passwords).toMatchObject({
      clause: 'CONGRESO 6.1.7',
      custodians: [expect.objectContaining({ email: OTHER_HEAD }), expect.objectContaining({ email: CONGRESS_CM })],
      holders: [{ name: 'Pablo Soto Ruiz', email: TEAM, role: 'equipo', since: expect.any(String) }],
    });
    expect(await auditRows({ action: 'account.passwordHolders.changed', accountId: 'congreso-tiktok' })).toEqual([expect.objectContaining({ detail: TEAM })]);
  });

  it('CONGRESO 6.1.7: only the head decides it (403 for the Account Administrator), and the list stays', async () => {
    expect((await holders(cm, [])).status).toBe(403);
    expect((await custody(cm)).json.passwords.holders.map((h: { email: string }) => h.email)).toEqual([TEAM]);
  });

  it('CONGRESO 6.1.3: handing it to the Account Administrator is refused: she holds it already', async () => {
    const res = await holders(as.otherHead, [TEAM, CONGRESS_CM]);
    expect(res.status).toBe(400);
    expect(res.json.error.details).toEqual([expect.objectContaining({ field: 'holders.1', rule: 'CONGRESO 6.1.3' })]);
  });

  it('CONGRESO 6.1.4: Facebook\'s page goes by roles, so no password list (409); PCM 6.2.1.2: nor under the Executive Branch', async () => {
    const fb = await holders(as.otherHead, [TEAM], 'congreso-fb');
    expect([fb.status, fb.json.error.message]).toEqual([409, expect.stringContaining('CONGRESO 6.1.4')]);
    expect((await custody(as.otherHead, 'congreso-fb')).json.passwords).toBeUndefined();
    const pcm = await holders(as.head, [], 'mincul-x');
    expect([pcm.status, pcm.json.error.message]).toEqual([409, expect.stringContaining('PCM 6.2.1.2')]);
    expect((await custody(as.head, 'mincul-x')).json).toEqual({ accountId: 'mincul-x', warnings: [] });
  });
});

describe('CONGRESO 6.2.3: the recovery phone', () => {
  it('CONGRESO 6.2.3: the Account Administrator records the institution\'s phone in her own hands; the trail names the device, never the number', async () => {
    const res = await device(cm, phone);
    expect(res.status).toBe(200);
    expect(res.json.recovery.device).toMatchObject({ device: 'CR-0042', phone: LINE, holder: { email: CONGRESS_CM }, recordedBy: CONGRESS_CM });
    const [row] = await auditRows({ action: 'account.recoveryDevice.changed', accountId: 'congreso-tiktok' });
    expect(row!.detail).toBe(`Equipo CR-0042, en manos de ${CONGRESS_CM}`);
    expect(JSON.stringify(await auditModel(t.db).find().lean())).not.toMatch(/987 000 111|987000111/);
  });

  it('CONGRESO 6.2.3: only the head gives it to someone else; a personal recovery address and an unconfirmed ownership are refused together, each at its field', async () => {
    const byCm = await device(cm, { ...phone, holderEmail: TEAM });
    expect([byCm.status, byCm.json.error.details[0].field]).toEqual([400, 'holderEmail']);
    const bad = await device(as.otherHead, { ...phone, recoveryEmail: 'congreso.redes@gmail.com', institutionOwned: false });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details).toEqual([
      expect.objectContaining({ field: 'institutionOwned', rule: 'CONGRESO 6.2.3' }),
      expect.objectContaining({ field: 'recoveryEmail', rule: 'CONGRESO 6.2.3' }),
    ]);
    expect((await device(as.otherHead, { ...phone, holderEmail: TEAM, recoveryEmail: 'recuperacion@congreso.gob.pe' })).status).toBe(200);
  });

  it('a team member reads the custody with the number masked, and may not record the phone (403)', async () => {
    const seen = await custody(team);
    expect(seen.status).toBe(200);
    expect(seen.json.recovery.device).toMatchObject({ phone: '••• 111', holder: { email: TEAM } });
    expect(seen.json.recovery.holderOptions).toEqual([expect.objectContaining({ email: CONGRESS_CM })]);
    expect((await device(team, phone)).status).toBe(403);
  });

  it('CONGRESO 6.1.7, 6.2.3: once the holder leaves the office, the custody warns to take the password back and to say who has the phone', async () => {
    const id = String((await personModel(t.db).findOne({ email: TEAM }).lean())!._id);
    expect((await as.otherHead.api('PATCH', `/api/entities/congreso/people/${id}`, { left: true })).status).toBe(200);
    const res = await custody(as.otherHead);
    expect(res.json.passwords.holders).toEqual([expect.objectContaining({ email: TEAM, left: true })]);
    expect(res.json.warnings.map((w: { rule: string; message: string }) => [w.rule, w.message])).toEqual([
      ['CONGRESO 6.1.7', expect.stringContaining('pida un cambio de contraseña')],
      ['CONGRESO 6.2.3', expect.stringContaining('registre quién lo tiene ahora')],
    ]);
  });
});
