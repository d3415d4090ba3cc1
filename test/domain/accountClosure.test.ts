import { CLOSURE_CHECK_LABELS, closureChecklistSchema, closureClause, closureRequestSchema } from '../../domain/accountClosure';

describe('closing an account (issue 19 §5)', () => {
  it('SENACE 7.2 under Senace, PCM 5.2.5 for the rest of the Executive, CONGRESO 6.1.3 for the Congress', () => {
    expect([closureClause('SENACE'), closureClause('PCM'), closureClause('INPE'), closureClause('CONGRESO')]).toEqual(['SENACE 7.2', 'PCM 5.2.5', 'PCM 5.2.5', 'CONGRESO 6.1.3']);
  });

  it('PCM 5.2.5: a closure needs a reason of at least 10 characters, trimmed', () => {
    expect(closureRequestSchema.safeParse({ reason: '  corto  ' }).error?.issues[0]?.message).toBe('Explique el motivo en al menos 10 caracteres.');
    expect(closureRequestSchema.safeParse({}).error?.issues[0]?.message).toBe('Indique por qué se cierra la cuenta.');
    expect(closureRequestSchema.parse({ reason: '  La campaña terminó y la cuenta quedó sin uso.  ' })).toEqual({ reason: 'La campaña terminó y la cuenta quedó sin uso.' });
    expect(closureRequestSchema.safeParse({ reason: 'La campaña terminó hace meses.', password: 'x' }).success).toBe(false);
  });

  it('PCM 5.2.5: the CM confirms roles removed, the last password change and the platform closure; every one missing is named in one answer', () => {
    const refused = closureChecklistSchema.safeParse({ passwordChanged: true });
    expect(refused.error?.issues.map((i) => i.message)).toEqual([`Confirme: ${CLOSURE_CHECK_LABELS.rolesRemoved}`, `Confirme: ${CLOSURE_CHECK_LABELS.platformClosed}`]);
    expect(closureChecklistSchema.safeParse({ rolesRemoved: false, passwordChanged: true, platformClosed: true }).success).toBe(false);
    expect(closureChecklistSchema.parse({ rolesRemoved: true, passwordChanged: true, platformClosed: true, note: '  eliminada  ' })).toEqual({ rolesRemoved: true, passwordChanged: true, platformClosed: true, note: 'eliminada' });
  });
});
