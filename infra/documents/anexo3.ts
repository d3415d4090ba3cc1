import type { Content, ContentText, CustomTableLayout, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import { ANEXO3_TABLES, NOT_AVAILABLE, accountTitle, type AccountSection, type Anexo3Metric, type Anexo3Row, type Figure, type MonthSection, type PlanRow, type QuarterlyReport, type Totals } from '../../domain/anexo3';
import { monthLabel, quarterLabel } from '../../domain/quarters';
import { countText, dayText, durationText, frequencyText, missingText, rateText, shortLink } from './anexo3Text';
import { filedHead, limaDateTime, pageFooter, renderPdf, slug } from './pdf';

export { renderAnexo3Xlsx } from './anexo3Xlsx';

const TITLE = 'Informe trimestral sobre cuentas de redes sociales (Anexo 3)';
const MUTED = '#555555';
const HEADER_FILL = '#E3EAF2';
const LINK = '#1A4F8B';
const BARS = { reach: '#2E6DA4', impact: '#6AA84F', interactions: '#E69138' } as const;

// pdfmake's «lightHorizontalLines» with 6 pt instead of 8 pt beside each cell, so seven columns fit a landscape A4.
const ROWS: CustomTableLayout = {
  hLineWidth: (i, node) => (i === 0 || i === node.table.body.length ? 0 : i === node.table.headerRows ? 2 : 1),
  vLineWidth: () => 0,
  hLineColor: (i) => (i === 1 ? 'black' : '#aaa'),
  paddingLeft: (i) => (i === 0 ? 0 : 6),
  paddingRight: (i, node) => (i === (node.table.widths?.length ?? 0) - 1 ? 0 : 6),
};

const absent = (alignment: 'left' | 'right' = 'left'): ContentText => ({ text: NOT_AVAILABLE, italics: true, color: '#777777', fontSize: 7, alignment });
const header = (text: string, alignment: 'left' | 'right' = 'left'): TableCell => ({ text, bold: true, fillColor: HEADER_FILL, fontSize: 8.5, alignment });
const number = (text: string, extra: Partial<ContentText> = {}): ContentText => ({ alignment: 'right', ...extra, text });

function figureCell(metric: Anexo3Metric, value: Figure | undefined): TableCell {
  if (value === null || value === undefined) return absent('right');
  if (metric === 'engagementRate') return number(rateText(value));
  if (metric === 'averageWatchSeconds') return number(durationText(value));
  return number(countText(value));
}

const linkCell = (url: string | null): TableCell => (url ? { text: shortLink(url), link: url, color: LINK, fontSize: 8 } : absent());

/** The month's table of the Anexo 3, N° 1 to 10, or a line saying no post was imported. */
function monthTable(s: AccountSection, m: MonthSection): Content {
  const table = ANEXO3_TABLES[s.network];
  const title: Content = { text: `${table.heading} – ${monthLabel(m.month)}`, bold: true, margin: [0, 10, 0, 4] };
  const frequency: Content[] = m.frequency ? [{ text: frequencyText(m.frequency), fontSize: 8.5, color: m.frequency.belowMinimum ? '#9C2A00' : MUTED, margin: [0, 3, 0, 0] }] : [];
  if (!m.top.length) return { stack: [title, { text: 'Sin publicaciones importadas para este mes.', italics: true, color: MUTED }, ...frequency], unbreakable: true };
  const row = (r: Anexo3Row, i: number): TableCell[] => [
    number(String(i + 1)),
    ...table.columns.map((c) => figureCell(c.metric, r.figures[c.metric])),
    { text: dayText(r.publishedAt) },
    linkCell(r.url),
  ];
  return {
    stack: [
      title,
      {
        table: {
          headerRows: 1,
          dontBreakRows: true,
          // 104 pt holds «no disponible en la exportación» (7 pt) on one line, so an absent figure never doubles a row.
          widths: [18, ...table.columns.map(() => 104), 56, '*'],
          body: [[header('N°', 'right'), ...table.columns.map((c) => header(c.label, 'right')), header('Fecha'), header(table.linkLabel)], ...m.top.map(row)],
        },
        layout: ROWS,
        fontSize: 9,
      },
      ...frequency,
    ],
    unbreakable: true,
  };
}

function sumCell(t: Totals, figure: 'reach' | 'impact' | 'interactions', bold = false): TableCell {
  const value = t[figure];
  if (t.posts === 0) return number('—', { color: MUTED });
  if (value === null) return absent('right');
  const missing = missingText(t, figure);
  return { stack: [number(countText(value), { bold }), ...(missing ? [number(`(${missing})`, { fontSize: 7.5, color: MUTED })] : [])] };
}

function growthCell(s: AccountSection): TableCell {
  const { start, end, growth } = s.followers;
  if (growth === null || start === null || end === null) return absent('right');
  return number(`${growth > 0 ? '+' : ''}${countText(growth)} (de ${countText(start)} a ${countText(end)})`, { bold: true });
}

const TOTAL_HEADERS = ['Publicaciones', 'Alcance', 'Impacto', 'Interacciones', 'Crecimiento de seguidores'];

/** The totals PCM 6.3.2 asks for: per month and for the quarter. */
function totalsTable(s: AccountSection): Content {
  const line = (label: string, t: Totals, quarter: boolean): TableCell[] => [
    { text: label, bold: quarter },
    number(countText(t.posts), { bold: quarter }),
    sumCell(t, 'reach', quarter),
    sumCell(t, 'impact', quarter),
    sumCell(t, 'interactions', quarter),
    // Followers are typed in for the quarter only.
    quarter ? growthCell(s) : number('—', { color: MUTED }),
  ];
  return {
    stack: [
      { text: `Totales – ${accountTitle(s)}`, bold: true, margin: [0, 14, 0, 4] },
      {
        table: {
          headerRows: 1,
          widths: [110, 70, '*', '*', '*', 150],
          body: [[header('Periodo'), ...TOTAL_HEADERS.map((h) => header(h, 'right'))], ...s.months.map((m) => line(monthLabel(m.month), m.totals, false)), line('Trimestre', s.quarter, true)],
        },
        layout: 'lightHorizontalLines',
        fontSize: 9,
      },
    ],
    unbreakable: true,
  };
}

const BAR_WIDTH = 120;

/** One horizontal bar per month, scaled to the largest month of that figure. */
function barBlock(s: AccountSection, figure: keyof typeof BARS, title: string): Content {
  const values = s.months.map((m) => m.totals[figure]);
  const max = Math.max(0, ...values.map((v) => v ?? 0));
  const bar = (v: Figure): TableCell => ({
    canvas: v ? [{ type: 'rect', x: 0, y: 1, w: Math.max(1, (BAR_WIDTH * v) / max), h: 9, color: BARS[figure] }] : [],
    margin: [0, 1, 0, 0],
  });
  return {
    stack: [
      { text: title, bold: true, fontSize: 9, margin: [0, 0, 0, 3] },
      {
        table: {
          widths: [52, BAR_WIDTH, '*'],
          body: s.months.map((m, i) => [
            { text: monthLabel(m.month).replace(/ de \d{4}$/, ''), fontSize: 8.5 },
            bar(values[i] ?? null),
            values[i] === null ? { text: 'no disponible', fontSize: 8, italics: true, color: '#777777' } : { text: countText(values[i]!), fontSize: 8.5 },
          ]),
        },
        layout: 'noBorders',
      },
    ],
  };
}

/** The network's chart: reach, impact and interactions of each month, as bars. */
function chart(s: AccountSection): Content {
  return {
    stack: [
      { text: `Gráfico – ${accountTitle(s)}: alcance, impacto e interacciones por mes`, bold: true, margin: [0, 14, 0, 6] },
      { columns: [barBlock(s, 'reach', 'Alcance'), barBlock(s, 'impact', 'Impacto'), barBlock(s, 'interactions', 'Interacciones')], columnGap: 16 },
    ],
    unbreakable: true,
  };
}

function section(s: AccountSection): Content[] {
  return [
    { text: accountTitle(s), fontSize: 13, bold: true, pageBreak: 'before', margin: [0, 0, 0, 2] },
    ...(s.url ? [{ text: s.url, link: s.url, color: LINK, fontSize: 9 } satisfies Content] : []),
    ...s.months.map((m) => monthTable(s, m)),
    totalsTable(s),
    chart(s),
  ];
}

/**
 * PCM 6.2.2.1: the approved plan's quarterly targets against the quarter's figures over every account; a
 * figure some account lacks is marked and explained, never counted as 0.
 */
function planTargets(plan: NonNullable<QuarterlyReport['plan']>): Content[] {
  const progress = (r: PlanRow) => (r.measured === null || r.target === 0 ? '—' : `${Math.round((r.measured * 100) / r.target)} %`);
  return [
    { text: `Metas del Plan de Comunicación Digital ${plan.year} (${plan.code}; PCM 6.2.2.1)`, bold: true, margin: [0, 12, 0, 4] },
    {
      table: {
        headerRows: 1,
        widths: ['*', 110, 110, 80],
        body: [
          [header('Meta trimestral'), header('Plan', 'right'), header('Medido', 'right'), header('Avance', 'right')],
          ...plan.rows.map((r) => [
            { text: r.label },
            number(countText(r.target)),
            r.measured === null ? absent('right') : number(`${countText(r.measured)}${r.partial ? ' *' : ''}`),
            number(progress(r)),
          ]),
        ],
      },
      layout: 'lightHorizontalLines',
      fontSize: 9,
    },
    ...(plan.rows.some((r) => r.partial && r.measured !== null)
      ? [{ text: '* Suma de las cuentas que tienen la cifra: a alguna le falta en la exportación, así que el avance real puede ser mayor.', fontSize: 8, color: MUTED, margin: [0, 2, 0, 0] } satisfies Content]
      : []),
  ];
}

/** One line per account: the quarter's totals, so the first page answers «how did each account do». */
function summary(r: QuarterlyReport): Content {
  return {
    table: {
      headerRows: 1,
      widths: ['*', 70, 90, 90, 90, 150],
      body: [
        [header('Cuenta'), ...TOTAL_HEADERS.map((h) => header(h, 'right'))],
        ...r.sections.map((s) => [
          { text: accountTitle(s) },
          number(countText(s.quarter.posts)),
          sumCell(s.quarter, 'reach'),
          sumCell(s.quarter, 'impact'),
          sumCell(s.quarter, 'interactions'),
          growthCell(s),
        ]),
      ],
    },
    layout: 'lightHorizontalLines',
    fontSize: 9,
  };
}

/** The Anexo 3 report (PCM 6.3.2) for SCS, A4 landscape: a summary, then per account its monthly tables, totals and chart, then the notes. */
export function anexo3Definition(r: QuarterlyReport): TDocumentDefinitions {
  const muted = { fontSize: 9, color: MUTED };
  const f = r.filing;
  // Issue 19 §6: once approved, the report opens as the administration files it.
  const head: Content[] = f
    ? [
        ...filedHead(f.code, [
          ['A', f.to],
          ['De', f.from],
          ['Asunto', `${TITLE}: ${r.entityName}, ${quarterLabel(r.quarter)}`],
          ['Referencia', 'Numeral 6.3.2 y Anexo 3 de la Directiva N° 03-2022-PCM/SCS'],
          ['Fecha', limaDateTime(f.approvedAt)],
        ], 762),
        { text: `Cifras al ${limaDateTime(r.generatedAt)}. Aprobó: ${f.approvedBy}, el ${limaDateTime(f.approvedAt)}.`, ...muted, margin: [0, 0, 0, 12] },
      ]
    : [
        { text: TITLE, fontSize: 15, bold: true, margin: [0, 0, 0, 6] },
        { text: `Entidad: ${r.entityName}`, fontSize: 11, margin: [0, 0, 0, 2] },
        { text: `Periodo: ${quarterLabel(r.quarter)}`, fontSize: 11, margin: [0, 0, 0, 2] },
        { text: `Elaborado el ${limaDateTime(r.generatedAt)}. Formato conforme a PCM 6.3.2 y Anexo 3 (Directiva N° 03-2022-PCM/SCS).`, ...muted, margin: [0, 0, 0, 12] },
      ];
  const content: Content[] = [
    ...head,
    { text: 'Resumen del trimestre', bold: true, margin: [0, 0, 0, 4] },
    r.sections.length ? summary(r) : { text: 'La entidad no tiene cuentas en el informe.', italics: true },
    ...(r.plan ? planTargets(r.plan) : []),
    ...(r.notes.length ? [{ text: 'Meses sin datos', bold: true, margin: [0, 12, 0, 4] } satisfies Content, { ul: [...r.notes], fontSize: 9 } /* a copy: pdfmake turns a list's strings into nodes in place */ satisfies Content] : []),
    ...r.sections.flatMap(section),
    { text: 'Notas', bold: true, fontSize: 12, pageBreak: 'before', margin: [0, 0, 0, 6] },
    ...r.footnotes.map((note, i): Content => ({ columns: [{ text: `${i + 1}.`, width: 18 }, { text: note }], fontSize: 9, margin: [0, 0, 0, 3] })),
  ];
  return {
    pageOrientation: 'landscape',
    pageMargins: [40, 40, 40, 56],
    info: { title: f ? `${f.code} – ${TITLE}` : TITLE, author: r.entityName, subject: quarterLabel(r.quarter), creationDate: new Date(r.generatedAt) },
    footer: pageFooter,
    content,
  };
}

export const renderAnexo3Pdf = (r: QuarterlyReport): Promise<Buffer> => renderPdf(anexo3Definition(r));

/** e.g. informe-trimestral-ministerio-de-cultura-2026-q3.pdf; filed, informe-n-003-2026-oc-mincul-trimestral-2026-q3.pdf */
export const anexo3Filename = (r: QuarterlyReport, format: 'pdf' | 'xlsx'): string =>
  r.filing ? `${slug(r.filing.code)}-trimestral-${slug(r.quarter)}.${format}` : `informe-trimestral-${slug(r.entityName)}-${slug(r.quarter)}.${format}`;
