/**
 * An entity's inventory of the accounts it already runs, read from a spreadsheet laid out as the
 * directive's Anexo 4 ("si ya cuenta con cuentas en redes sociales", PCM 6.3.5; CONGRESO 6.1.8: current
 * accounts follow the protocol too), one row per account, plus two columns Custodio needs (the link
 * and the last password change). Pure: the cells come in already decoded (infra/spreadsheets.ts), and
 * every problem names its line and column in Spanish.
 */
import { accountKey, existingAccountFindings, existingAccountSchema, existingAccountViolations, type ExistingAccount } from './existingAccount';
import type { EntityPolicy } from './entity';
import type { RuleViolation } from './validation';

export type Cell = string | number | boolean | Date | null | undefined;

export type InventoryField = 'entity' | 'responsibles' | 'managingEmail' | 'network' | 'username' | 'description' | 'contentType' | 'url' | 'lastRotatedOn';

export interface InventoryColumn {
  field: InventoryField;
  /** The template's header, which people read. */
  header: string;
  /** Anexo 4's item, or why Custodio asks. */
  source: string;
  required: boolean;
  example: string;
  /** Whether a header names this column (accents, case and spacing aside). */
  matches: (folded: string) => boolean;
}

export const INVENTORY_COLUMNS: readonly InventoryColumn[] = [
  { field: 'entity', header: 'Entidad', source: 'Anexo 4, 1', required: false, example: 'Ministerio de Cultura', matches: (h) => h.includes('entidad') || h.includes('ministerio') },
  {
    field: 'responsibles', header: 'Responsables y teléfonos', source: 'Anexo 4, 2', required: true,
    example: 'Ana Quispe Rojas 987654321; Bruno Salas Díaz 01 476-1234', matches: (h) => h.includes('responsable'),
  },
  { field: 'managingEmail', header: 'Correo de gestión', source: 'Anexo 4, 3', required: true, example: 'redes@cultura.gob.pe', matches: (h) => h.includes('correo') },
  { field: 'network', header: 'Red social', source: 'Anexo 4, 4', required: true, example: 'Facebook', matches: (h) => h.startsWith('red') },
  { field: 'username', header: 'Denominación de la cuenta', source: 'Anexo 4, 5', required: true, example: 'CulturaPeru', matches: (h) => h.includes('denominacion') || h.includes('usuario') },
  {
    field: 'description', header: 'Descripción (objetivos, público objetivo y funciones)', source: 'Anexo 4, 6', required: true,
    example: 'Difundir la agenda cultural del Ministerio entre el público general; informar y atender consultas.', matches: (h) => h.includes('descripcion'),
  },
  { field: 'contentType', header: 'Tipo de contenido', source: 'Anexo 4, 7', required: true, example: 'Noticias institucionales, agenda cultural, videos', matches: (h) => h.includes('tipo de contenido') },
  { field: 'url', header: 'Enlace de la cuenta', source: 'Custodio (opcional)', required: false, example: 'https://www.facebook.com/CulturaPeru', matches: (h) => h.includes('enlace') || h === 'url' },
  {
    field: 'lastRotatedOn', header: 'Último cambio de contraseña (DD/MM/AAAA)', source: 'Custodio (opcional: si se deja vacío, se pide confirmar un cambio de inmediato)',
    required: false, example: '15/11/2026', matches: (h) => h.includes('contrasena') || h.includes('ultimo cambio'),
  },
];

/** One row of the sheet: the account it describes when every cell is right, or what is wrong. */
export interface InventoryRow {
  /** The spreadsheet's own line number. */
  line: number;
  /** The network and name as the cells have them, to show a row that could not be read. */
  shown: { network: string; username: string };
  account?: ExistingAccount;
  errors: RuleViolation[];
  /** Creation rules the account does not meet: imported anyway, and shown (existingAccount.ts). */
  findings: RuleViolation[];
}

export interface InventoryReading {
  /** Problems with the file as a whole (no header row, a required column missing, too many rows). */
  fileErrors: string[];
  rows: InventoryRow[];
}

export const MAX_INVENTORY_ROWS = 500;

