import { createLinkSigner, type LinkClaims } from '../../infra/links';

const signer = createLinkSigner('k'.repeat(40));
const claims: LinkClaims = { workflowId: 'account-request-abc', step: 'aprobacion-1', version: 2, email: 'aquispe@cultura.gob.pe', action: 'approve', expiresAt: Date.now() + 60_000 };

describe('signed links (issue #2 §5)', () => {
  it('round-trips the workflow, step, version, person, action and expiry', () => {
    expect(signer.verify(signer.sign(claims))).toEqual({ ok: true, claims });
  });
  it('refuses a tampered payload (another action)', () => {
    const [, sig] = signer.sign(claims).split('.');
    const forged = Buffer.from(JSON.stringify([claims.workflowId, claims.step, claims.version, claims.email, 'reject', claims.expiresAt])).toString('base64url');
    expect(signer.verify(`${forged}.${sig}`)).toEqual({ ok: false, reason: 'tampered' });
  });
  it('refuses a token signed with another secret', () => {
    expect(createLinkSigner('z'.repeat(40)).verify(signer.sign(claims))).toEqual({ ok: false, reason: 'tampered' });
  });
  it('refuses an expired link, still saying whose it was so its addressee may ask for a new one (issue 14 §1.5)', () => {
    const expired = { ...claims, expiresAt: Date.now() - 1 };
    expect(signer.verify(signer.sign(expired))).toEqual({ ok: false, reason: 'expired', claims: expired });
  });
  it('refuses garbage', () => {
    expect(signer.verify('abc')).toEqual({ ok: false, reason: 'malformed' });
    expect(signer.verify('a.b.c')).toEqual({ ok: false, reason: 'malformed' });
  });
  it('refuses a short secret', () => {
    expect(() => createLinkSigner('short')).toThrow(/32/);
  });
});
