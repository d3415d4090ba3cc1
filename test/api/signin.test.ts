import { createHash, createHmac, randomBytes } from 'node:crypto';
import { SESSION_MAX_AGE_MS } from '../../api/auth';
import { signinService } from '../../api/services/signin';
import { deriveSecret } from '../../infra/secrets';
import { createLogger } from '../../infra/logger';
import { createRegistry } from '../../registry/reads';
import { createAuditTrail } from '../../registry/audit';
import { auditModel } from '../../infra/models/audit';
import { sessionModel, signinTokenModel } from '../../infra/models/credentials';
import { startTestApp, TEST_SECRET, type TestApp } from '../support/app';
import { Browser, linkIn } from '../support/browser';
import { tamperedLink } from '../support/fixtures';

/** Passwordless sign-in (issue #3 §2): emailed one-time link, confirm page then POST, session cookie. */
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

async function askLink(email: string, siguiente?: string) {
  const b = new Browser(t.url);
  const seen = new Set(t.mailbox.list().map((m) => m.id));
  await b.open(`/ingresar${siguiente ? `?siguiente=${encodeURIComponent(siguiente)}` : ''}`);
  const res = await b.submit('/ingresar', { email, ...(siguiente ? { siguiente } : {}) });
  return { b, res, html: await res.text(), mail: () => t.mailbox.waitFor((m) => m.to.includes(email) && !seen.has(m.id)) };
}

it('answers a registered and an unknown address alike, and mails only the registered one', async () => {
  const known = await askLink('crojas@cultura.gob.pe');
  const unknown = await askLink('nadie@cultura.gob.pe');
  expect(known.res.status).toBe(200);
  expect(unknown.res.status).toBe(200);
  expect(known.html.replace(/crojas@cultura\.gob\.pe/g, 'X')).toBe(unknown.html.replace(/nadie@cultura\.gob\.pe/g, 'X'));
  const mail = await known.mail();
  expect(mail.subject).toBe('Su enlace para ingresar a Custodio');
  expect(t.mailbox.list().some((m) => m.to.includes('nadie@cultura.gob.pe'))).toBe(false);
  expect(await auditModel(t.db).countDocuments({ action: 'signin.unknown', subject: 'nadie@cultura.gob.pe' })).toBe(1);
});

it('opening the link signs nobody in (mail scanners open links); its page POST does, with a safe session cookie', async () => {
  const { b, mail } = await askLink('crojas@cultura.gob.pe', '/solicitudes');
  const url = linkIn(await mail(), 'Ingresar a Custodio');
  const page = await b.open(url);
  expect(page.status).toBe(200);
  expect(page.html).toContain('Va a ingresar como');
  expect((await b.api('GET', '/api/me')).status).toBe(401);

  const res = await b.submit(url);
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe('/solicitudes');
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('custodio.sid='))!;
  expect(cookie).toMatch(/HttpOnly/i);
  expect(cookie).toMatch(/SameSite=Lax/i);
  expect(cookie).not.toMatch(/Secure/i); // a local run is plain HTTP; production sets Secure (below)
  const me = await b.api('GET', '/api/me');
  expect(me.json).toMatchObject({ kind: 'person', email: 'crojas@cultura.gob.pe', memberships: [{ entityId: 'mincul', role: 'cm' }] });

  // The database holds only a hash of the session id: reading it gives no way in.
  const sid = decodeURIComponent(b.cookie('custodio.sid')!).slice(2).split('.')[0]!;
  expect(await sessionModel(t.db).countDocuments({ _id: sid })).toBe(0);
  expect(await sessionModel(t.db).countDocuments({ _id: createHash('sha256').update(sid).digest('hex') })).toBe(1);
  expect(await auditModel(t.db).countDocuments({ action: 'signin.completed', 'actor.email': 'crojas@cultura.gob.pe' })).toBe(1);
});

