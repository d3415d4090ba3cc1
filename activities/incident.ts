/**
 * A security incident's I/O (PCM 6.1.1.7): what its process needs to know, read from the registry,
 * and its story written back to the incident's row (the list and the page read it there).
 */
import type { Model } from 'mongoose';
import { CNSD_DEFAULT_EMAIL, INCIDENT_KIND_LABELS } from '../domain/incident';
import type { EntityPolicy } from '../domain/entity';
import { NETWORK_LABELS } from '../domain/networks';
import { PROFILES } from '../domain/policyProfiles';
import type { IncidentEvent, IncidentStage } from '../contracts/incident';
import { trusted } from '../infra/db';
import { writtenInstant } from '../infra/limaTime';
import type { AccountDoc } from '../infra/models/account';
import type { IncidentDoc } from '../infra/models/incident';
import type { Registry } from '../registry/reads';
import { accountLabel } from '../registry/quarterlyReports';

/** What the incident's process knows when it opens. */
export interface IncidentContext {
  /** False when the entity or the incident's row is gone: the process closes without asking anyone. */
  exists: boolean;
  entity?: EntityPolicy;
  /** PCM 2: SCS supervises this entity, so it hears of the incident. */
  supervisedByScs: boolean;
  /** The Centro Nacional de Seguridad Digital's address (DU 007-2020). */
  cnsdEmail: string;
  /** Texts the emails need, written here so a new ICU never changes a replayed text. */
  words: { kind: string; noticedAt: string; reportedAt: string; description: string; accounts: string[] };
}

export interface RecordIncidentInput {
  incidentId: string;
  stage: IncidentStage;
  timeline: IncidentEvent[];
  checklist: Array<{ item: string; by: string; at: string }>;
  closing?: { report: string; by: string; at: string };
}

export interface IncidentActivityDeps {
  incidents: Model<IncidentDoc>;
  accounts: Model<AccountDoc>;
  registry: Registry;
  /** From CNSD_EMAIL; CNSD_DEFAULT_EMAIL when unset. */
  cnsdEmail?: string;
}

export function createIncidentActivities(deps: IncidentActivityDeps) {
  return {
    async incidentContext(input: { incidentId: string; entityId: string }): Promise<IncidentContext> {
      const cnsdEmail = deps.cnsdEmail ?? CNSD_DEFAULT_EMAIL;
      const row = await deps.incidents.findById(input.incidentId).lean();
      const found = await deps.registry.policy(input.entityId);
      const empty = { kind: '', noticedAt: '', reportedAt: '', description: '', accounts: [] };
      if (!row || !found.ok) return { exists: Boolean(row) && !(!found.ok && found.reason === 'unknown'), supervisedByScs: false, cnsdEmail, words: empty };
      const accounts = await deps.accounts.find({ _id: trusted({ $in: row.accountIds ?? [] }) }).lean();
      return {
        exists: true,
        entity: found.policy,
        supervisedByScs: PROFILES[found.policy.profile].supervisedByScs,
        cnsdEmail,
        words: {
          kind: INCIDENT_KIND_LABELS[row.kind],
          noticedAt: writtenInstant(row.noticedAt),
          reportedAt: writtenInstant(row.reportedAt),
          description: row.description,
          accounts: accounts.map((a) => `${NETWORK_LABELS[a.network]} ${accountLabel(a)}`).sort(),
        },
      };
    },

    /** Writes the process's story onto the row: the whole timeline and checklist each time, so a retry changes nothing. */
    async recordIncident(input: RecordIncidentInput): Promise<void> {
      const closed = input.stage === 'cerrado';
      await deps.incidents.updateOne(
        { _id: input.incidentId },
        {
          $set: {
            timeline: input.timeline.map((e) => ({ ...e, at: new Date(e.at) })),
            checklist: input.checklist.map((c) => ({ ...c, at: new Date(c.at) })),
            state: closed ? 'closed' : 'open',
            ...(input.closing ? { closing: { ...input.closing, at: new Date(input.closing.at) } } : {}),
            ...(closed && input.closing ? { closedAt: new Date(input.closing.at) } : {}),
          },
        },
      );
    },
  };
}
