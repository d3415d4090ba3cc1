import { closureRecordFilename, renderClosureRecord, type ClosureRecordData } from '../../../infra/documents/closureRecord';
import { flat, pdfText } from '../../support/pdfText';

const AT = '2026-12-02T15:15:00.000Z';
const record: ClosureRecordData = {
  requestId: 'abc123', code: 'ACTA DE CIERRE N° 004-2026-OC/MINCUL', entityName: 'Ministerio de Cultura', profileDocument: 'Directiva N° 03-2022-PCM/SCS', clause: 'PCM 5.2.5',
  to: 'Coordinación de Comunicación Digital de la Secretaría de Comunicación Social', account: 'CulturaCampana (X (Twitter))',
  requester: { name: 'Carla Rojas Díaz', email: 'crojas@cultura.gob.pe' }, requestedAt: '2026-12-01T14:00:00.000Z',
  reason: 'La campaña de verano terminó y la cuenta quedó sin uso.', inactivity: 'Sin publicaciones 121 días (desde su última publicación importada, del 1 de agosto de 2026).',
  approval: { by: 'aquispe@cultura.gob.pe', byName: 'Ana Quispe', at: '2026-12-01T20:00:00.000Z', ownRequest: false },
  closing: { by: 'crojas@cultura.gob.pe', byName: 'Carla Rojas Díaz', at: AT },
  done: ['Se retiraron los roles de página de todas las personas y agencias.', 'Se cambió la contraseña una última vez.', 'Se desactivó o eliminó la cuenta en la red social.'],
};

describe('acta de cierre (issue 19 §5–6)', () => {
  it('PCM 5.2.5: numbered, with the memo block, what was asked and why, who approved, what the CM confirmed and both signatures', async () => {
    const pdf = await renderClosureRecord(record);
    const text = flat(pdfText(pdf));
    // The memo block is a table: its cells read apart.
    const memo = flat(pdfText(pdf, ' '));
    for (const [label, value] of [
      ['A', 'Coordinación de Comunicación Digital de la Secretaría de Comunicación Social'],
      ['De', 'Ana Quispe, titular de la Oficina de Comunicaciones'],
      ['Asunto', 'Cierre de cuenta institucional en redes sociales: CulturaCampana (X (Twitter))'],
      ['Fecha', '2 de diciembre de 2026, 10:15 (hora de Lima)'],
    ]) expect(memo).toContain(`${label}: ${value}`);
    for (const expected of [
      'ACTA DE CIERRE N° 004-2026-OC/MINCUL',
      'Referencia:Pedido de cierre abc123; PCM 5.2.5; Directiva N° 03-2022-PCM/SCS',
      'con el motivo: «La campaña de verano terminó y la cuenta quedó sin uso».',
      'estaba señalada sin actividad (PCM 5.2.5): Sin publicaciones 121 días',
      'lo aprobó el 1 de diciembre de 2026, 15:00 (hora de Lima)',
      'Se cambió la contraseña una última vez.',
      'Community manager · crojas@cultura.gob.pe',
      'Confirmó el cierre el 2 de diciembre de 2026, 10:15 (hora de Lima)',
    ]) expect(text).toContain(expected);
    expect(text).not.toContain('Nota:');
  });

  it('SENACE 7.2: the head\'s own request reads as the head\'s decision', async () => {
    const text = flat(pdfText(await renderClosureRecord({ ...record, clause: 'SENACE 7.2', approval: { ...record.approval, ownRequest: true } })));
    expect(text).toContain('decidió el cierre al pedirlo el');
    expect(text).toContain('Decidió el 1 de diciembre de 2026');
  });

  it('issue 19 §6: the same data gives the same bytes, and the file is named after the number and the account', async () => {
    expect((await renderClosureRecord(record)).equals(await renderClosureRecord(record))).toBe(true);
    expect(closureRecordFilename(record)).toBe('acta-de-cierre-n-004-2026-oc-mincul-culturacampana-x-twitter.pdf');
  });
});
