/**
 * The load a fault test puts on the real stack (and `bench/faults.ts`, larger): rotations coming due in
 * real time, each a reminder to its custodian, a decision by link and a notice to those concerned; and
 * account creations through the API, five decisions each with PDFs, ending with the accounts active.
 * Rotations are started with an explicit `dueAt` a few seconds ahead through the processes port, as the
 * rotation bench does: business-day reminders cannot come due in real time, a rotation's due instant can.
 */
import type { Connection } from 'mongoose';
import type { Client } from '@temporalio/client';
import { rotationWorkflowId } from '../../../contracts/credentialRotation';
import type { Processes } from '../../../contracts/processes';
import { accountModel } from '../../../infra/models/account';
import { outboxSentModel } from '../../../infra/models/outbox';
import { rotationModel } from '../../../infra/models/rotation';
import { entityWithDefaults, seedDemo, type DemoPerson } from '../../../local/seed';
import type { Browser } from '../browser';
import { eventually } from '../eventually';
import { validProposal } from '../fixtures';

export interface Rotating {
  accountId: string;
  workflowId: string;
  custodian: string;
}

export interface Workload {
  rotations: Rotating[];
  /** Workflow ids of the account creations. */
  creations: string[];
}

/** Emails each kind of process sends from start to end: a rotation its request and its notice; a creation seven (see accountCreation.e2e). */
export const EMAILS = { rotation: 2, creation: 7 } as const;
/** Decision steps each kind holds: the custodian's confirmation; the head, SCS, the CM's checklist and two admins' agreements. */
export const DECISIONS = { rotation: 1, creation: 5 } as const;

export const expectedEmails = (w: Workload) => w.rotations.length * EMAILS.rotation + w.creations.length * EMAILS.creation;
export const expectedDecisions = (w: Workload) => w.rotations.length * DECISIONS.rotation + w.creations.length * DECISIONS.creation;

const pad = (n: number) => String(n).padStart(4, '0');

/**
 * Registers `count` active accounts under PCM, `perEntity` to an entity whose roster has a head, a
 * second in command and a community manager (the custodian each reminder goes to).
 */
export async function registerAccounts(db: Connection, count: number, tag: string, perEntity = 5): Promise<Rotating[]> {
  const entities = Math.ceil(count / perEntity);
  const since = new Date(Date.now() - 365 * 86_400_000);
  const people: DemoPerson[] = [];
  const out: Rotating[] = [];
  for (let e = 0; e < entities; e++) {
    const entityId = `${tag}-e${pad(e)}`;
    const domain = `${entityId}.falla.gob.pe`;
    for (const role of ['head', 'second', 'cm'] as const) people.push({ name: `${role} ${entityId}`, email: `${role}@${domain}`, entityId, role });
    for (let a = e * perEntity; a < Math.min(count, (e + 1) * perEntity); a++) {
      const accountId = `${tag}-a${pad(a)}`;
      out.push({ accountId, workflowId: rotationWorkflowId(accountId), custodian: `cm@${domain}` });
    }
  }
  const entityRows = Array.from({ length: entities }, (_, e) => entityWithDefaults(`${tag}-e${pad(e)}`, `Entidad ${tag} ${e}`, 'PCM', `${tag}-e${pad(e)}.falla.gob.pe`));
  await seedDemo(db, people, entityRows);
  await accountModel(db).insertMany(
    out.map((a, i) => ({
      _id: a.accountId,
      entityId: `${tag}-e${pad(Math.floor(i / perEntity))}`,
      network: 'facebook' as const,
      username: `Cuenta${pad(i)}`,
      managingEmail: `redes${i}@${a.custodian.split('@')[1]}`,
      roles: [],
      status: 'active' as const,
      requestId: tag,
      activatedAt: since,
    })),
  );
  return out;
}

/** Starts each account's rotation, due one after another from `firstDueAt` (epoch ms) over `spreadMs`. */
export async function startRotationsDue(processes: Processes, accounts: Rotating[], firstDueAt: number, spreadMs: number): Promise<void> {
  const lastConfirmedAt = new Date(Date.now() - 30 * 86_400_000).toISOString();
  const step = accounts.length > 1 ? spreadMs / (accounts.length - 1) : 0;
  await processes.startRotations(accounts.map((a, i) => ({ accountId: a.accountId, lastConfirmedAt, dueAt: new Date(firstDueAt + Math.round(i * step)).toISOString() })));
}

/** Submits `count` account creations for the Ministerio de Cultura as its signed-in requesting unit; answers their workflow ids. */
export async function submitCreations(requester: Browser, count: number, tag: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const names = [`Falla${tag}${i}A`, `Falla${tag}${i}B`].map((n) => n.slice(0, 15)) as [string, string];
    const submit = () => requester.api('POST', '/api/account-requests', validProposal({ requester: { name: 'Diego Torres Vega', email: 'dtorres@cultura.gob.pe' }, proposedNames: names }));
    let res = await submit();
    // The API takes 30 submissions a minute from one address; the bench's larger batches wait as a client would.
    while (res.status === 429) {
      await new Promise((r) => setTimeout(r, 5_000));
      res = await submit();
    }
    if (res.status !== 202) throw new Error(`account request answered ${res.status}: ${res.text.slice(0, 300)}`);
    ids.push(`account-request-${res.json.id as string}`);
  }
  return ids;
}

/**
 * The workload's processes not complete yet, read from what they leave behind: a rotation until its
 * first cycle is recorded in the registry and its notice sent (it then continues as new); a creation
 * until its workflow completed.
 */
export async function unfinished(db: Connection, client: Client, w: Workload): Promise<string[]> {
  const recorded = new Set((await rotationModel(db).find({ cycle: 1 }, { accountId: 1 }).lean()).map((r) => r.accountId));
  const noticed = new Set((await outboxSentModel(db).find({}, { _id: 1 }).lean()).map((r) => r._id));
  const rotations = w.rotations.filter((r) => !recorded.has(r.accountId) || !noticed.has(`${r.workflowId}/rotacion-1/aviso`)).map((r) => r.workflowId);
  const creations: string[] = [];
  for (const id of w.creations) {
    if ((await client.workflow.getHandle(id).describe()).status.name !== 'COMPLETED') creations.push(id);
  }
  return [...rotations, ...creations];
}

/**
 * Rotations whose process does not show the first cycle confirmed and the next one waiting (asked of
 * each process). The registry's row and the notice come before the run continues as new, and the new
 * run answers `iniciando` until its first activity returns: after a server restart either can take the
 * retries of a task, so each process is read again, for up to `settleMs`, until it shows the next cycle.
 */
export async function rotationsNotOnNextCycle(processes: Processes, w: Workload, settleMs = 60_000, explain?: (workflowId: string) => Promise<string>): Promise<string[]> {
  const wrong: string[] = [];
  for (const r of w.rotations) {
    const read = () => processes.rotationStatus(r.accountId);
    const onNextCycle = (s: Awaited<ReturnType<typeof read>>) => s?.state === 'esperando' && s.history.length === 1 && s.history[0]!.by === r.custodian;
    const s = await eventually(read, onNextCycle, `the rotation of ${r.accountId} on its next cycle`, settleMs).catch(read);
    if (!onNextCycle(s)) wrong.push(`${r.workflowId}: ${JSON.stringify(s && { state: s.state, history: s.history })}${explain ? `\n  ${await explain(r.workflowId)}` : ''}`);
  }
  return wrong;
}
