import { digitalPlanFilename, renderDigitalPlan } from '../../../infra/documents/digitalPlan';
import { flat, pdfText } from '../../support/pdfText';
import { digitalPlanData } from '../../support/planFixtures';

describe('Plan de Comunicación Digital as filed (issue 19 §3, §6)', () => {
  it('PCM 6.2.2.1, Anexo 2: numbered, Anexo 2\'s ten headings in order, the weekly posting plan and the targets as tables, who drafted and who approved', async () => {
    const text = flat(pdfText(await renderDigitalPlan(digitalPlanData), ' '));
    const plain = flat(pdfText(await renderDigitalPlan(digitalPlanData)));
    expect(plain).toContain('PLAN DE COMUNICACIÓN DIGITAL N° 001-2027-OC/MINCUL');
    const headings = ['1. ANÁLISIS', '2. OBJETIVOS', '3. PÚBLICO OBJETIVO', '4. MENSAJE', '5. ESTRATEGIA DIGITAL', '6. HERRAMIENTAS DE COMUNICACIÓN DIGITAL A UTILIZAR', '7. ACCIONES', '8. INDICADORES', '9. RECURSOS REQUERIDOS', '10. CRONOGRAMA DE IMPLEMENTACIÓN'];
    const at = headings.map((h) => plain.indexOf(h));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(text).toContain('Facebook 7');
    expect(text).toContain('Alcance por trimestre 1,250,000');
    expect(text).toContain('Periodo: Año 2027');
    expect(plain).toContain('Elaboró · crojas@cultura.gob.pe');
    expect(plain).toContain('Aprobó el 9 de diciembre de 2026, 15:30 (hora de Lima)');
  });

  it('issue 19 §6: the same data gives the same bytes; the file is named after the number', async () => {
    expect((await renderDigitalPlan(digitalPlanData)).equals(await renderDigitalPlan(digitalPlanData))).toBe(true);
    expect(digitalPlanFilename(digitalPlanData)).toBe('plan-de-comunicacion-digital-n-001-2027-oc-mincul.pdf');
  });
});
