import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Activities, ContentDeciders, DecisionEmailInput, NoticeInput, RecordContentStateInput } from '../../activities';
import { createCalendarActivities } from '../../activities/calendar';
import type { ContentRequest, ImageCheck } from '../../domain/content';
import { limaDate } from '../../domain/businessDays';
import { CONTENT_CONFIRMATIONS } from '../../domain/contentConfirmations';
import type { EntityPolicy } from '../../domain/entity';
import { contentPublication } from '../../workflows/content';
import { pcmEntity } from '../support/fixtures';
import { timeSkippingWorkerForFile } from '../support/timeSkippingFile';
import { eventually } from '../support/eventually';
import { decide, saveHistory, terminateWhenIdle, waitForStep } from '../support/workflowDriver';
import { contentStatusQuery, contentWorkflowId, type ContentPublicationInput } from '../../contracts/content';

let env: TestWorkflowEnvironment;
const taskQueue = 'content-test';
let emails: DecisionEmailInput[];
let notices: NoticeInput[];
let states: RecordContentStateInput[];
let presidency: ContentDeciders['presidency'];

const PRESIDENCY = { name: 'Rosa Palacios', email: 'presidencia@inpe.gob.pe' };

const activities: Partial<Activities> = {
  sendDecisionEmail: async (i) => (emails.push(i), { undelivered: [] }),
  recordDecision: async () => undefined,
  stepWithdrawn: async () => undefined,
  sendNotice: async (i) => (notices.push(i), { undelivered: [] }),
  businessInstants: createCalendarActivities().businessInstants,
  inspectContentImages: async ({ images }) =>
    images.map((img, i): ImageCheck => ({ imageId: img.id, label: `Imagen ${i + 1} («${img.filename}») – X (Twitter)`, ok: true, detail: 'Conforme: 1080×600 px, PNG, 3 KB (medida obligatoria 1080×600 px, PCM 6.2.2.16).' })),
  contentDeciders: async ({ entityId }) => {
    const e = entityId === 'inpe' ? inpe : pcm;
    return { communityManager: e.communityManager, approver: e.head, escalateTo: [e.secondInCommand], presidency: entityId === 'inpe' ? presidency : [] };
  },
  recordContentState: async (i) => void states.push(i),
};

const pcm = pcmEntity();
const inpe: EntityPolicy = pcmEntity({
  id: 'inpe',
  name: 'Instituto Nacional Penitenciario',
  profile: 'INPE',
  emailDomains: ['inpe.gob.pe'],
  head: { name: 'Gustavo Ramos', email: 'gramos@inpe.gob.pe' },
  secondInCommand: { name: 'Hilda Mendoza', email: 'hmendoza@inpe.gob.pe' },
  communityManager: { name: 'Iván Torres', email: 'itorres@inpe.gob.pe' },
});

const congreso: EntityPolicy = pcmEntity({ id: 'congreso', name: 'Congreso de la República', profile: 'CONGRESO' });

timeSkippingWorkerForFile(taskQueue, activities, (started) => (env = started));

beforeEach(() => {
  emails = [];
  notices = [];
  states = [];
  presidency = [PRESIDENCY];
});

/** The test server's clock runs ahead of the machine's once a test skips time: days count from it. */
let serverNow = Date.now();
const day = (offsetDays: number) => new Date(serverNow + offsetDays * 86_400_000 - 5 * 3_600_000).toISOString().slice(0, 10);

function contentRequest(entity: EntityPolicy, over: Partial<ContentRequest> = {}): ContentRequest {
  const domain = entity.emailDomains[0]!;
  return {
    entityId: entity.id,
    requester: { name: 'Diego Torres', email: `dtorres@${domain}` },
    unit: 'Dirección General de Patrimonio Cultural',
    text: 'Visita gratuita al Museo Nacional el domingo.',
    audience: 'Familias de Lima',
    publishOn: day(3),
    publishAt: '10:00',
    networks: ['facebook', 'x'],
    unitAuthorization: { name: 'Luis Paredes', position: 'Director General', email: `lparedes@${domain}`, authorizedOn: day(0) },
    images: [{ id: `img-${'a'.repeat(48)}`, placement: 'x', filename: 'banner.png', type: 'png', width: 1080, height: 600, bytes: 3000 }],
    ...over,
  };
}

