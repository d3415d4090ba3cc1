import type { FakeGraphNode } from './fakeGraph';

/**
 * What the local demo's fake Graph API shows for the Ministerio de Cultura (issue 17 §1), so `npm start`
 * has something to read: register mincul's Facebook page with platform id `DEMO_FACEBOOK_PAGE_ID` (and
 * its Instagram account with `DEMO_INSTAGRAM_ID`), connect any token on `/entidades/mincul/meta`, and
 * start this month's review. The page shows the office's admins and SCS, plus a former collaborator and
 * an agency no grant covers: two anomalies for the head to answer.
 */
export const DEMO_FACEBOOK_PAGE_ID = '100000000000101';
export const DEMO_INSTAGRAM_ID = '17841400000000101';

const office = [
  { id: '200000000000001', name: 'Ana Quispe Huamán', tasks: ['MANAGE'] as const, userType: 'BUSINESS_USER' as const, email: 'aquispe@cultura.gob.pe' },
  { id: '200000000000002', name: 'Bruno Salas Ríos', tasks: ['MANAGE'] as const, userType: 'BUSINESS_USER' as const, email: 'bsalas@cultura.gob.pe' },
  { id: '200000000000003', name: 'Secretaría de Comunicación Social', tasks: ['MANAGE'] as const, userType: 'BUSINESS_USER' as const },
  { id: '200000000000004', name: 'Carla Rojas Díaz', tasks: ['CREATE_CONTENT', 'MODERATE', 'MESSAGING'] as const, userType: 'BUSINESS_USER' as const, email: 'crojas@cultura.gob.pe' },
];

/** A former collaborator the registry does not know: the review's «Ya lo retiré» removes this one. */
export const DEMO_FORMER_COLLABORATOR = { id: '300000000000001', name: 'Jorge Paredes Villa', tasks: ['MODERATE' as const] };

export function demoGraphNodes(): Record<string, FakeGraphNode> {
  return {
    [DEMO_FACEBOOK_PAGE_ID]: {
      name: 'Ministerio de Cultura del Perú',
      username: 'CulturaPeru',
      assignedUsers: office.map((u) => ({ ...u, tasks: [...u.tasks] })),
      roles: [{ ...DEMO_FORMER_COLLABORATOR, tasks: [...DEMO_FORMER_COLLABORATOR.tasks] }],
      agencies: [{ id: '900000000000001', name: 'Agencia Andina SAC', permitted_tasks: ['ADVERTISE', 'ANALYZE'] }],
    },
    [DEMO_INSTAGRAM_ID]: {
      name: 'Ministerio de Cultura del Perú',
      username: 'culturaperu',
      assignedUsers: office.map((u) => ({ ...u, tasks: [...u.tasks] })),
    },
  };
}
