/** What SCS's daily directory digest says, in Spanish; workflows/directoryDigest.ts decides when and to whom. */
import type { DirectoryChange, SupervisorDigest } from '../../contracts/directoryDigest';
import { ENTITY_ROLES, ENTITY_ROLE_SHORT, type EntityRole } from '../../domain/access';
import { NETWORK_LABELS } from '../../domain/networks';

/** How the day is written, from the activity (workflow code formats no date). */
export interface DigestDayLabels {
  fromLabel: string;
  toLabel: string;
  dayLabel: string;
}

const STATUS: Record<string, string> = { active: 'activa', paused: 'pausada', retired: 'de baja' };
const roleWord = (code: string) => (ENTITY_ROLES.includes(code as EntityRole) ? ENTITY_ROLE_SHORT[code as EntityRole] : code);
/** «rol: cm → head; teléfono actualizado» as people read it; the phone itself is never in the trail. */
const rosterWords = (detail: string) => detail.replace(/\b(rol:?\s*)(\w+)(\s*→\s*)(\w+)/gi, (_m, lead: string, a: string, arrow: string, b: string) => `${lead}${roleWord(a)}${arrow}${roleWord(b)}`);

function what(c: DirectoryChange): string {
  const account = c.account ? `${c.account.username} (${NETWORK_LABELS[c.account.network]})` : 'Una cuenta';
  const person = !c.person ? 'Una persona de la oficina' : c.person.name ? `${c.person.name} (${c.person.email})` : c.person.email;
  const detail = c.detail ?? '';
  switch (c.action) {
    case 'account.activated': return `${account}: cuenta creada por solicitud aprobada; ya está activa.`;
    case 'account.registered': return `${account}: cuenta que la entidad ya administraba, registrada en Custodio.`;
    case 'account.updated': return `${account}: se actualizaron sus datos del Anexo 4${detail ? ` (${detail.replace(/^inventario:\s*/, '')})` : ''}.`;
    case 'account.renamed': return `${account}: cambio de nombre o usuario aprobado por el/la titular (PCM 6.1.2.7)${detail ? ` — ${detail}` : ''}.`;
    case 'account.roles.changed': return `${account}: se actualizaron los roles de su página.`;
    case 'account.status.changed': {
      const m = /^(\w+) → (\w+): ([\s\S]*)$/.exec(detail);
      return m ? `${account}: pasó de ${STATUS[m[1]!] ?? m[1]} a ${STATUS[m[2]!] ?? m[2]} (motivo: ${m[3]}).` : `${account}: cambió de estado.`;
    }
    case 'roster.added': {
      const role = /Rol:\s*(\w+)/.exec(detail)?.[1];
      return `${person} se incorporó a la oficina${role ? ` como ${roleWord(role)}` : ''}.`;
    }
    case 'roster.changed': return `${person}: ${rosterWords(detail) || 'datos actualizados'}.`;
  }
}

export const digestTexts = {
  /**
   * PCM 6.3.5, 7.3: one email per SCS address and day with changes, each entity's changes in the order
   * they happened, so the directory SCS keeps stays current without asking each office.
   */
  digest(d: SupervisorDigest, day: DigestDayLabels) {
    const total = d.entities.reduce((n, e) => n + e.changes.length + e.more, 0);
    const summary: Array<[string, string]> = [];
    for (const e of d.entities) {
      for (const c of e.changes) summary.push([`${e.name}, ${c.time}`, `${what(c)}${c.by ? ` Registró: ${c.by}.` : ''}`]);
      if (e.more) summary.push([e.name, `Y ${e.more === 1 ? 'un cambio más' : `${e.more} cambios más`}: véalos en el directorio.`]);
    }
    return {
      subject: `Directorio de cuentas: ${total === 1 ? 'un cambio' : `${total} cambios`} del ${day.dayLabel}`,
      paragraphs: [
        `Le informamos los cambios en las cuentas oficiales de redes sociales de las entidades que supervisa y en las personas que responden por ellas, ` +
          `registrados en Custodio desde el ${day.fromLabel} hasta el ${day.toLabel} (hora de Lima).`,
        `Cambiaron ${d.entities.length === 1 ? 'las cuentas de una entidad' : `las cuentas de ${d.entities.length} entidades`}: ${d.entities.map((e) => e.name).join('; ')}. ` +
          'El directorio de cuentas (Anexo 4; numerales 6.3.5 y 7.3 de la Directiva N° 03-2022-PCM/SCS) ya los refleja; los teléfonos de los responsables se consultan allí.',
      ],
      summary,
      linkLabel: 'Abrir el directorio de cuentas',
    };
  },
};
