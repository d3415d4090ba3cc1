/**
 * The people of an entity and the rules their roles obey: one head and one second in command
 * (PCM 5.2.4, 6.1.1.5), institutional addresses (PCM 6.1.1.4), and separation of duties when
 * routing an approval.
 */
import type { EntityRole } from './access';
import type { Tenure } from './accountAdministrator';
import { isInstitutionalEmail, type Contact, type EntityPolicy } from './entity';
import { PROFILES, type PolicyProfileId } from './policyProfiles';
import type { RuleViolation } from './validation';

/** A person's active role in one entity, as the roster lists it. */
export interface RosterEntry {
  personId: string;
  name: string;
  email: string;
  role: EntityRole;
  /** Requesting units name their office (órgano / unidad orgánica). */
  unit?: string;
  /** The member's contract, where the office recorded it (CONGRESO 5.1.2, 6.1.6). */
  tenure?: Tenure;
}

/** Roles an entity holds exactly once. */
const SINGLE_ROLES: EntityRole[] = ['head', 'second'];

/**
 * Problems with a roster as it would be after a change. Missing head or second is allowed while the
 * office is reorganised (approvals then refuse to start with a clear message); two of either is not.
 */
export function rosterProblems(roster: RosterEntry[]): RuleViolation[] {
  const out: RuleViolation[] = [];
  for (const role of SINGLE_ROLES) {
    const holders = roster.filter((r) => r.role === role);
    if (holders.length > 1) {
      out.push({
        field: 'role',
        rule: role === 'head' ? 'PCM 5.2.4' : 'PCM 6.1.1.5',
        message: `La entidad ya tiene ${role === 'head' ? 'titular' : 'segundo(a) al mando'} (${holders.map((h) => h.email).join(', ')}). Cambie primero el rol de la persona actual.`,
      });
    }
  }
  return out;
}

/** PCM 6.1.1.4: people act with institutional addresses of the entity. */
export function memberEmailProblem(entity: Pick<EntityPolicy, 'emailDomains'>, email: string): RuleViolation | undefined {
  if (isInstitutionalEmail(entity, email)) return undefined;
  return { field: 'email', rule: 'PCM 6.1.1.4', message: `Use un correo institucional (${entity.emailDomains.map((d) => `@${d}`).join(', ')}).` };
}

export type RosterContacts = Pick<EntityPolicy, 'head' | 'secondInCommand' | 'communityManager'>;

/** The contacts processes need, from the roster; undefined names the missing role. */
export function contactsFromRoster(roster: RosterEntry[]): RosterContacts | { missing: EntityRole[] } {
  const pick = (role: EntityRole): Contact | undefined => {
    const r = roster.find((e) => e.role === role);
    return r ? { name: r.name, email: r.email } : undefined;
  };
  const head = pick('head');
  const secondInCommand = pick('second');
  const communityManager = pick('cm');
  if (head && secondInCommand && communityManager) return { head, secondInCommand, communityManager };
  return { missing: (['head', 'second', 'cm'] as const).filter((r, i) => ![head, secondInCommand, communityManager][i]) };
}

/**
 * Whom a running process asks now (issue 14 §1.4): the roster's holders, a vacant role covered by the
 * nearest one (head and second in command stand in for each other; the head for a missing CM), and the
 * last known contacts only while both head and second are vacant (an office being reorganised).
 */
export function currentContacts(roster: RosterEntry[], known: RosterContacts): RosterContacts {
  const pick = (role: EntityRole): Contact | undefined => {
    const r = roster.find((e) => e.role === role);
    return r ? { name: r.name, email: r.email } : undefined;
  };
  const head = pick('head') ?? pick('second') ?? known.head;
  const secondInCommand = pick('second') ?? pick('head') ?? known.secondInCommand;
  return { head, secondInCommand, communityManager: pick('cm') ?? head };
}

/**
 * Separation of duties (issue #3 §3): nobody approves their own request. The head decides; when the
 * head is the requester, the second in command (the entity's fallback approver) does. Escalation goes
 * to the fallback, and never to the requester.
 */
export function approvalRouting(entity: RosterContacts, requesterEmail: string): { approver: Contact; escalateTo: Contact[] } {
  const requester = requesterEmail.toLowerCase();
  const headRequests = requester === entity.head.email.toLowerCase();
  const approver = headRequests ? entity.secondInCommand : entity.head;
  const fallback = headRequests ? entity.head : entity.secondInCommand;
  return { approver, escalateTo: fallback.email.toLowerCase() === requester ? [] : [fallback] };
}

/** The head's designees, as an entity change names them (`null` hands the task back to the head). */
export interface DesigneeChanges {
  reviewDesigneeEmail?: string | null;
  contentDesigneeEmail?: string | null;
}

/**
 * What stands against the designees a change names: each must be on the entity's roster, and content
 * approval may be delegated only where the profile allows it (PCM 6.2.2.2; under CONGRESO 5.1.1 and
 * INPE 5.3.d the head approves). Addresses already normalised.
 */
export function designeeProblems(changes: DesigneeChanges, profile: PolicyProfileId, roster: RosterEntry[]): RuleViolation[] {
  const out: RuleViolation[] = [];
  const onRoster = (email: string) => roster.some((r) => r.email === email);
  const review = changes.reviewDesigneeEmail;
  if (review && !onRoster(review)) {
    out.push({ field: 'reviewDesigneeEmail', rule: 'PCM 6.1.2.11', message: `${review} no figura en la nómina de la entidad; regístrelo antes de designarlo.` });
  }
  const content = changes.contentDesigneeEmail;
  const { designeeAllowed, clause } = PROFILES[profile].contentApproval;
  if (content && !designeeAllowed) {
    out.push({ field: 'contentDesigneeEmail', rule: clause, message: `Bajo el perfil ${profile} el titular aprueba los contenidos sin delegar (${clause}).` });
  } else if (content && !onRoster(content)) {
    out.push({ field: 'contentDesigneeEmail', rule: clause, message: `${content} no figura en la nómina de la entidad; regístrelo antes de designarlo.` });
  }
  return out;
}
