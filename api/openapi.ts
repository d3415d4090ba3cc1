import { z } from 'zod';
import { accountProposalSchema } from '../domain/accountProposal';

const error = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'Stable code: validation_failed, not_found, idempotency_conflict, unknown_entity, temporal_unavailable, payload_too_large, bad_request, rate_limited, internal' },
        message: { type: 'string', description: 'Spanish, for people' },
        details: {
          type: 'array',
          items: { type: 'object', required: ['field', 'rule', 'message'], properties: { field: { type: 'string' }, rule: { type: 'string' }, message: { type: 'string' } } },
        },
      },
    },
  },
};
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

/** The OpenAPI document, built from the same zod schema that validates requests, so they cannot drift. */
export function openApiDocument(): Record<string, unknown> {
  const { $schema: _ignored, ...proposal } = z.toJSONSchema(accountProposalSchema, { io: 'input' }) as Record<string, unknown>;
  return {
    openapi: '3.1.0',
    info: { title: 'Custodio API', version: '0.1.0', description: 'Procesos de cuentas institucionales en redes sociales (Directiva N° 03-2022-PCM/SCS y afines).' },
    paths: {
      '/api/account-requests': {
        post: {
          summary: 'Solicitar la creación de una cuenta institucional (PCM 6.1.1.2, Anexo 4)',
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 200 }, description: 'The same key never starts a second process.' }],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/AccountProposal' } } } },
          responses: {
            '202': { description: 'Process started (or already started with this key)', content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' }, statusUrl: { type: 'string' }, page: { type: 'string' } } } } } },
            '400': errorResponse('The proposal breaks a rule; `details` names each field and clause'),
            '409': errorResponse('The idempotency key was used with another proposal'),
            '413': errorResponse('Body too large'),
            '429': errorResponse('Rate limited'),
            '503': errorResponse('Temporal unavailable; try again'),
          },
        },
      },
      '/api/account-requests/{id}': {
        get: {
          summary: 'Estado de una solicitud: etapa, a quién espera y desde cuándo, decisiones',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{24}$' } }],
          responses: { '200': { description: 'Status' }, '404': errorResponse('No such request'), '503': errorResponse('Temporal unavailable; try again') },
        },
      },
    },
    components: { schemas: { AccountProposal: proposal, Error: error } },
  };
}
