/** Approval of a content publication (workflows/content.ts): its id, input and status. */
import { defineQuery } from '@temporalio/workflow';
import type { ContentFlag, ContentRequest, ContentStage, ImageCheck, Publication } from '../domain/content';
import type { ContentConfirmations } from '../domain/contentConfirmations';
import type { OfficialAct, OfficialActRecord } from '../domain/officialActs';
import type { Decision } from '../domain/decision';
import type { EntityPolicy } from '../domain/entity';
import type { Waiting } from './decision';
import { prefixedId } from './workflowIds';

/** `contenido-<requestId>`: one process per request. */
export const contentWorkflowId = prefixedId('contenido-');

export interface ContentPublicationInput {
  requestId: string;
  entity: EntityPolicy;
  request: ContentRequest;
  submittedAt: string;
  /** The request's page, where the CM sees its images. */
  statusUrl?: string;
}

export interface ContentStatus {
  requestId: string;
  entityId: string;
  stage: ContentStage;
  waiting: Waiting[];
  decisions: Decision[];
  request: ContentRequest;
  /** The last measurement of the images, as the CM saw it (INPE 5.3.b). */
  imageChecks: ImageCheck[];
  sensitive: boolean;
  flags: ContentFlag[];
  publications: Publication[];
  /** What the CM confirmed of PCM 6.2.2.5–8 and 6.2.2.17 when passing the piece on; absent before, and after a correction. */
  confirmations?: ContentConfirmations;
  /** PCM 6.2.4: the official act the CM marked, while it is to be published. */
  officialAct?: OfficialAct;
  /** PCM 6.2.4: once published, the lead post it followed and the coordination. */
  officialActRecord?: OfficialActRecord;
}

export const contentStatusQuery = defineQuery<ContentStatus>('status');
