import type { QuarterlyReport } from '../domain/anexo3';
import { anexo3Filename, renderAnexo3Pdf, renderAnexo3Xlsx } from '../infra/documents/anexo3';
import { digitalPlanFilename, renderDigitalPlan, type DigitalPlanDocData } from '../infra/documents/digitalPlan';
import { closureRecordFilename, renderClosureRecord, type ClosureRecordData } from '../infra/documents/closureRecord';
import { renderTechnicalReport, technicalReportFilename, type TechnicalReportData } from '../infra/documents/technicalReport';
import {
  agreementFilename,
  renderConfidentialityAgreement,
  type AgreementData,
} from '../infra/documents/confidentialityAgreement';
import {
  multisectorProposalFilename,
  renderMultisectorProposal,
  type MultisectorProposalData,
} from '../infra/documents/multisectorProposal';

/**
 * An attachment described as data: workflows never carry PDF bytes in their history; the sending
 * activity renders the document again from the same data, so it can always be reproduced.
 */
export type Attachment =
  | { kind: 'technicalReport'; data: TechnicalReportData }
  | { kind: 'confidentialityAgreement'; data: AgreementData }
  | { kind: 'multisectorProposal'; data: MultisectorProposalData }
  | { kind: 'anexo3'; data: { format: 'pdf' | 'xlsx'; report: QuarterlyReport } }
  | { kind: 'closureRecord'; data: ClosureRecordData }
  | { kind: 'digitalPlan'; data: DigitalPlanDocData };

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function renderAttachment(a: Attachment): Promise<{ filename: string; content: Buffer; contentType: string }> {
  switch (a.kind) {
    case 'technicalReport':
      return { filename: technicalReportFilename(a.data), content: await renderTechnicalReport(a.data), contentType: 'application/pdf' };
    case 'confidentialityAgreement':
      return { filename: agreementFilename(a.data), content: await renderConfidentialityAgreement(a.data), contentType: 'application/pdf' };
    case 'multisectorProposal':
      return { filename: multisectorProposalFilename(a.data), content: await renderMultisectorProposal(a.data), contentType: 'application/pdf' };
    case 'closureRecord':
      return { filename: closureRecordFilename(a.data), content: await renderClosureRecord(a.data), contentType: 'application/pdf' };
    case 'digitalPlan':
      return { filename: digitalPlanFilename(a.data), content: await renderDigitalPlan(a.data), contentType: 'application/pdf' };
    case 'anexo3': {
      const { format, report } = a.data;
      const content = format === 'pdf' ? await renderAnexo3Pdf(report) : await renderAnexo3Xlsx(report);
      return { filename: anexo3Filename(report, format), content, contentType: format === 'pdf' ? 'application/pdf' : XLSX };
    }
  }
}
