/**
 * The campaign process in simulated time (Java time-skipping server): a campaign's weeks pass in seconds.
 * Activities are fakes that record what the process asked for.
 */
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Activities, DecisionEmailInput, NoticeInput, OpenCampaignGrantsInput, RecordCampaignStateInput } from '../../activities';
import { campaignInstants } from '../../activities/campaign';
import { createCalendarActivities } from '../../activities/calendar';
import { limaDate } from '../../domain/businessDays';
import type { CampaignProposal } from '../../domain/campaign';
import type { EntityPolicy } from '../../domain/entity';
import { campaign } from '../../workflows/campaign';
import { multisectorCampaign, paidCampaign, plusDays, validCampaign } from '../support/campaignFixtures';
import { pcmEntity } from '../support/fixtures';
import { timeSkippingWorkerForFile } from '../support/timeSkippingFile';
import { tasksInFlight } from '../support/clockLocks';
import { eventually } from '../support/eventually';
import { decide, saveHistory, terminateWhenIdle, waitForStep } from '../support/workflowDriver';
import { campaignStatusQuery, campaignWorkflowId, endCampaignSignal, type CampaignStatus } from '../../contracts/campaign';
import { refreshRosterSignal } from '../../contracts/decision';


let env: TestWorkflowEnvironment;
const taskQueue = 'campaign-test';
let emails: DecisionEmailInput[];
let notices: NoticeInput[];
let recorded: RecordCampaignStateInput[];
let grantsAsked: OpenCampaignGrantsInput[];
let grantsEnded: Array<{ grantIds: string[]; reason: string; by: string }>;
/** The entity as the registry has it now, when a test changes it after the campaign started. */
let registryEntity: EntityPolicy | undefined;
/** What the fake grant opening answers: by default every chosen account gets a grant. */
let grantAnswer: (i: OpenCampaignGrantsInput) => { grantIds: string[]; pending: string[] };

const calendar = createCalendarActivities();
const activities: Partial<Activities> = {
  sendDecisionEmail: async (i) => (emails.push(i), { undelivered: [] }),
  recordDecision: async () => undefined,
  stepWithdrawn: async () => undefined,
  // The registry as the process reads it when it asks someone; `undefined` leaves what it knew.
  currentEntity: async ({ known }) => registryEntity ?? known,
  sendNotice: async (i) => (notices.push(i), { undelivered: [] }),
  businessInstants: calendar.businessInstants,
  campaignInstants: async (i) => campaignInstants(i),
  recordCampaignState: async (i) => void recorded.push(i),
  documentNumber: async (i) => ({ series: i.series, n: 1, year: 2026, code: `PROPUESTA DE CAMPAÑA MULTISECTORIAL N° 00${i.key.slice(-1)}-2026-OC/MINCUL` }),
  endCampaignGrants: async (i) => (grantsEnded.push(i), { on: '2099-01-01' }),
  openCampaignGrants: async (i) => {
    grantsAsked.push(i);
    return grantAnswer(i);
  },
};

timeSkippingWorkerForFile(taskQueue, activities, (started) => (env = started));

beforeEach(() => {
  emails = [];
  notices = [];
  recorded = [];
  grantsAsked = [];
  grantsEnded = [];
  registryEntity = undefined;
  grantAnswer = (i) => ({ grantIds: (i.agency.accountIds ?? []).map((a) => `grant-${a}`), pending: [] });
});

const HEAD = 'aquispe@cultura.gob.pe';
const PROPOSER = 'dtorres@cultura.gob.pe';
const CM = 'crojas@cultura.gob.pe';
const SCS = 'rrss_scs@pcm.gob.pe';

const today = async () => limaDate(new Date(await env.currentTimeMs()));

/** Starts a campaign whose diffusion begins `inDays` days from the simulated today. */
async function start(make: (startsOn: string) => CampaignProposal = (s) => validCampaign({}, s), opts: { inDays?: number; entity?: EntityPolicy } = {}) {
  const campaignId = randomUUID().replace(/-/g, '').slice(0, 24);
  const proposal = make(plusDays(await today(), opts.inDays ?? 10));
  const handle = await env.client.workflow.start(campaign, {
    taskQueue,
    workflowId: campaignWorkflowId(campaignId),
    args: [{ campaignId, entity: opts.entity ?? pcmEntity(), proposal, submittedAt: new Date().toISOString() }],
  });
  return { handle, proposal, campaignId };
}

