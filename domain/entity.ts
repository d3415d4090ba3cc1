import { hostWithin } from './webAddress';
import type { PolicyProfileId } from './policyProfiles';
import type { ReminderPlan } from './decision';

/** A period the entity's head records as electoral, when JNE rules govern state publicity (PCM 6.2.2.10). */
export interface ElectoralPeriod {
  /** First and last day, `YYYY-MM-DD`. */
  from: string;
  to: string;
  label: string;
}

/** A person as the processes need them: a name to greet and an institutional address. */
export interface Contact {
  name: string;
  email: string;
}

/**
 * What the processes need to know about an entity. The registry (activities/registry) stores more;
 * this is the plain-data view that domain rules and workflows receive.
 */
export interface EntityPolicy {
  id: string;
  name: string;
  profile: PolicyProfileId;
  /** PCM 6.1.1.4: accounts are created with institutional addresses of these domains. */
  emailDomains: string[];
  /** PCM 6.1.1.9: the bio names the institution's location. */
  location: string;
  /** PCM 6.1.1.9: hosts the bio may link to besides any `*.gob.pe` host. */
  officialHosts: string[];
  /** PCM 6.1.1.2: where approved technical reports go. */
  supervisorEmail: string;
  /** PCM 5.2.4: the only one who authorises account creation. */
  head: Contact;
  /** PCM 6.1.1.5; the fallback approver and escalation target. */
  secondInCommand: Contact;
  /** PCM 6.1.2.4: runs the accounts and confirms their creation checklist. */
  communityManager: Contact;
  /** INPE 4.2.c: the roster's Gerencia General, who decides a unit's own account; absent where nobody holds it. */
  generalManagement?: Contact[];
  /** Decreed non-working days (YYYY-MM-DD) that no holiday library knows. */
  nonWorkingDays: string[];
  /** How long people have to decide before reminders and escalation. */
  decisionPlan: ReminderPlan;
  /** PCM 6.2.2.10: electoral periods the head configured; a campaign overlapping one is flagged. */
  electoralPeriods?: ElectoralPeriod[];
  /** PCM 6.3.2 names no deadline: business days after a quarter closes for its report to reach SCS (default 10). */
  reportDueBusinessDays?: number;
  /** Issue 19 §6: the acronym its documents are numbered with (e.g. MINCUL); absent, its id in capitals. */
  acronym?: string;
  /** Issue 19 §6: the communications office's code in document numbers (e.g. OCII, 04.01); absent, «OC». */
  officeCode?: string;
  /** PCM 5.2.5 names no period: days without publications before an account is flagged (default 60, domain/inactivity.ts). */
  inactivityDays?: number;
  /** PCM 6.2.2.12 names no deadline («conforme a Ley»): business days for an area to answer a citizen's question (default 5). */
  questionDueBusinessDays?: number;
}

/** `true` when the address belongs to one of the entity's institutional domains (PCM 6.1.1.4). */
export function isInstitutionalEmail(entity: Pick<EntityPolicy, 'emailDomains'>, email: string): boolean {
  const at = email.lastIndexOf('@');
  if (at < 0) return false;
  const domain = email.slice(at + 1).toLowerCase();
  return entity.emailDomains.some((d) => domain === d.toLowerCase());
}

/** An official website's host: any `gob.pe` host (the State's platform and the entities' own) or one of the entity's. */
export function isOfficialHost(entity: Pick<EntityPolicy, 'officialHosts'>, hostname: string): boolean {
  return hostWithin(hostname.toLowerCase(), ['gob.pe', ...entity.officialHosts.map((h) => h.toLowerCase())]);
}
