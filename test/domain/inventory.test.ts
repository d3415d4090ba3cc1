import { changedFields, readDay, readInventory, readResponsibles, type Cell } from '../../domain/inventory';
import { pcmEntity } from '../support/fixtures';

const entity = pcmEntity();
const TODAY = '2026-12-05';
const HEADERS = ['Entidad', 'Responsables y teléfonos', 'Correo de gestión', 'Red social', 'Denominación de la cuenta', 'Descripción (objetivos, público objetivo y funciones)', 'Tipo de contenido', 'Enlace de la cuenta', 'Último cambio de contraseña (DD/MM/AAAA)'];
const row = (over: Partial<Record<string, Cell>> = {}): Cell[] => {
  const base: Record<string, Cell> = {
    entity: entity.name, responsibles: 'Ana Quispe Rojas 987654321; Bruno Salas (01 476-1234)', email: 'redes@cultura.gob.pe', network: 'Facebook',
    username: '@CulturaPeru', description: 'Difundir la agenda cultural.', content: 'Noticias y agenda', url: 'https://www.facebook.com/CulturaPeru', day: '15/11/2026', ...over,
  };
  return [base.entity, base.responsibles, base.email, base.network, base.username, base.description, base.content, base.url, base.day];
};

describe('the Anexo 4 inventory sheet (PCM 6.3.5; CONGRESO 6.1.8)', () => {
  it('reads a right row into an account: the name without @, each responsible with the phone after the name, the day as AAAA-MM-DD', () => {
    const { fileErrors, rows } = readInventory([HEADERS, row()], entity, TODAY);
    expect(fileErrors).toEqual([]);
    expect(rows).toEqual([{
      line: 2, shown: { network: 'Facebook', username: '@CulturaPeru' }, errors: [], findings: [],
      account: {
        network: 'facebook', username: 'CulturaPeru', url: 'https://www.facebook.com/CulturaPeru', managingEmail: 'redes@cultura.gob.pe',
        responsibles: [{ name: 'Ana Quispe Rojas', phone: '987654321' }, { name: 'Bruno Salas', phone: '01 476-1234' }],
        description: 'Difundir la agenda cultural.', contentType: 'Noticias y agenda', lastRotatedOn: '2026-11-15',
      },
    }]);
  });

  it("finds the header under a title row, in any column order, by the directive's own wording too", () => {
    const anexo = ['Nombre del ministerio u organismo adscrito', 'Redes sociales en las que se abrió la cuenta', 'Denominación de la cuenta', 'Correo electrónico que se usa para gestionar la cuenta',
      'Nombres y apellidos de la/el responsable (o de las/los responsables) de la cuenta y teléfonos', 'Descripción de la cuenta (objetivos, público objetivo y funciones)', 'Tipo de contenido que difunde la cuenta'];
    const grid: Cell[][] = [['ANEXO 4 — Relación de cuentas'], [], anexo, [entity.name, 'X (Twitter)', 'CulturaPeru', 'redes@cultura.gob.pe', 'Ana Quispe 987654321', 'Agenda cultural', 'Noticias']];
    const { rows } = readInventory(grid, entity, TODAY);
    expect(rows[0]).toMatchObject({ line: 4, errors: [], account: { network: 'x', username: 'CulturaPeru' } });
    expect(rows[0]!.account!.lastRotatedOn).toBeUndefined();
  });

  it('names the line and the column of every problem, in Spanish, and reports them all at once', () => {
    const grid = [HEADERS, row(), row({ network: 'Myspace', email: 'no-es-correo', day: '31/02/2026x' }), row({ responsibles: 'Ana Quispe' }), row({ username: 'culturaperu' }), row({ entity: 'Ministerio de Salud' })];
    const { rows } = readInventory(grid, entity, TODAY);
    expect(rows.map((r) => r.line)).toEqual([2, 3, 4, 5, 6]);
    expect(rows[1]!.account).toBeUndefined();
    expect(rows[1]!.errors.map((e) => e.field)).toEqual(expect.arrayContaining(['Red social', 'Correo de gestión', 'Último cambio de contraseña (DD/MM/AAAA)']));
    expect(rows[1]!.errors.find((e) => e.field === 'Red social')!.message).toContain('«Myspace»');
    expect(rows[2]!.errors).toEqual([expect.objectContaining({ field: 'Responsables y teléfonos', message: 'Falta el teléfono de «Ana Quispe» (Anexo 4 pide nombres y teléfonos).' })]);
    // The same account twice (case aside) is refused on its second line.
    expect(rows[3]!.errors).toEqual([expect.objectContaining({ field: 'Denominación de la cuenta', message: 'Esta cuenta ya figura en la fila 2.' })]);
    expect(rows[4]!.errors[0]!.message).toContain('otra entidad');
  });

  it('PCM 6.1.1.4 and 6.1.1.8 are creation rules: an existing account that breaks them is imported with a finding, not refused', () => {
    const { rows } = readInventory([HEADERS, row({ email: 'culturaperu@gmail.com', username: 'cultura' })], entity, TODAY);
    expect(rows[0]!.account).toBeDefined();
    expect(rows[0]!.findings.map((f) => f.rule)).toEqual(['PCM 6.1.1.4', 'PCM 6.1.1.8']);
  });

  it('refuses a link to another network and a password change dated in the future', () => {
    const { rows } = readInventory([HEADERS, row({ url: 'https://www.instagram.com/culturaperu', day: '06/12/2026' })], entity, TODAY);
    expect(rows[0]!.errors.map((e) => e.message)).toEqual(['El enlace no es de Facebook.', 'La fecha del último cambio de contraseña no puede ser futura.']);
  });

  it('a file without the header row, without a required column or without rows is refused as a whole', () => {
    expect(readInventory([['a', 'b'], ['c', 'd']], entity, TODAY).fileErrors[0]).toContain('No se encontró la fila de encabezados');
    expect(readInventory([HEADERS.filter((h) => h !== 'Tipo de contenido')], entity, TODAY).fileErrors).toEqual(['Faltan columnas de la plantilla: «Tipo de contenido».']);
    expect(readInventory([HEADERS, [], ['', null]], entity, TODAY).fileErrors).toEqual(['El archivo no tiene ninguna cuenta debajo de los encabezados.']);
  });

  it('reads days as people write them, and refuses the ones that do not exist', () => {
    expect(['5/3/2026', '05-03-2026', '2026-03-05', '05.03.2026'].map(readDay)).toEqual(Array(4).fill('2026-03-05'));
    expect(readDay('marzo 2026')).toBeNull();
    const { rows } = readInventory([HEADERS, row({ day: new Date(Date.UTC(2026, 10, 15)) }), row({ username: 'OtraCuenta', day: '30/02/2026' })], entity, TODAY);
    expect(rows[0]!.account!.lastRotatedOn).toBe('2026-11-15');
    expect(rows[1]!.errors.map((e) => e.message)).toEqual(['Fecha inexistente.']);
  });

  it('reads responsibles separated by semicolons or lines, with phones in parentheses or after a comma', () => {
    expect(readResponsibles('Ana Quispe, +51 987 654 321\nBruno Salas (01 476-1234);')).toEqual([
      { name: 'Ana Quispe', phone: '+51 987 654 321' },
      { name: 'Bruno Salas', phone: '01 476-1234' },
    ]);
  });
});

describe('what confirming changes: matched by network and name, never a duplicate', () => {
  const account = readInventory([HEADERS, row()], entity, TODAY).rows[0]!.account!;
  it('new, unchanged, or the fields that differ; an empty optional cell and an older password date change nothing', () => {
    expect(changedFields(account, undefined)).toEqual({ kind: 'nueva' });
    expect(changedFields(account, { ...account })).toEqual({ kind: 'sin cambios' });
    expect(changedFields({ ...account, contentType: 'Videos' }, account)).toEqual({ kind: 'actualiza', fields: ['Tipo de contenido'] });
    const { url: _url, ...withoutUrl } = account;
    expect(changedFields({ ...withoutUrl, lastRotatedOn: '2026-10-01' }, account)).toEqual({ kind: 'sin cambios' });
    expect(changedFields({ ...account, lastRotatedOn: '2026-12-01' }, account)).toEqual({ kind: 'actualiza', fields: ['Último cambio de contraseña (DD/MM/AAAA)'] });
  });
});
