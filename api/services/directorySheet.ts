/**
 * The Anexo 4 directory as a file SCS prints, files or sends on (PCM 6.3.5, 7.3): Anexo 4's items in its
 * order under the inventory template's Spanish titles (domain/inventory.ts), so an entity's export can be
 * imported again, then the account's link, state and origin. Phones are in the file only where the page
 * shows them; the column's title says which.
 */
import { limaDate } from '../../domain/businessDays';
import { responsiblesText } from '../../domain/directory';
import { INVENTORY_COLUMNS, type InventoryField } from '../../domain/inventory';
import type { DirectoryPage } from './directory';
import type { Sheet } from './listExports';

const title = (field: InventoryField) => INVENTORY_COLUMNS.find((c) => c.field === field)!.header;

export function directorySheet(d: Omit<DirectoryPage, 'counts' | 'nextCursor'>, now = new Date()): Sheet {
  return {
    fileName: `directorio-cuentas-${d.entity?.id ?? d.filters.entity ?? 'entidades'}-${limaDate(now)}`,
    sheetName: 'Directorio (Anexo 4)',
    header: [
      title('entity'), d.phonesShown ? title('responsibles') : 'Responsables', title('managingEmail'), title('network'), title('username'),
      title('description'), title('contentType'), title('url'), 'Estado', 'Origen',
    ],
    rows: d.rows.map((r) => [
      r.entity.name, responsiblesText(r.responsibles), r.managingEmail, r.networkLabel, r.username,
      r.description, r.contentType, r.url ?? '', r.statusLabel, r.registered ? 'Registrada (ya existía)' : 'Creada en Custodio',
    ]),
    widths: [40, 44, 30, 14, 24, 60, 40, 36, 10, 22],
  };
}