export const fold = (s: string) => s.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

const NETWORK_NAMES: Record<string, ExistingAccount['network']> = {
  facebook: 'facebook', fb: 'facebook', x: 'x', twitter: 'x', 'x (twitter)': 'x', 'twitter (x)': 'x', instagram: 'instagram', ig: 'instagram',
  tiktok: 'tiktok', 'tik tok': 'tiktok', youtube: 'youtube', linkedin: 'linkedin', flickr: 'flickr',
};

/** A cell as text; a date cell (XLSX) as AAAA-MM-DD of the day it shows. */
function text(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
  return String(cell).trim();
}

/** DD/MM/AAAA (or D/M/AAAA, DD-MM-AAAA), AAAA-MM-DD, or a date cell: the day as AAAA-MM-DD; `null` when unreadable. */
export function readDay(value: string): string | null {
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  if (m) return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
  if (m) return `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return null;
}

/** "Ana Quispe 987654321; Bruno Salas (01 476-1234)": each person with the phone after the name. */
export function readResponsibles(value: string): Array<{ name: string; phone: string }> {
  return value
    .split(/[;\n]+/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const m = /^(.*?)[\s,:(–-]*(\+?\d[\d\s-]{5,18}\d)\s*\)?$/.exec(part);
      return m ? { name: m[1]!.replace(/[\s,:(–-]+$/, '').trim(), phone: m[2]!.trim() } : { name: part, phone: '' };
    });
}

/** Finds the header row (the first with at least three known headers) and which column holds what. */
function headerOf(grid: Cell[][]): { index: number; columns: Map<InventoryField, number> } | null {
  for (let i = 0; i < Math.min(grid.length, 10); i++) {
    const columns = new Map<InventoryField, number>();
    (grid[i] ?? []).forEach((cell, c) => {
      const h = fold(text(cell));
      if (!h) return;
      // Most specific first: "Descripción de la cuenta" is not the account's name.
      const col = [...INVENTORY_COLUMNS].reverse().find((k) => k.matches(h) && !columns.has(k.field));
      if (col) columns.set(col.field, c);
    });
    if (columns.size >= 3) return { index: i, columns };
  }
  return null;
}

/** Reads every row of the sheet against the entity; nothing here decides what gets imported. */
export function readInventory(grid: Cell[][], entity: Pick<EntityPolicy, 'id' | 'name' | 'emailDomains' | 'supervisorEmail'>, today: string): InventoryReading {
  const header = headerOf(grid);
  if (!header) return { fileErrors: ['No se encontró la fila de encabezados: use la plantilla (Responsables y teléfonos, Correo de gestión, Red social, Denominación de la cuenta, …).'], rows: [] };
  const missing = INVENTORY_COLUMNS.filter((c) => c.required && !header.columns.has(c.field)).map((c) => `«${c.header}»`);
  if (missing.length) return { fileErrors: [`Faltan columnas de la plantilla: ${missing.join(', ')}.`], rows: [] };

  const body = grid.slice(header.index + 1).map((cells, i) => ({ line: header.index + 2 + i, cells })).filter((r) => r.cells.some((c) => text(c) !== ''));
  if (body.length > MAX_INVENTORY_ROWS) return { fileErrors: [`El archivo tiene ${body.length} cuentas; importe como máximo ${MAX_INVENTORY_ROWS} por vez.`], rows: [] };
  if (!body.length) return { fileErrors: ['El archivo no tiene ninguna cuenta debajo de los encabezados.'], rows: [] };

  const seen = new Map<string, number>();
  const rows = body.map(({ line, cells }) => {
    const cell = (f: InventoryField) => {
      const c = header.columns.get(f);
      return c === undefined ? '' : text(cells[c]);
    };
    const errors: RuleViolation[] = [];
    const add = (field: InventoryField, rule: string, message: string) => errors.push({ field: columnHeader(field), rule, message });

    const entityCell = cell('entity');
    if (entityCell && fold(entityCell) !== fold(entity.name) && fold(entityCell) !== fold(entity.id)) {
      add('entity', 'PCM 6.3.5', `La fila es de otra entidad («${entityCell}»): importe el inventario de cada entidad desde su propia página.`);
    }
    const networkCell = cell('network');
    const network = NETWORK_NAMES[fold(networkCell)];
    if (networkCell && !network) add('network', 'PCM 6.3.5 (Anexo 4)', `Red social no reconocida («${networkCell}»): use Facebook, X, Instagram, TikTok, YouTube, LinkedIn o Flickr.`);
    const responsibles = readResponsibles(cell('responsibles'));
    for (const r of responsibles) if (!r.phone) add('responsibles', 'PCM 6.3.5 (Anexo 4)', `Falta el teléfono de «${r.name}» (Anexo 4 pide nombres y teléfonos).`);
    const dayCell = cell('lastRotatedOn');
    const day = dayCell ? readDay(dayCell) : undefined;
    if (day === null) add('lastRotatedOn', 'PCM 6.1.2.5', `Fecha no válida («${dayCell}»): use DD/MM/AAAA.`);

    const input = {
      network: network ?? networkCell,
      username: cell('username'),
      ...(cell('url') ? { url: cell('url') } : {}),
      managingEmail: cell('managingEmail'),
      responsibles: responsibles.filter((r) => r.phone),
      description: cell('description'),
      contentType: cell('contentType'),
      ...(day ? { lastRotatedOn: day } : {}),
    };
    const shown = { network: networkCell, username: cell('username') };
    const parsed = existingAccountSchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? 'username') as InventoryField;
        // A problem already reported in the cell's own words is not repeated in zod's.
        if (errors.some((e) => e.field === columnHeader(field))) continue;
        add(field, 'PCM 6.3.5 (Anexo 4)', cell(field) === '' ? 'Falta este dato.' : issue.message);
      }
      return { line, shown, errors, findings: [] };
    }
    const account = parsed.data;
    for (const v of existingAccountViolations(account, today)) add(v.field as InventoryField, v.rule, v.message);
    const key = accountKey(account);
    const earlier = seen.get(key);
    if (earlier !== undefined) add('username', 'PCM 6.3.5', `Esta cuenta ya figura en la fila ${earlier}.`);
    else seen.set(key, line);
    const findings = existingAccountFindings(account, entity).map((f) => ({ ...f, field: columnHeader(f.field as InventoryField) }));
    return errors.length ? { line, shown, errors, findings } : { line, shown, account, errors, findings };
  });
  return { fileErrors: [], rows };
}

const columnHeader = (field: InventoryField) => INVENTORY_COLUMNS.find((c) => c.field === field)?.header ?? field;

/** What confirming the import would do to one account already in the registry (matched by network and name). */
export type InventoryChange = { kind: 'nueva' } | { kind: 'actualiza'; fields: string[] } | { kind: 'sin cambios' };

/** The registry's copy of an account, in the fields a sheet carries. */
export type RegisteredFields = Pick<ExistingAccount, 'managingEmail' | 'responsibles' | 'description' | 'contentType' | 'url' | 'lastRotatedOn'>;

const SHEET_FIELDS: Array<[keyof RegisteredFields, InventoryField]> = [
  ['managingEmail', 'managingEmail'],
  ['responsibles', 'responsibles'],
  ['description', 'description'],
  ['contentType', 'contentType'],
  ['url', 'url'],
  ['lastRotatedOn', 'lastRotatedOn'],
];

/**
 * Which sheet fields differ from the registry. An empty optional cell changes nothing (a later sheet
 * without the link keeps it), and an older password date than the registry's never moves it back.
 */
export function changedFields(sheet: ExistingAccount, registered: RegisteredFields | undefined): InventoryChange {
  if (!registered) return { kind: 'nueva' };
  const fields = SHEET_FIELDS.filter(([k]) => {
    const now = sheet[k];
    if (now === undefined) return false;
    if (k === 'lastRotatedOn') return !registered.lastRotatedOn || (now as string) > registered.lastRotatedOn;
    return JSON.stringify(now) !== JSON.stringify(registered[k]);
  }).map(([, f]) => columnHeader(f));
  return fields.length ? { kind: 'actualiza', fields } : { kind: 'sin cambios' };
}
