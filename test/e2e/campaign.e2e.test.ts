/**
 * Everything real (issue #5 §2; PCM 6.4, Anexo 5): Temporal dev server, worker, API over HTTP, FerretDB and
 * the SMTP capture. The requesting unit proposes a multisector campaign on the form; every later step is
 * taken by following links from captured emails, up to SCS's technical opinion and the adjusted proposal.
 */
import { limaDate } from '../../domain/businessDays';
import { auditModel } from '../../infra/models/audit';
import { Browser, linkIn as link, type Fields } from '../support/browser';
import { plusDays, validCampaign } from '../support/campaignFixtures';
import { eventually } from '../support/eventually';
import { startTestStack, type TestStack } from '../support/stack';
import { linksReachingOthers } from '../support/mailLinks';

jest.setTimeout(120_000);

let stack: TestStack<'requester'>;
let requester: Browser;

const HEAD = 'aquispe@cultura.gob.pe';
const PROPOSER = 'dtorres@cultura.gob.pe';
const SCS = 'rrss_scs@pcm.gob.pe';

beforeAll(async () => {
  stack = await startTestStack({ requester: PROPOSER });
  ({ requester } = stack.as);
});

afterAll(() => stack?.stop());

const c = validCampaign({ name: 'Manos Limpias, Niñez Sana' }, plusDays(limaDate(new Date()), 5));

/** The campaign form's fields, as a person fills them in. */
const campaignForm = (overrides: Fields = {}): Fields => ({
  entityId: 'mincul',
  name: c.name, need: c.need, publicPurpose: c.publicPurpose, context: c.context, topic: c.topic, objective: c.objective,
  audience: 'Padres y madres de familia con hijos menores de 12 años.', concept: 'Lávate las manos: tu salud está en tus manos.',
  strategy: c.strategy, schedule: c.schedule, budget: '', pieces: c.pieces,
  'actions[informative]': c.actions.informative!, 'actions[audiovisual]': c.actions.audiovisual!, 'actions[spokesperson]': c.actions.spokesperson!,
  'actions[digital]': c.actions.digital!, 'actions[activations]': c.actions.activations!, 'actions[other]': '',
  startsOn: c.startsOn, endsOn: c.endsOn, networks: ['facebook', 'instagram'], otherNetwork: '',
  sectors: 'Ministerio de Salud\nMinisterio de Educación',
  mode: 'organic', 'mediaAgency[name]': '', 'mediaAgency[businessManagerId]': '', 'mediaAgency[role]': 'advertiser',
  ...overrides,
});

const mailTo = (email: string, subject: RegExp) => stack.mailbox!.waitFor((m) => m.to.includes(email) && subject.test(m.subject));

/** Opens a link as its addressee would, in a browser nobody signed in to: the confirmation page, then its form. */
async function follow(url: string, fields: Fields = {}) {
  const browser = new Browser(stack.apiUrl);
  const page = await browser.open(url);
  expect(page.status).toBe(200);
  expect(page.html).toContain('Nada se registra hasta que pulse el botón');
  const res = await browser.submit(url, fields);
  return { status: res.status, html: await res.text(), page: page.html };
}

const opinion = (durability: Fields = { 'durability[verdict]': 'favourable', 'durability[comments]': '' }): Fields => ({
  'need[verdict]': 'favourable', 'need[comments]': '',
  'viability[verdict]': 'favourable', 'viability[comments]': 'Viable con los recursos de los tres sectores.',
  'exclusivity[verdict]': 'favourable', 'exclusivity[comments]': '',
  remarks: '',
  ...durability,
});

