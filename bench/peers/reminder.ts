/**
 * One reminder, as a team would write it for a job queue: at the due instant read the account and its
 * custodian from the registry (the project's own reads: `accounts.findById`, the entity, the roster
 * cached per entity revision, as Custodio's `rotationContext` does) and send one email with nodemailer
 * (the project's mailer) to the SMTP capture. No outbox: what stands against a second copy is only the
 * queue's own duplicate protection (BullMQ's job id, Agenda's unique job).
 */
import type { Connection } from 'mongoose';
import type { Mailer } from '../../infra/mailer';
import { accountModel } from '../../infra/models/account';
import { entityModel } from '../../infra/models/entity';
import { createRegistry } from '../../registry/reads';

/** The queue name / job name both peers use. */
export const REMINDER_JOB = 'recordatorio-rotacion';

/** One Message-ID per account, so the capture counts copies per account without parsing bodies. */
export const peerMessageId = (accountId: string) => `<${accountId}.recordatorio@bench-peers>`;

export function createReminder(db: Connection, mailer: Mailer): (accountId: string) => Promise<void> {
  const accounts = accountModel(db);
  const entities = entityModel(db);
  const registry = createRegistry(db);
  return async (accountId) => {
    const account = await accounts.findById(accountId).lean();
    const entity = account ? await entities.findById(account.entityId).lean() : null;
    // A deleted account or entity has nobody to remind.
    if (!account || !entity) return;
    const custodian = (await registry.rosterAsOf(entity._id, entity.rosterRevision ?? 0)).find((r) => r.role === 'cm');
    if (!custodian) return;
    const text = `Estimado(a) ${custodian.name}: corresponde cambiar la contraseña de la cuenta ${account.username} de ${entity.name}.`;
    await mailer.send({
      messageId: peerMessageId(accountId),
      to: [custodian.email],
      subject: `Recordatorio: cambio de contraseña de ${account.username}`,
      text,
      html: `<p>${text}</p>`,
    });
  };
}
