import type { Connection } from 'mongoose';
import type { EntityRole } from '../domain/access';
import { DEFAULT_REMINDER_PLAN } from '../domain/decision';
import { DEFAULT_SUPERVISOR_EMAIL } from '../domain/policyProfiles';
import { entityModel, type EntityDoc } from '../infra/models/entity';
import { personModel } from '../infra/models/person';
import { createRegistry } from '../registry/reads';

type Person = [name: string, email: string];

export interface DemoPerson {
  name: string;
  email: string;
  phone?: string;
  entityId?: string;
  role?: EntityRole;
  unit?: string;
  supervisor?: boolean;
  platformAdmin?: boolean;
}

/** An entity on one email domain with the directive's defaults (SCS as supervisor, the default reminder plan); also the benchmark's. */
export const entityWithDefaults = (_id: string, name: string, profile: EntityDoc['profile'], domain: string): EntityDoc => ({
  _id,
  name,
  profile,
  emailDomains: [domain],
  location: 'Lima, Perú',
  officialHosts: [domain],
  supervisorEmail: DEFAULT_SUPERVISOR_EMAIL,
  nonWorkingDays: [],
  decisionPlan: DEFAULT_REMINDER_PLAN,
});

/** Head, second in command, community manager and a requesting unit of one entity. */
const office = (entityId: string, head: Person, second: Person, cm: Person, unit: [...Person, string]): DemoPerson[] => [
  { name: head[0], email: head[1], entityId, role: 'head', phone: '+51 900 000 001' },
  { name: second[0], email: second[1], entityId, role: 'second' },
  { name: cm[0], email: cm[1], entityId, role: 'cm', phone: '+51 900 000 003' },
  { name: unit[0], email: unit[1], entityId, role: 'requester', unit: unit[2] },
];

/** One demo entity per policy profile, so a fresh local run is usable at once. */
export const DEMO_ENTITIES: EntityDoc[] = [
  entityWithDefaults('mincul', 'Ministerio de Cultura', 'PCM', 'cultura.gob.pe'),
  entityWithDefaults('congreso', 'Congreso de la República', 'CONGRESO', 'congreso.gob.pe'),
  entityWithDefaults('inpe', 'Instituto Nacional Penitenciario', 'INPE', 'inpe.gob.pe'),
  entityWithDefaults('senace', 'Servicio Nacional de Certificación Ambiental para las Inversiones Sostenibles', 'SENACE', 'senace.gob.pe'),
];

/** Their people (fictitious names), the SCS supervisor and a platform admin. */
export const DEMO_PEOPLE: DemoPerson[] = [
  ...office('mincul', ['Ana Quispe Huamán', 'aquispe@cultura.gob.pe'], ['Bruno Salas Ríos', 'bsalas@cultura.gob.pe'], ['Carla Rojas Díaz', 'crojas@cultura.gob.pe'],
    ['Diego Torres Vega', 'dtorres@cultura.gob.pe', 'Dirección General de Patrimonio Cultural']),
  ...office('congreso', ['Diana Flores Paz', 'dflores@congreso.gob.pe'], ['Eduardo Campos León', 'ecampos@congreso.gob.pe'], ['Fiorella Vega Soto', 'fvega@congreso.gob.pe'],
    ['Mario Luna Prado', 'mluna@congreso.gob.pe', 'Oficina de Participación Ciudadana']),
  ...office('inpe', ['Gustavo Ramos Chávez', 'gramos@inpe.gob.pe'], ['Hilda Mendoza Cruz', 'hmendoza@inpe.gob.pe'], ['Iván Torres Vargas', 'itorres@inpe.gob.pe'],
    ['Nora Ibáñez Soto', 'nibanez@inpe.gob.pe', 'Dirección de Tratamiento Penitenciario']),
  // INPE 5.2.b: the Presidency approves sensitive content before publication.
  { name: 'Rosa Palacios Méndez', email: 'presidencia@inpe.gob.pe', entityId: 'inpe', role: 'presidency', unit: 'Presidencia del INPE' },
  // INPE 4.2.c: the Gerencia General decides whether a unit gets an account of its own.
  { name: 'Julio Vera Campos', email: 'gerencia@inpe.gob.pe', entityId: 'inpe', role: 'gerencia', unit: 'Gerencia General' },
  // SENACE 8.3: the office's account mailbox is redes_sociales@senace.gob.pe.
  ...office('senace', ['Julia Castro Núñez', 'jcastro@senace.gob.pe'], ['Kevin Paredes Gil', 'kparedes@senace.gob.pe'], ['Lucía Herrera Ortiz', 'redes_sociales@senace.gob.pe'],
    ['Óscar Villa Ramos', 'ovilla@senace.gob.pe', 'Dirección de Certificación Ambiental']),
  { name: 'SCS – Coordinación de Comunicación Digital', email: DEFAULT_SUPERVISOR_EMAIL, supervisor: true },
  { name: 'Administración de Custodio', email: 'admin@custodio.gob.pe', platformAdmin: true },
];

/**
 * Inserts the demo entities and people that are missing; never overwrites an entity or a person
 * someone edited. Returns how many rows were added.
 */
export async function seedDemo(db: Connection, people: DemoPerson[] = DEMO_PEOPLE, entities: EntityDoc[] = DEMO_ENTITIES): Promise<number> {
  const entityRows = entityModel(db);
  const personRows = personModel(db);
  let added = 0;
  for (const e of entities) {
    added += (await entityRows.updateOne({ _id: e._id }, { $setOnInsert: e }, { upsert: true })).upsertedCount;
  }
  const since = new Date('2026-01-01T05:00:00Z');
  for (const p of people) {
    const membership = p.entityId && p.role ? [{ entityId: p.entityId, role: p.role, since, ...(p.unit ? { unit: p.unit } : {}) }] : [];
    const doc = {
      email: p.email,
      name: p.name,
      ...(p.phone ? { phone: p.phone } : {}),
      memberships: membership,
      supervisor: p.supervisor ?? false,
      platformAdmin: p.platformAdmin ?? false,
    };
    added += (await personRows.updateOne({ email: p.email }, { $setOnInsert: doc }, { upsert: true })).upsertedCount;
  }
  // Workers cache rosters per revision (registry/rosterCache.ts); people added here change them.
  if (added) await createRegistry(db).rosterChanged(entities.map((e) => e._id));
  return added;
}
