/**
 * Content publication requests over HTTP (RULEBOOK §6) against the real stack: Temporal dev server and
 * worker, FerretDB, SMTP capture, people signed in by emailed link. Images travel as base64 in JSON and
 * as multipart files through the correction link; their real size is read from the bytes.
 */
import { apiKeysService } from '../../api/services/apiKeys';
import { limaDate } from '../../domain/businessDays';
import { CONTENT_CONFIRMATIONS } from '../../domain/contentConfirmations';
import { contentImageChunkModel, contentImageModel } from '../../infra/models/contentImage';
import { contentRequestModel, type ContentRequestDoc } from '../../infra/models/contentRequest';
import { Browser, linkIn } from '../support/browser';
import { eventually } from '../support/eventually';
import { png } from '../support/images';
import { startTestStack, type TestStack } from '../support/stack';

jest.setTimeout(120_000);

const HEAD = 'aquispe@cultura.gob.pe';
const CM = 'crojas@cultura.gob.pe';
const REQUESTER = 'dtorres@cultura.gob.pe';
const OTHER_HEAD = 'dflores@congreso.gob.pe';

let stack: TestStack<'head' | 'cm' | 'requester' | 'otherHead'>;
let as: TestStack<'head' | 'cm' | 'requester' | 'otherHead'>['as'];
let apiKey = '';
let n = 0;
const unique = () => `${Date.now().toString(36)}${n++}`;

const plusDays = (k: number) => new Date(Date.parse(`${limaDate(new Date())}T12:00:00Z`) + k * 86_400_000).toISOString().slice(0, 10);
const b64 = (buf: Buffer) => buf.toString('base64');

const body = (over: Record<string, unknown> = {}) => ({
  entityId: 'mincul',
  unit: 'Dirección General de Patrimonio Cultural',
  text: `Visita gratuita al Museo Nacional ${unique()}`,
  audience: 'Familias de Lima',
  publishOn: plusDays(5),
  publishAt: '10:00',
  networks: ['facebook', 'x'],
  unitAuthorization: { name: 'Luis Paredes', position: 'Director General', email: 'lparedes@cultura.gob.pe', authorizedOn: plusDays(0), reference: 'Memorando 123-2026' },
  images: [
    { placement: 'x', filename: 'banner-x.png', contentBase64: b64(png(1080, 600)) },
    { placement: 'facebook', filename: 'cuadrado.png', contentBase64: b64(png(1080, 1080)) },
  ],
  ...over,
});

/** The CM's confirmations of PCM 6.2.2.5–8 and 6.2.2.17 on the evaluation's page (issue 19 §1): not news. */
const CONFIRMED = { confirmationsShown: 'si', confirmations: [...CONTENT_CONFIRMATIONS], news: 'no' };
const rowOf = (id: string) => contentRequestModel(stack.db).findById(id).lean<ContentRequestDoc>();

const mailTo = (email: string, subject: string, text?: string) =>
  stack.mailbox!.waitFor((m) => m.to.includes(email) && m.subject.includes(subject) && (!text || m.text.includes(text)));

beforeAll(async () => {
  stack = await startTestStack({ head: HEAD, cm: CM, requester: REQUESTER, otherHead: OTHER_HEAD });
  ({ as } = stack);
  apiKey = (await apiKeysService(stack.db).create('mincul', 'contenidos', HEAD)).key;
});

afterAll(() => stack?.stop());

