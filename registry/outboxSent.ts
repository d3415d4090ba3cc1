/** Whether an email of the outbox reached the relay, by its key (infra/models/outbox.ts), for pages that say so. */
import type { Connection } from 'mongoose';
import { outboxSentModel } from '../infra/models/outbox';

export async function noticeSent(db: Connection, key: string): Promise<boolean> {
  return (await outboxSentModel(db).countDocuments({ _id: key })) > 0;
}
