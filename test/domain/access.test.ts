import { asReadBy, can, canGlobally, ROLE_PERMISSIONS, rolesFor, type Principal } from '../../domain/access';

const person = (over: Partial<Extract<Principal, { kind: 'person' }>> = {}): Principal => ({
  kind: 'person', personId: 'p', email: 'x@cultura.gob.pe', name: 'X', memberships: [], supervisor: false, platformAdmin: false, ...over,
});
const mincul = { id: 'mincul', profile: 'PCM' as const };
const congreso = { id: 'congreso', profile: 'CONGRESO' as const };
const inpe = { id: 'inpe', profile: 'INPE' as const };
const senace = { id: 'senace', profile: 'SENACE' as const };

describe('who may do what (issue #3 §3)', () => {
  it('roles are per entity: a head of one entity holds nothing in another', () => {
    const head = person({ memberships: [{ entityId: 'mincul', role: 'head' }] });
    expect(can(head, 'request.read', mincul)).toBe(true);
    expect(can(head, 'request.read', congreso)).toBe(false);
    expect(rolesFor(head, congreso)).toEqual([]);
  });

  it('PCM 5.2.4: only the head among the office reads the audit trail and manages the roster', () => {
    for (const role of ['second', 'cm', 'team', 'requester'] as const) {
      const p = person({ memberships: [{ entityId: 'mincul', role }] });
      expect([role, can(p, 'audit.read', mincul), can(p, 'roster.manage', mincul)]).toEqual([role, false, false]);
    }
    const head = person({ memberships: [{ entityId: 'mincul', role: 'head' }] });
    expect(can(head, 'audit.read', mincul) && can(head, 'roster.manage', mincul)).toBe(true);
  });

  it('PCM 2: the directive binds the whole Executive Branch, so SCS supervises INPE and Senace as it does a ministry, and never the Congress', () => {
    const scs = person({ supervisor: true });
    for (const entity of [mincul, inpe, senace]) {
      expect([entity.id, rolesFor(scs, entity), can(scs, 'supervision.read', entity), can(scs, 'account.read', entity), can(scs, 'audit.read', entity)]).toEqual([entity.id, ['supervisor'], true, true, true]);
    }
    expect([rolesFor(scs, congreso), can(scs, 'supervision.read', congreso), can(scs, 'account.read', congreso)]).toEqual([[], false, false]);
    // Supervision stays read-only under every profile.
    for (const entity of [inpe, senace]) expect([can(scs, 'request.submit', entity), can(scs, 'account.manage', entity)]).toEqual([false, false]);
  });

  it('the supervisor (SCS) reads every entity under the PCM directive, read-only, and no other', () => {
    const scs = person({ supervisor: true });
    expect(can(scs, 'request.read', mincul)).toBe(true);
    expect(can(scs, 'audit.read', mincul)).toBe(true);
    expect(can(scs, 'request.read', congreso)).toBe(false);
    const writes = ROLE_PERMISSIONS.supervisor.filter((p) => /submit|manage/.test(p));
    expect(writes).toEqual([]);
  });

  it('PCM 6.1.1.2, 6.3.5: only the supervisor (SCS) opens the supervision board, and its rows are the entities under PCM, never the Congress', () => {
    const scs = person({ supervisor: true });
    expect(canGlobally(scs, 'supervision.read')).toBe(true);
    expect([can(scs, 'supervision.read', mincul), can(scs, 'supervision.read', congreso)]).toEqual([true, false]);
    // The platform admin reads no process of any entity (least privilege); nor does an entity's head.
    const others = [person({ platformAdmin: true }), person({ memberships: [{ entityId: 'mincul', role: 'head' }] }), { kind: 'apiKey', keyId: 'k', entityId: 'mincul', label: 'x' } as const];
    for (const p of others) expect([canGlobally(p, 'supervision.read'), can(p, 'supervision.read', mincul)]).toEqual([false, false]);
    expect(canGlobally(scs, 'entity.manage')).toBe(false);
  });

  it('the platform admin manages entities but reads no process or audit row', () => {
    const admin = person({ platformAdmin: true });
    expect(can(admin, 'entity.manage', congreso)).toBe(true);
    expect(can(admin, 'request.read', mincul)).toBe(false);
    expect(can(admin, 'audit.read', mincul)).toBe(false);
  });

  it('an API key acts only for its own entity, never on personal data, keys or the roster', () => {
    const key: Principal = { kind: 'apiKey', keyId: 'k', entityId: 'mincul', label: 'x' };
    expect(can(key, 'request.submit', mincul)).toBe(true);
    expect(can(key, 'request.submit', congreso)).toBe(false);
    for (const p of ['personalData.read', 'apiKey.manage', 'roster.manage', 'audit.read'] as const) expect(can(key, p, mincul)).toBe(false);
  });

  it('nobody anonymous may do anything', () => {
    expect(can({ kind: 'anonymous' }, 'entity.read', mincul)).toBe(false);
  });
});

describe('Ley 29733: personal data as each reader may read it', () => {
  const row = { action: 'signin.unknown', subject: 'nadie@gmail.com', ip: '203.0.113.9', userAgent: 'Firefox' };
  const redacted = { action: 'signin.unknown', subject: 'nadie@gmail.com' };

  it('what belongs to no entity (the platform\'s trail) is whole for the platform admin only', () => {
    expect(asReadBy(person({ platformAdmin: true }), 'platform', row)).toEqual(row);
    expect(asReadBy(person({ supervisor: true }), 'platform', row)).toEqual(redacted);
    expect(asReadBy(person({ memberships: [{ entityId: 'mincul', role: 'head' }] }), 'platform', row)).toEqual(redacted);
    expect(asReadBy({ kind: 'apiKey', keyId: 'k', entityId: 'mincul', label: 'x' }, 'platform', row)).toEqual(redacted);
  });

  it('an entity\'s row is whole for the head and redacted for its requesting unit', () => {
    expect(asReadBy(person({ memberships: [{ entityId: 'mincul', role: 'head' }] }), mincul, row)).toEqual(row);
    expect(asReadBy(person({ memberships: [{ entityId: 'mincul', role: 'requester' }] }), mincul, row)).toEqual(redacted);
  });
});
