import { z } from 'zod';
import { accountProposalSchema } from '../domain/accountProposal';
import { auditQuerySchema } from '../domain/auditQuery';
import { apiKeyCreateSchema, entityCreateSchema, entityPatchSchema, personCreateSchema, personPatchSchema } from '../domain/registryInput';
import { API_ERROR_CODES } from './errors';

const error = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: [...API_ERROR_CODES], description: 'Stable code; branch on it, never on the message' },
        message: { type: 'string', description: 'Spanish, for people' },
        details: {
          type: 'array',
          items: { type: 'object', required: ['field', 'rule', 'message'], properties: { field: { type: 'string' }, rule: { type: 'string' }, message: { type: 'string' } } },
        },
      },
    },
  },
};

const schema = (s: z.ZodType) => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (s: unknown) => ({ 'application/json': { schema: s } });
const err = (description: string) => ({ description, content: json(ref('Error')) });
const body = (name: string) => ({ required: true, content: json(ref(name)) });
const ok = (description: string) => ({ description, content: json({ type: 'object' }) });
const AUTH = { '401': err('Not signed in, or a bad or revoked API key'), '403': err('The role does not allow it on this entity') };
const path = (name: string, description: string) => ({ name, in: 'path', required: true, schema: { type: 'string' }, description });
const entityId = path('id', 'Entity id, e.g. `mincul`');

/** The audit filters as OpenAPI query parameters, from the same zod schema that validates them. */
const auditParameters = () =>
  Object.entries(auditQuerySchema.shape).map(([name, s]) => ({ name, in: 'query', required: false, schema: schema(s as z.ZodType) }));

/**
 * The OpenAPI document, built from the same zod schemas that validate requests, so they cannot drift.
 * Machines authenticate with an entity's API key; people's browsers with the session cookie (and the
 * `x-csrf-token` header on unsafe methods).
 */
export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: { title: 'Custodio API', version: '0.2.0', description: 'Procesos de cuentas institucionales en redes sociales (Directiva N° 03-2022-PCM/SCS y afines).' },
    security: [{ apiKey: [] }, { session: [] }],
    paths: {
      '/api/me': { get: { summary: 'Quién soy: persona y roles por entidad, o la clave de API', responses: { '200': ok('The caller'), ...AUTH } } },
      '/api/entities': {
        get: { summary: 'Entidades visibles para quien consulta', responses: { '200': ok('`{ entities: [...] }`'), ...AUTH } },
        post: { summary: 'Crear una entidad (administración de la plataforma)', requestBody: body('EntityCreate'), responses: { '201': ok('Created'), '400': err('Invalid'), '409': err('The id exists'), ...AUTH } },
      },
      '/api/entities/{id}': {
        get: { summary: 'Configuración de una entidad', parameters: [entityId], responses: { '200': ok('Entity'), '404': err('No such entity'), ...AUTH } },
        patch: {
          summary: 'Cambiar la política: el titular ajusta días no laborables y plan de recordatorios; lo demás, la administración',
          parameters: [entityId],
          requestBody: body('EntityPatch'),
          responses: { '200': ok('Entity'), '400': err('Invalid'), '404': err('No such entity'), ...AUTH },
        },
      },
      '/api/entities/{id}/people': {
        get: { summary: 'Nómina de la entidad (teléfonos solo para quien los necesita, Ley 29733)', parameters: [entityId], responses: { '200': ok('`{ people: [...] }`'), ...AUTH } },
        post: { summary: 'Agregar una persona a la nómina', parameters: [entityId], requestBody: body('PersonCreate'), responses: { '201': ok('Roster entry'), '400': err('Invalid (e.g. PCM 6.1.1.4)'), '409': err('conflict or roster_conflict'), ...AUTH } },
      },
      '/api/entities/{id}/people/{personId}': {
        patch: {
          summary: 'Cambiar rol o datos, o registrar que dejó la oficina',
          parameters: [entityId, path('personId', 'Person id')],
          requestBody: body('PersonPatch'),
          responses: { '200': ok('Roster entry'), '400': err('Invalid'), '404': err('Not in the roster'), '409': err('roster_conflict'), ...AUTH },
        },
      },
      '/api/entities/{id}/api-keys': {
        get: { summary: 'Claves de API de la entidad (sin el secreto)', parameters: [entityId], responses: { '200': ok('`{ apiKeys: [...] }`'), ...AUTH } },
        post: { summary: 'Crear una clave de API; el secreto se muestra una sola vez', parameters: [entityId], requestBody: body('ApiKeyCreate'), responses: { '201': ok('The key, with `key`'), '400': err('Invalid'), ...AUTH } },
      },
      '/api/entities/{id}/api-keys/{keyId}': {
        delete: { summary: 'Revocar una clave de API', parameters: [entityId, path('keyId', 'Key id')], responses: { '204': { description: 'Revoked' }, '404': err('No such active key'), ...AUTH } },
      },
      '/api/account-requests': {
        get: { summary: 'Solicitudes visibles para quien consulta', parameters: [{ name: 'entity', in: 'query', required: false, schema: { type: 'string' } }], responses: { '200': ok('`{ requests: [...] }`'), ...AUTH } },
        post: {
          summary: 'Solicitar la creación de una cuenta institucional (PCM 6.1.1.2, Anexo 4)',
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 200 }, description: 'The same key never starts a second process.' }],
          requestBody: body('AccountProposal'),
          responses: {
            '202': { description: 'Process started (or already started with this key)', content: json({ type: 'object', properties: { id: { type: 'string' }, statusUrl: { type: 'string' }, page: { type: 'string' } } }) },
            '400': err('The proposal breaks a rule; `details` names each field and clause'),
            ...AUTH,
            '409': err('The idempotency key was used with another proposal, or the entity lacks a head, second or CM'),
            '413': err('Body too large'),
            '429': err('Rate limited'),
            '503': err('Temporal unavailable; try again'),
          },
        },
      },
      '/api/account-requests/{id}': {
        get: {
          summary: 'Estado de una solicitud: etapa, a quién espera y desde cuándo, decisiones',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{24}$' } }],
          responses: { '200': ok('Status'), ...AUTH, '404': err('No such request'), '503': err('Temporal unavailable; try again') },
        },
      },
      '/api/audit': {
        get: {
          summary: 'Auditoría (titular y SCS): decisiones, ingresos, cambios de nómina, política y claves; JSON o CSV',
          parameters: auditParameters(),
          responses: { '200': { description: '`{ events, next? }`, or CSV with `format=csv`', content: { ...json({ type: 'object' }), 'text/csv': { schema: { type: 'string' } } } }, '400': err('Bad filters'), ...AUTH },
        },
      },
    },
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An entity API key, `cust_<id>_<secret>`' },
        session: { type: 'apiKey', in: 'cookie', name: 'custodio.sid', description: 'After signing in by emailed link; unsafe methods also need the `x-csrf-token` header' },
      },
      schemas: {
        AccountProposal: schema(accountProposalSchema),
        EntityCreate: schema(entityCreateSchema),
        EntityPatch: schema(entityPatchSchema),
        PersonCreate: schema(personCreateSchema),
        PersonPatch: schema(personPatchSchema),
        ApiKeyCreate: schema(apiKeyCreateSchema),
        Error: error,
      },
    },
  };
}