it('PCM 6.4, Anexo 5: a multisector campaign goes from the form to the head, to SCS as Anexo 5, back to the proposer with the opinion, and round again once adjusted', async () => {
  // The form refuses a two-week rule break in Spanish and starts nothing.
  await requester.open('/campanas/nueva');
  const refused = await requester.submit('/campanas/nueva', campaignForm({ idempotencyKey: 'e2e-camp-bad', endsOn: plusDays(c.startsOn, 9) }));
  expect(refused.status).toBe(400);
  expect(await refused.text()).toContain('acción de comunicación');

  await requester.open('/campanas/nueva');
  const sent = await requester.submit('/campanas/nueva', campaignForm({ idempotencyKey: 'e2e-camp-1' }));
  expect(sent.status).toBe(303);
  const id = sent.headers.get('location')!.split('?')[0]!.split('/').pop()!;

  // 1. The head approves by the emailed link.
  const toHead = await mailTo(HEAD, /^Campaña comunicacional «Manos Limpias, Niñez Sana»/);
  expect(toHead.text).toContain('Por ser multisectorial');
  expect((await follow(link(toHead, 'Aprobar'))).html).toContain('Quedó registrado');

  // 2. SCS receives the Anexo 5 in the body and as a PDF, addressed to its Coordinación de Comunicación Digital.
  const toScs = await mailTo(SCS, /^Propuesta de campaña multisectorial \(Anexo 5\)/);
  // The head and the proposer get a copy without SCS's link: a proposer cannot opine on their own campaign (issue 14 §1.1).
  expect(toScs.cc).toEqual([]);
  const copy = await mailTo(PROPOSER, /^Copia informativa: Propuesta de campaña multisectorial/);
  expect(copy.to.sort()).toEqual([PROPOSER, HEAD].sort());
  expect(copy.text).not.toContain('/enlace/');
  expect(toScs.text).toContain('Señores de la Coordinación de Comunicación Digital de la Secretaría de Comunicación Social');
  for (const row of ['Nombre de la campaña: Manos Limpias, Niñez Sana', 'Sectores participantes: Ministerio de Cultura, Ministerio de Salud, Ministerio de Educación',
    'Público objetivo: Padres y madres', 'Mensaje: Lávate las manos', 'Redes sociales a utilizar: Facebook, Instagram', `Inicio de difusión: ${c.startsOn.split('-').reverse().join('/')}`,
    `Culminación de difusión: ${c.endsOn.split('-').reverse().join('/')}`]) {
    expect(toScs.text).toContain(row);
  }
  // Issue 19 §6: numbered per entity and year, as the administration files it.
  expect(toScs.attachments).toEqual([expect.objectContaining({ filename: expect.stringMatching(/^propuesta-de-campana-multisectorial-n-\d{3}-\d{4}-oc-mincul-manos-limpias-ninez-sana\.pdf$/), contentType: 'application/pdf' })]);
  expect(toScs.attachments[0]!.size).toBeGreaterThan(5_000);

  // 3. SCS gives its opinion by link: a comment without text is refused on the page; then durability with comments.
  const opine = link(toScs, 'Emitir opinión técnica');
  const bare = await follow(opine, opinion({ 'durability[verdict]': 'comments', 'durability[comments]': '' }));
  expect(bare.page).toContain('Necesidad de comunicación');
  expect(bare.status).toBe(400);
  expect(bare.html).toContain('PCM 6.4.2');
  const opined = await follow(opine, opinion({ 'durability[verdict]': 'comments', 'durability[comments]': 'Tres semanas no bastan: extiéndala a seis.' }));
  expect(opined.html).toContain('Quedó registrado');

  // 4. The proposer sees the opinion and adjusts the proposal through the correction link.
  const toProposer = await mailTo(PROPOSER, /^Opinión técnica de la SCS: campaña «Manos Limpias, Niñez Sana»/);
  expect(toProposer.text).toContain('Durabilidad: Con observaciones: Tres semanas no bastan');
  const newEnd = plusDays(c.startsOn, 41);
  const adjusted = await follow(link(toProposer, 'Enviar corrección'), campaignForm({ endsOn: newEnd }));
  expect(adjusted.page).toContain('Acciones mínimas');
  expect(adjusted.html).toContain('Quedó registrado');

  // 5. Back to the head, then SCS again, now favourable on every criterion.
  const toHead2 = await stack.mailbox!.waitFor((m) => m.to.includes(HEAD) && /^Campaña comunicacional/.test(m.subject) && m.id !== toHead.id);
  expect((await follow(link(toHead2, 'Aprobar'))).status).toBe(200);
  const toScs2 = await stack.mailbox!.waitFor((m) => m.to.includes(SCS) && /Anexo 5/.test(m.subject) && m.id !== toScs.id);
  expect(toScs2.text).toContain(`Culminación de difusión: ${newEnd.split('-').reverse().join('/')}`);
  // The adjusted proposal is a new document, with the next number.
  const numberOf = (m: { attachments: Array<{ filename: string }> }) => Number(/-n-(\d{3})-/.exec(m.attachments[0]!.filename)?.[1]);
  expect(numberOf(toScs2)).toBe(numberOf(toScs) + 1);
  expect((await follow(link(toScs2, 'Emitir opinión técnica'), opinion())).status).toBe(200);
  await mailTo(PROPOSER, /^Opinión técnica favorable de la SCS/);

  // The proposer's status shows the campaign approved, with both opinions.
  const status = await eventually(async () => (await requester.api('GET', `/api/campaigns/${id}`)).json, (s) => s.state === 'aprobada', 'approval', 10_000);
  expect(status).toMatchObject({ state: 'aprobada', multisector: true, endsOn: newEnd });
  expect(status.live.opinions.map((o: { round: number; by: string }) => [o.round, o.by])).toEqual([[1, SCS], [2, SCS]]);
  const page = await requester.open(`/campanas/${id}`);
  expect(page.html).toContain('Opinión técnica de la SCS (ronda 1, PCM 6.4.2)');

  // Every decision is in the entity's audit trail, and each email went out once.
  const decisions = await auditModel(stack.db).find({ action: 'decision.recorded', workflowId: `campana-${id}` }).lean();
  expect(decisions.map((d) => d.step).sort()).toEqual(['ajuste-1', 'aprobacion-1', 'aprobacion-2', 'opinion-scs-1', 'opinion-scs-2']);
  expect(decisions.every((d) => d.entityId === 'mincul')).toBe(true);
  const ids = stack.mailbox!.list().map((m) => m.messageId);
  expect(new Set(ids).size).toBe(ids.length);
  // Every decision link reached only the person it names: no copy carries SCS's or the head's link (issue 14 §1.1).
  expect(linksReachingOthers(stack.mailbox!.list())).toEqual([]);
});
