/**
 * Removal from the roster signs a person out at once (issue #3 §1): their sessions are deleted when they
 * leave their last office, an emailed sign-in link dies with them, and a role elsewhere keeps them in.
 */
import { sessionModel } from '../../infra/models/credentials';
import { Browser, linkIn } from '../support/browser';
import { SCS, useRegistryApp } from '../support/registryApp';

jest.setTimeout(60_000);

const { t, as, signedIn, idOf, addPerson, changePerson } = useRegistryApp();

beforeAll(async () => {
  // Someone of mincul's roster who will also hold a role at the Biblioteca Nacional.
  expect((await addPerson(as.head, { name: 'Elena Paz Ríos', email: 'epaz@cultura.gob.pe', role: 'team' })).status).toBe(201);
});

describe('removal signs a person out at once', () => {
  it('a person whose last role is removed is signed out at once: their next API call answers 401', async () => {
    expect((await addPerson(as.head, { name: 'Hugo León', email: 'hleon@cultura.gob.pe', role: 'team' })).status).toBe(201);
    const hugo = await signedIn('hleon@cultura.gob.pe');
    expect((await hugo.api('GET', '/api/me')).status).toBe(200);
    expect((await hugo.api('GET', '/api/entities/mincul/people')).status).toBe(200);
    expect((await changePerson(as.head, 'hleon@cultura.gob.pe', { left: true })).status).toBe(200);
    const me = await hugo.api('GET', '/api/me');
    expect(me.status).toBe(401);
    expect(me.json.error.code).toBe('unauthenticated');
    expect((await hugo.api('GET', '/api/entities/mincul/people')).status).toBe(401);
  });

  it('leaving the last office deletes every session of the person at once, so registering them again does not bring an old session back', async () => {
    expect((await addPerson(as.head, { name: 'Lucía Vega', email: 'lvega@cultura.gob.pe', role: 'team' })).status).toBe(201);
    const lucia = await signedIn('lvega@cultura.gob.pe');
    const luciaId = await idOf('lvega@cultura.gob.pe');
    const sessionsOf = () => sessionModel(t.db).countDocuments({ personId: luciaId });
    expect(await sessionsOf()).toBe(1);
    expect((await changePerson(as.head, 'lvega@cultura.gob.pe', { left: true })).status).toBe(200);
    expect(await sessionsOf()).toBe(0);
    // Back on the roster before the old browser was used again: that browser must still sign in anew.
    expect((await addPerson(as.head, { name: 'Lucía Vega', email: 'lvega@cultura.gob.pe', role: 'team' })).status).toBe(201);
    expect((await lucia.api('GET', '/api/me')).status).toBe(401);
    await lucia.signIn('lvega@cultura.gob.pe', t.mailbox);
    expect((await lucia.api('GET', '/api/me')).json).toMatchObject({ email: 'lvega@cultura.gob.pe', memberships: [{ entityId: 'mincul', role: 'team' }] });
  });

  it('a sign-in link emailed before the person left no longer signs them in', async () => {
    expect((await addPerson(as.head, { name: 'Julia Mora', email: 'jmora@cultura.gob.pe', role: 'team' })).status).toBe(201);
    const julia = new Browser(t.url);
    const seen = new Set(t.mailbox.list().map((m) => m.id));
    await julia.open('/ingresar');
    expect((await julia.submit('/ingresar', { email: 'jmora@cultura.gob.pe' })).status).toBe(200);
    const mail = await t.mailbox.waitFor((m) => m.to.includes('jmora@cultura.gob.pe') && !seen.has(m.id));
    expect((await changePerson(as.head, 'jmora@cultura.gob.pe', { left: true })).status).toBe(200);
    const used = await julia.follow(linkIn(mail, 'Ingresar a Custodio'));
    expect(used.status).toBe(403);
    expect((await julia.api('GET', '/api/me')).status).toBe(401);
  });

  it('someone who leaves one entity but holds a role in another stays signed in, with the remaining role only', async () => {
    const bnp = { id: 'bnp', name: 'Biblioteca Nacional del Perú', profile: 'PCM', emailDomains: ['bnp.gob.pe', 'cultura.gob.pe'], location: 'San Borja, Lima', supervisorEmail: SCS };
    expect((await as.admin.api('POST', '/api/entities', bnp)).status).toBe(201);
    expect((await addPerson(as.admin, { name: 'Elena Paz Ríos', email: 'epaz@cultura.gob.pe', role: 'cm' }, 'bnp')).status).toBe(201);
    const elena = await signedIn('epaz@cultura.gob.pe');
    expect((await changePerson(as.head, 'epaz@cultura.gob.pe', { left: true })).status).toBe(200);
    const me = await elena.api('GET', '/api/me');
    expect(me.status).toBe(200);
    expect(me.json.memberships).toEqual([{ entityId: 'bnp', role: 'cm' }]);
    expect(await sessionModel(t.db).countDocuments({ personId: await idOf('epaz@cultura.gob.pe') })).toBeGreaterThan(0);
    expect((await elena.api('GET', '/api/entities/mincul/people')).status).toBe(403);
  });
});