async function start(entity: EntityPolicy = pcm, over: Partial<ContentRequest> = {}) {
  serverNow = await env.currentTimeMs();
  const requestId = randomUUID().replace(/-/g, '').slice(0, 24);
  const input: ContentPublicationInput = { requestId, entity, request: contentRequest(entity, over), submittedAt: new Date().toISOString(), statusUrl: `http://localhost/contenidos/${requestId}` };
  return env.client.workflow.start(contentPublication, { taskQueue, workflowId: contentWorkflowId(requestId), args: [input] });
}

/** PCM 6.2.2.5–8, 6.2.2.17: what an approving CM confirms (issue 19 §1); the piece is not news. */
const CONFIRMED = { confirmations: [...CONTENT_CONFIRMATIONS], news: false };

const posts = [
  { network: 'facebook', url: 'https://www.facebook.com/CulturaPeru/posts/1' },
  { network: 'x', url: 'https://x.com/CulturaPeru/status/1' },
];

/** Emails leave by activity after the step opens: poll for them. */
async function emailFor(step: string): Promise<DecisionEmailInput> {
  const found = await eventually(async () => emails.find((e) => e.step === step), (e) => e !== undefined, `an email of ${step}`, 10_000, { intervalMs: 50 });
  return found!;
}

async function publish(handle: Awaited<ReturnType<typeof start>>, cm: string) {
  await env.sleep('4 days');
  await waitForStep(handle, 'publicacion');
  await expect(decide(handle, 'publicacion', 'confirm', cm, { payload: { posts: [posts[0], { network: 'x', url: 'http://x.com/CulturaPeru/status/1' }] } })).rejects.toThrow('https://');
  await decide(handle, 'publicacion', 'confirm', cm, { payload: { posts } });
  return handle.result();
}

