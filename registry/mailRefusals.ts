import type { Connection } from 'mongoose';
import type { Contact } from '../domain/entity';
import { personModel } from '../infra/models/person';
import type { Registry } from './reads';
import { workflowEntity } from './workflowEntity';

/**
 * Who is told that an email could not be delivered (issue 14 §1.2): the head of the process's entity,
 * who answers for the office's processes, or the platform admins when the refused address is the head's
 * own or the process belongs to no entity.
 */
export function refusalRecipients(db: Connection, registry: Pick<Registry, 'roster'>) {
  const entityOf = workflowEntity(db);
  const people = personModel(db);
  const admins = async (): Promise<Contact[]> => (await people.find({ platformAdmin: true }).sort({ email: 1 }).lean()).map((p) => ({ name: p.name, email: p.email }));

  return {
    async of(workflowId: string, refused: string): Promise<{ entityId?: string; to: Contact[] }> {
      const entityId = await entityOf(workflowId);
      const head = entityId ? (await registry.roster(entityId)).find((r) => r.role === 'head') : undefined;
      const to = head && head.email.toLowerCase() !== refused.toLowerCase() ? [{ name: head.name, email: head.email }] : await admins();
      return { ...(entityId ? { entityId } : {}), to };
    },
    admins,
  };
}

export type RefusalRecipients = ReturnType<typeof refusalRecipients>;
