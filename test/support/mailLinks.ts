import type { CapturedMail } from '../../local/smtpCapture';

/** What a decision link's token binds, read from its signed body (see infra/links.ts); the token or its whole URL. */
export function linkClaims(link: string): { workflowId: string; step: string; version: number; email: string } {
  const body = link.slice(link.lastIndexOf('/') + 1).split('.')[0]!;
  const [workflowId, step, version, email] = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as [string, string, number, string];
  return { workflowId, step, version, email: email.toLowerCase() };
}

/** The address a decision link names. */
export const linkAddressee = (token: string): string => linkClaims(token).email;

/**
 * Every message that carries a decision link to anyone but the one person it names (PCM links are
 * personal: whoever holds one may act with it). Empty when every link reached only its addressee.
 */
export function linksReachingOthers(mails: CapturedMail[]): string[] {
  return mails.flatMap((m) => {
    const tokens = [...m.text.matchAll(/\/enlace\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/g)].map((t) => t[1]!);
    const recipients = [...m.to, ...m.cc].map((e) => e.toLowerCase());
    return tokens
      .map(linkAddressee)
      .filter((who, i, all) => all.indexOf(who) === i)
      .filter((who) => recipients.length !== 1 || recipients[0] !== who)
      .map((who) => `«${m.subject}»: a link for ${who} went to ${recipients.join(', ')}`);
  });
}
