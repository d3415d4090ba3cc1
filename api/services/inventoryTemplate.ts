import { stringify } from 'csv-stringify/sync';
import { INVENTORY_COLUMNS } from '../../domain/inventory';
import { writeXlsx } from '../../infra/spreadsheets';

/**
 * The inventory template people download (issue 15 §1): Anexo 4's columns in its order, then Custodio's
 * two, with one example row to overwrite. The CSV is UTF-8 with BOM and `;`, which Excel in Spanish
 * opens into columns with the accents intact.
 */
export async function inventoryTemplateXlsx(): Promise<Buffer> {
  return writeXlsx(
    'Inventario',
    INVENTORY_COLUMNS.map((c) => c.header),
    [INVENTORY_COLUMNS.map((c) => c.example)],
    INVENTORY_COLUMNS.map((c) => (c.field === 'description' ? 60 : c.field === 'responsibles' ? 48 : 26)),
  );
}

export function inventoryTemplateCsv(): Buffer {
  const text = stringify([INVENTORY_COLUMNS.map((c) => c.header), INVENTORY_COLUMNS.map((c) => c.example)], { delimiter: ';', record_delimiter: '\r\n' });
  return Buffer.from(`\uFEFF${text}`, 'utf8');
}