describe('content requests API (RULEBOOK §6)', () => {
  it('INPE 5.3.a–b: a unit submits content with images; the CM gets the evaluation with each image measured', async () => {
    const sent = body();
    const res = await as.requester.api('POST', '/api/content-requests', sent);
    expect(res.status).toBe(202);
    const id = res.json.id as string;
    expect(res.json.page).toBe(`/contenidos/${id}`);

    const row = await rowOf(id);
    expect(row).toMatchObject({ entityId: 'mincul', requesterEmail: REQUESTER, submittedBy: REQUESTER, stage: 'evaluacion', networks: ['facebook', 'x'], workflowId: `contenido-${id}` });

    const mail = await mailTo(CM, 'Evaluación de contenido', sent.text);
    expect(mail.text).toContain('✔ Conforme: 1080×600 px, PNG');
    expect(mail.text).toContain('✔ Conforme: 1080×1080 px, PNG');
    expect(mail.text).toContain(`/contenidos/${id}`);

    const status = await as.cm.api('GET', `/api/content-requests/${id}`);
    expect(status.status).toBe(200);
    expect(status.json).toMatchObject({ stage: 'evaluacion', request: { requester: { email: REQUESTER }, images: [{ placement: 'x', width: 1080, height: 600, type: 'png' }, { placement: 'facebook' }] } });
    expect(status.json.imageChecks.map((c: { ok: boolean }) => c.ok)).toEqual([true, true]);
    expect(JSON.stringify(status.json)).not.toContain('contentBase64');

    // The bytes are in the registry, chunked, and served back only to those who read the request.
    const imageId = status.json.request.images[0].id as string;
    expect(await contentImageModel(stack.db).countDocuments({ _id: imageId })).toBe(1);
    expect(await contentImageChunkModel(stack.db).countDocuments({ imageId })).toBeGreaterThanOrEqual(1);
    const img = await as.requester.fetch(`/contenidos/${id}/imagenes/${imageId}`);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await img.arrayBuffer()).equals(png(1080, 600))).toBe(true);
    expect((await as.otherHead.fetch(`/contenidos/${id}/imagenes/${imageId}`)).status).toBe(403);

    expect((await as.requester.api('GET', '/api/content-requests')).json.requests.map((r: { id: string }) => r.id)).toContain(id);
    expect((await as.otherHead.api('GET', '/api/content-requests')).json.requests).toEqual([]);
    expect((await as.otherHead.api('GET', `/api/content-requests/${id}`)).status).toBe(403);
  });

  it('PCM 6.2.2.16: an image of the wrong size is refused with a 400 naming the network, the sizes and the clause; nothing starts', async () => {
    const before = await contentRequestModel(stack.db).countDocuments();
    const res = await as.requester.api('POST', '/api/content-requests', body({ images: [{ placement: 'x', filename: 'banner.png', contentBase64: b64(png(1080, 601)) }] }));
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('validation_failed');
    expect(res.json.error.message).toContain('Imagen 1 («banner.png») para X (Twitter): la medida obligatoria es 1080×600 px y la imagen mide 1080×601 px (PCM 6.2.2.16).');
    expect(res.json.error.details).toEqual([{ field: 'images.0', rule: 'PCM 6.2.2.16', message: expect.stringContaining('1080×601') }]);
    expect(await contentRequestModel(stack.db).countDocuments()).toBe(before);
  });

  it('INPE 5.3.a, PCM 6.2.2.18: the other rules answer 400 in Spanish, each with its clause', async () => {
    const res = await as.requester.api('POST', '/api/content-requests', body({
      publishOn: plusDays(-1),
      networks: ['facebook'],
      liveBroadcast: { organisation: 'ONG Cultura Viva', durationMinutes: 45 },
    }));
    expect(res.status).toBe(400);
    const rules = res.json.error.details.map((d: { field: string; rule: string }) => `${d.field} ${d.rule}`);
    expect(rules).toEqual(expect.arrayContaining([
      'publishOn INPE 5.3.a', 'images.0 INPE 5.3.a', 'liveBroadcast.agreementReference PCM 6.2.2.18', 'liveBroadcast.durationMinutes PCM 6.2.2.18',
    ]));
    const notBase64 = await as.requester.api('POST', '/api/content-requests', body({ images: [{ placement: 'x', contentBase64: '¡no!' }] }));
    expect(notBase64.status).toBe(400);
    expect(notBase64.json.error.message).toContain('base64');
    const gif = await as.requester.api('POST', '/api/content-requests', body({ images: [{ placement: 'x', contentBase64: b64(Buffer.from('no soy una imagen')) }] }));
    expect(gif.status).toBe(400);
    expect(gif.json.error.details[0]).toMatchObject({ rule: 'INPE 5.3.b', message: expect.stringContaining('no es una imagen PNG, JPEG ni WebP') });
  });

  it('an API key names a registered requester; the same Idempotency-Key starts one process', async () => {
    const call = (b: unknown, key: string) =>
      fetch(`${stack.apiUrl}/api/content-requests`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify(b) });
    const missing = await call(body(), unique());
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { details: Array<{ field: string }> } }).error.details[0]!.field).toBe('requester.email');
    const key = unique();
    const b = body({ requester: { name: 'Diego Torres', email: REQUESTER } });
    const [one, two] = [await call(b, key), await call(b, key)];
    expect([one.status, two.status]).toEqual([202, 202]);
    const [a, c] = [(await one.json()) as { id: string }, (await two.json()) as { id: string }];
    expect(a.id).toBe(c.id);
    expect((await rowOf(a.id))?.submittedBy).toMatch(/^api-key:/);
  });

  it('INPE 5.3.b–d, PCM 6.2.2.2: by emailed links the CM observes, the unit corrects with a new image, the CM passes it and the head approves', async () => {
    const sent = body();
    const id = (await as.requester.api('POST', '/api/content-requests', sent)).json.id as string;
    const evaluation = await mailTo(CM, 'Evaluación de contenido', sent.text);
    const cm = new Browser(stack.apiUrl);
    const observed = await cm.follow(linkIn(evaluation, 'Observar'), { reason: 'La imagen de Facebook no se lee bien.' });
    expect(observed.status).toBe(200);

    const correction = await mailTo(REQUESTER, 'Corrija la solicitud de publicación', 'La imagen de Facebook no se lee bien.');
    const unit = new Browser(stack.apiUrl);
    const link = linkIn(correction, 'Enviar corrección');
    const form = await unit.open(link);
    expect(form.html).toContain('enctype="multipart/form-data"');
    expect(form.html).toContain('se conservan las actuales');
    const fields = (file: Buffer) => {
      const fd = new FormData();
      const values: Record<string, string> = {
        _csrf: unit.csrf, unit: sent.unit, text: `${sent.text} (corregido)`, audience: sent.audience, publishOn: sent.publishOn, publishAt: sent.publishAt,
        'unitAuthorization[name]': 'Luis Paredes', 'unitAuthorization[position]': 'Director General', 'unitAuthorization[email]': 'lparedes@cultura.gob.pe',
        'unitAuthorization[authorizedOn]': plusDays(0), imagePlacement0: 'facebook',
      };
      for (const [k, v] of Object.entries(values)) fd.append(k, v);
      fd.append('networks', 'facebook');
      fd.append('networks', 'x');
      fd.append('imageFile0', new Blob([new Uint8Array(file)], { type: 'image/png' }), 'nueva.png');
      return fd;
    };
    const wrong = await unit.fetch(link, { method: 'POST', body: fields(png(1000, 1000)) });
    expect(wrong.status).toBe(400);
    const wrongHtml = await wrong.text();
    expect(wrongHtml).toContain('para Facebook: la medida obligatoria es 1080×1080 px y la imagen mide 1000×1000 px (PCM 6.2.2.16).');
    const ok = await unit.fetch(link, { method: 'POST', body: fields(png(1080, 1080)) });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('Quedó registrado');

    const second = await mailTo(CM, 'Evaluación de contenido', '(corregido)');
    expect(second.text).toContain('nueva.png');
    expect((await cm.follow(linkIn(second, 'Aprobar'), CONFIRMED)).status).toBe(200);
    const approval = await mailTo(HEAD, 'Aprobación de publicación', '(corregido)');
    expect(approval.text).toContain('PCM 6.2.2.2');
    expect((await new Browser(stack.apiUrl).follow(linkIn(approval, 'Aprobar'))).status).toBe(200);
    await eventually(() => rowOf(id), (r) => r?.stage === 'programada', 'programming');
    const status = await as.requester.api('GET', `/api/content-requests/${id}`);
    expect(status.json.decisions.map((d: { step: string; action: string }) => `${d.step}:${d.action}`)).toEqual(['evaluacion-1:observe', 'correccion-1:correct', 'evaluacion-2:approve', 'aprobacion-2:approve']);
    expect(status.json.request.images).toEqual([expect.objectContaining({ placement: 'facebook', filename: 'nueva.png', width: 1080, height: 1080 })]);
  });

  it('PCM 6.2.2.9: the CM rejects political propaganda through the link; the record keeps the flag with its clause', async () => {
    const sent = body();
    const id = (await as.requester.api('POST', '/api/content-requests', sent)).json.id as string;
    const evaluation = await mailTo(CM, 'Evaluación de contenido', sent.text);
    const cm = new Browser(stack.apiUrl);
    const link = linkIn(evaluation, 'Rechazar');
    const page = await cm.open(link);
    expect(page.html).toContain('Propaganda política (PCM 6.2.2.9)');
    const noFlag = await cm.submit(link, { reason: 'No corresponde.' });
    expect(noFlag.status).toBe(409);
    expect(await noFlag.text()).toContain('PCM 6.2.2.9');
    await cm.open(link);
    expect((await cm.submit(link, { reason: 'Promociona a un candidato.', flags: 'political_propaganda' })).status).toBe(200);
    const row = await eventually(() => rowOf(id), (r) => r?.stage === 'rechazada', 'rejection');
    expect(row!.flags).toEqual([{ flag: 'political_propaganda', clause: 'PCM 6.2.2.9', by: CM, at: expect.any(String) }]);
    const notice = await mailTo(REQUESTER, 'Solicitud de publicación rechazada', sent.text);
    expect(notice.text).toContain('Contenido prohibido (PCM 6.2.2.9): Propaganda política.');
  });
});