const status = (handle: WorkflowHandle) => handle.query(campaignStatusQuery);

/** Polls the status until it shows what the test needs (the workflow moves on asynchronously). */
const until = (handle: WorkflowHandle, ok: (s: CampaignStatus) => boolean, what: string): Promise<CampaignStatus> =>
  eventually(() => status(handle), ok, what, 10_000, { intervalMs: 50 });

/** Emails leave by activity after the step opens: wait for them. */
const emailsOf = (step: string, n = 1): Promise<DecisionEmailInput[]> =>
  eventually(async () => emails.filter((e) => e.step === step), (found) => found.length >= n, `${n} email(s) of ${step}`, 10_000, { intervalMs: 50 });

const favourable = { verdict: 'favourable' };
const allFavourable = { need: favourable, viability: favourable, durability: favourable, exclusivity: favourable };

describe('campaign approval (PCM 5.1.1)', () => {
  it('PCM 5.1.1: the head approves by link; the campaign waits for its first day of diffusion', async () => {
    const { handle } = await start();
    const step = await waitForStep(handle, 'aprobacion-1');
    expect(step.deciders).toEqual([HEAD]);
    expect(step.actions).toEqual(['approve', 'observe', 'reject']);
    expect(new Map(step.summary).get('Necesidad')).toMatch(/museos/);
    await decide(handle, 'aprobacion-1', 'approve', HEAD);
    const s = await until(handle, (x) => x.stage === 'aprobada', 'approval');
    expect(s.startsAt).toMatch(/T05:00:00\.000Z$/);
    expect(s.agencyRemoval).toBe('no-aplica');
    expect(grantsAsked).toEqual([]);
    await until(handle, () => notices.some((n) => n.subject.startsWith('Campaña aprobada')), 'approval notice');
    const notice = notices.find((n) => n.subject.startsWith('Campaña aprobada'))!;
    expect(notice.to.map((c) => c.email)).toEqual([PROPOSER, CM]);
    expect(recorded.map((r) => r.state)).toEqual(['aprobacion', 'aprobada']);
    await terminateWhenIdle(handle);
  });

  it('PCM 5.1.1: observe sends the proposer a correction link; a correction of 13 days is refused, a fixed one goes back to the head', async () => {
    const { handle, proposal } = await start();
    await decide(handle, 'aprobacion-1', 'observe', HEAD, { reason: 'Precise el público objetivo por región.' });
    const correction = await waitForStep(handle, 'correccion-1');
    expect(correction.deciders).toEqual([PROPOSER]);
    expect(correction.form).toBe('campaign');
    expect(correction.actions).toEqual(['correct']);

    const short = { ...proposal, endsOn: plusDays(proposal.startsOn, 12) };
    await expect(decide(handle, 'correccion-1', 'correct', PROPOSER, { payload: short })).rejects.toThrow(/acción de comunicación.*PCM 5.1.1/);
    const otherProposer = { ...proposal, proposer: { name: 'Carla Rojas', email: CM } };
    await expect(decide(handle, 'correccion-1', 'correct', PROPOSER, { payload: otherProposer })).rejects.toThrow(/no cambia/);

    const fixed = { ...proposal, audience: 'Familias de Lima, Arequipa y Cusco con hijos en edad escolar.' };
    await decide(handle, 'correccion-1', 'correct', PROPOSER, { payload: fixed });
    await waitForStep(handle, 'aprobacion-2');
    expect((await status(handle)).proposal.audience).toMatch(/Arequipa/);
    await decide(handle, 'aprobacion-2', 'approve', HEAD);
    await until(handle, (x) => x.stage === 'aprobada', 'approval');
    await terminateWhenIdle(handle);
  });

  it('PCM 5.1.1: reject needs a reason, tells the proposer and ends the process', async () => {
    const { handle } = await start();
    await expect(decide(handle, 'aprobacion-1', 'reject', HEAD, { reason: '' })).rejects.toThrow(/motivo/);
    await decide(handle, 'aprobacion-1', 'reject', HEAD, { reason: 'Duplica la campaña «Verano Cultural».' });
    const result = await handle.result();
    expect(result.stage).toBe('rechazada');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.to[0]!.email).toBe(PROPOSER);
    expect(notices[0]!.paragraphs.join(' ')).toMatch(/Duplica/);
    expect(recorded.at(-1)!.state).toBe('rechazada');
  });

  it('PCM 6.2.2.10: a campaign overlapping an electoral period is flagged for the JNE rules in the head\'s approval email', async () => {
    const { handle } = await start(undefined, {
      entity: pcmEntity({ electoralPeriods: [{ from: '2000-01-01', to: '2100-12-31', label: 'Elecciones Regionales y Municipales' }] }),
    });
    const [email] = await emailsOf('aprobacion-1');
    expect(email!.intro).toMatch(/^ATENCIÓN – período electoral.*Elecciones Regionales y Municipales.*Jurado Nacional de Elecciones \(PCM 6.2.2.10/);
    expect(email!.summary[0]![0]).toBe('Período electoral (PCM 6.2.2.10)');
    expect((await status(handle)).electoralPeriods).toHaveLength(1);
    await decide(handle, 'aprobacion-1', 'approve', HEAD);
    await until(handle, (x) => x.stage === 'aprobada', 'approval');
    expect(recorded.at(-1)!.electoral).toBe(true);
    await terminateWhenIdle(handle);
  });
});

