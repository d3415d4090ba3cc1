import type { CapturedMail } from '../../local/smtpCapture';

/** The address a decision link names (the second-to-last claim of its signed body; see infra/links.ts). */
export function linkAddressee(token: string): string {
  const body = token.split('.')[0]!;
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown[];
  return String(claims[3]).toLowerCase();
}

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
