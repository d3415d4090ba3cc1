/**
 * The monthly review of page roles as a page (issue 15 §2; PCM 6.1.2.11): the head opens this month's
 * review, reads each account's roles and anomalies, corrects an account's roles in place (the anomaly
 * leaves "today" and stays in what was read when the review opened), and gives conformity with the
 * same button the email carries. The review email links to this page.
 */
import { eventually } from '../support/eventually';
import { CM, HEAD, SCS } from '../support/registryApp';
import { startTestStack, type TestStack } from '../support/stack';

jest.setTimeout(150_000);

let stack: TestStack<'head' | 'cm'>;

beforeAll(async () => {
  stack = await startTestStack({ head: HEAD, cm: CM });
});
afterAll(() => stack?.stop());

const sectionOf = (html: string, accountId: string) => {
  const start = html.indexOf(`<section id="c-${accountId}"`);
  return start < 0 ? '' : html.slice(start, html.indexOf('</section>', start));
};

it('PCM 6.1.2.11, 6.1.1.6, 5.1.10: the head corrects an account\'s roles on the review page, sees its anomalies go, and gives conformity there', async () => {
  const username = `CulturaRevision${Date.now().toString(36).slice(-5)}`;
  const registered = await stack.as.head.api('POST', '/api/entities/mincul/accounts', {
    network: 'instagram', username, managingEmail: 'redes@cultura.gob.pe', responsibles: [{ name: 'Carla Rojas Díaz', phone: '987 654 321' }],
    description: 'Agenda cultural del Ministerio para el público general.', contentType: 'Fotos y videos', lastRotatedOn: '2026-11-20',
  });
  expect(registered.status).toBe(201);
  const accountId = registered.json.accountId as string;

  // The head opens this month's review from the reviews page (or finds it already open).
  const list = await stack.as.head.open('/entidades/mincul/revisiones');
  expect(list.html).toContain('Abrir la revisión de este mes');
  const opened = await stack.as.head.submit('/entidades/mincul/revisiones');
  expect(opened.status).toBe(303);
  const reviewPath = opened.headers.get('location')!.split('?')[0]!;
  expect(reviewPath).toMatch(/^\/entidades\/mincul\/revisiones\/\d{4}-\d{2}$/);
  const month = reviewPath.split('/').pop()!;

  // The email asks for the review and says where its page is.
  const mail = await stack.mailbox.waitFor((m) => m.to.includes(HEAD) && /^Revisión mensual de roles/.test(m.subject), 60_000);
  expect(mail.text).toContain(`Ver el estado del proceso:\n${stack.apiUrl}${reviewPath}`);

  // The account came in with no roles: no admins, SCS missing.
  const before = await eventually(() => stack.as.head.open(reviewPath), (p) => p.html.includes('Doy conformidad'), 'the review open and waiting for the head');
  expect(before.status).toBe(200);
  const section = sectionOf(before.html, accountId);
  expect(section).toContain('(PCM 5.1.10)');
  expect(section).toContain('(PCM 6.1.1.6)');
  expect(section).toContain('<details open>');

  // A role that breaks a rule is refused in place, with what was typed kept and the error at its field.
  const action = `/entidades/mincul/revisiones/${month}/cuentas/${encodeURIComponent(accountId)}/roles`;
  const bad = await stack.as.head.submit(action, { 'roles[0][name]': 'Ana Quispe', 'roles[0][email]': 'ana@gmail', 'roles[0][pageRole]': 'admin' });
  expect(bad.status).toBe(400);
  const badHtml = await bad.text();
  expect(badHtml).toContain(`href="#c-${accountId}-roles-0-email"`);
  expect(badHtml).toContain(`id="c-${accountId}-roles-0-email" name="roles[0][email]" value="ana@gmail"`);

  const fixed = await stack.as.head.submit(action, {
    'roles[0][name]': 'Ana Quispe', 'roles[0][email]': HEAD, 'roles[0][pageRole]': 'admin',
    'roles[1][name]': 'Carla Rojas', 'roles[1][email]': CM, 'roles[1][pageRole]': 'admin',
    'roles[2][name]': 'Coordinación de Comunicación Digital (SCS)', 'roles[2][email]': SCS, 'roles[2][pageRole]': 'admin',
  });
  expect(fixed.status).toBe(303);
  expect(fixed.headers.get('location')).toBe(`${reviewPath}?hecho=roles#c-${accountId}`);
  const after = await stack.as.head.open(`${reviewPath}?hecho=roles`);
  expect(after.html).toContain('Se guardaron los roles');
  const corrected = sectionOf(after.html, accountId);
  expect(corrected).not.toContain('(PCM 5.1.10)');
  expect(corrected).not.toContain('(PCM 6.1.1.6)');
  expect(corrected).toContain('Ana Quispe: Administrador');

  // The CM reads the review but does not give conformity: no button for them.
  const asCm = await stack.as.cm.open(reviewPath);
  expect(asCm.status).toBe(200);
  expect(asCm.html).not.toContain('Doy conformidad');

  // Conformity from the page: the signed-in head's own link, then the same confirmation page as the email's.
  const button = /<a class="button" href="([^"]+)">Doy conformidad<\/a>/.exec(after.html)![1]!.replace(/&#38;/g, '&');
  const toLink = await stack.as.head.fetch(button);
  expect(toLink.status).toBe(303);
  const link = toLink.headers.get('location')!;
  expect((await stack.as.head.open(link)).html).toContain('(PCM 5.2.7)');
  // PCM 5.2.7: conformity without the word on whom the accounts follow is refused, with the clause.
  const unconfirmed = await stack.as.head.submit(link);
  expect(unconfirmed.status).toBe(400);
  expect(await unconfirmed.text()).toContain('(PCM 5.2.7)');
  expect((await stack.as.head.submit(link, { follows: 'si' })).status).toBe(200);
  const attested = await eventually(() => stack.as.head.open(reviewPath), (p) => p.html.includes('Conforme'), 'the review attested');
  expect(attested.html).not.toContain('Doy conformidad');
  expect(attested.html).toContain(`Ana Quispe Huamán (${HEAD}), `);
});

it('who may not read the entity\'s accounts gets no review page', async () => {
  const other = await stack.as.head.open('/entidades/congreso/revisiones');
  expect(other.status).toBe(403);
});
