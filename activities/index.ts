import type { Connection } from 'mongoose';
import type { LinkSigner } from '../infra/links';
import type { Mailer } from '../infra/mailer';
import { accountModel } from '../infra/models/account';
import { outboxModel } from '../infra/models/outbox';
import { createAccountActivities } from './accounts';
import { createCalendarActivities } from './calendar';
import { createEmailActivities } from './email';

export type { Attachment } from './attachments';
export type { DecisionEmailInput, NoticeInput } from './email';
export type { BusinessInstantsInput } from './calendar';
export type { ActivateAccountsInput } from './accounts';

export interface ActivityDeps {
  db: Connection;
  mailer: Mailer;
  links: LinkSigner;
  publicUrl: string;
  linkTtlDays: number;
}

/** Every activity the worker registers, built from its dependencies (no globals). */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createEmailActivities({ mailer: deps.mailer, outbox: outboxModel(deps.db), links: deps.links, publicUrl: deps.publicUrl, linkTtlDays: deps.linkTtlDays }),
    ...createCalendarActivities(),
    ...createAccountActivities({ accounts: accountModel(deps.db) }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
