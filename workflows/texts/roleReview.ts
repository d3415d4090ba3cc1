/** What a month's review of page roles says to people, in Spanish; workflows/roleReview.ts decides when and to whom. */
import type { RoleReviewSnapshot } from '../../activities/roleReview';
import { NETWORK_LABELS } from '../../domain/networks';
import { AGENCY_ROLE_LABELS, GRANT_STATE_LABELS, PAGE_ROLES, PAGE_ROLE_LABELS, type AccountRoster } from '../../domain/pageRoles';
import { PROFILES_BEFORE_PCM_2_SCOPE } from '../../domain/policyProfiles';
import { isPlatformAnomaly } from '../../domain/platformRoles';
import { REVIEW_CLAUSE } from '../../domain/roleReview';

const accountLabel = (a: Pick<AccountRoster, 'username' | 'network'>) => `${a.username} (${NETWORK_LABELS[a.network]})`;

/** Each page role with its holders, e.g. «Administrador(a) (2): Ana Quispe <aquispe@…>, …». */
function rolesText(a: AccountRoster): string {
  const groups = PAGE_ROLES.flatMap((role) => {
    const holders = a.roles.filter((r) => r.pageRole === role);
    return holders.length ? [`${PAGE_ROLE_LABELS[role]} (${holders.length}): ${holders.map((h) => `${h.name} <${h.email}>`).join(', ')}`] : [];
  });
  const text = groups.length ? groups.join('; ') : 'sin roles registrados';
  return a.status === 'paused' ? `${text} (cuenta pausada)` : text;
}

export const reviewTexts = {
  /** The attestation step (PCM 6.1.2.11): the whole roster in the summary, each anomaly with its clause. */
  attestation(snap: RoleReviewSnapshot, attestsFollows = false) {
    const clause = REVIEW_CLAUSE[snap.profile];
    const byId = new Map(snap.accounts.map((a) => [a.accountId, a]));
    const n = snap.anomalies.length;
    const intro =
      (snap.designated ? 'Como persona designada por el/la titular de la Oficina de Comunicaciones, revise' : 'Revise') +
      ` los roles y permisos de las cuentas de ${snap.entityName} correspondientes a ${snap.monthLabel} (${clause}): quién administra cada cuenta, ` +
      'qué rol tiene cada persona y qué agencias conservan acceso. Nadie que ya no trabaje en el área puede conservar un rol (PCM 6.2.3.5) ' +
      'y una agencia solo tiene acceso durante su campaña (PCM 6.1.2.10). ' +
      (attestsFollows ? 'Revise también a quiénes siguen las cuentas: solo a otras cuentas institucionales, medios, autoridades y líderes de opinión (PCM 5.2.7). ' : '') +
      'Corrija en la red social y en Custodio lo que no corresponda y luego pulse «Doy conformidad». ' +
      (n ? `Custodio detectó ${n === 1 ? 'una anomalía' : `${n} anomalías`}, listada${n === 1 ? '' : 's'} al final.` : 'Custodio no detectó anomalías en lo que registra.') +
      (snap.platform?.state === 'checked' ? ' Custodio leyó además en Meta quién tiene acceso a cada página de Facebook y cuenta de Instagram; X, TikTok y YouTube no ofrecen esa lista: para ellas vale su revisión.' : '') +
      (snap.designeeNotFound ? ` La persona designada para esta revisión (${snap.designeeNotFound}) ya no figura en la nómina; por eso se le pide a usted.` : '');
    const summary: Array<[string, string]> = [
      ['Entidad', snap.entityName],
      ['Revisión', `${snap.monthLabel} (${clause})`],
    ];
    if (!snap.accounts.length) summary.push(['Cuentas', 'La entidad no tiene cuentas vigentes en el registro.']);
    for (const a of snap.accounts) summary.push([`Cuenta ${accountLabel(a)}`, rolesText(a)]);
    if (!snap.grants.length) summary.push(['Agencias', 'Ninguna agencia tiene ni tuvo acceso desde el inicio del mes anterior.']);
    for (const g of snap.grants) {
      const account = byId.get(g.accountId);
      summary.push([
        `Agencia ${g.agencyName}`,
        `${AGENCY_ROLE_LABELS[g.role]}${account ? ` en ${accountLabel(account)}` : ''}, campaña «${g.campaign}», del ${g.startsOn} al ${g.endsOn}: ${GRANT_STATE_LABELS[g.state].toLowerCase()}`,
      ]);
    }
    // Issue 17 §1: what the platform read said of each account (X, TikTok and YouTube publish no list).
    const platform = snap.platform;
    if (platform?.state === 'failed') summary.push(['Lectura de Meta', `${platform.message} La revisión sigue con lo que registra Custodio.`]);
    if (platform?.state === 'checked') {
      for (const a of platform.accounts) summary.push([`En la plataforma: ${accountLabel(a)}`, a.state === 'read' ? 'Leída en Meta: sus anomalías figuran abajo.' : a.message ?? '']);
    }
    if (!n) {
      // What the snapshot checked that morning; one read before PCM 2's scope says it through its profile then.
      const scsChecked = snap.supervisorAdminChecked ?? PROFILES_BEFORE_PCM_2_SCOPE[snap.profile].requiresSupervisorAsAdmin;
      const checked = ['número de administradores (PCM 5.1.10)', ...(scsChecked ? ['la SCS como administradora (PCM 6.1.1.6)'] : []),
        'agencias después de su campaña (PCM 6.1.2.10)', 'personas que dejaron la oficina (PCM 6.2.3.5)'];
      summary.push(['Anomalías', `Ninguna. Se revisó: ${checked.join('; ')}.`]);
    }
    for (const a of snap.anomalies) summary.push([isPlatformAnomaly(a) ? `Anomalía en la plataforma (${a.rule})` : `Anomalía (${a.rule})`, a.message]);
    return {
      title: `Revisión mensual de roles: ${snap.entityName} – ${snap.monthLabel}`,
      intro,
      summary,
    };
  },
};
