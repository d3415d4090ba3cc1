import { agreementDefinition, agreementFilename, renderConfidentialityAgreement, type AgreementData } from '../../activities/documents/confidentialityAgreement';
import { limaDateTime } from '../../activities/documents/pdf';
import { renderTechnicalReport, technicalReportDefinition, technicalReportFilename, type TechnicalReportData } from '../../activities/documents/technicalReport';
import { proposalSummary } from '../../domain/accountProposal';
import { validProposal } from '../support/fixtures';

const report: TechnicalReportData = {
  requestId: 'abc123',
  entityName: 'Ministerio de Cultura',
  profileDocument: 'Directiva N° 03-2022-PCM/SCS',
  addressee: 'Coordinación de Comunicación Digital de la Secretaría de Comunicación Social',
  summary: proposalSummary(validProposal(), 'Ministerio de Cultura'),
  decision: { by: 'aquispe@cultura.gob.pe', byName: 'Ana Quispe', at: '2026-11-23T15:15:00.000Z', action: 'approve' },
};
const agreement: AgreementData = {
  requestId: 'abc123',
  entityName: 'Ministerio de Cultura',
  adminName: 'Bruno Salas Ríos',
  adminEmail: 'bsalas@cultura.gob.pe',
  accountNames: ['CulturaPeru', 'MinCulturaPe'],
  networks: ['Facebook', 'Instagram'],
  issuedAt: '2026-11-23T15:15:00.000Z',
};

describe('documents', () => {
  it('formats decision times in Lima', () => {
    expect(limaDateTime('2026-11-23T15:15:00.000Z')).toBe('23 de noviembre de 2026, 10:15 (hora de Lima)');
  });

  it("PCM 6.1.1.2 report carries every Anexo 4 row, the addressee and the head's decision time", () => {
    const text = JSON.stringify(technicalReportDefinition(report).content);
    for (const [k, v] of report.summary) {
      expect(text).toContain(JSON.stringify(k).slice(1, -1));
      expect(text).toContain(JSON.stringify(v).slice(1, -1));
    }
    expect(text).toContain('Dirigido a: Coordinación de Comunicación Digital');
    expect(text).toContain('23 de noviembre de 2026, 10:15 (hora de Lima)');
    expect(text).toContain('Ana Quispe');
  });

  it('renders real PDFs', async () => {
    for (const pdf of [await renderTechnicalReport(report), await renderConfidentialityAgreement(agreement)]) {
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.length).toBeGreaterThan(5_000);
    }
  });

  it('PCM 6.1.1.3 Anexo 1 names the signer and accounts, and has no place for a password', () => {
    const text = JSON.stringify(agreementDefinition(agreement).content);
    expect(text).toContain('Bruno Salas Ríos');
    expect(text).toContain('CulturaPeru / MinCulturaPe');
    expect(text).toMatch(/mensajería instantánea/);
    expect(text.toLowerCase()).not.toMatch(/contraseña:\s*_|clave:\s*_/);
  });

  it('names attachments in plain ASCII', () => {
    expect(technicalReportFilename(report)).toBe('informe-tecnico-ministerio-de-cultura-culturaperu.pdf');
    expect(agreementFilename(agreement)).toBe('acuerdo-confidencialidad-bruno-salas-rios.pdf');
  });
});
