/**
 * Handovers of administration over HTTP (issue #4 §4, PCM 6.2.3) against the real stack: Temporal dev
 * server and worker, FerretDB, SMTP capture, people signed in by emailed link. The head starts one; bad
 * bodies get Spanish 400s, other roles 403, a second one while it runs 409; then the whole handover is
 * walked through the emailed links, and the registry (roster, page roles) and the rotation processes
 * are checked afterwards.
 */
import { apiKeysService } from '../../api/services/apiKeys';
import { HANDOVER_ROTATION_REASON } from '../../domain/handover';
import { trusted } from '../../infra/db';
import type { CapturedMail } from '../../local/smtpCapture';
import { accountModel, rolesOf } from '../../infra/models/account';
import { auditModel } from '../../infra/models/audit';
import { handoverLockModel, handoverModel, type HandoverDoc } from '../../infra/models/handover';
import { personModel } from '../../infra/models/person';
import { Browser, linkIn } from '../support/browser';
import { eventually } from '../support/eventually';
import { startTestStack, type TestStack } from '../support/stack';

jest.setTimeout(180_000);

const HEAD = 'aquispe@cultura.gob.pe';
const SECOND = 'bsalas@cultura.gob.pe';
const CM = 'crojas@cultura.gob.pe';
const TEAM = 'eteam@cultura.gob.pe';
const REQUESTER = 'dtorres@cultura.gob.pe';
const OTHER_HEAD = 'dflores@congreso.gob.pe';
const SCS = 'rrss_scs@pcm.gob.pe';

type Who = 'head' | 'second' | 'cm' | 'team' | 'requester' | 'otherHead' | 'scs';
let stack: TestStack<Who>;
let as: TestStack<Who>['as'];
let apiKey = '';
/** The handover the head starts in the 201 test; later tests walk it through. */
let started: { id: string; workflowId: string } = { id: '', workflowId: '' };

const body = (outgoingEmail = CM, incomingEmail = TEAM) => ({ outgoingEmail, incomingEmail });
const start = (b: Browser, payload: unknown, entity = 'mincul') => b.api('POST', `/api/entities/${entity}/handovers`, payload);
const rowOf = (id: string) => handoverModel(stack.db).findById(id).lean<HandoverDoc>();
const since = new Date('2026-01-02T15:00:00Z');
const role = (name: string, email: string, pageRole: 'admin' | 'editor') => ({ name, email, pageRole, since });

/** The newest email to `to` whose subject starts with `subject`. */
const mailTo = (to: string, subject: string) => stack.mailbox!.waitFor((m: CapturedMail) => m.to.includes(to) && m.subject.startsWith(subject));

beforeAll(async () => {
  const base = { entityId: 'mincul', managingEmail: 'redes@cultura.gob.pe', requestId: 'req-test', activatedAt: since };
  stack = await startTestStack(
    { head: HEAD, second: SECOND, cm: CM, team: TEAM, requester: REQUESTER, otherHead: OTHER_HEAD, scs: SCS },
    {
      prepare: async (s) => {
        await personModel(s.db).create({ email: TEAM, name: 'Elena Team', memberships: [{ entityId: 'mincul', role: 'team', since }] });
        await accountModel(s.db).insertMany([
          { ...base, _id: 'ho-fb', network: 'facebook', username: 'CulturaPeru', status: 'active', roles: [role('Ana Quispe Huamán', HEAD, 'admin'), role('Carla Rojas Díaz', CM, 'admin'), role('Bruno Salas Ríos', SECOND, 'admin')] },
          { ...base, _id: 'ho-ig', network: 'instagram', username: 'CulturaPeru', status: 'active', roles: [role('Carla Rojas Díaz', CM, 'admin'), role('Elena Team', TEAM, 'editor')] },
          { ...base, _id: 'ho-old', network: 'x', username: 'CulturaAntigua', status: 'retired', roles: [role('Carla Rojas Díaz', CM, 'editor')] },
        ]);
      },
    },
  );
  ({ as } = stack);
  apiKey = (await apiKeysService(stack.db).create('mincul', 'traspasos', HEAD)).key;
});

afterAll(() => stack?.stop());

