/** Renders Custodio's emails in one Spanish layout, as HTML and plain text from the same content. */
export interface EmailContent {
  greeting: string;
  paragraphs: string[];
  summary?: Array<[string, string]>;
  buttons?: EmailButton[];
  /** Several matters in one email (a digest): each under its heading, with its own table, buttons and page. */
  sections?: EmailSection[];
  /** The process's status page, below the buttons: every email says where its process stands. */
  statusLink?: { label: string; url: string };
  footnote?: string;
}

export interface EmailButton {
  label: string;
  url: string;
  emphasis?: 'primary' | 'secondary' | 'danger';
}

export interface EmailSection {
  heading: string;
  summary: Array<[string, string]>;
  buttons: EmailButton[];
  link?: { label: string; url: string };
}

// Inline styles: mail clients ignore style sheets. Colours keep 4.5:1 contrast on white.
const BUTTON_STYLES = {
  primary: 'background:#8a1538;color:#fff;border:2px solid #8a1538',
  secondary: 'background:#fff;color:#8a1538;border:2px solid #8a1538',
  danger: 'background:#fff;color:#b3261e;border:2px solid #b3261e',
} as const;

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const FOOTER = 'Custodio · Gestión de cuentas institucionales en redes sociales. Este correo no contiene ni solicita contraseñas.';

const table = (summary: Array<[string, string]>) => {
  const rows = summary
    .map(([k, v]) => `<tr><th align="left" style="padding:4px 8px;vertical-align:top;color:#444">${escape(k)}</th><td style="padding:4px 8px">${escape(v)}</td></tr>`)
    .join('');
  return rows ? `<table style="border-collapse:collapse;border:1px solid #ddd;margin:12px 0">${rows}</table>` : '';
};
const buttonRow = (buttons: EmailButton[]) => {
  const links = buttons
    .map((b) => `<a href="${escape(b.url)}" style="display:inline-block;margin:4px 8px 4px 0;padding:8px 14px;${BUTTON_STYLES[b.emphasis ?? 'primary']};text-decoration:none;border-radius:4px;font-weight:bold">${escape(b.label)}</a>`)
    .join('');
  return links ? `<p>${links}</p>` : '';
};
const sectionHtml = (s: EmailSection) =>
  `<h2 style="font-size:16px;margin:20px 0 4px;border-top:1px solid #ddd;padding-top:12px">${escape(s.heading)}</h2>
${table(s.summary)}
${buttonRow(s.buttons)}
${s.link ? `<p><a href="${escape(s.link.url)}">${escape(s.link.label)}</a></p>` : ''}`;
const sectionText = (s: EmailSection) => [
  `== ${s.heading} ==`,
  ...s.summary.map(([k, v]) => `${k}: ${v}`),
  '',
  ...s.buttons.flatMap((b) => [`${b.label}:`, b.url, '']),
  ...(s.link ? [`${s.link.label}:`, s.link.url, ''] : []),
];

export function renderEmail(c: EmailContent): { html: string; text: string } {
  const html = `<!doctype html><html lang="es"><body style="font-family:Arial,sans-serif;color:#222;max-width:680px">
<p>${escape(c.greeting)}</p>
${c.paragraphs.map((p) => `<p>${escape(p)}</p>`).join('\n')}
${table(c.summary ?? [])}
${buttonRow(c.buttons ?? [])}
${(c.sections ?? []).map(sectionHtml).join('\n')}
${c.statusLink ? `<p><a href="${escape(c.statusLink.url)}">${escape(c.statusLink.label)}</a></p>` : ''}
${c.footnote ? `<p style="font-size:12px;color:#555">${escape(c.footnote)}</p>` : ''}
<p style="font-size:11px;color:#777">${escape(FOOTER)}</p>
</body></html>`;
  const text = [
    c.greeting,
    '',
    ...c.paragraphs.flatMap((p) => [p, '']),
    ...(c.summary ?? []).map(([k, v]) => `${k}: ${v}`),
    ...(c.summary?.length ? [''] : []),
    ...(c.buttons ?? []).flatMap((b) => [`${b.label}:`, b.url, '']),
    ...(c.sections ?? []).flatMap(sectionText),
    ...(c.statusLink ? [`${c.statusLink.label}:`, c.statusLink.url, ''] : []),
    ...(c.footnote ? [c.footnote, ''] : []),
    FOOTER,
  ].join('\n');
  return { html, text };
}