describe('multisector campaigns (PCM 6.4, Anexo 5)', () => {
  it('PCM 6.4.1–6.4.2: after the head approves, SCS gets the Anexo 5 and answers with an opinion; the proposer adjusts and resubmits', async () => {
    const { handle, proposal } = await start((s) => multisectorCampaign({}, s));
    await decide(handle, 'aprobacion-1', 'approve', HEAD);
    const opinion = await waitForStep(handle, 'opinion-scs-1');
    expect(opinion.deciders).toEqual([SCS]);
    expect(opinion.actions).toEqual(['opine']);
    expect(opinion.form).toBe('scsOpinion');
    const [email] = await emailsOf('opinion-scs-1');
    expect(email!.addressee).toBe('Coordinación de Comunicación Digital de la Secretaría de Comunicación Social');
    expect(email!.cc).toEqual([HEAD, PROPOSER]);
    // Anexo 5 in the body and as a PDF.
    expect(email!.summary.map(([k]) => k)).toEqual([
      'Nombre de la campaña', 'Sectores participantes', 'Público objetivo', 'Mensaje', 'Redes sociales a utilizar', 'Inicio de difusión', 'Culminación de difusión',
    ]);
    expect(email!.attachments).toEqual([
      // Issue 19 §6: each round's proposal is numbered.
      expect.objectContaining({ kind: 'multisectorProposal', data: expect.objectContaining({ rows: email!.summary, code: 'PROPUESTA DE CAMPAÑA MULTISECTORIAL N° 001-2026-OC/MINCUL', approval: expect.objectContaining({ by: HEAD, byName: 'Ana Quispe' }) }) }),
    ]);
    expect((await status(handle)).stage).toBe('opinion-scs');

    // PCM 6.4.2: each criterion favourable or with comments; a comment without text is refused.
    await expect(decide(handle, 'opinion-scs-1', 'opine', SCS, { payload: { ...allFavourable, viability: { verdict: 'comments' } } })).rejects.toThrow(/PCM 6.4.2/);
    await decide(handle, 'opinion-scs-1', 'opine', SCS, {
      payload: { ...allFavourable, durability: { verdict: 'comments', comments: 'Tres semanas no bastan para cambiar hábitos: extender a seis.' } },
    });
    const adjust = await waitForStep(handle, 'ajuste-1');
    expect(adjust.deciders).toEqual([PROPOSER]);
    expect(adjust.actions).toEqual(['confirm', 'correct']);
    expect(new Map(adjust.summary).get('Durabilidad')).toMatch(/^Con observaciones: Tres semanas/);
    expect((await status(handle)).opinions).toEqual([expect.objectContaining({ round: 1, by: SCS })]);

    // The proposer adjusts: back to the head, then SCS again, which is now favourable.
    await decide(handle, 'ajuste-1', 'correct', PROPOSER, { payload: { ...proposal, endsOn: plusDays(proposal.startsOn, 41) } });
    await decide(handle, 'aprobacion-2', 'approve', HEAD);
    await decide(handle, 'opinion-scs-2', 'opine', SCS, { payload: allFavourable });
    const s = await until(handle, (x) => x.stage === 'aprobada', 'approval');
    expect(s.diffusionDays).toBe(42);
    expect(s.opinions.map((o) => o.round)).toEqual([1, 2]);
    expect(notices.some((n) => n.subject.startsWith('Opinión técnica favorable de la SCS'))).toBe(true);
    await terminateWhenIdle(handle);
    await saveHistory(handle, 'campaign-multisector-adjusted');
  });

  it('PCM 6.4.2: the proposer may go on as approved despite SCS\'s comments', async () => {
    const { handle } = await start((s) => multisectorCampaign({}, s));
    await decide(handle, 'aprobacion-1', 'approve', HEAD);
    await decide(handle, 'opinion-scs-1', 'opine', SCS, { payload: { ...allFavourable, exclusivity: { verdict: 'comments', comments: 'Coordinar con la campaña de Educación.' } } });
    await decide(handle, 'ajuste-1', 'confirm', PROPOSER);
    await until(handle, (x) => x.stage === 'aprobada', 'approval');
    await terminateWhenIdle(handle);
  });

  it('PCM 6.4.2: a silent SCS is reminded on the entity\'s plan in business days, never escalated', async () => {
    const { handle } = await start((s) => multisectorCampaign({}, s), { inDays: 40 });
    await decide(handle, 'aprobacion-1', 'approve', HEAD);
    await waitForStep(handle, 'opinion-scs-1');
    await emailsOf('opinion-scs-1');
    await env.sleep('15 days');
    const sent = await emailsOf('opinion-scs-1', 3);
    const kinds = sent.map((e) => e.kind);
    expect(kinds[0]).toBe('request');
    expect(kinds.filter((k) => k === 'reminder').length).toBeGreaterThanOrEqual(2);
    expect(kinds).not.toContain('escalation');
    expect(sent.every((e) => e.to.map((c) => c.email).join() === SCS)).toBe(true);
    // The newest link's version counts the step's emails once the last one is out (a reminder bumps the
    // version before its email activity runs, so the two are compared when they settle), and no task is in
    // flight: a reminder's timer that fired as the sleep ended has its workflow task still to run.
    const settled = await eventually(
      async () => ({ version: (await waitForStep(handle, 'opinion-scs-1')).version, emails: (await emailsOf('opinion-scs-1')).length, inFlight: await tasksInFlight(handle) }),
      (x) => x.version === x.emails && x.inFlight.length === 0,
      'the newest link to match the emails sent',
    );
    expect(settled.version).toBeGreaterThanOrEqual(3);
    // SCS answers through its newest link.
    await decide(handle, 'opinion-scs-1', 'opine', SCS, { payload: allFavourable });
    await until(handle, (x) => x.stage === 'aprobada', 'approval');
    await terminateWhenIdle(handle);
  });
});

