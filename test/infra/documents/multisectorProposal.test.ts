import { multisectorProposalFilename, renderMultisectorProposal, type MultisectorProposalData } from '../../../infra/documents/multisectorProposal';
import { flat, pdfText } from '../../support/pdfText';

const proposal: MultisectorProposalData = {
  campaignId: 'camp1', entityName: 'Ministerio de Cultura', addressee: 'Coordinación de Comunicación Digital de la Secretaría de Comunicación Social',
  rows: [['Nombre de la campaña', 'Verano seguro'], ['Objetivo', 'Prevenir accidentes en playas']],
  approval: { by: 'aquispe@cultura.gob.pe', byName: 'Ana Quispe', at: '2026-11-23T15:15:00.000Z' },
};

describe('Anexo 5 (PCM 6.4.1)', () => {
  it('PCM 6.4.1, issue 19 §6: numbered, it opens with the A / De / Asunto / Referencia / Fecha block and keeps the annex\'s table', async () => {
    const numbered = { ...proposal, code: 'PROPUESTA DE CAMPAÑA MULTISECTORIAL N° 002-2026-OC/MINCUL' };
    const text = flat(pdfText(await renderMultisectorProposal(numbered)));
    for (const part of [
      'PROPUESTA DE CAMPAÑA MULTISECTORIAL N° 002-2026-OC/MINCUL',
      'A:Coordinación de Comunicación Digital de la Secretaría de Comunicación Social',
      'De:Ana Quispe, titular de la Oficina de Comunicaciones de Ministerio de Cultura',
      'Asunto:Propuesta de campaña multisectorial de comunicación digital: Verano seguro',
      'Referencia:Numeral 6.4.1 y Anexo 5 de la Directiva N° 03-2022-PCM/SCS; campaña camp1',
      'Fecha:23 de noviembre de 2026, 10:15 (hora de Lima)',
      'NOMBRE DE LA CAMPAÑAVerano seguro',
      'Propuesta aprobada por Ana Quispe (aquispe@cultura.gob.pe)',
    ]) expect(text).toContain(part);
    expect(text).not.toContain('Código de campaña');
    expect(multisectorProposalFilename(numbered)).toBe('propuesta-de-campana-multisectorial-n-002-2026-oc-mincul-verano-seguro.pdf');
    expect((await renderMultisectorProposal(numbered)).equals(await renderMultisectorProposal(structuredClone(numbered)))).toBe(true);
  });

  it('issue 19 §6: a proposal sent before numbering keeps its heading and its name', async () => {
    const text = flat(pdfText(await renderMultisectorProposal(proposal)));
    expect(text).toContain('Ministerio de Cultura – Dirigido a: Coordinación de Comunicación Digital');
    expect(text).toContain('Código de campaña: camp1');
    expect(multisectorProposalFilename(proposal)).toBe('anexo-5-campana-multisectorial-verano-seguro.pdf');
  });
});
