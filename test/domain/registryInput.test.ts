import { openApiDocument } from '../../api/openapi';
import { entityPatchSchema } from '../../domain/registryInput';

const domains = (emailDomains: string[]) => entityPatchSchema.safeParse({ emailDomains });

describe("an entity's email domains", () => {
  it('are 4 to 253 characters of dotted labels ending in letters, written in any case', () => {
    expect(domains(['CULTURA.gob.pe', 'a.pe']).data?.emailDomains).toEqual(['cultura.gob.pe', 'a.pe']);
    expect(domains([`${'a'.repeat(250)}.pe`]).success).toBe(true);
    for (const bad of ['.pe', 'cultura', 'cultura.gob.p3', `${'a'.repeat(251)}.pe`, 'con espacio.pe']) {
      expect([...new Set(domains([bad]).error?.issues.map((i) => i.message))]).toEqual(['Dominio no válido, p. ej. cultura.gob.pe.']);
    }
  });

  it('are described in the OpenAPI document with their lengths as minLength/maxLength, not a lookahead generators cannot satisfy', () => {
    const item = (openApiDocument() as any).components.schemas.EntityCreate.properties.emailDomains.items;
    expect(item).toMatchObject({ type: 'string', minLength: 4, maxLength: 253 });
    expect(item.pattern).not.toContain('(?=');
  });
});
