/**
 * `npm run seed`: loads one demo entity per policy profile, with its people, the SCS supervisor and a
 * platform admin, into the registry at MONGODB_URI (the local run does this by itself). Never
 * overwrites an entity or a person that already exists.
 */
import { connectDb } from '../infra/db';
import { seedDemo } from './seed';

async function main() {
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('set MONGODB_URI to the registry to seed (npm start seeds its own)');
  const db = await connectDb(uri);
  const added = await seedDemo(db);
  console.log(`seed: ${added} demo entities and people added (existing ones left as they were)`);
  await db.close();
}

main().catch((err) => {
  console.error(`seed failed: ${(err as Error).message}`);
  process.exit(1);
});
