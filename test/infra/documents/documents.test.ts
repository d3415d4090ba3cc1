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

  it('issue 19 §6: the numbered report carries its number, the A / De / Asunto / Referencia / Fecha block, the four sections and who approved and when; the same data gives the same bytes', async () => {
    const filed: TechnicalReportData = {
      ...report,
      generalManagement: { unit: 'Dirección de Tratamiento Penitenciario', by: 'gerencia@inpe.gob.pe', byName: 'Julio Vera Campos', at: '2026-11-24T16:00:00.000Z', clause: 'INPE 4.2.c' },
      filing: {
        code: 'INFORME TÉCNICO N° 007-2026-OC/MINCUL', to: report.addressee!, from: 'Diego Torres', submittedAt: '2026-11-20T14:00:00.000Z',
        names: 'CulturaPeru / MinCulturaPe', networks: 'Facebook, Instagram',
      },
    };
    const pdf = await renderTechnicalReport(filed);
    const text = flat(pdfText(pdf));
    // The text extractor joins a table's cells without a space: «A:» then its value.
    for (const part of [
      'INFORME TÉCNICO N° 007-2026-OC/MINCUL',
      'A:Coordinación de Comunicación Digital de la Secretaría de Comunicación Social',
      'De:Diego Torres',
      'Asunto:Informe técnico para la creación de cuenta institucional en redes sociales: CulturaPeru / MinCulturaPe',
      'Referencia:Solicitud abc123; Directiva N° 03-2022-PCM/SCS',
      'Fecha:24 de noviembre de 2026, 11:00 (hora de Lima)',
      'I. ANTECEDENTES', 'El 20 de noviembre de 2026, 09:00 (hora de Lima), Diego Torres solicitó la creación de la cuenta institucional CulturaPeru / MinCulturaPe (Facebook, Instagram).',
      'II. ANÁLISIS', 'III. CONCLUSIONES', 'IV. RECOMENDACIONES', 'Remitir el presente informe a la Coordinación de Comunicación Digital',
      'Ana Quispe', 'Titular de la Oficina de Comunicaciones · aquispe@cultura.gob.pe', 'Aprobó el 23 de noviembre de 2026, 10:15 (hora de Lima)',
      'Julio Vera Campos', 'Gerencia General (INPE 4.2.c) · gerencia@inpe.gob.pe', 'Aprobó el 24 de noviembre de 2026, 11:00 (hora de Lima)',
    ]) {
      expect(text).toContain(flat(part));
    }
    expect(technicalReportFilename(filed)).toBe('informe-tecnico-n-007-2026-oc-mincul-culturaperu.pdf');
    expect((await renderTechnicalReport(structuredClone(filed))).equals(pdf)).toBe(true);
  });

  it('PCM 6.2.2.1: the numbered report names the year\'s approved Plan de Comunicación Digital, or says none is approved; reports of earlier processes say nothing of it', async () => {
    const filing = { code: 'INFORME TÉCNICO N° 008-2026-OC/MINCUL', to: report.addressee!, from: 'Diego Torres', submittedAt: '2026-11-20T14:00:00.000Z', names: 'CulturaPeru', networks: 'Facebook' };
    const text = async (plan?: { year: number; code: string | null }) => flat(pdfText(await renderTechnicalReport({ ...report, filing: { ...filing, ...(plan ? { plan } : {}) } })));
    expect(await text({ year: 2026, code: 'PLAN DE COMUNICACIÓN DIGITAL N° 002-2025-OC/MINCUL' })).toContain(
      flat('La cuenta se propone en el marco del Plan de Comunicación Digital 2026 de la entidad (PLAN DE COMUNICACIÓN DIGITAL N° 002-2025-OC/MINCUL), al que responden los contenidos de sus cuentas (PCM 6.2.2.1).'),
    );
    expect(await text({ year: 2026, code: null })).toContain(flat('La entidad aún no tiene aprobado su Plan de Comunicación Digital 2026, al que deben responder los contenidos de sus cuentas (PCM 6.2.2.1).'));
    expect(await text()).not.toContain('Plan de Comunicación Digital');
  });

  it('PCM 6.1.1.2 report without an addressee (profiles that file it) has no "Dirigido a"', async () => {
    const { addressee: _, ...filed } = report;
    const text = flat(pdfText(await renderTechnicalReport(filed)));
    expect(text).toContain('Ministerio de Cultura');
    expect(text).not.toContain('Dirigido a');
  });

  it('PCM 6.1.1.3, 6.1.2.7 Anexo 1 carries the directive\'s full text: the parties, the three clauses and the duty not to rename without the head', async () => {
    const pdf = await renderConfidentialityAgreement(agreement);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = flat(pdfText(pdf));
    expect(text).toContain('Anexo 1 – Acuerdo de confidencialidad');
    expect(text).toContain('DECLARACIÓN JURADA DE ACUERDO DE CONFIDENCIALIDAD');
    expect(text).toContain('Conste por el presente documento, el Acuerdo de Confidencialidad para el uso de cuentas institucionales de redes sociales de Ministerio de Cultura, que suscriben:');
    expect(text).toMatch(/Bruno Salas Ríos \(bsalas@cultura\.gob\.pe\), peruano\(a\), con DNI N° _+, con domicilio real en _+/);
    expect(text).toContain('en adelante el ADMINISTRADOR; y de la otra Ministerio de Cultura, con RUC N° __________');
    expect(text).toContain('en adelante el SECTOR.');
    expect(text).toContain('En los términos y condiciones que se desprenden de las cláusulas siguientes:');
    // Every clause of the directive's Anexo 1, in its order.
    const clauses = [
      'PRIMERA: DE LAS PARTES.',
      'El SECTOR ha creado cuentas en diversas redes sociales, que tienen el carácter de oficial, por medio de las cuales suministra información con valor a la ciudadanía y cuyas publicaciones y actualizaciones se regulan por la presente directiva.',
      'El ADMINISTRADOR es una persona autorizada para la operación o administración y uso de las cuentas oficiales de Ministerio de Cultura: CulturaPeru / MinCulturaPe (Facebook, Instagram).',
      'SEGUNDA: AUTORIZACIÓN PARA USO DE USUARIO Y CONTRASEÑA',
      'El ADMINISTRADOR se obliga a mantener la reserva y custodia debida de la(s) contraseña(s) proporcionada para el uso de las cuentas oficiales creadas en redes sociales para Ministerio de Cultura, garantizando así la seguridad de la información que en estas se gestiona.',
      'TERCERA: ACUERDO DE CONFIDENCIALIDAD',
      'En ese contexto, el ADMINISTRADOR se obliga a los siguientes deberes de confidencialidad:',
      'Hacer uso reservado de la información recibida, utilizándola solo para actualización y publicación de contenidos en las cuentas institucionales en redes sociales.',
      'No divulgar, ni ceder total o parcialmente, la información confidencial o reservada proporcionada para el cumplimiento de sus funciones en las cuentas oficiales institucionales en redes sociales. Igual deber se extiende a compartir, ceder o divulgar total o parcialmente los backup, resúmenes o copias de los contenidos en las cuentas oficiales institucionales en redes sociales.',
      'No hacer uso personal de la información total o parcial, obtenida como operador o administrador en las cuentas institucionales en redes sociales.',
      'No cambiar el nombre de la página y usuario de la cuenta, sin previa coordinación con el titular de la Oficina de Comunicaciones u otra unidad orgánica que haga sus veces.',
      'Estos deberes se extienden en el tiempo hasta __________ calendario adicional, luego de concluido el vínculo de naturaleza civil o laboral.',
      'Firmamos libre y voluntariamente en señal de conformidad, a los __________ días del mes de __________ del año __________.',
    ];
    let from = 0;
    for (const clause of clauses) {
      const at = text.indexOf(flat(clause), from);
      expect(at).toBeGreaterThanOrEqual(from);
      from = at;
    }
    // The directive's security duties the processes follow, each with its clause.
    expect(text).toMatch(/responsabilidad, custodia y confidencialidad.*\(PCM 6\.1\.1\.3\)/);
    expect(text).toMatch(/correo electrónico institucional y nunca por servicios de mensajería instantánea \(PCM 6\.1\.2\.6\)/);
    expect(text).toContain('verificación en dos pasos');
    expect(text).toContain('periodicidad');
    expect(text).toMatch(/«Cambio de nombre o usuario».*antes de cambiar el nombre de la página o el usuario de una cuenta \(PCM 6\.1\.2\.7\)/);
    expect(text).toMatch(/al dejar el cargo.*\(PCM 6\.2\.3\.2\)/);
    expect(text).toContain('Emitido el 23 de noviembre de 2026, 10:15 (hora de Lima)');
    expect(text).not.toContain('\uFFFD');
  });

  it('Anexo 1 names the head who signs for the entity when known, and leaves a line to write it otherwise', async () => {
    const signed = flat(pdfText(await renderConfidentialityAgreement({ ...agreement, representative: 'Ana Quispe' })));
    expect(signed).toContain('debidamente representado por Ana Quispe, en adelante el SECTOR');
    expect(signed).toContain('Nombres y apellidos: Ana Quispe');
    const unsigned = pdfText(await renderConfidentialityAgreement(agreement));
    expect(flat(unsigned)).toContain('debidamente representado por __________, en adelante el SECTOR');
    expect(unsigned.split('\n')).toContain('Nombres y apellidos: ______________________________');
  });

  it('Anexo 1 has no password nor a place for one, and leaves the DNI blank', async () => {
    const lines = pdfText(await renderConfidentialityAgreement(agreement));
    const text = flat(lines);
    // The directive's own words name the password (clause SEGUNDA); no other line does, and none leaves room to write one.
    const mentions = text.match(/contraseña|clave|password/gi) ?? [];
    expect(mentions).toEqual(['CONTRASEÑA', 'contraseña']);
    expect(text).not.toMatch(/(contraseña|clave|password)[^.]{0,40}_{3}/i);
    // The signature block: the only blanks after the body's form fields.
    const blanks = lines.split('\n').filter((line) => /^[^_]*: _{3}/.test(line)).map((line) => line.split(':')[0]);
    expect(blanks).toEqual(['Firma del ADMINISTRADOR', 'DNI', 'Firma del representante del SECTOR', 'Nombres y apellidos']);
    expect(text).toContain('DNI: ________');
    expect(text).not.toMatch(/DNI( N°)?:?\s*\d/);
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
