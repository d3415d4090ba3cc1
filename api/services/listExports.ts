/**
 * The lists people print or file (issue 15 §2), as spreadsheet rows: the entity's accounts and the
 * supervision board, Spanish headers, dates as Lima reads them (`DD/MM/AAAA`, with the hour where it
 * matters), so the file says the same as the page. No password is anywhere to export (RULEBOOK §2).
 */
import { LIMA, limaDate } from '../../domain/businessDays';
import { peruvianDate } from '../../domain/dates';
import type { Cell } from '../../domain/inventory';
import type { AccountBoard } from './accountBoard';
import { REPORT_GLANCE_LABELS, REVIEW_STATE_LABELS, type SupervisionBoard } from './supervisionBoard';

export interface Sheet {
  /** The file's name without extension. */
  fileName: string;
  sheetName: string;
  header: string[];
  rows: Cell[][];
  widths: number[];
}

const STATUS = { active: 'Activa', paused: 'Pausada', retired: 'De baja' } as const;
const hour = new Intl.DateTimeFormat('es-PE', { timeZone: LIMA, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** `04/01/2027`, the Lima day of an instant. */
export const day = (iso?: string) => (iso ? peruvianDate(limaDate(new Date(iso))) : '');
/** `04/01/2027 09:00`, Lima. */
export const dayTime = (iso?: string) => (iso ? `${day(iso)} ${hour.format(new Date(iso))}` : '');
export const yesNo = (b: boolean) => (b ? 'Sí' : 'No');

export function accountsSheet(board: AccountBoard, now = new Date()): Sheet {
  return {
    fileName: `cuentas-${board.entity.id}${board.overdueOnly ? '-vencidas' : ''}-${limaDate(now)}`,
    sheetName: 'Cuentas',
    header: ['Entidad', 'Red social', 'Cuenta', 'Enlace', 'Estado', 'Origen', 'Último cambio de contraseña confirmado (Lima)', 'Próximo cambio (Lima)', 'Cambio vencido', 'Roles de página'],
    rows: board.rows.map((r) => [
      board.entity.name, r.networkLabel, r.username, r.url ?? '', STATUS[r.status], r.registered ? 'Registrada (ya existía)' : 'Creada en Custodio',
      dayTime(r.lastRotationAt), dayTime(r.nextDueAt), yesNo(r.overdue), r.roles,
    ]),
    widths: [36, 14, 24, 36, 10, 24, 26, 20, 10, 10],
  };
}

export function supervisionSheet(board: SupervisionBoard): Sheet {
  return {
    fileName: `supervision-${limaDate(new Date(board.generatedAt))}`,
    sheetName: 'Supervisión',
    header: ['Entidad', 'Código', 'Cuentas vigentes', 'Cambios de contraseña vencidos', 'Pendientes de la SCS', `Revisión de roles de ${board.month.label}`, 'Corresponde desde (Lima)', 'Conformidad dada (Lima)',
      `Informe del ${board.quarter.label}`, 'Plazo del informe (Lima)', 'Informe enviado (Lima)'],
    rows: board.rows.map((r) => [
      r.entity.name, r.entity.id, r.accounts, r.overdueRotations, r.pendingForScs, REVIEW_STATE_LABELS[r.review.state], day(r.review.dueAt), dayTime(r.review.attestedAt),
      REPORT_GLANCE_LABELS[r.report.state], peruvianDate(r.report.dueOn), dayTime(r.report.sentAt),
    ]),
    widths: [48, 12, 10, 14, 12, 28, 14, 18, 30, 14, 18],
  };
}