describe('handovers API (PCM 6.2.3)', () => {
  it('PCM 6.2.3: refuses bad bodies with 400 validation_failed and Spanish messages naming each field, and stores nothing', async () => {
    const cases: Array<[unknown, string, string]> = [
      [{}, 'outgoingEmail', 'Indique el correo institucional de quien deja la administración.'],
      [{}, 'incomingEmail', 'Indique el correo institucional de quien asume la administración.'],
      [body('no-es-un-correo'), 'outgoingEmail', 'Correo no válido.'],
      [{ outgoingEmail: CM, incomingEmail: 42 }, 'incomingEmail', 'debe ser un texto'],
      [body(CM, ' CROJAS@cultura.gob.pe '), 'incomingEmail', 'persona distinta'],
      [body(REQUESTER, TEAM), 'outgoingEmail', 'no es community manager de la entidad'],
      [body(CM, 'nadie@cultura.gob.pe'), 'incomingEmail', 'no figura en la nómina de la entidad'],
      [body(CM, HEAD), 'incomingEmail', 'PCM 6.2.3.1, 6.2.3.3'],
      [body(CM, SECOND), 'incomingEmail', 'segundo(a) al mando'],
      [body(CM, OTHER_HEAD), 'incomingEmail', 'no figura en la nómina'],
    ];
    for (const [payload, field, message] of cases) {
      const res = await start(as.head, payload);
      expect({ payload, status: res.status, code: res.json?.error?.code }).toEqual({ payload, status: 400, code: 'validation_failed' });
      expect(res.json.error.message).toBe('Datos no válidos (PCM 6.2.3).');
      const detail = res.json.error.details.find((d: { field: string }) => d.field === field);
      expect(detail?.message ?? JSON.stringify(res.json.error.details)).toContain(message);
      expect(detail.rule).toBe('PCM 6.2.3');
    }
    // An unknown field is refused, and its value never echoed back.
    const extra = await start(as.head, { ...body(), password: 'Secreta#2026' });
    expect(extra.status).toBe(400);
    expect(extra.text).not.toContain('Secreta#2026');
    expect(await handoverModel(stack.db).countDocuments()).toBe(0);
    expect(await handoverLockModel(stack.db).countDocuments()).toBe(0);
  });

  it('PCM 6.2.3.1: only the head starts a handover; nobody else (CM, second, team, requester, SCS, another entity, an API key) may, and anonymous callers must sign in', async () => {
    for (const b of [as.cm, as.second, as.team, as.requester, as.scs, as.otherHead]) {
      const res = await start(b, body());
      expect(res.status).toBe(403);
      expect(res.json.error.code).toBe('forbidden');
    }
    const byKey = await fetch(`${stack.apiUrl}/api/entities/mincul/handovers`, {
      method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body()),
    });
    expect(byKey.status).toBe(403);
    const anonymous = await fetch(`${stack.apiUrl}/api/entities/mincul/handovers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body()) });
    expect(anonymous.status).toBe(401);
    expect((await start(as.head, body(), 'no-existe')).status).toBe(404);
    expect(await handoverModel(stack.db).countDocuments()).toBe(0);
  });

  it('PCM 6.2.3.2: the head starts it (201): registry row, audit entry, and the outgoing CM is asked to hand over the credentials', async () => {
    const res = await start(as.head, body(CM, ' ETEAM@Cultura.gob.pe '));
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      entityId: 'mincul', state: 'running', stateLabel: 'En curso', startedBy: HEAD,
      outgoing: { name: 'Carla Rojas Díaz', email: CM }, incoming: { name: 'Elena Team', email: TEAM }, decisions: [],
    });
    started = { id: res.json.id, workflowId: res.json.workflowId };
    expect(started.workflowId).toBe(`traspaso-mincul-${started.id}`);

    const mail = await mailTo(CM, 'Traspaso de administración: entrega de credenciales – Ministerio de Cultura');
    expect(mail.text).toContain('PCM 6.2.3.2');
    expect(mail.text).toContain(HEAD);
    const detail = await eventually(() => as.head.api('GET', `/api/entities/mincul/handovers/${started.id}`), (d) => d.json.live?.step === 'entrega', 'the delivery step');
    expect(detail.status).toBe(200);
    expect(detail.json.live).toMatchObject({ state: 'en-curso', phase: 'entrega', waitingFor: [CM], escalated: false, round: 1 });
    expect(detail.json.live.accounts.map((a: { accountId: string }) => a.accountId)).toEqual(['ho-fb', 'ho-ig']);

    // Who may read it: those who read the entity's accounts.
    expect((await as.team.api('GET', `/api/entities/mincul/handovers/${started.id}`)).status).toBe(200);
    expect((await as.scs.api('GET', `/api/entities/mincul/handovers/${started.id}`)).status).toBe(200);
    expect((await as.requester.api('GET', `/api/entities/mincul/handovers/${started.id}`)).status).toBe(403);
    expect((await as.otherHead.api('GET', `/api/entities/mincul/handovers/${started.id}`)).status).toBe(403);
    expect((await as.head.api('GET', '/api/entities/mincul/handovers/ffffffffffffffffffffffff')).status).toBe(404);
    expect((await as.head.api('GET', `/api/entities/congreso/handovers/${started.id}`)).status).toBe(403);
    const list = await as.cm.api('GET', '/api/entities/mincul/handovers');
    expect(list.json.handovers.map((h: { id: string }) => h.id)).toEqual([started.id]);
    expect(await auditModel(stack.db).countDocuments({ action: 'handover.started', entityId: 'mincul', workflowId: started.workflowId, actor: { kind: 'person', email: HEAD } })).toBe(1);
  });

  it('PCM 6.2.3: a second handover for the entity while one runs is refused with 409 and starts nothing', async () => {
    const res = await start(as.head, body(CM, REQUESTER));
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('conflict');
    expect(res.json.error.message).toContain('Ya hay un traspaso de administración en curso');
    expect(res.json.error.message).toContain(`de ${CM} a ${TEAM}`);
    expect(await handoverModel(stack.db).countDocuments()).toBe(1);
  });

  it('PCM 6.2.3.2–5: walked through by the emailed links, with one observation, it ends with the new CM on the roster and every role, the outgoing one off both, and an immediate rotation of each account', async () => {
    await as.cm.follow(linkIn(await mailTo(CM, 'Traspaso de administración: entrega'), 'Confirmar'));

    // PCM 6.2.3.3: the head observes; the outgoing CM is asked again, with the reason.
    const check = await mailTo(HEAD, 'Traspaso de administración: verificación');
    expect(check.text).toContain('PCM 6.2.3.3');
    const observed = await as.head.follow(linkIn(check, 'Observar'), { reason: 'Falta el correo vinculado de Instagram' });
    expect(observed.status).toBe(200);
    const resent = await stack.mailbox!.waitFor((m) => m.to.includes(CM) && m.subject.startsWith('Traspaso de administración: entrega') && m.text.includes('Falta el correo vinculado de Instagram'));
    await as.cm.follow(linkIn(resent, 'Confirmar'));
    const checkAgain = await stack.mailbox!.waitFor((m) => m.to.includes(HEAD) && m.subject.startsWith('Traspaso de administración: verificación') && m.id !== check.id);
    await as.head.follow(linkIn(checkAgain, 'Confirmar'));

    // PCM 6.1.1.3, 6.1.2.7: the new CM, who need not be signed in (the link is theirs), signs Anexo 1, attached as a PDF.
    const newcomer = new Browser(stack.apiUrl);
    const agreement = await mailTo(TEAM, 'Traspaso de administración: acuerdo de confidencialidad');
    expect(agreement.attachments[0]!.filename).toMatch(/^acuerdo-confidencialidad-.*\.pdf$/);
    expect((await newcomer.follow(linkIn(agreement, 'Confirmar firma'))).html).toContain('Registrado');

    // PCM 6.2.3.4: the new CM confirms the new roles.
    const roles = await mailTo(TEAM, 'Traspaso de administración: nuevos roles');
    expect((await newcomer.follow(linkIn(roles, 'Confirmar'))).html).toContain('Registrado');
    const fb = await eventually(() => accountModel(stack.db).findById('ho-fb').lean(), (a) => rolesOf(a!).some((r) => r.email === TEAM), 'the new admin');
    expect(rolesOf(fb!).find((r) => r.email === TEAM)?.pageRole).toBe('admin');

    const removal = await mailTo(TEAM, 'Traspaso de administración: retiro');
    expect(removal.text).toContain('PCM 6.2.3.5');
    expect(removal.text).toContain('CulturaAntigua (X (Twitter)): editor(a)');
    expect((await newcomer.follow(linkIn(removal, 'Ya lo retiré'))).html).toContain('Registrado');

    const done = await eventually(() => rowOf(started.id), (r) => r?.state === 'completed', 'the end of the handover');
    expect(done!.decisions!.map((d) => [d.step, d.action, d.by])).toEqual([
      ['entrega', 'confirm', CM],
      ['verificacion', 'observe', HEAD],
      ['entrega-2', 'confirm', CM],
      ['verificacion-2', 'confirm', HEAD],
      ['acuerdo', 'sign', TEAM],
      ['roles-nuevos', 'confirm', TEAM],
      ['retiro', 'removed', TEAM],
    ]);
    expect(done!.accountIds).toEqual(['ho-fb', 'ho-ig']);
    const detail = await as.head.api('GET', `/api/entities/mincul/handovers/${started.id}`);
    expect(detail.json).toMatchObject({ state: 'completed', stateLabel: 'Concluido', accountIds: ['ho-fb', 'ho-ig'] });
    expect(detail.json.live).toBeUndefined();

    // The registry: page roles (PCM 6.2.3.4–5) and the roster.
    const accounts = await accountModel(stack.db).find({ entityId: 'mincul', _id: trusted({ $in: ['ho-fb', 'ho-ig', 'ho-old'] }) }).sort({ _id: 1 }).lean();
    expect(accounts.map((a) => [a._id, rolesOf(a).map((r) => `${r.email}:${r.pageRole}`).sort()])).toEqual([
      ['ho-fb', [`${HEAD}:admin`, `${SECOND}:admin`, `${TEAM}:admin`]],
      ['ho-ig', [`${TEAM}:admin`]],
      ['ho-old', []],
    ]);
    const roster = (await as.head.api('GET', '/api/entities/mincul/people')).json.people as Array<{ email: string; role: string }>;
    expect(roster.find((p) => p.email === TEAM)?.role).toBe('cm');
    expect(roster.some((p) => p.email === CM)).toBe(false);
    const carla = await personModel(stack.db).findOne({ email: CM }).lean();
    expect(carla!.memberships.find((m) => m.entityId === 'mincul')!.leftAt).toBeInstanceOf(Date);
    // She holds no role anywhere now, so she was signed out everywhere.
    expect((await as.cm.api('GET', '/api/me')).status).toBe(401);

    // Each account in service rotates at once, asked of the new custodian.
    for (const network of ['Facebook', 'Instagram']) {
      const rotation = await mailTo(TEAM, `Rotación de credenciales: CulturaPeru (${network})`);
      expect(rotation.text).toContain(HANDOVER_ROTATION_REASON);
    }
    const closing = await mailTo(HEAD, 'Traspaso de administración concluido – Ministerio de Cultura');
    expect(closing.to).toEqual(expect.arrayContaining([HEAD, TEAM]));
    // Every decision landed in the entity's audit trail.
    expect(await auditModel(stack.db).countDocuments({ action: 'decision.recorded', entityId: 'mincul', workflowId: started.workflowId })).toBe(7);
    // No mail of the process carried anything but confirmations: the outgoing CM's links never asked for a secret.
    expect(stack.mailbox!.list().filter((m) => m.subject.startsWith('Traspaso')).every((m) => !/name="(password|contrasena)"/.test(m.html))).toBe(true);

    // The entity is free again: the new CM may hand over in turn.
    const next = await start(as.head, body(TEAM, REQUESTER));
    expect(next.status).toBe(201);
    started = { id: next.json.id, workflowId: next.json.workflowId };
  });

  it('a handover whose process an operator ended no longer blocks the entity: it reads as interrupted and a new one starts', async () => {
    await stack.client.workflow.getHandle(started.workflowId).terminate('operador: traspaso iniciado por error');
    // Just started, the lock still counts as a start in flight.
    expect((await start(as.head, body(TEAM, REQUESTER))).status).toBe(409);
    await handoverLockModel(stack.db).updateOne({ _id: 'mincul' }, { $set: { at: new Date(Date.now() - 120_000) } });
    const again = await start(as.head, body(TEAM, REQUESTER));
    expect(again.status).toBe(201);
    expect((await rowOf(started.id))!.state).toBe('interrupted');
    const old = await as.head.api('GET', `/api/entities/mincul/handovers/${started.id}`);
    expect(old.json).toMatchObject({ state: 'interrupted', stateLabel: 'Interrumpido' });
    expect(old.json.live).toBeUndefined();
  });
});
