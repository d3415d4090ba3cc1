/**
 * The public page of an entity's norms of coexistence (issue 19 §3; PCM 6.2.2.6, Anexo 6): anyone may
 * read it, without signing in — it is meant to be linked from the accounts' bios. It shows the entity's
 * name, its norms and its official accounts that are active (network, username, address), all public
 * already; nobody's name or address.
 */
import type { Connection } from 'mongoose';
import { coexistenceRulesOf, type CoexistenceRules } from '../../domain/coexistenceRules';
import { NETWORK_LABELS } from '../../domain/networks';
import { PROFILES } from '../../domain/policyProfiles';
import { Refusal } from '../../domain/refusal';
import { accountModel } from '../../infra/models/account';
import type { Registry } from '../../registry/reads';

export interface CoexistencePage extends CoexistenceRules {
  entity: { id: string; name: string };
  /** The head's adaptation, or the directive's text. */
  adapted: boolean;
  /** Where PCM binds the entity, the directive the text comes from. */
  source?: string;
  accounts: Array<{ network: string; username: string; url?: string }>;
}

export function coexistenceService(deps: { db: Connection; registry: Registry }) {
  return {
    async publicPage(entityId: string): Promise<CoexistencePage> {
      const entity = await deps.registry.entity(String(entityId));
      if (!entity) throw new Refusal('not_found', 'No existe esa entidad.');
      const accounts = await accountModel(deps.db).find({ entityId: entity._id, status: 'active' }, { network: 1, username: 1, url: 1 }).sort({ network: 1, username: 1 }).lean();
      return {
        entity: { id: entity._id, name: entity.name },
        ...coexistenceRulesOf(entity),
        ...(PROFILES[entity.profile].pcmConductRules ? { source: 'Anexo 6 de la Directiva N° 03-2022-PCM/SCS' } : {}),
        accounts: accounts.map((a) => ({ network: NETWORK_LABELS[a.network], username: a.username, ...(a.url ? { url: a.url } : {}) })),
      };
    },
  };
}

export type CoexistenceService = ReturnType<typeof coexistenceService>;
