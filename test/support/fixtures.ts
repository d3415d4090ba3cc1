import type { AccountProposal } from '../../domain/accountProposal';
import type { EntityPolicy } from '../../domain/entity';

/** A ministry under the PCM directive, as the registry would hand it to a workflow. */
export function pcmEntity(overrides: Partial<EntityPolicy> = {}): EntityPolicy {
  return {
    id: 'mincul',
    name: 'Ministerio de Cultura',
    profile: 'PCM',
    emailDomains: ['cultura.gob.pe'],
    location: 'Lima, Perú',
    officialHosts: ['cultura.gob.pe'],
    supervisorEmail: 'rrss_scs@pcm.gob.pe',
    head: { name: 'Ana Quispe', email: 'aquispe@cultura.gob.pe' },
    secondInCommand: { name: 'Bruno Salas', email: 'bsalas@cultura.gob.pe' },
    communityManager: { name: 'Carla Rojas', email: 'crojas@cultura.gob.pe' },
    nonWorkingDays: [],
    decisionPlan: { remindAfter: [2, 4], escalateAfter: 5, repeatEvery: 5 },
    ...overrides,
  };
}

/** A proposal that satisfies every rule for `pcmEntity()`. */
export function validProposal(overrides: Partial<AccountProposal> = {}): AccountProposal {
  return {
    entityId: 'mincul',
    requester: { name: 'Diego Torres', email: 'dtorres@cultura.gob.pe' },
    responsibles: [{ names: 'Carla', surnames: 'Rojas Díaz', phone: '+51 987 654 321' }],
    managingEmail: 'redes@cultura.gob.pe',
    networks: ['facebook', 'instagram'],
    proposedNames: ['CulturaPeru', 'MinCulturaPe'],
    description: {
      objectives: 'Difundir la agenda cultural y los servicios del ministerio.',
      audience: 'Ciudadanía interesada en cultura, 18 a 45 años.',
      functions: 'Informar, orientar y atender consultas.',
    },
    contentType: 'Noticias, agenda cultural, videos cortos.',
    justification: 'La agenda cultural no tiene hoy un canal propio en Instagram.',
    strategy: 'Tres publicaciones diarias, transmisiones de eventos y alianzas con museos.',
    admins: [
      { name: 'Ana Quispe', email: 'aquispe@cultura.gob.pe', role: 'head' },
      { name: 'Bruno Salas', email: 'bsalas@cultura.gob.pe', role: 'second' },
      { name: 'SCS – Coordinación de Comunicación Digital', email: 'rrss_scs@pcm.gob.pe', role: 'supervisor' },
    ],
    bio: 'Ministerio de Cultura del Perú. Av. Javier Prado Este 2465, San Borja, Lima. https://www.gob.pe/cultura',
    ...overrides,
  };
}

/**
 * The link with one character of its signature changed. Not the last: in base64url the last character
 * of a 32-byte HMAC carries 2 unused bits, so A↔B there can decode to the very same bytes.
 */
export const tamperedLink = (url: string): string => {
  const i = url.length - 10;
  return url.slice(0, i) + (url[i] === 'A' ? 'B' : 'A') + url.slice(i + 1);
};