describe('content publication approval (RULEBOOK §6)', () => {
  it('INPE 5.3.b, PCM 6.2.2.2, INPE 5.3.d: the CM evaluates with the image checks, the head approves, the CM confirms the posts', async () => {
    const handle = await start();
    const evaluation = await waitForStep(handle, 'evaluacion-1');
    expect(evaluation.deciders).toEqual([pcm.communityManager.email]);
    expect(evaluation.actions).toEqual(['approve', 'observe', 'reject']);
    const mail = await emailFor('evaluacion-1');
    expect(mail.summary).toContainEqual(['Imagen 1 («banner.png») – X (Twitter)', expect.stringContaining('✔ Conforme: 1080×600 px')]);
    expect(mail.summary).toContainEqual(['Página de la solicitud (imágenes)', expect.stringContaining('/contenidos/')]);
    expect(mail.intro).toContain('INPE 5.3.b');

    await decide(handle, 'evaluacion-1', 'approve', pcm.communityManager.email, { payload: CONFIRMED });
    const approval = await waitForStep(handle, 'aprobacion-1');
    expect(approval.deciders).toEqual([pcm.head.email]);
    expect((await emailFor('aprobacion-1')).intro).toContain('PCM 6.2.2.2');
    await decide(handle, 'aprobacion-1', 'approve', pcm.head.email);

    // Approved before the planned time: programmed, the CM and the unit are told, nobody is asked yet.
    await eventually(async () => notices, (all) => all.some((n) => n.key.endsWith('/aprobada')), 'the approval notice', 5_000, { intervalMs: 50 });
    expect((await handle.query(contentStatusQuery)).stage).toBe('programada');
    expect(notices.find((n) => n.key.endsWith('/aprobada'))!.to.map((c) => c.email)).toEqual(['dtorres@cultura.gob.pe', pcm.communityManager.email]);

    const result = await publish(handle, pcm.communityManager.email);
    expect(result.stage).toBe('publicada');
    expect(result.publications).toEqual(posts);
    expect(result.decisions.map((d) => `${d.step}:${d.action}`)).toEqual(['evaluacion-1:approve', 'aprobacion-1:approve', 'publicacion:confirm']);
    expect(states.map((s) => s.stage)).toEqual(['evaluacion', 'aprobacion', 'programada', 'publicacion', 'publicada']);
    expect(states.at(-1)).toMatchObject({ publications: posts, closedAt: expect.any(String) });
    expect(notices.find((n) => n.key.endsWith('/publicada'))!.paragraphs).toContain('X (Twitter): https://x.com/CulturaPeru/status/1');
    await saveHistory(handle, 'content-published');
  });

  it('INPE 5.2.b: sensitive content under INPE also needs the Presidency, after the head', async () => {
    const handle = await start(inpe);
    await decide(handle, 'evaluacion-1', 'approve', inpe.communityManager.email, { payload: { sensitive: true, ...CONFIRMED } });
    await decide(handle, 'aprobacion-1', 'approve', inpe.head.email);
    const step = await waitForStep(handle, 'presidencia-1');
    expect(step.deciders).toEqual([PRESIDENCY.email]);
    expect((await emailFor('presidencia-1')).intro).toContain('INPE 5.2.b');
    expect((await handle.query(contentStatusQuery))).toMatchObject({ stage: 'presidencia', sensitive: true });
    await decide(handle, 'presidencia-1', 'approve', PRESIDENCY.email);
    const result = await publish(handle, inpe.communityManager.email);
    expect(result.decisions.map((d) => d.step)).toEqual(['evaluacion-1', 'aprobacion-1', 'presidencia-1', 'publicacion']);
    await saveHistory(handle, 'content-presidency-published');
  });

  it('INPE 5.2.b: content the CM does not mark sensitive goes from the head straight to publication', async () => {
    const handle = await start(inpe);
    await decide(handle, 'evaluacion-1', 'approve', inpe.communityManager.email, { payload: { sensitive: false, ...CONFIRMED } });
    await decide(handle, 'aprobacion-1', 'approve', inpe.head.email);
    const result = await publish(handle, inpe.communityManager.email);
    expect(result.decisions.map((d) => d.step)).toEqual(['evaluacion-1', 'aprobacion-1', 'publicacion']);
    expect(result.sensitive).toBe(false);
  });

  it('INPE 5.2.b: without a Presidency in the roster, sensitive content cannot pass the evaluation', async () => {
    presidency = [];
    const handle = await start(inpe, { sensitive: true });
    await expect(decide(handle, 'evaluacion-1', 'approve', inpe.communityManager.email, { payload: { sensitive: true, ...CONFIRMED } })).rejects.toThrow('Presidencia');
    await expect(decide(handle, 'evaluacion-1', 'approve', inpe.communityManager.email, { payload: CONFIRMED })).rejects.toThrow('INPE 5.2.b');
    await terminateWhenIdle(handle);
  });

  it('INPE 5.2.b: the rule is INPE\'s; a PCM entity cannot mark content for a Presidency', async () => {
    const handle = await start(pcm);
    await expect(decide(handle, 'evaluacion-1', 'approve', pcm.communityManager.email, { payload: { sensitive: true, ...CONFIRMED } })).rejects.toThrow('INPE 5.2.b');
    await terminateWhenIdle(handle);
  });

  it('INPE 5.3.b–c: an observation goes back to the unit, which corrects and resubmits to the CM', async () => {
    const handle = await start();
    await decide(handle, 'evaluacion-1', 'observe', pcm.communityManager.email, { reason: 'El texto tiene una falta de ortografía.' });
    const correction = await waitForStep(handle, 'correccion-1');
    expect(correction.deciders).toEqual(['dtorres@cultura.gob.pe']);
    expect(correction.form).toBe('contentCorrection');
    expect((await emailFor('correccion-1')).intro).toContain('El texto tiene una falta de ortografía.');
    expect((await handle.query(contentStatusQuery)).stage).toBe('correccion');

    const { entityId: _e, requester: _r, ...draft } = contentRequest(pcm);
    await expect(decide(handle, 'correccion-1', 'correct', 'dtorres@cultura.gob.pe', { payload: { ...draft, publishOn: day(-2) } })).rejects.toThrow('INPE 5.3.a');
    await expect(decide(handle, 'correccion-1', 'correct', 'dtorres@cultura.gob.pe', { payload: { ...draft, liveBroadcast: { organisation: 'ONG', durationMinutes: 45, agreementReference: 'C-1' } } })).rejects.toThrow('PCM 6.2.2.18');
    await decide(handle, 'correccion-1', 'correct', 'dtorres@cultura.gob.pe', { payload: { ...draft, text: 'Visita gratuita al Museo Nacional este domingo.' } });

    await waitForStep(handle, 'evaluacion-2');
    const status = await handle.query(contentStatusQuery);
    expect(status.request.text).toBe('Visita gratuita al Museo Nacional este domingo.');
    expect(status.request.requester.email).toBe('dtorres@cultura.gob.pe');
    // The head may observe too: back to the unit, then to the CM again.
    await decide(handle, 'evaluacion-2', 'approve', pcm.communityManager.email, { payload: CONFIRMED });
    await decide(handle, 'aprobacion-2', 'observe', pcm.head.email, { reason: 'Agregue la fuente de la fotografía.' });
    await decide(handle, 'correccion-2', 'correct', 'dtorres@cultura.gob.pe', { payload: { ...draft, text: 'Foto: Archivo MNAAHP.' } });
    await waitForStep(handle, 'evaluacion-3');
    // The corrected piece is confirmed anew: what the CM vouched for the earlier one is cleared, in the record too.
    expect((await handle.query(contentStatusQuery)).confirmations).toBeUndefined();
    expect(states.filter((st) => st.confirmations !== undefined).map((st) => (st.confirmations ? st.stage : null))).toEqual(['aprobacion', null]);
    await terminateWhenIdle(handle);
  });

  it('PCM 6.2.2.6, 6.2.2.7, 6.2.2.8, 6.2.2.17, 6.2.2.5: the CM cannot pass a piece to the head without confirming each item; the refusal names every missing clause', async () => {
    const handle = await start();
    const step = await waitForStep(handle, 'evaluacion-1');
    expect((step.formData as { confirmationOptions: Array<{ id: string; label: string }> }).confirmationOptions.map((o) => o.label.match(/\(([^)]+)\)$/)?.[1])).toEqual(['PCM 6.2.2.6', 'PCM 6.2.2.7', 'PCM 6.2.2.8', 'PCM 6.2.2.17']);
    const none = decide(handle, 'evaluacion-1', 'approve', pcm.communityManager.email);
    await expect(none).rejects.toThrow(/PCM 6\.2\.2\.6.*PCM 6\.2\.2\.7.*PCM 6\.2\.2\.8.*PCM 6\.2\.2\.17.*PCM 6\.2\.2\.5/s);
    const partial = await decide(handle, 'evaluacion-1', 'approve', pcm.communityManager.email, { payload: { confirmations: ['respectful', 'rights'], news: false } }).catch((err: Error) => err.message);
    expect(partial).toMatch(/PCM 6\.2\.2\.8.*PCM 6\.2\.2\.17/s);
    expect(partial).not.toMatch(/PCM 6\.2\.2\.[67]\)|PCM 6\.2\.2\.5/);
    // Observing or rejecting asks for nothing of the kind.
    await decide(handle, 'evaluacion-1', 'observe', pcm.communityManager.email, { reason: 'Falta el crédito de la fotografía.' });
    expect((await waitForStep(handle, 'correccion-1')).step).toBe('correccion-1');
    await terminateWhenIdle(handle);
  });

  it('PCM 6.2.2.5: news is published from its page on the entity\'s website; the head reads every confirmation before approving, and the record keeps them', async () => {
    const handle = await start();
    await waitForStep(handle, 'evaluacion-1');
    const asNews = (url: string) => ({ payload: { confirmations: [...CONTENT_CONFIRMATIONS], news: true, newsUrl: url } });
    await expect(decide(handle, 'evaluacion-1', 'approve', pcm.communityManager.email, { payload: { confirmations: [...CONTENT_CONFIRMATIONS], news: true } })).rejects.toThrow('PCM 6.2.2.5');
    await expect(decide(handle, 'evaluacion-1', 'approve', pcm.communityManager.email, asNews('https://noticias-cultura.com/visita'))).rejects.toThrow('noticias-cultura.com (PCM 6.2.2.5)');
    await expect(decide(handle, 'evaluacion-1', 'approve', pcm.communityManager.email, asNews('http://www.gob.pe/cultura/noticias/1'))).rejects.toThrow('https://');
    const news = 'https://www.gob.pe/institucion/cultura/noticias/1-visita-gratuita';
    await decide(handle, 'evaluacion-1', 'approve', pcm.communityManager.email, asNews(news));

    const approval = await emailFor('aprobacion-1');
    expect(approval.summary).toContainEqual(['Confirmado por el community manager (PCM 6.2.2.6)', expect.stringContaining('ofensivo, discriminatorio')]);
    expect(approval.summary).toContainEqual(['Confirmado por el community manager (PCM 6.2.2.17)', expect.stringContaining('dieron su permiso')]);
    expect(approval.summary).toContainEqual(['Noticia en el portal (PCM 6.2.2.5)', news]);
    const expected = {
      items: [{ id: 'respectful', clause: 'PCM 6.2.2.6' }, { id: 'rights', clause: 'PCM 6.2.2.7' }, { id: 'thirdPartyGraphics', clause: 'PCM 6.2.2.8' }, { id: 'peopleConsent', clause: 'PCM 6.2.2.17' }],
      news: { news: true, url: news },
      by: pcm.communityManager.email,
      at: expect.any(String),
    };
    expect((await handle.query(contentStatusQuery)).confirmations).toEqual(expected);
    expect(states.find((st) => st.stage === 'aprobacion')?.confirmations).toEqual(expected);
    await terminateWhenIdle(handle);
  });

  it('PCM 6.2.4.1: a Presidency press conference is published after the Presidency\'s post and coordinated with the Despacho Presidencial; the record keeps both', async () => {
    const handle = await start();
    const step = await waitForStep(handle, 'evaluacion-1');
    expect((step.formData as { officialActOptions: Array<{ id: string }> }).officialActOptions.map((o) => o.id)).toEqual(['presidencyConference', 'councilOfMinisters', 'presidentialActivity']);
    await decide(handle, 'evaluacion-1', 'approve', pcm.communityManager.email, { payload: { ...CONFIRMED, officialAct: 'presidencyConference' } });
    expect((await emailFor('aprobacion-1')).summary).toContainEqual(['Acto oficial (PCM 6.2.4.1)', expect.stringContaining('se publica después de las cuentas oficiales de la Presidencia de la República')]);
    await decide(handle, 'aprobacion-1', 'approve', pcm.head.email);

    await env.sleep('4 days');
    const publication = await waitForStep(handle, 'publicacion');
    expect(publication.formData).toMatchObject({ officialAct: { id: 'presidencyConference', clause: 'PCM 6.2.4.1', office: 'Secretaría de Comunicación Estratégica y Prensa del Despacho Presidencial' } });
    expect((await emailFor('publicacion')).intro).toContain('Es un acto oficial (PCM 6.2.4.1): publique después de las cuentas oficiales de la Presidencia de la República');
    await expect(decide(handle, 'publicacion', 'confirm', pcm.communityManager.email, { payload: { posts } })).rejects.toThrow('(PCM 6.2.4.1)');
    const lead = 'https://x.com/presidenciaperu/status/9';
    const today = limaDate(new Date(await env.currentTimeMs()));
    await decide(handle, 'publicacion', 'confirm', pcm.communityManager.email, { payload: { posts, leadUrl: lead, coordinatedWith: 'Rosa Díaz, jefa de prensa', coordinatedOn: today } });
    const result = await handle.result();
    const record = {
      act: 'presidencyConference', clause: 'PCM 6.2.4.1', office: 'Secretaría de Comunicación Estratégica y Prensa del Despacho Presidencial', leadUrl: lead,
      coordinatedWith: 'Rosa Díaz, jefa de prensa', coordinatedOn: today, by: pcm.communityManager.email, at: expect.any(String),
    };
    expect(result.officialActRecord).toEqual(record);
    expect(states.at(-1)).toMatchObject({ stage: 'publicada', officialAct: record });
    expect(notices.find((n) => n.key.endsWith('/publicada'))!.paragraphs).toEqual(expect.arrayContaining([`Publicación principal: ${lead}`, expect.stringContaining('Coordinación: Rosa Díaz, jefa de prensa')]));
  });

  it('CONGRESO: PCM 6.2.2\'s content rules do not bind the Congress; its CM passes a piece on without them', async () => {
    const handle = await start(congreso);
    const step = await waitForStep(handle, 'evaluacion-1');
    expect(step.formData).not.toHaveProperty('confirmationOptions');
    await decide(handle, 'evaluacion-1', 'approve', congreso.communityManager.email);
    expect((await waitForStep(handle, 'aprobacion-1')).deciders).toEqual([congreso.head.email]);
    expect((await handle.query(contentStatusQuery)).confirmations).toBeUndefined();
    await terminateWhenIdle(handle);
  });

  it('PCM 6.2.2.9: the CM rejects forbidden content by flagging it; the record keeps the flag with its clause', async () => {
    const handle = await start();
    await expect(decide(handle, 'evaluacion-1', 'reject', pcm.communityManager.email, { reason: 'No corresponde publicarlo.' })).rejects.toThrow('PCM 6.2.2.9');
    await decide(handle, 'evaluacion-1', 'reject', pcm.communityManager.email, { reason: 'Promociona a un candidato.', payload: { flags: ['political_propaganda'] } });
    const result = await handle.result();
    expect(result.stage).toBe('rechazada');
    expect(result.flags).toEqual([{ flag: 'political_propaganda', clause: 'PCM 6.2.2.9', by: pcm.communityManager.email, at: expect.any(String) }]);
    expect(states.at(-1)).toMatchObject({ stage: 'rechazada', flags: result.flags, closedAt: expect.any(String) });
    const notice = notices.find((n) => n.key.endsWith('/rechazo'))!;
    expect(notice.paragraphs).toContain('Contenido prohibido (PCM 6.2.2.9): Propaganda política.');
    expect(notice.paragraphs).toContain('Motivo: Promociona a un candidato.');
  });
});
