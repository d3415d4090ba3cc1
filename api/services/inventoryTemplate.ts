import { INVENTORY_COLUMNS } from '../../domain/inventory';
import { writeCsv, writeXlsx } from '../../infra/spreadsheets';

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
  return writeCsv(INVENTORY_COLUMNS.map((c) => c.header), [INVENTORY_COLUMNS.map((c) => c.example)]);
}
