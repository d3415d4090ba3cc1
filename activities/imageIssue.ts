/**
 * A matter that can affect the institution's image (PCM 6.2.2.14): what its process needs from the
 * registry, and its story written back to the row the list and the page read.
 */
import type { Model } from 'mongoose';
import type { EntityPolicy } from '../domain/entity';
import { NETWORK_LABELS } from '../domain/networks';
import type { ImageIssueEvent, ImageIssueStage, ImageIssueStatus } from '../contracts/imageIssue';
import { trusted } from '../infra/db';
import { writtenInstant } from '../infra/limaTime';
import type { AccountDoc } from '../infra/models/account';
import type { ImageIssueDoc } from '../infra/models/imageIssue';
import type { Registry } from '../registry/reads';
import { accountLabel } from '../registry/quarterlyReports';

export interface ImageIssueContext {
  /** False when the report's row is gone or the entity unknown: the process ends without asking anyone. */
  exists: boolean;
  entity?: EntityPolicy;
  /** Texts the emails need, written here so a new ICU never changes a replayed text. */
  words: { subject: string; description: string; links: string[]; accounts: string[]; reportedAt: string };
}

export interface RecordImageIssueInput {
  issueId: string;
  stage: ImageIssueStage;
  timeline: ImageIssueEvent[];
  acknowledged?: ImageIssueStatus['acknowledged'];
  superiorAcknowledged?: ImageIssueStatus['superiorAcknowledged'];
}

export interface ImageIssueActivityDeps {
  imageIssues: Model<ImageIssueDoc>;
  accounts: Model<AccountDoc>;
  registry: Registry;
}

export function createImageIssueActivities(deps: ImageIssueActivityDeps) {
  return {
    async imageIssueContext(input: { issueId: string; entityId: string }): Promise<ImageIssueContext> {
      const row = await deps.imageIssues.findById(input.issueId).lean();
      const found = await deps.registry.policy(input.entityId);
      const empty = { subject: '', description: '', links: [], accounts: [], reportedAt: '' };
      if (!row || !found.ok) return { exists: Boolean(row) && !(!found.ok && found.reason === 'unknown'), words: empty };
      const accounts = await deps.accounts.find({ _id: trusted({ $in: row.accountIds ?? [] }) }).lean();
      return {
        exists: true,
        entity: found.policy,
        words: {
          subject: row.subject,
          description: row.description,
          links: [...(row.links ?? [])],
          accounts: accounts.map((a) => `${NETWORK_LABELS[a.network]} ${accountLabel(a)}`).sort(),
          reportedAt: writtenInstant(row.reportedAt),
        },
      };
    },

    /** The whole story each time, so a retry changes nothing. */
    async recordImageIssue(input: RecordImageIssueInput): Promise<void> {
      const a = input.acknowledged;
      const s = input.superiorAcknowledged;
      await deps.imageIssues.updateOne(
        { _id: input.issueId },
        {
          $set: {
            timeline: input.timeline.map((e) => ({ ...e, at: new Date(e.at) })),
            state: input.stage === 'atendido' ? 'done' : 'open',
            ...(a
              ? { acknowledged: { by: a.by, at: new Date(a.at), ...(a.note ? { note: a.note } : {}), ...(a.superior ? { superiorName: a.superior.name, superiorEmail: a.superior.email } : {}) } }
              : {}),
            ...(s ? { superiorAcknowledged: { by: s.by, at: new Date(s.at) } } : {}),
          },
        },
      );
    },
  };
}
