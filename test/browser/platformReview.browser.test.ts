/**
 * In Debian's Chromium (issue 17 §1): the monthly review read on Meta, through the fake Graph API the test
 * stack starts. The head connects the entity's system-user token on `/entidades/mincul/meta`, opens this
 * month's review of an account registered with its Meta id, and answers the anomalies the platform showed
 * from the review page: «Es correcto» for the agency, «Ya lo retiré» for a former collaborator once Meta no
 * longer lists them (Custodio re-checks on Meta). Then a grant whose removal was confirmed while Meta still
 * showed its agency says so on its page. axe-core finds no serious or critical violation on any page.
 */
import type { Browser, Page } from 'playwright-core';
import { accountModel } from '../../infra/models/account';
import { agencyGrantModel } from '../../infra/models/agencyGrant';
import { DEMO_FACEBOOK_PAGE_ID, DEMO_FORMER_COLLABORATOR, demoGraphNodes } from '../../local/fakeGraphDemo';
import { launchChromium, signedInPage, visited as visitedPage, VIEWPORTS } from '../support/chromium';
import { HEAD } from '../support/registryApp';
import { startTestStack, type TestStack } from '../support/stack';

jest.setTimeout(150_000);

let stack: TestStack<'head'>;
let chromium: Browser;
const { width } = VIEWPORTS.desktop;

beforeAll(async () => {
  [stack, chromium] = await Promise.all([startTestStack({ head: HEAD }), launchChromium()]);
});
afterAll(async () => {
  await chromium?.close();
  await stack?.stop();
});

const visited = (page: Page, name: string) => visitedPage(page, `plataforma-${name}`, width);

/** The page's item for the anomaly whose message mentions `text`. */
const anomaly = (page: Page, text: string) => page.locator('ul.platform-anomalies > li').filter({ hasText: text });

it('PCM 6.1.2.11, 6.1.2.10: the head connects Meta, the month\'s review shows what the platform lists, and the head answers «Es correcto» and «Ya lo retiré» from the review page', async () => {
  expect(stack.graph).toBeDefined();
  const res = await stack.as.head.api('POST', '/api/entities/mincul/accounts', {
    network: 'facebook', username: 'CulturaPeruMeta', managingEmail: 'redes@cultura.gob.pe', responsibles: [{ name: 'Carla Rojas Díaz', phone: '987 654 321' }],
    description: 'Agenda cultural del Ministerio para el público general.', contentType: 'Noticias', lastRotatedOn: '2026-11-20', platformId: DEMO_FACEBOOK_PAGE_ID,
  });
  expect(res.status).toBe(201);
  expect((await accountModel(stack.db).findById(res.json.accountId as string).lean())?.platformId).toBe(DEMO_FACEBOOK_PAGE_ID);

  const { context, page } = await signedInPage(chromium, stack.apiUrl, HEAD, stack.mailbox, VIEWPORTS.desktop);
  try {
    // The token is a credential: typed once, never shown again.
    await page.goto(`${stack.apiUrl}/entidades/mincul/meta`);
    await page.getByLabel('Token del usuario del sistema').fill('EAAB-token-de-prueba-del-usuario-del-sistema');
    await page.getByRole('button', { name: 'Guardar el token' }).click();
    await page.getByText('Se guardó el token.').waitFor();
    const connected = await visited(page, '1-conectada');
    expect(connected).not.toContain('EAAB-token-de-prueba');

    await page.goto(stack.apiUrl);
    await page.getByRole('link', { name: 'Cuentas de Ministerio de Cultura' }).click();
    await page.getByRole('link', { name: 'Revisiones mensuales de roles de página' }).click();
    await page.getByRole('button', { name: 'Abrir la revisión de este mes' }).click();
    await page.getByRole('heading', { level: 1, name: /^Revisión de roles de / }).waitFor();
    // The process reads Meta as the review opens and writes the month's row a moment later.
    for (let i = 0; i < 60 && !(await page.locator('#plataforma').count()); i++) {
      await page.waitForTimeout(250);
      await page.reload();
    }
    const review = await visited(page, '2-revision');
    expect(review).toContain('Lo que mostraba la plataforma al abrir la revisión');
    expect(review).toContain('Facebook · CulturaPeruMeta: leída en Meta.');
    const agency = anomaly(page, 'Agencia Andina SAC (ID 900000000000001)');
    const former = anomaly(page, `${DEMO_FORMER_COLLABORATOR.name} tiene acceso en la plataforma`);
    expect(await agency.innerText()).toContain('PCM 6.1.2.10');
    expect(await former.innerText()).toContain('PCM 6.1.2.11');

    // «Es correcto»: the head vouches for the agency's access.
    await agency.getByRole('button', { name: 'Es correcto' }).click();
    await page.getByText('Se registró que la anomalía es correcta.').waitFor();

    // «Ya lo retiré» while Meta still lists the person is refused at the anomaly.
    await anomaly(page, `${DEMO_FORMER_COLLABORATOR.name} tiene acceso en la plataforma`).getByRole('button', { name: 'Ya lo retiré' }).click();
    await page.locator('li#answer').getByText(/Meta todavía lo muestra/).waitFor();
    expect(await visited(page, '3-aun-en-meta')).toMatch(/Meta todavía lo muestra/);

    // The head removes the person on the platform: the fake no longer lists them, and the answer is re-checked.
    const node = demoGraphNodes()[DEMO_FACEBOOK_PAGE_ID]!;
    stack.graph!.setNode(DEMO_FACEBOOK_PAGE_ID, { ...node, roles: [] });
    await anomaly(page, `${DEMO_FORMER_COLLABORATOR.name} tiene acceso en la plataforma`).getByRole('button', { name: 'Ya lo retiré' }).click();
    await page.getByText('Ya lo retiré (comprobado en Meta)').waitFor();

    const answered = await visited(page, '4-respondidas');
    expect(await anomaly(page, 'Agencia Andina SAC (ID 900000000000001)').innerText()).toMatch(/Es correcto — aquispe@cultura\.gob\.pe/);
    expect(await anomaly(page, `${DEMO_FORMER_COLLABORATOR.name} tiene acceso en la plataforma`).innerText()).toMatch(/Ya lo retiré \(comprobado en Meta\) — aquispe@cultura\.gob\.pe/);
    expect(answered).toContain('Es correcto');
  } finally {
    await context.close();
  }
});

