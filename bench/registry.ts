/**
 * The registry every rotation benchmark inserts (bench/rotation.ts, bench/peers): entities of
 * `perEntity` active accounts, each entity with a head, a second in command and a community manager,
 * the custodian every reminder goes to. Inserted with the project's mongoose models, so the peers read
 * the very data shape Custodio reads.
 */
import type { Connection } from 'mongoose';
import { accountModel, type AccountDoc } from '../infra/models/account';
import { entityModel, type EntityDoc } from '../infra/models/entity';
import { entityMembersModel } from '../infra/models/entityMembers';
import { personModel } from '../infra/models/person';
import { entityWithDefaults } from '../local/seed';

export interface BenchAccount {
  accountId: string;
  custodian: string;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * Registers `n` accounts in entities of `perEntity`, numbered from account `from` (a multiple of
 * `perEntity`, so that a bench can register in steps: bench/scale.ts).
 */
export async function registerBenchAccounts(db: Connection, n: number, perEntity: number, from = 0): Promise<BenchAccount[]> {
  if (from % perEntity !== 0) throw new Error(`registerBenchAccounts: from (${from}) must be a multiple of perEntity (${perEntity})`);
  const firstEntity = from / perEntity;
  const entityCount = Math.ceil(n / perEntity);
  const since = new Date(Date.now() - 365 * 86_400_000);
  const entities: EntityDoc[] = [];
  const people: Array<Record<string, unknown>> = [];
  const accounts: Array<Omit<AccountDoc, 'roles'> & { roles: AccountDoc['roles'] }> = [];
  const out: BenchAccount[] = [];
  for (let e = firstEntity; e < firstEntity + entityCount; e++) {
    const entityId = `bench-e${pad(e, 5)}`;
    const domain = `e${pad(e, 5)}.bench.gob.pe`;
    entities.push(entityWithDefaults(entityId, `Entidad de prueba ${e}`, 'PCM', domain));
    for (const role of ['head', 'second', 'cm'] as const) {
      people.push({ email: `${role}@${domain}`, name: `${role} ${e}`, memberships: [{ entityId, role, since }], supervisor: false, platformAdmin: false });
    }
    for (let a = e * perEntity; a < Math.min(from + n, (e + 1) * perEntity); a++) {
      const accountId = `bench-a${pad(a, 6)}`;
      accounts.push({
        _id: accountId,
        entityId,
        network: 'facebook',
        username: `cuenta${pad(a, 6)}`,
        managingEmail: `redes${a}@${domain}`,
        roles: [],
        status: 'active',
        requestId: 'bench',
        activatedAt: since,
      });
      out.push({ accountId, custodian: `cm@${domain}` });
    }
  }
  const chunks = async <T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) => {
    for (let i = 0; i < rows.length; i += 500) await insert(rows.slice(i, i + 500));
  };
  await chunks(entities, (c) => entityModel(db).insertMany(c, { lean: true }));
  const members = new Map<string, string[]>();
  await chunks(people, async (c) => {
    for (const p of await personModel(db).insertMany(c)) {
      const entityId = (p.memberships as Array<{ entityId: string }>)[0]!.entityId;
      members.set(entityId, [...(members.get(entityId) ?? []), String(p._id)]);
    }
  });
  // As the API's roster writes leave them: each entity's member list, built at its first revision.
  await chunks([...members].map(([entityId, ids]) => ({ _id: entityId, people: ids, builtAt: 0 })), (c) => entityMembersModel(db).insertMany(c, { lean: true }));
  await chunks(accounts, (c) => accountModel(db).insertMany(c, { lean: true }));
  return out;
}
