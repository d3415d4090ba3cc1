/**
 * Statuses the API answers that the OpenAPI document once left out (found by the contract test,
 * test/contract/schemathesis.test.ts): each is provoked here and must be declared for its operation.
 */
import { openApiDocument } from '../../api/openapi';
import { useRegistryApp } from '../support/registryApp';

const { as } = useRegistryApp();

type Operations = Record<string, Record<string, { responses: Record<string, unknown> }>>;
const declared = (method: string, path: string) => Object.keys((openApiDocument().paths as Operations)[path]![method.toLowerCase()]!.responses);

it.each([
  ['GET', '/api/entities/{id}/people', undefined],
  ['POST', '/api/entities/{id}/people', { name: 'Persona Nueva', email: 'pnueva@cultura.gob.pe', role: 'team' }],
  ['GET', '/api/entities/{id}/api-keys', undefined],
  ['POST', '/api/entities/{id}/api-keys', { label: 'Mesa de partes' }],
])('%s %s of an entity that does not exist answers 404 not_found, as the document declares', async (method, path, body) => {
  const res = await as.admin.api(method, path.replace('{id}', 'no-existe'), body);
  expect(res.status).toBe(404);
  expect(res.json.error.code).toBe('not_found');
  expect(declared(method, path)).toContain('404');
});