describe("a campaign's life (PCM 6.1.2.10)", () => {
  it('PCM 6.1.2.10: a paid campaign opens its agency grants, runs, closes, asks for the removal of a role given by hand and for the closing report, with reminders', async () => {
    // One account has a grant process; the other is not in the registry, so its removal is confirmed here.
    grantAnswer = () => ({ grantIds: ['grant-acc-1'], pending: ['Cuenta acc-x: No existe esa cuenta.'] });
    const { handle, proposal } = await start((s) => paidCampaign({ mediaAgency: { name: 'Agencia Andina de Medios', role: 'advertiser', accountIds: ['acc-1', 'acc-x'] } }, s), { inDays: 3 });
    await decide(handle, 'aprobacion-1', 'approve', HEAD);
    let s = await until(handle, (x) => x.stage === 'aprobada', 'approval');
    expect(grantsAsked).toEqual([
      expect.objectContaining({ campaignName: 'Museos Abiertos', startsOn: proposal.startsOn, endsOn: proposal.endsOn, agency: expect.objectContaining({ accountIds: ['acc-1', 'acc-x'] }) }),
    ]);
    expect(s.agency).toEqual({ name: 'Agencia Andina de Medios', grantIds: ['grant-acc-1'], pending: ['Cuenta acc-x: No existe esa cuenta.'] });
    expect(s.agencyRemoval).toBe('pendiente');

    await env.sleep('4 days');
    s = await until(handle, (x) => x.stage === 'en-curso', 'start');
    await env.sleep('21 days');
    s = await until(handle, (x) => x.stage === 'cierre', 'end');
    expect(Date.parse(s.endsAt!)).toBeLessThanOrEqual(await env.currentTimeMs());

    const removal = await waitForStep(handle, 'retiro-agencia');
    expect(removal.deciders).toEqual([CM]);
    expect(removal.actions).toEqual(['removed']);
    const report = await waitForStep(handle, 'informe-cierre');
    expect(report.deciders).toEqual([CM]);
    expect(report.form).toBe('closingReport');

    // Silence: reminders on business days.
    await env.sleep('5 days');
    expect((await emailsOf('informe-cierre', 2)).some((e) => e.kind === 'reminder')).toBe(true);

    await decide(handle, 'retiro-agencia', 'removed', CM);
    await expect(decide(handle, 'informe-cierre', 'report', CM, { payload: { reach: -3, results: '' } })).rejects.toThrow(/informe de cierre/);
    await decide(handle, 'informe-cierre', 'report', CM, { payload: { reach: 152000, results: 'Visitas a museos +24 % el primer domingo.' } });
    const result = await handle.result();
    expect(result.stage).toBe('cerrada');
    expect(result.agencyRemoval).toBe('confirmada');
    expect(result.closingReport).toMatchObject({ reach: 152000, by: CM });
    expect(recorded.map((r) => r.state)).toEqual(['aprobacion', 'aprobada', 'en-curso', 'cierre', 'cerrada']);
    expect(recorded.at(-1)!.closedAt).toBeDefined();
    const closed = notices.find((n) => n.subject.startsWith('Campaña cerrada'))!;
    expect(closed.summary).toEqual([['Alcance (personas)', '152000'], ['Resultados', 'Visitas a museos +24 % el primer domingo.']]);
    await saveHistory(handle, 'campaign-paid-closed');
  });

  it('PCM 6.1.2.10: when every account has a grant process, the campaign closes with the report alone (the grants ask for their removal)', async () => {
    const { handle } = await start((s) => paidCampaign({}, s), { inDays: 1 });
    await decide(handle, 'aprobacion-1', 'approve', HEAD);
    await until(handle, (x) => x.stage === 'aprobada', 'approval');
    await env.sleep('23 days');
    await waitForStep(handle, 'informe-cierre');
    expect((await status(handle)).waiting.map((w) => w.step)).toEqual(['informe-cierre']);
    await decide(handle, 'informe-cierre', 'report', CM, { payload: { reach: 1000, results: 'Cumplió el objetivo.' } });
    const result = await handle.result();
    expect(result.agencyRemoval).toBe('por-concesion');
    expect(result.agency?.grantIds).toEqual(['grant-acc-1']);
  });
});

