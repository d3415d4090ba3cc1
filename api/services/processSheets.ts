/**
 * The process lists as files to print or file (issue 15 §2): the same rows as the page, every one the
 * filters match, Spanish headers, Lima dates (`DD/MM/AAAA`, with the hour of a submission). The file's
 * name says which list, which filters and which day. No password is anywhere to export (RULEBOOK §2).
 */
import { limaDate } from '../../domain/businessDays';
import { peruvianDate } from '../../domain/dates';
import { dayTime, yesNo, type Sheet } from './listExports';
import type { CampaignRow, ContentRow, ListFilters, RequestRow } from './processLists';

/** `campanas-mincul-en-curso-2027-01-04`: the list, its filters, the Lima day it was taken. */
const fileName = (list: string, f: ListFilters, now: Date) => [list, f.entity, f.state, f.stage, limaDate(now)].filter(Boolean).join('-');

export function requestsSheet(rows: RequestRow[], f: ListFilters, now = new Date()): Sheet {
  return {
    fileName: fileName('solicitudes', f, now),
    sheetName: 'Solicitudes',
    header: ['Referencia', 'Entidad', 'Cuentas propuestas', 'Solicitante', 'Correo del solicitante', 'Presentada (Lima)'],
    rows: rows.map((r) => [r.reference, r.entityName, r.title, r.requesterName, r.requesterEmail, dayTime(r.submittedAt)]),
    widths: [11, 36, 30, 28, 30, 18],
  };
}

export function campaignsSheet(rows: CampaignRow[], f: ListFilters, now = new Date()): Sheet {
  return {
    fileName: fileName('campanas', f, now),
    sheetName: 'Campañas',
    header: ['Referencia', 'Entidad', 'Campaña', 'Estado', 'Modalidad', 'Multisectorial', 'En periodo electoral', 'Inicio de la difusión', 'Fin de la difusión', 'Propuesta por', 'Correo de quien propone', 'Presentada (Lima)', 'Cerrada (Lima)'],
    rows: rows.map((r) => [
      r.reference, r.entityName, r.name, r.stateLabel, r.mode, yesNo(r.multisector), yesNo(r.electoral), peruvianDate(r.startsOn), peruvianDate(r.endsOn),
      r.proposerName, r.proposerEmail, dayTime(r.submittedAt), dayTime(r.closedAt),
    ]),
    widths: [11, 36, 30, 28, 12, 10, 10, 12, 12, 28, 30, 18, 18],
  };
}

export function contentsSheet(rows: ContentRow[], f: ListFilters, now = new Date()): Sheet {
  return {
    fileName: fileName('contenidos', f, now),
    sheetName: 'Contenidos',
    header: ['Referencia', 'Entidad', 'Título', 'Órgano solicitante', 'Redes', 'Publicación solicitada', 'Hora', 'Estado', 'Solicitada por', 'Correo de quien solicita', 'Alertas de contenido', 'Publicaciones', 'Presentada (Lima)'],
    rows: rows.map((r) => [
      r.reference, r.entityName, r.title, r.unit, r.networks, peruvianDate(r.publishOn), r.publishAt, r.stageLabel, r.requesterName, r.requesterEmail, r.flags, r.publications, dayTime(r.submittedAt),
    ]),
    widths: [11, 36, 36, 24, 20, 12, 8, 30, 28, 30, 30, 40, 18],
  };
}
