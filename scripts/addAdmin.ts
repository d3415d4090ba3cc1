/**
 * `npm run add-admin -- <email> "<name>"`: makes someone a platform admin in the registry at
 * MONGODB_URI, so a fresh deployment has a first person able to sign in and create entities.
 */
import { z } from 'zod';
import { connectDb } from '../infra/db';
import { auditModel } from '../infra/models/audit';
import { personModel } from '../infra/models/person';

async function main() {
  const uri = process.env.MONGODB_URI;
  const [email, name] = process.argv.slice(2);
  const checked = z.email().safeParse(email?.trim().toLowerCase());
  if (!uri || !checked.success || !name?.trim()) throw new Error('usage: MONGODB_URI=... npm run add-admin -- <email> "<name>"');
  const db = await connectDb(uri);
  try {
    await personModel(db).updateOne({ email: checked.data }, { $set: { platformAdmin: true }, $setOnInsert: { name: name.trim(), memberships: [], supervisor: false } }, { upsert: true });
    await auditModel(db).create({ at: new Date(), action: 'roster.changed', actor: { kind: 'anonymous' }, subject: checked.data, detail: 'administración de la plataforma otorgada desde la consola' });
    console.log(`${checked.data} is a platform admin; they sign in at /ingresar.`);
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  console.error(`add-admin failed: ${(err as Error).message}`);
  process.exit(1);
});