it('a session ends a working day after sign-in however much it is used: pages neither move nor rewrite its stored expiry', async () => {
  const { b, mail } = await askLink('jcastro@senace.gob.pe');
  const url = linkIn(await mail(), 'Ingresar a Custodio');
  const before = Date.now();
  expect((await b.follow(url)).status).toBe(303);
  const after = Date.now();
  const sid = createHash('sha256').update(decodeURIComponent(b.cookie('custodio.sid')!).slice(2).split('.')[0]!).digest('hex');
  const stored = async () => (await sessionModel(t.db).findById(sid).lean())!.expiresAt.getTime();
  const expiresAt = await stored();
  expect(expiresAt).toBeGreaterThanOrEqual(before + SESSION_MAX_AGE_MS);
  expect(expiresAt).toBeLessThanOrEqual(after + SESSION_MAX_AGE_MS);
  await new Promise((r) => setTimeout(r, 20));
  for (const path of ['/', '/solicitudes', '/api/me']) expect((await b.open(path)).status).toBe(200);
  expect(await stored()).toBe(expiresAt);
});

it('a sign-in link works once: reused, tampered or expired links are refused with a Spanish page', async () => {
  const { b, mail } = await askLink('aquispe@cultura.gob.pe');
  const url = linkIn(await mail(), 'Ingresar a Custodio');
  expect((await b.follow(url)).status).toBe(303);

  const again = new Browser(t.url);
  const reused = await again.open(url);
  expect(reused.status).toBe(410);
  expect(reused.html).toContain('ya se usó');
  await again.open('/ingresar');
  expect((await again.submit(url)).status).toBe(410);

  const tampered = await again.open(tamperedLink(url));
  expect(tampered.status).toBe(400);
  expect(tampered.html).toContain('fue modificado');

  const late = await askLink('bsalas@cultura.gob.pe');
  const lateUrl = linkIn(await late.mail(), 'Ingresar a Custodio');
  await signinTokenModel(t.db).updateMany({ email: 'bsalas@cultura.gob.pe' }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
  const expired = await late.b.follow(lateUrl);
  expect(expired.status).toBe(410);
  expect(expired.html).toContain('vencen a los 15 minutos');
  expect(await auditModel(t.db).countDocuments({ action: 'signin.refused' })).toBeGreaterThanOrEqual(3);
});

it('twenty simultaneous uses of one sign-in link open exactly one session (issue 14 §1.6: a unique insert, not a conditional update)', async () => {
  const { mail } = await askLink('bsalas@cultura.gob.pe');
  const url = linkIn(await mail(), 'Ingresar a Custodio');
  const browsers = Array.from({ length: 20 }, () => new Browser(t.url));
  await Promise.all(browsers.map((b) => b.open(url)));
  const before = await sessionModel(t.db).countDocuments({});
  const statuses = await Promise.all(browsers.map((b) => b.submit(url).then((r) => r.status)));
  expect(statuses.filter((s) => s === 303)).toHaveLength(1);
  expect(statuses.filter((s) => s !== 303).every((s) => s === 410)).toBe(true);
  expect((await sessionModel(t.db).countDocuments({})) - before).toBe(1);
  expect(await auditModel(t.db).countDocuments({ action: 'signin.completed', actor: { kind: 'person', email: 'bsalas@cultura.gob.pe' } })).toBe(1);
});

it('a sign-in link consumed by twenty callers at once gives the person to exactly one of them', async () => {
  const service = signinService({ db: t.db, registry: createRegistry(t.db), mailer: { send: async () => ({ refused: [] }), close: () => undefined }, audit: createAuditTrail(t.db), secret: TEST_SECRET, publicUrl: t.url, log: createLogger('silent') });
  const person = (await createRegistry(t.db).personByEmail('bsalas@cultura.gob.pe'))!;
  for (let round = 0; round < 5; round++) {
    const random = randomBytes(32).toString('base64url');
    const token = `${random}.${createHmac('sha256', deriveSecret(TEST_SECRET, 'signin')).update(random).digest('base64url')}`;
    const now = new Date();
    await signinTokenModel(t.db).create({ _id: createHash('sha256').update(random).digest('hex'), personId: person._id, email: person.email, next: '/', createdAt: now, expiresAt: new Date(now.getTime() + 60_000) });
    const results = await Promise.all(Array.from({ length: 20 }, () => service.consume(token)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.reason === 'used')).toBe(true);
  }
});

it('never redirects off-site after signing in', async () => {
  const { b, mail } = await askLink('dtorres@cultura.gob.pe', '//evil.example/x');
  const used = await b.follow(linkIn(await mail(), 'Ingresar a Custodio'));
  expect(used.location).toBe('/');
});

it('sign-out ends the session on the server: the old cookie no longer works', async () => {
  const b = new Browser(t.url);
  await b.signIn('crojas@cultura.gob.pe', t.mailbox);
  const stolen = b.cookieHeader;
  expect((await b.api('GET', '/api/me')).status).toBe(200);
  const out = await b.submit('/salir');
  expect(out.status).toBe(200);
  expect(await out.text()).toContain('Cerró su sesión');
  const replay = await fetch(`${t.url}/api/me`, { headers: { cookie: stolen } });
  expect(replay.status).toBe(401);
  expect(await auditModel(t.db).countDocuments({ action: 'signout', 'actor.email': 'crojas@cultura.gob.pe' })).toBe(1);
});

it('every form needs its CSRF token: a forged post gets a Spanish page, a forged API call a JSON error', async () => {
  const b = new Browser(t.url);
  await b.signIn('aquispe@cultura.gob.pe', t.mailbox);
  const forgedForm = await fetch(`${t.url}/salir`, { method: 'POST', headers: { cookie: b.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
  expect(forgedForm.status).toBe(403);
  expect(await forgedForm.text()).toContain('El formulario venció o no se originó en Custodio');
  const forgedApi = await fetch(`${t.url}/api/entities/mincul/api-keys`, {
    method: 'POST',
    headers: { cookie: b.cookieHeader, 'content-type': 'application/json' },
    body: JSON.stringify({ label: 'forjada' }),
  });
  expect(forgedApi.status).toBe(403);
  expect((await forgedApi.json()).error.code).toBe('csrf_failed');
  expect((await b.api('GET', '/api/entities/mincul/api-keys')).json.apiKeys).toEqual([]);
  // The anonymous sign-in form is protected too (login CSRF).
  const forgedSignin = await fetch(`${t.url}/ingresar`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=aquispe%40cultura.gob.pe' });
  expect(forgedSignin.status).toBe(403);
});

describe('outside a local run', () => {
  let prod: TestApp;
  beforeAll(async () => {
    prod = await startTestApp({ production: true, rateLimits: { signinsPer15Min: 4 } });
  });
  afterAll(() => prod.stop());

  it('cookies are Secure, the CSRF cookie is __Host- prefixed, and sign-in requests are rate-limited per IP', async () => {
    const b = new Browser(prod.url);
    const res = await b.fetch('/ingresar');
    const csrfCookie = res.headers.getSetCookie().find((c) => c.startsWith('__Host-custodio.csrf='))!;
    expect(csrfCookie).toMatch(/Secure/);
    expect(csrfCookie).toMatch(/SameSite=Strict/i);
    const token = /name="_csrf" value="([^"]+)"/.exec(await res.text())![1]!;
    b.csrf = token;
    const codes: number[] = [];
    for (const email of ['aquispe@cultura.gob.pe', 'bsalas@cultura.gob.pe', 'crojas@cultura.gob.pe', 'dtorres@cultura.gob.pe', 'aquispe@cultura.gob.pe']) {
      codes.push((await b.submit('/ingresar', { email })).status);
    }
    expect(codes).toEqual([200, 200, 200, 200, 429]);
  });
});
