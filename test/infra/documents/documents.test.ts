import { agreementFilename, renderConfidentialityAgreement, type AgreementData } from '../../../infra/documents/confidentialityAgreement';
import { limaDateTime } from '../../../infra/documents/pdf';
import { renderTechnicalReport, technicalReportFilename, type TechnicalReportData } from '../../../infra/documents/technicalReport';
import { proposalSummary } from '../../../domain/accountProposal';
import { validProposal } from '../../support/fixtures';
import { flat, pdfText } from '../../support/pdfText';

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
  it('formats decision times in Lima (UTC−5), not UTC', () => {
    expect(limaDateTime('2026-11-23T15:15:00.000Z')).toBe('23 de noviembre de 2026, 10:15 (hora de Lima)');
    expect(limaDateTime('2026-11-24T04:30:00.000Z')).toBe('23 de noviembre de 2026, 23:30 (hora de Lima)');
  });

  it("PCM 6.1.1.2 report carries every Anexo 4 row and the head's decision time", async () => {
    const pdf = await renderTechnicalReport(report);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = flat(pdfText(pdf));
    expect(text).toContain('Informe técnico para la creación de cuenta institucional en redes sociales');
    expect(text).toContain('Ministerio de Cultura – Directiva N° 03-2022-PCM/SCS');
    expect(text).toContain('Dirigido a: Coordinación de Comunicación Digital de la Secretaría de Comunicación Social');
    expect(text).toContain('Código de solicitud: abc123');
    expect(report.summary).toHaveLength(14);
    for (const [label, value] of report.summary) {
      expect(text).toContain(flat(label));
      expect(text).toContain(flat(value));
    }
    expect(text).toContain('Aprobación');
    expect(text).toContain('aprobada por Ana Quispe (aquispe@cultura.gob.pe), titular de la Oficina de Comunicaciones, el 23 de noviembre de 2026, 10:15 (hora de Lima)');
    expect(text).toContain('PCM 6.1.1.2 y Anexo 4');
    expect(text).toMatch(/Página 1 de \d/);
    expect(text).not.toContain('\uFFFD');
  });

  it('PCM 6.1.1.2 report without an addressee (profiles that file it) has no "Dirigido a"', async () => {
    const { addressee: _, ...filed } = report;
    const text = flat(pdfText(await renderTechnicalReport(filed)));
    expect(text).toContain('Ministerio de Cultura');
    expect(text).not.toContain('Dirigido a');
  });

  it('PCM 6.1.1.3, 6.1.2.7 Anexo 1 binds the signer to custody, e-mail only, 2FA, rotation and hand-over', async () => {
    const pdf = await renderConfidentialityAgreement(agreement);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = flat(pdfText(pdf));
    expect(text).toContain('Anexo 1 – Acuerdo de confidencialidad');
    expect(text).toContain('Yo, Bruno Salas Ríos (bsalas@cultura.gob.pe)');
    expect(text).toContain('CulturaPeru / MinCulturaPe (Facebook, Instagram) de la entidad Ministerio de Cultura');
    expect(text).toMatch(/responsabilidad, custodia y confidencialidad.*\(PCM 6\.1\.1\.3\)/);
    expect(text).toMatch(/correo electrónico institucional y nunca por servicios de mensajería instantánea \(PCM 6\.1\.2\.6\)/);
    expect(text).toContain('verificación en dos pasos');
    expect(text).toContain('periodicidad');
    expect(text).toMatch(/al dejar el cargo.*\(PCM 6\.2\.3\.2\)/);
    expect(text).toContain('Emitido el 23 de noviembre de 2026, 10:15 (hora de Lima)');
    expect(text).not.toContain('\uFFFD');
  });

  it('Anexo 1 has no password nor a place for one, and leaves the DNI blank', async () => {
    const lines = pdfText(await renderConfidentialityAgreement(agreement));
    const text = flat(lines);
    expect(text).not.toMatch(/contraseña|clave|password/i);
    // Every blank to fill by hand belongs to the signature block.
    const blanks = lines.split('\n').filter((line) => line.includes('___')).map((line) => line.split(':')[0]);
    expect(blanks).toEqual(['Firma', 'DNI', 'Fecha']);
    expect(text).toContain('DNI: ________');
    expect(text).not.toMatch(/DNI:\s*\d/);
    expect(text).toContain('Nombres y apellidos: Bruno Salas Ríos');
  });

  it('the same data renders the same bytes, so a retried activity attaches an identical file', async () => {
    expect((await renderTechnicalReport(report)).equals(await renderTechnicalReport(report))).toBe(true);
    expect((await renderConfidentialityAgreement(agreement)).equals(await renderConfidentialityAgreement(agreement))).toBe(true);
  });

  it('names attachments in plain lowercase ASCII', () => {
    expect(technicalReportFilename(report)).toBe('informe-tecnico-ministerio-de-cultura-culturaperu.pdf');
    expect(agreementFilename(agreement)).toBe('acuerdo-confidencialidad-bruno-salas-rios.pdf');
    const accented = { ...report, entityName: 'Dirección Regional de Educación – Cañete N° 2' };
    const names = [technicalReportFilename(accented), agreementFilename({ ...agreement, adminName: 'Íñigo Ñáñez Muñoz' })];
    expect(names).toEqual(['informe-tecnico-direccion-regional-de-educacion-canete-n-2-culturaperu.pdf', 'acuerdo-confidencialidad-inigo-nanez-munoz.pdf']);
    for (const name of names) expect(name).toMatch(/^[a-z0-9.-]+$/);
  });
});
