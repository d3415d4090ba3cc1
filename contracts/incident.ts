/** A security incident of the entity's accounts (workflows/incident.ts; PCM 6.1.1.7): its id, input and status. */
import { defineQuery } from '@temporalio/workflow';
import type { Waiting } from './decision';
import type { IncidentChecklistItem, IncidentKind } from '../domain/incident';

/** `incidente-<entityId>-<incidentId>`: one process per reported incident; incident ids are 24 hex digits, entity ids may hold hyphens. */
export const incidentWorkflowId = Object.assign((entityId: string, incidentId: string) => `incidente-${entityId}-${incidentId}`, {
  parse(id: string): { entityId: string; incidentId: string } | undefined {
    const m = /^incidente-(.+)-([0-9a-f]{24})$/.exec(id);
    return m ? { entityId: m[1]!, incidentId: m[2]! } : undefined;
  },
});

export interface IncidentInput {
  incidentId: string;
  entityId: string;
  kind: IncidentKind;
  accountIds: string[];
  /** Who reported it (an address), and when (ISO): the timeline's first event. */
  reportedBy: string;
  reportedAt: string;
}

/** One line of the incident's timeline: what happened, who did it, when. */
export interface IncidentEvent {
  at: string;
  by: string;
  what: string;
}

export type IncidentStage = 'iniciando' | 'en-atencion' | 'informe-cierre' | 'cerrado' | 'sin-entidad';

export interface IncidentStatus {
  incidentId: string;
  entityId: string;
  stage: IncidentStage;
  timeline: IncidentEvent[];
  /** Each checklist item, with who ticked it and when once done. */
  checklist: Array<{ item: IncidentChecklistItem; by?: string; at?: string }>;
  /** Accounts whose immediate rotation was asked for. */
  rotationsRequested: string[];
  waiting: Waiting[];
  closing?: { report: string; by: string; at: string };
}

export const incidentStatusQuery = defineQuery<IncidentStatus>('incidentStatus');
