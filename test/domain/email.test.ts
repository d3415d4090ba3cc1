import { accountProposalSchema } from '../../domain/accountProposal';
import { auditQuerySchema } from '../../domain/auditQuery';
import { mailbox, typedEmail } from '../../domain/email';
import { handoverCreateSchema } from '../../domain/handoverInput';
import { personCreateSchema } from '../../domain/registryInput';

const local = (n: number) => `${'a'.repeat(n)}@cultura.gob.pe`;

describe('RFC 5321 §4.5.3.1.1: a mailbox has at most 64 characters before the @', () => {
  it('64 pass and 65 are refused, with the reason', () => {
    expect(mailbox().safeParse(local(64)).success).toBe(true);
    const refused = mailbox('Correo no válido.').safeParse(local(65));
    expect(refused.success).toBe(false);
    expect(refused.error!.issues[0]!.message).toBe('Correo no válido. La parte antes de la @ admite hasta 64 caracteres.');
  });

  it('typed addresses are trimmed and lower-cased first', () => {
    expect(typedEmail.parse(`  ${local(64).toUpperCase()} `)).toBe(local(64));
    expect(typedEmail.safeParse(` ${local(65)}`).success).toBe(false);
  });

  it('the audit filter, the roster, the handover and the account proposal all refuse an undeliverable address', () => {
    expect(auditQuerySchema.safeParse({ person: local(65) }).success).toBe(false);
    expect(auditQuerySchema.safeParse({ person: local(64) }).success).toBe(true);
    expect(personCreateSchema.safeParse({ name: 'Persona Nueva', email: local(65), role: 'team' }).error!.issues[0]!.path).toEqual(['email']);
    expect(handoverCreateSchema.safeParse({ outgoingEmail: local(65), incomingEmail: 'eteam@cultura.gob.pe' }).error!.issues[0]!.path).toEqual(['outgoingEmail']);
    const admins = accountProposalSchema.safeParse({ admins: [{ name: 'Carla Rojas', email: local(65), role: 'cm' }] }).error!.issues;
    expect(admins.some((i) => i.path.join('.') === 'admins.0.email')).toBe(true);
  });
});
