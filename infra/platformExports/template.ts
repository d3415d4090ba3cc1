/**
 * La plantilla de métricas de Custodio (issue 16 §1), para lo que no llega en una exportación que
 * Custodio lea: una fila por publicación, con las cifras acumuladas al día en que se copiaron (PCM
 * 6.3.2 y Anexo 3). CSV UTF-8 con BOM y `;` entre celdas, como la plantilla de inventario: Excel en
 * español la abre en columnas con las tildes intactas. Las columnas, en cualquier orden (se buscan
 * por su nombre, sin importar mayúsculas ni tildes):
 *
 * | columna                                 | obligatoria | contenido                                                   |
 * |-----------------------------------------|-------------|-------------------------------------------------------------|
 * | Red                                     | sí          | Facebook, Instagram, X, TikTok o YouTube                    |
 * | ID de la publicación                    | sí          | el identificador que la red da a la publicación o al video  |
 * | Enlace                                  | no          | la dirección de la publicación                              |
 * | Fecha y hora de publicación             | sí          | DD/MM/AAAA HH:MM, hora de Lima                              |
 * | Texto                                   | no          | el texto o el título (se guardan 280 caracteres)            |
 * | Alcance, Impresiones, Visualizaciones   | no          | números enteros                                             |
 * | Interacciones                           | no          | el total que da la red; vacío: la suma de las cuatro que siguen |
 * | Me gusta, Comentarios, Compartidos, Guardados | no    | números enteros                                             |
 * | Tiempo promedio de visualización (s)    | no          | segundos, con decimales (coma o punto)                      |
 * | Duración (s)                            | no          | segundos, con decimales (coma o punto)                      |
 *
 * Un número entero se escribe con solo dígitos o agrupado de tres en tres (`12500`, `12.500`,
 * `12,500`: una cuenta no tiene decimales, así que no hay ambigüedad). Una celda vacía es un dato que
 * no se tiene, nunca un 0. El mismo texto, para quien la llena, está en `docs/plantilla-metricas.md`.
 */
import type { MetricNetwork, PostMetrics } from '../../domain/metrics';
import { writeCsv } from '../spreadsheets';
import { cellUnreadable } from './errors';
import { type Cell, type ExportLanguage, type ExportReader, type ReadContext, type ReadResult, columnsOf, countOf, decimalOf, headerKey, isBlank, localInstantOf, shortText, sumOf, withoutAbsent } from './reader';

const COLUMNS = [
  { field: 'network', header: 'Red', example: 'Facebook' },
  { field: 'postId', header: 'ID de la publicación', example: '1234567890123456_987654321098765' },
  { field: 'url', header: 'Enlace', example: 'https://www.facebook.com/CulturaPeru/posts/987654321098765' },
  { field: 'publishedAt', header: 'Fecha y hora de publicación', example: '15/09/2026 18:00' },
  { field: 'text', header: 'Texto', example: 'Agenda cultural de la semana en Lima' },
  { field: 'reach', header: 'Alcance', example: '12500' },
  { field: 'impressions', header: 'Impresiones', example: '' },
  { field: 'views', header: 'Visualizaciones', example: '18300' },
  { field: 'interactions', header: 'Interacciones', example: '' },
  { field: 'likes', header: 'Me gusta', example: '640' },
  { field: 'comments', header: 'Comentarios', example: '85' },
  { field: 'shares', header: 'Compartidos', example: '120' },
  { field: 'saves', header: 'Guardados', example: '' },
  { field: 'averageWatchSeconds', header: 'Tiempo promedio de visualización (s)', example: '' },
  { field: 'durationSeconds', header: 'Duración (s)', example: '' },
] as const;

type Field = (typeof COLUMNS)[number]['field'];
const ALIASES = Object.fromEntries(COLUMNS.map((c) => [c.field, [c.header]])) as unknown as Record<Field, readonly string[]>;
const REQUIRED: readonly Field[] = ['network', 'postId', 'publishedAt'];

const NETWORKS: Record<string, MetricNetwork> = {
  facebook: 'facebook',
  instagram: 'instagram',
  x: 'x',
  twitter: 'x',
  'x (twitter)': 'x',
  tiktok: 'tiktok',
  youtube: 'youtube',
};

/** The template people download: the header and one example row to overwrite. */
export function metricsTemplateCsv(): Buffer {
  return writeCsv(
    COLUMNS.map((c) => c.header),
    [COLUMNS.map((c) => c.example)],
  );
}

function matches(header: string[]): ExportLanguage | undefined {
  const columns = columnsOf(header, ALIASES);
  return REQUIRED.every((f) => columns[f] !== undefined) ? 'es' : undefined;
}

function read(rows: string[][], lines: number[], ctx: ReadContext): ReadResult {
  const header = rows[0] ?? [];
  const columns = columnsOf(header, ALIASES);
  const posts: PostMetrics[] = [];
  const skipped: ReadResult['skipped'] = [];
  rows.forEach((row, i) => {
    const line = lines[i]!;
    if (i === 0) return;
    if (isBlank(row)) return void skipped.push({ line, reason: 'Línea en blanco.' });
    const cell = (field: Field): Cell | undefined => {
      const at = columns[field];
      return at === undefined ? undefined : { text: row[at] ?? '', line, column: header[at]! };
    };
    const count = (field: Field) => {
      const c = cell(field);
      return c && wholeOf(c);
    };
    const seconds = (field: Field) => {
      const c = cell(field);
      return c && decimalOf(c, c.text.includes(',') ? ',' : '.');
    };
    const parts = { likes: count('likes'), comments: count('comments'), shares: count('shares'), saves: count('saves') };
    const post: PostMetrics = {
      network: networkOf(cell('network')!),
      postId: required(cell('postId')!, 'falta el identificador de la publicación.'),
      url: cell('url')?.text || undefined,
      publishedAt: localInstantOf(cell('publishedAt')!, 'DMY', ctx.timeZone, 'DD/MM/AAAA HH:MM'),
      text: shortText(cell('text')?.text ?? ''),
      reach: count('reach'),
      impressions: count('impressions'),
      views: count('views'),
      // The total the person copied from the network; without one, the sum of the parts they gave.
      interactions: count('interactions') ?? sumOf(Object.values(parts)),
      ...parts,
      averageWatchSeconds: seconds('averageWatchSeconds'),
      durationSeconds: seconds('durationSeconds'),
    };
    posts.push(withoutAbsent(post));
  });
  return { posts, skipped };
}

/** A whole number, plain or grouped by threes with `.`, `,` or a space (a count has no decimals). */
function wholeOf(cell: Cell): number | undefined {
  const separator = /^\d{1,3}([.,\u00a0 ])\d{3}/.exec(cell.text)?.[1] ?? ',';
  return countOf(cell, separator);
}

function networkOf(cell: Cell): MetricNetwork {
  const network = NETWORKS[headerKey(cell.text)];
  if (network) return network;
  const problem = cell.text === '' ? 'falta la red' : `«${cell.text}» no es una red que Custodio mida`;
  throw cellUnreadable(cell.line, cell.column, `${problem} (Facebook, Instagram, X, TikTok o YouTube).`);
}

function required(cell: Cell, problem: string): string {
  if (cell.text === '') throw cellUnreadable(cell.line, cell.column, problem);
  return cell.text;
}

export const templateReader: ExportReader = { kind: 'custodio-template', matches, read };
