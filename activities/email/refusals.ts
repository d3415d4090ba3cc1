/**
 * A refused email tells someone (issue 14 §1.2): when the relay refuses an address for good, the head
 * of the process's entity (or the platform admins) learns which address, which message and, for a
 * decision step, that the step stays open and can be sent to someone else; the audit trail records it.
 * Once per process, step and address: a reminder that bounces again says nothing new.
 */
import type { RefusedAddress } from '../../infra/mailer';
import { urls } from '../../infra/urls';
import type { AuditTrail } from '../../registry/audit';
import type { RefusalRecipients } from '../../registry/mailRefusals';
import type { Outbox } from './outbox';

export interface RefusalDeps {
  outbox: Outbox;
  recipients: RefusalRecipients;
  audit: Pick<AuditTrail, 'recordOnce'>;
  publicUrl: string;
}

/** What was refused: a decision step (which stays open) or a notice. */
export interface RefusedMessage {
  workflowId: string;
  subject: string;
  step?: { id: string; title: string };
}

export function createRefusalReports(deps: RefusalDeps) {
  function content(m: RefusedMessage, r: RefusedAddress, greeting: string) {
    const resend = m.step ? `${deps.publicUrl}${urls.resendStep(m.workflowId, m.step.id)}` : undefined;
    return {
      greeting,
      paragraphs: [
        `El servidor de correo rechazó el mensaje «${m.subject}» dirigido a ${r.address}: ${r.reason}.`,
        m.step
          ? `El paso «${m.step.title}» sigue abierto y no avanzará mientras nadie lo atienda. Si esa persona dejó su cargo o su dirección ` +
            'cambió, actualice la nómina y reenvíe el paso a quien corresponda.'
          : 'Era un aviso informativo y el proceso sigue su curso; revise la dirección en la nómina.',
      ],
      summary: [['Dirección rechazada', r.address], ['Mensaje', m.subject], ['Proceso', m.workflowId]] as Array<[string, string]>,
      ...(resend ? { buttons: [{ label: 'Reenviar el paso', url: resend }] } : {}),
      footnote: 'Custodio registró este rechazo en la auditoría. Este aviso no contiene enlaces de decisión.',
    };
  }

  return {
    async report(m: RefusedMessage, refused: RefusedAddress[]): Promise<void> {
      for (const r of refused) {
        const key = `${m.workflowId}/${m.step?.id ?? 'aviso'}/rechazo/${r.address}`;
        const { entityId, to } = await deps.recipients.of(m.workflowId, r.address);
        const greeting = to.length === 1 ? `Estimado(a) ${to[0]!.name}:` : 'Estimados(as):';
        const sent = to.length ? await deps.outbox.deliver(key, { to: to.map((c) => c.email), subject: `Correo no entregado: ${r.address}`, content: content(m, r, greeting) }) : undefined;
        // The head's own mailbox refusing the report too: the platform admins are told instead.
        if (sent?.refused.length && entityId) {
          const admins = (await deps.recipients.admins()).filter((a) => !sent.refused.some((x) => x.address === a.email.toLowerCase()));
          if (admins.length) await deps.outbox.deliver(`${key}/admin`, { to: admins.map((a) => a.email), subject: `Correo no entregado: ${r.address}`, content: content(m, r, 'Estimados(as):') });
        }
        // Keyed like the report, so a retry after a crash anywhere above leaves exactly one row.
        await deps.audit.recordOnce(key, {
          action: 'email.refused', actor: { kind: 'process' }, workflowId: m.workflowId, subject: r.address,
          ...(entityId ? { entityId } : {}), ...(m.step ? { step: m.step.id } : {}), detail: `«${m.subject}»: ${r.reason}`.slice(0, 500),
        });
      }
    },
  };
}

export type RefusalReports = ReturnType<typeof createRefusalReports>;
