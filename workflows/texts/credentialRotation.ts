/** What a credential rotation says to people, in Spanish; workflows/credentialRotation.ts decides when and to whom. */
import type { Contact } from '../../domain/entity';

/** The account as the texts name it (RotationContext's fields). */
export interface RotatedAccount {
  label: string;
  entityName: string;
  managingEmail: string;
  congreso: boolean;
}

export const rotationTexts = {
  /** PCM 6.1.2.5, issue 17 §2: the custodian sees the rotation coming 3 business days ahead; a notice, nothing to decide. */
  coming: (a: RotatedAccount, dueLabel: string) => ({
    subject: `Próxima rotación de credenciales: ${a.label} – ${a.entityName}`,
    paragraphs: [
      `El ${dueLabel} vence la rotación periódica de credenciales de la cuenta ${a.label} (PCM 6.1.2.5${a.congreso ? '; CONGRESO 6.2.5' : ''}).`,
      `Ese día recibirá un correo para confirmar que cambió las dos contraseñas: la de la cuenta y la de su correo vinculado (${a.managingEmail}). ` +
        'Puede organizarse desde ahora; este aviso no pide ninguna acción en Custodio.',
      'Nunca escriba una contraseña en Custodio ni la envíe por mensajería instantánea (PCM 6.1.2.6).',
    ],
    summary: [['Cuenta', a.label], ['Fecha de rotación', dueLabel]] as Array<[string, string]>,
  }),

  /** The custodian's step: change both secrets (PCM 6.1.2.2–6.1.2.6; CONGRESO 6.2.4, 6.2.6), then «Ya las cambié». */
  step: (a: RotatedAccount, reason: string | undefined, dueLabel: string) => ({
    title: `Rotación de credenciales: ${a.label} – ${a.entityName}`,
    intro:
      (reason ? `Se pidió una rotación inmediata: ${reason}. ` : `Venció el plazo de rotación de credenciales de la cuenta ${a.label}. `) +
      `Cambie las dos contraseñas: la de la cuenta y la de su correo vinculado (${a.managingEmail}). Deben ser distintas entre sí ` +
      `(CONGRESO 6.2.4) y de las de otras cuentas (PCM 6.1.2.3), con mayúsculas, minúsculas, números y símbolos, sin palabras ni nombres ` +
      `(PCM 6.1.2.2). Luego pulse «Ya las cambié». ` +
      (a.congreso ? 'Solo el Administrador de Cuentas las cambia (CONGRESO 6.2.6). ' : '') +
      'Nunca escriba una contraseña en Custodio ni la envíe por mensajería instantánea (PCM 6.1.2.6).',
    summary: [
      ['Entidad', a.entityName],
      ['Cuenta', a.label],
      ['Qué cambiar', `1) contraseña de la cuenta; 2) contraseña del correo ${a.managingEmail}`],
      ['Fecha de rotación', reason ? `inmediata (${dueLabel})` : dueLabel],
    ] as Array<[string, string]>,
  }),

  /** The custodian's accounts due at one instant, in one email (issue 18 §1): what each of them asks. */
  digest: (congreso: boolean) => ({
    topic: 'Rotación de credenciales',
    noun: { one: 'cuenta', many: 'cuentas' },
    intro:
      'Venció su plazo de rotación de credenciales. En cada una, cambie las dos contraseñas: la de la cuenta y la de su correo vinculado. ' +
      'Deben ser distintas entre sí (CONGRESO 6.2.4) y de las de otras cuentas (PCM 6.1.2.3), con mayúsculas, minúsculas, números y símbolos, ' +
      'sin palabras ni nombres (PCM 6.1.2.2). Luego pulse «Ya las cambié» en la sección de esa cuenta. ' +
      (congreso ? 'Solo el Administrador de Cuentas las cambia (CONGRESO 6.2.6). ' : '') +
      'Nunca escriba una contraseña en Custodio ni la envíe por mensajería instantánea (PCM 6.1.2.6).',
  }),

  /** CONGRESO 6.2.5: those concerned learn *that* credentials changed and who holds them, never the password. */
  changed: (a: RotatedAccount, by: string, holder: Contact, confirmedLabel: string, nextLabel: string) => ({
    subject: `Credenciales renovadas: ${a.label} – ${a.entityName}`,
    paragraphs: [
      `${by} confirmó el ${confirmedLabel} que cambió la contraseña de la cuenta ${a.label} y la de su correo vinculado.`,
      `Las credenciales vigentes las custodia ${holder.name} (${holder.email}). Si las necesita para su trabajo, solicítelas por correo ` +
        'institucional, nunca por mensajería instantánea (PCM 6.1.2.6; CONGRESO 6.2.7).',
      'Este aviso no contiene contraseñas: Custodio solo registra que se cambiaron y quién las custodia.',
    ],
    summary: [['Cuenta', a.label], ['Custodio(a)', `${holder.name} (${holder.email})`], ['Próxima rotación', nextLabel]] as Array<[string, string]>,
  }),
};
