import type { PolicyProfile } from './policyProfiles';

/** What the community manager confirms once the account exists (RULEBOOK §1.4–1.5). */
export const CHECKLIST_ITEMS = ['institutionalEmail', 'twoFactor', 'bio', 'avatar', 'admins', 'verification'] as const;
export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number];

/** The items as the CM reads them; SCS among the admins wherever the entity's rules make it one (PCM 6.1.1.6). */
export function checklistLabels(rules: Pick<PolicyProfile, 'requiresSupervisorAsAdmin'>): Record<ChecklistItem, string> {
  return {
    institutionalEmail: 'Cuenta creada con el correo institucional (PCM 6.1.1.4)',
    twoFactor: 'Verificación en dos pasos activada (PCM 6.1.2.1)',
    bio: 'Biografía con la ubicación de la entidad y enlace a la web oficial (PCM 6.1.1.9)',
    avatar: 'Avatar con el logo de la entidad (PCM 6.1.1.10)',
    admins:
      rules.requiresSupervisorAsAdmin
        ? 'Administradores asignados, incluida la Coordinación de Comunicación Digital de la SCS (PCM 6.1.1.5–6.1.1.6)'
        : 'Administradores asignados según la propuesta aprobada (PCM 5.1.10)',
    verification: 'Insignia de verificación solicitada (PCM 5.2.6)',
  };
}

/** What one confirmation carries: items ticked now and, once known, the username actually registered. */
export interface ChecklistPayload {
  items: ChecklistItem[];
  chosenName?: string;
}

/** Returns a Spanish message when the payload is malformed or names a username not proposed. */
export function checklistPayloadProblem(payload: unknown, proposedNames: readonly string[]): string | undefined {
  if (typeof payload !== 'object' || payload === null) return 'Marque al menos un punto de la lista.';
  const { items, chosenName } = payload as Partial<ChecklistPayload>;
  if (!Array.isArray(items) || items.some((i) => !CHECKLIST_ITEMS.includes(i))) return 'La lista de verificación no es válida.';
  if (items.length === 0) return 'Marque al menos un punto de la lista.';
  if (chosenName !== undefined && !proposedNames.includes(chosenName)) {
    return `El nombre registrado debe ser uno de los propuestos: ${proposedNames.join(' o ')}.`;
  }
  return undefined;
}
