/**
 * An account's status (issue #4 §1) when changes arrive together: retirement is final, and no pause or
 * resumption that raced it may undo it, on FerretDB (whose conditional updates are not atomic) as on
 * MongoDB. Temporal is a stub here: the rotation process is only told to read the registry again.
 */
import { accountModel } from '../../infra/models/account';
import { auditModel } from '../../infra/models/audit';
import { startTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { stubTemporal } from '../support/stubTemporal';

const HEAD = 'aquispe@cultura.gob.pe';

let t: TestApp;
let head: Browser;

beforeAll(async () => {
  t = await startTestApp({ temporal: stubTemporal().client });
  head = new Browser(t.url);
  await head.signIn(HEAD, t.mailbox);
});
afterAll(() => t.stop());

async function account(id: string) {
  await accountModel(t.db).create({
    _id: id, entityId: 'mincul', network: 'facebook', username: `Cuenta${id}`, managingEmail: 'redes@cultura.gob.pe', roles: [], status: 'active', requestId: 'r', activatedAt: new Date(),
  });
}

it('a retirement that races pauses and resumptions stays final: every other change is applied before it or refused (409), never after (issue 14 §1.6)', async () => {
  for (let round = 1; round <= 5; round++) {
    const id = `estado-${round}`;
    await account(id);
    const changes = Array.from({ length: 10 }, (_, i) =>
      i === 4 ? { status: 'retired', reason: 'Cuenta en desuso' } : { status: i % 2 ? 'paused' : 'active', reason: 'Cambio de prueba' },
    );
    const answers = await Promise.all(changes.map((body) => head.api('POST', `/api/accounts/${id}/status`, body)));
    expect(answers[4]!.status).toBe(200);
    expect(answers.every((a) => a.status === 200 || a.status === 409)).toBe(true);
    expect((await accountModel(t.db).findById(id).lean())!.status).toBe('retired');
    // The trail holds the retirement once, and one entry per change that was answered 200.
    const trail = await auditModel(t.db).find({ action: 'account.status.changed', accountId: id }).lean();
    expect(trail.filter((r) => /→ retired/.test(r.detail ?? ''))).toHaveLength(1);
    expect(trail).toHaveLength(answers.filter((a) => a.status === 200).length);
  }
});
