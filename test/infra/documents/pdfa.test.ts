/**
 * Issue 19 §6: every PDF Custodio produces is PDF/A-2b, checked by a real validator: veraPDF (installed
 * from Maven Central by scripts/install-tools.sh), run once over all of them (the report in its numbered form). The entity name carries the
 * characters pdfkit would otherwise write unescaped into the XMP metadata.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { proposalSummary } from '../../../domain/accountProposal';
import { renderAnexo3Pdf } from '../../../infra/documents/anexo3';
import { renderClosureRecord } from '../../../infra/documents/closureRecord';
import { renderDigitalPlan } from '../../../infra/documents/digitalPlan';
import { digitalPlanData } from '../../support/planFixtures';
import { renderConfidentialityAgreement } from '../../../infra/documents/confidentialityAgreement';
import { renderMultisectorProposal } from '../../../infra/documents/multisectorProposal';
import { renderTechnicalReport } from '../../../infra/documents/technicalReport';
import { REPO_ROOT } from '../../../local/tools';
import { anexo3Report } from '../../support/anexo3Fixtures';
import { validProposal } from '../../support/fixtures';

jest.setTimeout(120_000);

const ENTITY = 'Ministerio de Desarrollo & Inclusión <Social>';
const AT = '2026-11-23T15:15:00.000Z';
let dir: string;
const files: Record<string, Buffer> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'custodio-pdfa-'));
  files['informe-tecnico.pdf'] = await renderTechnicalReport({
    requestId: 'abc123', entityName: ENTITY, profileDocument: 'Directiva N° 03-2022-PCM/SCS', summary: proposalSummary(validProposal(), ENTITY),
    decision: { by: 'aquispe@cultura.gob.pe', byName: 'Ana Quispe', at: AT, action: 'approve' },
    generalManagement: { unit: 'Dirección de Tratamiento Penitenciario', by: 'gerencia@inpe.gob.pe', byName: 'Julio Vera', at: AT, clause: 'INPE 4.2.c' },
    filing: { code: 'INFORME TÉCNICO N° 001-2026-OC/MIDIS', to: 'Coordinación de Comunicación Digital', from: 'Diego Torres', submittedAt: AT, names: 'CulturaPeru', networks: 'Facebook' },
  });
  files['anexo-1.pdf'] = await renderConfidentialityAgreement({
    requestId: 'abc123', entityName: ENTITY, adminName: 'Bruno Salas Ríos', adminEmail: 'bsalas@cultura.gob.pe', accountNames: ['CulturaPeru'], networks: ['Facebook'], issuedAt: AT,
  });
  files['anexo-5.pdf'] = await renderMultisectorProposal({
    campaignId: 'camp1', entityName: ENTITY, addressee: 'Coordinación de Comunicación Digital de la Secretaría de Comunicación Social',
    rows: [['Nombre de la campaña', 'Verano seguro'], ['Objetivo', 'Prevenir accidentes en playas']], approval: { by: 'aquispe@cultura.gob.pe', byName: 'Ana Quispe', at: AT },
    code: 'PROPUESTA DE CAMPAÑA MULTISECTORIAL N° 001-2026-OC/MIDIS',
  });
  files['anexo-3.pdf'] = await renderAnexo3Pdf({
    ...anexo3Report(), entityName: ENTITY,
    plan: { code: 'PLAN DE COMUNICACIÓN DIGITAL N° 001-2026-OC/MIDIS', year: 2026, rows: [{ indicator: 'posts', label: 'Publicaciones por trimestre', target: 90, measured: 120, partial: true }] },
    filing: { code: 'INFORME N° 003-2026-OC/MIDIS', to: 'Coordinación de Comunicación Digital', from: 'Ana Quispe, titular de la Oficina de Comunicaciones', approvedBy: 'Ana Quispe (aquispe@cultura.gob.pe)', approvedAt: AT },
  });
  files['acta-de-cierre.pdf'] = await renderClosureRecord(closureRecordData());
  files['plan.pdf'] = await renderDigitalPlan({ ...digitalPlanData, entityName: ENTITY });
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
});
/** An acta de cierre (issue 19 §5) with every optional part. */
const closureRecordData = () => ({
  requestId: 'abc123', code: 'ACTA DE CIERRE N° 001-2026-OC/MIDIS', entityName: ENTITY, profileDocument: 'Directiva N° 03-2022-PCM/SCS', clause: 'PCM 5.2.5',
  to: 'Coordinación de Comunicación Digital', account: 'MidisCampana (X (Twitter))', requester: { name: 'Carla Rojas Díaz', email: 'crojas@cultura.gob.pe' },
  requestedAt: AT, reason: 'La campaña de verano terminó y la cuenta quedó sin uso.', inactivity: 'Sin publicaciones 121 días (desde su última publicación importada).',
  approval: { by: 'aquispe@cultura.gob.pe', byName: 'Ana Quispe', at: AT, ownRequest: false },
  closing: { by: 'crojas@cultura.gob.pe', byName: 'Carla Rojas Díaz', at: AT, note: 'Eliminada en X.' },
  done: ['Se retiraron los roles de página de todas las personas y agencias.', 'Se cambió la contraseña una última vez.', 'Se desactivó o eliminó la cuenta en la red social.'],
});

afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

it('issue 19 §6: the technical report, Anexo 1, Anexo 3, Anexo 5, the acta de cierre (PCM 5.2.5) and the Plan de Comunicación Digital (Anexo 2) each validate as PDF/A-2b under veraPDF', async () => {
  const names = Object.keys(files);
  const { stdout } = await promisify(execFile)(join(REPO_ROOT, '.tools', 'bin', 'verapdf'), ['--flavour', '2b', '--format', 'text', ...names.map((n) => join(dir, n))], { maxBuffer: 8 << 20 }).catch(
    (err: { stdout?: string }) => ({ stdout: err.stdout ?? String(err) }),
  );
  const verdicts = Object.fromEntries(names.map((n) => [n, new RegExp(`^(PASS|FAIL) ${join(dir, n).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm').exec(stdout)?.[1] ?? stdout]));
  expect(verdicts).toEqual(Object.fromEntries(names.map((n) => [n, 'PASS'])));
});

it('issue 19 §6: the metadata names the entity with its «&» and angle brackets replaced alike in the document information and the XMP packet', () => {
  const raw = files['informe-tecnico.pdf']!.toString('latin1');
  expect(raw).toContain('<pdfaid:part>2</pdfaid:part>');
  expect(raw).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
  expect(raw).not.toMatch(/<rdf:li>[^<]*&[^a][^<]*<\/rdf:li>/);
});
