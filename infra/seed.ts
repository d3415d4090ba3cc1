import type { Connection } from 'mongoose';
import { DEFAULT_REMINDER_PLAN } from '../domain/decision';
import { DEFAULT_SUPERVISOR_EMAIL } from '../domain/policyProfiles';
import { entityModel, type EntityDoc } from './models/entity';

/** One demo entity per policy profile, so a fresh local run is usable at once. Names of people are fictitious. */
export const DEMO_ENTITIES: EntityDoc[] = [
  {
    _id: 'mincul',
    name: 'Ministerio de Cultura',
    profile: 'PCM',
    emailDomains: ['cultura.gob.pe'],
    location: 'Lima, Perú',
    officialHosts: ['cultura.gob.pe'],
    supervisorEmail: DEFAULT_SUPERVISOR_EMAIL,
    head: { name: 'Ana Quispe Huamán', email: 'aquispe@cultura.gob.pe' },
    secondInCommand: { name: 'Bruno Salas Ríos', email: 'bsalas@cultura.gob.pe' },
    communityManager: { name: 'Carla Rojas Díaz', email: 'crojas@cultura.gob.pe' },
    nonWorkingDays: [],
    decisionPlan: DEFAULT_REMINDER_PLAN,
  },
  {
    _id: 'congreso',
    name: 'Congreso de la República',
    profile: 'CONGRESO',
    emailDomains: ['congreso.gob.pe'],
    location: 'Lima, Perú',
    officialHosts: ['congreso.gob.pe'],
    supervisorEmail: DEFAULT_SUPERVISOR_EMAIL,
    head: { name: 'Diana Flores Paz', email: 'dflores@congreso.gob.pe' },
    secondInCommand: { name: 'Eduardo Campos León', email: 'ecampos@congreso.gob.pe' },
    communityManager: { name: 'Fiorella Vega Soto', email: 'fvega@congreso.gob.pe' },
    nonWorkingDays: [],
    decisionPlan: DEFAULT_REMINDER_PLAN,
  },
  {
    _id: 'inpe',
    name: 'Instituto Nacional Penitenciario',
    profile: 'INPE',
    emailDomains: ['inpe.gob.pe'],
    location: 'Lima, Perú',
    officialHosts: ['inpe.gob.pe'],
    supervisorEmail: DEFAULT_SUPERVISOR_EMAIL,
    head: { name: 'Gustavo Ramos Chávez', email: 'gramos@inpe.gob.pe' },
    secondInCommand: { name: 'Hilda Mendoza Cruz', email: 'hmendoza@inpe.gob.pe' },
    communityManager: { name: 'Iván Torres Vargas', email: 'itorres@inpe.gob.pe' },
    nonWorkingDays: [],
    decisionPlan: DEFAULT_REMINDER_PLAN,
  },
  {
    _id: 'senace',
    name: 'Servicio Nacional de Certificación Ambiental para las Inversiones Sostenibles',
    profile: 'SENACE',
    emailDomains: ['senace.gob.pe'],
    location: 'Lima, Perú',
    officialHosts: ['senace.gob.pe'],
    supervisorEmail: DEFAULT_SUPERVISOR_EMAIL,
    head: { name: 'Julia Castro Núñez', email: 'jcastro@senace.gob.pe' },
    secondInCommand: { name: 'Kevin Paredes Gil', email: 'kparedes@senace.gob.pe' },
    communityManager: { name: 'Lucía Herrera Ortiz', email: 'redes_sociales@senace.gob.pe' },
    nonWorkingDays: [],
    decisionPlan: DEFAULT_REMINDER_PLAN,
  },
];

/** Inserts the demo entities that are missing; never overwrites an entity someone edited. */
export async function seedDemoEntities(db: Connection): Promise<number> {
  const entities = entityModel(db);
  let added = 0;
  for (const e of DEMO_ENTITIES) {
    const res = await entities.updateOne({ _id: e._id }, { $setOnInsert: e }, { upsert: true });
    added += res.upsertedCount;
  }
  return added;
}