it('PCM 6.1.2.10: a grant whose removal was confirmed while Meta still listed its agency says «La agencia sigue con acceso en la plataforma» on its page', async () => {
  const accountId = (await accountModel(stack.db).findOne({ username: 'CulturaPeruMeta' }).lean())!._id;
  const res = await stack.as.head.api('POST', `/api/accounts/${accountId}/agency-grants`, {
    agencyName: 'Agencia Andina SAC', businessManagerId: '900000000000001', role: 'partner', campaign: 'Verano Cultural', startsOn: '2037-01-04', endsOn: '2037-01-31',
  });
  expect(res.status).toBe(201);
  const grantId = (res.json.grant as { id: string }).id;
  // The row as the grant's process leaves it (workflows/agencyGrant.ts: recordGrantState, then checkGrantOnPlatform); its
  // process waits for 2037, so nothing overwrites it during the test.
  await agencyGrantModel(stack.db).updateOne({ _id: grantId }, {
    $set: {
      state: 'removed', removedAt: new Date('2037-02-01T15:00:00Z'), removedBy: HEAD,
      platformCheck: { state: 'still-present', checkedAt: '2037-02-01T15:00:05.000Z', agency: { id: '900000000000001', name: 'Agencia Andina SAC', tasks: ['ADVERTISE', 'ANALYZE'] } },
    },
  });
  const { context, page } = await signedInPage(chromium, stack.apiUrl, HEAD, stack.mailbox, VIEWPORTS.phone);
  try {
    await page.goto(`${stack.apiUrl}/agencias/${grantId}`);
    const text = await visitedPage(page, 'plataforma-5-concesion', VIEWPORTS.phone.width);
    expect(text).toContain('La agencia sigue con acceso en la plataforma (PCM 6.1.2.10)');
    expect(text).toContain('Meta todavía muestra a Agencia Andina SAC (ID 900000000000001)');
    expect(await page.getByRole('alert').innerText()).toContain('La agencia sigue con acceso en la plataforma');

    // Once Meta no longer lists it, the page says it was verified there, with no alert.
    await agencyGrantModel(stack.db).updateOne({ _id: grantId }, { $set: { platformCheck: { state: 'gone', checkedAt: '2037-02-01T15:00:05.000Z' } } });
    await page.reload();
    const verified = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
    expect(verified).toContain('En la plataforma Verificado en la plataforma: la agencia ya no tiene acceso');
    expect(verified).not.toContain('sigue con acceso');
  } finally {
    await context.close();
  }
});
