/**
 * The steps of Custodio's processes by name, for pages that list past decisions (a decision records
 * only its step id, e.g. `aprobacion-2`). A step of a later round says so.
 */
const NAMES: Array<[RegExp, string]> = [
  [/^aprobacion-(\d+)$/, 'Aprobación'],
  [/^aprobacion$/, 'Aprobación'],
  [/^cierre$/, 'Cierre de la cuenta en la red'],
  [/^atencion$/, 'Respuesta del área responsable'],
  [/^respuesta$/, 'Respuesta publicada en la red'],
  [/^correccion-(\d+)$/, 'Corrección de la propuesta'],
  [/^ajuste-(\d+)$/, 'Ajuste de la propuesta'],
  [/^evaluacion-(\d+)$/, 'Evaluación del community manager'],
  [/^presidencia-(\d+)$/, 'Aprobación de la Presidencia de la entidad'],
  [/^opinion-scs-(\d+)$/, 'Opinión técnica de la SCS'],
  [/^verificacion-(\d+)$/, 'Verificación de la cuenta creada'],
  [/^acuerdo-(\d+)$/, 'Firma del acuerdo de uso (Anexo 1)'],
  [/^acuse-scs$/, 'Acuse de recibo de la SCS'],
  [/^gerencia$/, 'Decisión de la Gerencia General (INPE 4.2.c)'],
  [/^retiro-agencia$/, 'Retiro de la agencia'],
  [/^retiro$/, 'Retiro del acceso de la agencia'],
  [/^informe-cierre$/, 'Informe de cierre'],
  [/^publicacion$/, 'Confirmación de la publicación'],
  [/^conformidad$/, 'Conformidad de la revisión'],
  [/^recuperar-acceso$/, 'Recuperar el acceso'],
  [/^revisar-roles$/, 'Revisar los roles'],
  [/^notificar-cnsd$/, 'Notificar al Centro Nacional de Seguridad Digital'],
];

/** «Aprobación», «Aprobación (2.ª vuelta)», …; an unknown id as it is. */
export function stepName(step: string): string {
  for (const [pattern, name] of NAMES) {
    const m = pattern.exec(step);
    if (!m) continue;
    // Agreements are numbered per administrator, not per round.
    const round = m[1] && !step.startsWith('acuerdo-') ? Number(m[1]) : 1;
    return round > 1 ? `${name} (${round}.ª vuelta)` : name;
  }
  return step;
}
