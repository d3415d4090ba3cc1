/**
 * Whom a rotation asks to confirm (RULEBOOK §2): the custodian (PCM 6.1.2.4, CONGRESO 6.2.6); while the
 * roster has none, the head, who safeguards passwords (PCM 6.2.3.1). In a module of its own so the rotation
 * workflow and the digest's check at the moment of asking (`activities/email`) share it without the calendar
 * libraries `domain/rotation.ts` needs.
 */
export function rotationDecider<C>(a: { custodian?: C; head?: C }): C | undefined {
  return a.custodian ?? a.head;
}
