import type { Connection } from 'mongoose';
import { DEFAULT_REMINDER_PLAN } from '../domain/decision';
import { DEFAULT_SUPERVISOR_EMAIL } from '../domain/policyProfiles';
import { entityModel, type EntityDoc } from './models/entity';

type Person = [name: string, email: string];

function demo(_id: string, name: string, profile: EntityDoc['profile'], domain: string, head: Person, second: Person, cm: Person): EntityDoc {
  const contact = ([n, email]: Person) => ({ name: n, email });
  return {
    _id,
    name,
    profile,
    emailDomains: [domain],
    location: 'Lima, Perú',
    officialHosts: [domain],
    supervisorEmail: DEFAULT_SUPERVISOR_EMAIL,
    head: contact(head),
    secondInCommand: contact(second),
    communityManager: contact(cm),
    nonWorkingDays: [],
    decisionPlan: DEFAULT_REMINDER_PLAN,
  };
}

/** One demo entity per policy profile, so a fresh local run is usable at once. Names of people are fictitious. */
export const DEMO_ENTITIES: EntityDoc[] = [
  demo('mincul', 'Ministerio de Cultura', 'PCM', 'cultura.gob.pe',
    ['Ana Quispe Huamán', 'aquispe@cultura.gob.pe'], ['Bruno Salas Ríos', 'bsalas@cultura.gob.pe'], ['Carla Rojas Díaz', 'crojas@cultura.gob.pe']),
  demo('congreso', 'Congreso de la República', 'CONGRESO', 'congreso.gob.pe',
    ['Diana Flores Paz', 'dflores@congreso.gob.pe'], ['Eduardo Campos León', 'ecampos@congreso.gob.pe'], ['Fiorella Vega Soto', 'fvega@congreso.gob.pe']),
  demo('inpe', 'Instituto Nacional Penitenciario', 'INPE', 'inpe.gob.pe',
    ['Gustavo Ramos Chávez', 'gramos@inpe.gob.pe'], ['Hilda Mendoza Cruz', 'hmendoza@inpe.gob.pe'], ['Iván Torres Vargas', 'itorres@inpe.gob.pe']),
  // SENACE 8.3: the office's account mailbox is redes_sociales@senace.gob.pe.
  demo('senace', 'Servicio Nacional de Certificación Ambiental para las Inversiones Sostenibles', 'SENACE', 'senace.gob.pe',
    ['Julia Castro Núñez', 'jcastro@senace.gob.pe'], ['Kevin Paredes Gil', 'kparedes@senace.gob.pe'], ['Lucía Herrera Ortiz', 'redes_sociales@senace.gob.pe']),
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
