/**
 * Everything real (RULEBOOK §6): Temporal dev server, worker, API over HTTP, FerretDB and the SMTP
 * capture. A requesting unit fills the content form with real image files; a wrong size is refused on
 * the form with a clear Spanish message, a valid request reaches the community manager's mailbox, and
 * the later steps are taken by following links from captured emails.
 */
import { limaDate } from '../../domain/businessDays';
import { contentRequestModel } from '../../infra/models/contentRequest';
import { Browser, linkIn } from '../support/browser';
import { png } from '../support/images';
import { startTestStack, type TestStack } from '../support/stack';

jest.setTimeout(120_000);

let stack: TestStack<'unit'>;
let unit: Browser;

const CM = 'crojas@cultura.gob.pe';
const HEAD = 'aquispe@cultura.gob.pe';
const plusDays = (k: number) => new Date(Date.parse(`${limaDate(new Date())}T12:00:00Z`) + k * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  stack = await startTestStack({ unit: 'dtorres@cultura.gob.pe' });
  ({ unit } = stack.as);
});

afterAll(() => stack?.stop());

/** The form as a browser sends it: multipart, with the page's CSRF token and idempotency key. */
async function fillForm(text: string, images: Array<{ placement: string; file: Buffer; name: string }>): Promise<FormData> {
  const page = await unit.open('/contenidos/nueva');
  expect(page.status).toBe(200);
  expect(page.html).toContain('enctype="multipart/form-data"');
  const key = /name="idempotencyKey" value="([^"]+)"/.exec(page.html)![1]!;
  const fd = new FormData();
  const fields: Record<string, string> = {
    _csrf: unit.csrf, idempotencyKey: key, entityId: 'mincul', unit: 'Dirección General de Patrimonio Cultural', text, audience: 'Familias de Lima',
    publishOn: plusDays(6), publishAt: '09:30',
    'unitAuthorization[name]': 'Luis Paredes', 'unitAuthorization[position]': 'Director General',
    'unitAuthorization[email]': 'lparedes@cultura.gob.pe', 'unitAuthorization[authorizedOn]': plusDays(0), 'unitAuthorization[reference]': 'Memorando 123-2026',
    'liveBroadcast[organisation]': '', 'liveBroadcast[agreementReference]': '', 'liveBroadcast[durationMinutes]': '',
  };
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  fd.append('networks', 'x');
  fd.append('networks', 'instagram');
  images.forEach((img, i) => {
    fd.append(`imagePlacement${i}`, img.placement);
    fd.append(`imageFile${i}`, new Blob([new Uint8Array(img.file)], { type: 'image/png' }), img.name);
  });
  return fd;
}

describe('content publication through the form (RULEBOOK §6)', () => {
  it('PCM 6.2.2.16: an image of the wrong size is refused on the form with a clear Spanish message; nothing starts', async () => {
    const form = await fillForm('Agenda cultural de diciembre', [
      { placement: 'x', file: png(1080, 600), name: 'banner-x.png' },
      { placement: 'instagram_story', file: png(1080, 1920), name: 'historia.png' },
    ]);
    const res = await unit.fetch('/contenidos/nueva', { method: 'POST', body: form });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('La solicitud no se envió. Corrija lo siguiente:');
    expect(html).toContain('Imagen 2 («historia.png») para Historias de Instagram: la medida obligatoria es 720×1280 px y la imagen mide 1080×1920 px (PCM 6.2.2.16).');
    // What the unit typed is still there.
    expect(html).toContain('Agenda cultural de diciembre');
    expect(await contentRequestModel(stack.db).countDocuments()).toBe(0);
  });

  it('INPE 5.3.a–b: a valid request reaches the community manager, who evaluates it by link; the head approves', async () => {
    const text = 'Noche de museos: entrada libre el sábado';
    const form = await fillForm(text, [
      { placement: 'x', file: png(1080, 600), name: 'banner-x.png' },
      { placement: 'instagram_story', file: png(720, 1280), name: 'historia.png' },
    ]);
    const res = await unit.fetch('/contenidos/nueva', { method: 'POST', body: form });
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/contenidos\/[0-9a-f]{24}\?enviada=1$/);
    const id = location.split('?')[0]!.split('/').pop()!;

    const page = await unit.open(location);
    expect(page.status).toBe(200);
    expect(page.html).toContain('En evaluación del community manager');
    expect(page.html).toContain(`/contenidos/${id}/imagenes/img-`);

    const mail = await stack.mailbox!.waitFor((m) => m.to.includes(CM) && m.subject.includes('Evaluación de contenido') && m.text.includes(text));
    expect(mail.text).toContain('✔ Conforme: 720×1280 px, PNG');
    expect(mail.text).toContain('Memorando 123-2026');

    // PCM 6.2.2.5–8, 6.2.2.17 (issue 19 §1): the CM's page asks for each confirmation, and refuses without them.
    const cm = new Browser(stack.apiUrl);
    const pass = linkIn(mail, 'Aprobar');
    const evaluation = await cm.open(pass);
    for (const clause of ['PCM 6.2.2.6', 'PCM 6.2.2.7', 'PCM 6.2.2.8', 'PCM 6.2.2.17', 'PCM 6.2.2.5']) expect(evaluation.html).toContain(`(${clause})`);
    const unconfirmed = await cm.submit(pass, { confirmationsShown: 'si', confirmations: ['respectful', 'rights'], news: 'no' });
    expect(unconfirmed.status).toBe(409);
    const refusal = await unconfirmed.text();
    expect(refusal).toContain('(PCM 6.2.2.8)');
    expect(refusal).toContain('(PCM 6.2.2.17)');
    expect(refusal).toMatch(/name="confirmations" value="rights" checked/);
    const news = 'https://www.gob.pe/institucion/cultura/noticias/noche-de-museos';
    const confirmed = await cm.submit(pass, { confirmationsShown: 'si', confirmations: ['respectful', 'rights', 'thirdPartyGraphics', 'peopleConsent'], news: 'si', newsUrl: news });
    expect(confirmed.status).toBe(200);
    const approval = await stack.mailbox!.waitFor((m) => m.to.includes(HEAD) && m.subject.includes('Aprobación de publicación') && m.text.includes(text));
    expect(approval.text).toContain('Confirmado por el community manager (PCM 6.2.2.17)');
    expect(approval.text).toContain(news);
    expect((await unit.open(location)).html).toContain('Confirmaciones del community manager');
    expect((await new Browser(stack.apiUrl).follow(linkIn(approval, 'Aprobar'))).status).toBe(200);
    const approved = await stack.mailbox!.waitFor((m) => m.to.includes(CM) && m.subject.startsWith('Publicación aprobada') && m.text.includes(text));
    expect(approved.text).toContain('09:30 (hora de Lima)');
    expect((await unit.open(location)).html).toContain('Aprobada: programada para su difusión');
  });
});