describe('the head ends a campaign (issue 15 §2)', () => {
  const end = (handle: WorkflowHandle, reason = 'Se reprogramó la temporada de museos.') => handle.signal(endCampaignSignal, { reason, by: HEAD, at: new Date().toISOString() });

  it('PCM 5.1.1: cancelled while its approval waits, the step is withdrawn, nothing more is asked and the proposer and CM are told', async () => {
    const { handle } = await start();
    await waitForStep(handle, 'aprobacion-1');
    await end(handle);
    const result = await handle.result();
    expect(result.stage).toBe('cancelada');
    expect(result.ended).toMatchObject({ effect: 'cancelled', by: HEAD, reason: 'Se reprogramó la temporada de museos.' });
    expect(result.waiting).toEqual([]);
    expect(result.decisions).toEqual([]);
    expect(recorded.map((r) => r.state)).toEqual(['aprobacion', 'cancelada']);
    const notice = notices.find((n) => n.subject.startsWith('Campaña cancelada'))!;
    expect(notice.to.map((c) => c.email)).toEqual([PROPOSER, CM]);
    expect(notice.paragraphs[0]).toContain('cancelada por Ana Quispe');
    expect(grantsEnded).toEqual([]);
  });

  it('PCM 6.1.2.10: a paid campaign approved but not begun is cancelled, and the grants it opened are told to end before they start', async () => {
    const { handle } = await start((s) => paidCampaign({}, s), { inDays: 3 });
    await decide(handle, 'aprobacion-1', 'approve', HEAD);
    await until(handle, (x) => x.stage === 'aprobada', 'approval');
    await end(handle);
    const result = await handle.result();
    expect(result.stage).toBe('cancelada');
    expect(grantsEnded).toEqual([{ grantIds: ['grant-acc-1'], reason: 'Se reprogramó la temporada de museos.', by: HEAD }]);
    expect(recorded.map((r) => r.state)).toEqual(['aprobacion', 'aprobada', 'cancelada']);
  });

  it('PCM 6.1.2.10: ended while it runs, its grants end today and the closing follows as at a planned end; a second request changes nothing', async () => {
    const { handle } = await start((s) => paidCampaign({}, s), { inDays: 1 });
    await decide(handle, 'aprobacion-1', 'approve', HEAD);
    await env.sleep('3 days');
    await until(handle, (x) => x.stage === 'en-curso', 'start');
    await end(handle, 'La exposición cerró antes por obras.');
    const closing = await until(handle, (x) => x.stage === 'cierre', 'the early end');
    expect(closing.ended).toMatchObject({ effect: 'ended-early', reason: 'La exposición cerró antes por obras.' });
    expect(grantsEnded).toEqual([{ grantIds: ['grant-acc-1'], reason: 'La exposición cerró antes por obras.', by: HEAD }]);
    expect(notices.find((n) => n.subject.startsWith('Campaña terminada antes de lo previsto'))!.to.map((c) => c.email)).toEqual([PROPOSER, CM]);
    await end(handle, 'Otra vez.');
    await waitForStep(handle, 'informe-cierre');
    await decide(handle, 'informe-cierre', 'report', CM, { payload: { reach: 900, results: 'Alcanzó la mitad de lo previsto.' } });
    const result = await handle.result();
    expect(result.stage).toBe('cerrada');
    expect(result.ended?.reason).toBe('La exposición cerró antes por obras.');
    expect(grantsEnded).toHaveLength(1);
    expect(recorded.map((r) => r.state)).toEqual(['aprobacion', 'aprobada', 'en-curso', 'cierre', 'cerrada']);
    await saveHistory(handle, 'campaign-ended-early');
  });
});

