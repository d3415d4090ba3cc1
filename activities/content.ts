import type { Model } from 'mongoose';
import { imageChecks, type ContentFlag, type ImageFacts, type ContentStage, type ImageCheck, type Publication } from '../domain/content';
import type { ContentConfirmations } from '../domain/contentConfirmations';
import type { ContentImage } from '../domain/contentInput';
import type { OfficialActRecord } from '../domain/officialActs';
import type { Contact } from '../domain/entity';
import { PROFILES } from '../domain/policyProfiles';
import { approvalRouting, contactsFromRoster } from '../domain/roster';
import type { ImageStore } from '../registry/contentImages';
import { readImageFacts } from '../registry/imageFacts';
import type { ContentRequestDoc } from '../infra/models/contentRequest';
import type { Registry } from '../registry/reads';

/** Who decides each step of a content request, read from the registry when the step opens. */
export interface ContentDeciders {
  /** PCM 6.2.1.2, INPE 5.3.b: evaluates and publishes. Absent while the roster has no CM. */
  communityManager?: Contact;
  /** PCM 6.2.2.2: the head, or their designee where the profile allows; never the requester. */
  approver?: Contact;
  escalateTo: Contact[];
  /** INPE 5.2.b: the roster's `presidency` people; empty where the profile has no such rule. */
  presidency: Contact[];
}

export interface RecordContentStateInput {
  requestId: string;
  stage: ContentStage;
  sensitive?: boolean;
  flags?: ContentFlag[];
  publications?: Publication[];
  /** What the CM confirmed (PCM 6.2.2.5–8, 6.2.2.17); `null` once a correction made it stale. */
  confirmations?: ContentConfirmations | null;
  /** PCM 6.2.4: how an official act was published. */
  officialAct?: OfficialActRecord;
  /** ISO instant the process ended, from workflow time. */
  closedAt?: string;
}

export interface ContentActivityDeps {
  images: ImageStore;
  requests: Model<ContentRequestDoc>;
  registry: Registry;
}

export function createContentActivities(deps: ContentActivityDeps) {
  return {
    /**
     * INPE 5.3.b, PCM 6.2.2.16: measures every image from its stored bytes (not from what the client
     * claimed) for the CM's evaluation. Reads only: a retry measures the same bytes again.
     */
    async inspectContentImages(input: { images: ContentImage[] }): Promise<ImageCheck[]> {
      const facts: Array<ImageFacts & { imageId: string }> = [];
      for (const img of input.images) {
        const stored = await deps.images.get(img.id);
        const f = stored ? readImageFacts(stored.bytes) : { type: undefined, width: 0, height: 0 };
        facts.push({ imageId: img.id, placement: img.placement, filename: img.filename, type: f.type, width: f.width, height: f.height, bytes: stored?.bytes.length ?? 0 });
      }
      return imageChecks(facts).map((c, i) => (facts[i]!.bytes === 0 ? { ...c, ok: false, detail: 'La imagen no se encuentra en el registro: pida al órgano que la adjunte de nuevo.' } : c));
    },

    async contentDeciders(input: { entityId: string; requesterEmail: string }): Promise<ContentDeciders> {
      const [entity, roster] = await Promise.all([deps.registry.entity(input.entityId), deps.registry.roster(input.entityId)]);
      const profile = entity ? PROFILES[entity.profile] : undefined;
      const pick = (role: string) => roster.find((r) => r.role === role);
      const cm = pick('cm');
      const requester = input.requesterEmail.toLowerCase();
      const contacts = contactsFromRoster(roster);
      let approver: Contact | undefined;
      let escalateTo: Contact[] = [];
      if (!('missing' in contacts)) ({ approver, escalateTo } = approvalRouting(contacts, requester));
      const designeeEmail = entity?.contentDesigneeEmail?.toLowerCase();
      const designee = designeeEmail && profile?.contentApproval.designeeAllowed ? roster.find((r) => r.email === designeeEmail) : undefined;
      if (designee && designee.email !== requester) {
        // The designee decides; the head stays the escalation (PCM 6.2.2.2).
        escalateTo = approver && approver.email !== designee.email ? [approver] : escalateTo;
        approver = { name: designee.name, email: designee.email };
      }
      const presidency = profile?.sensitiveContentApproval
        ? roster.filter((r) => r.role === profile.sensitiveContentApproval!.approverRole && r.email !== requester).map((r) => ({ name: r.name, email: r.email }))
        : [];
      return { ...(cm ? { communityManager: { name: cm.name, email: cm.email } } : {}), ...(approver ? { approver } : {}), escalateTo, presidency };
    },

    /** Keeps the registry row in step with the process; a `$set`, so a retry writes the same thing. */
    async recordContentState(input: RecordContentStateInput): Promise<void> {
      await deps.requests.updateOne(
        { _id: input.requestId },
        {
          $set: {
            stage: input.stage,
            ...(input.sensitive !== undefined ? { sensitive: input.sensitive } : {}),
            ...(input.flags?.length ? { flags: input.flags } : {}),
            ...(input.publications?.length ? { publications: input.publications } : {}),
            ...(input.confirmations ? { confirmations: input.confirmations } : {}),
            ...(input.officialAct ? { officialAct: input.officialAct } : {}),
            ...(input.closedAt ? { closedAt: new Date(input.closedAt) } : {}),
          },
          ...(input.confirmations === null ? { $unset: { confirmations: 1 } } : {}),
        },
      );
    },
  };
}