describe('the roster when the campaign asks (issue 14 §1.4)', () => {
  const NEW_CM = { name: 'Elena Vargas Paz', email: 'evargas@cultura.gob.pe' };
  const NEW_HEAD = { name: 'Raúl Mendoza Ugarte', email: 'rmendoza@cultura.gob.pe' };

  it('a handover while the closing report waits: the nudge hands the step to the new CM with a new link version; the departed CM\'s link no longer works', async () => {
    const { handle } = await start((s) => paidCampaign({}, s), { inDays: 1 });
    await decide(handle, 'aprobacion-1', 'approve', HEAD);
    await until(handle, (x) => x.stage === 'aprobada', 'approval');
    await env.sleep('23 days');
    const asked = await waitForStep(handle, 'informe-cierre');
    expect(asked.deciders).toEqual([CM]);

    registryEntity = { ...pcmEntity(), communityManager: NEW_CM };
    await handle.signal(refreshRosterSignal);
    const handed = await eventually(() => waitForStep(handle, 'informe-cierre'), (v) => v.deciders[0] === NEW_CM.email, 'the step handed over');
    expect(handed.version).toBe(asked.version + 1);
    expect((await emailsOf('informe-cierre', 2)).at(-1)).toMatchObject({ kind: 'request', version: handed.version, to: [NEW_CM] });
    await expect(decide(handle, 'informe-cierre', 'report', CM, { version: asked.version, payload: { reach: 1, results: 'x' } })).rejects.toThrow(/reemplazado|no está dirigido/);
    await decide(handle, 'informe-cierre', 'report', NEW_CM.email, { payload: { reach: 1000, results: 'Cumplió el objetivo.' } });
    await handle.result();
    // The closing notice goes to whoever heads the office by then.
    expect(notices.at(-1)!.to).toEqual([pcmEntity().head]);
  });

  it('a new head whose nudge was lost: the approval asked of the old head is reminded to the new head, read from the registry when reminding', async () => {
    const { handle } = await start();
    const asked = await waitForStep(handle, 'aprobacion-1');
    expect(asked.deciders).toEqual([HEAD]);
    // Written to the registry while Temporal was unreachable: no signal reaches the process.
    registryEntity = { ...pcmEntity(), head: NEW_HEAD };
    // Two business days on, past the December holidays (8 and 9 December).
    await env.sleep('8 days');
    const reminders = (await emailsOf('aprobacion-1', 2)).filter((e) => e.kind !== 'request');
    expect(reminders[0]!.to).toEqual([NEW_HEAD]);
    await decide(handle, 'aprobacion-1', 'approve', NEW_HEAD.email);
    await until(handle, (x) => x.stage === 'aprobada', 'approval');
    await terminateWhenIdle(handle);
  });
});
