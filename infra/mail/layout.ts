/** Renders Custodio's emails in one Spanish layout, as HTML and plain text from the same content. */
export interface EmailContent {
  greeting: string;
  paragraphs: string[];
  summary?: Array<[string, string]>;
  buttons?: Array<{ label: string; url: string; emphasis?: 'primary' | 'secondary' | 'danger' }>;
  /** The process's status page, below the buttons: every email says where its process stands. */
  statusLink?: { label: string; url: string };
  footnote?: string;
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

export function renderEmail(c: EmailContent): { html: string; text: string } {
  const rows = (c.summary ?? [])
    .map(([k, v]) => `<tr><th align="left" style="padding:4px 8px;vertical-align:top;color:#444">${escape(k)}</th><td style="padding:4px 8px">${escape(v)}</td></tr>`)
    .join('');
  const buttons = (c.buttons ?? [])
    .map((b) => `<a href="${escape(b.url)}" style="display:inline-block;margin:4px 8px 4px 0;padding:8px 14px;${BUTTON_STYLES[b.emphasis ?? 'primary']};text-decoration:none;border-radius:4px;font-weight:bold">${escape(b.label)}</a>`)
    .join('');
  const html = `<!doctype html><html lang="es"><body style="font-family:Arial,sans-serif;color:#222;max-width:680px">
<p>${escape(c.greeting)}</p>
${c.paragraphs.map((p) => `<p>${escape(p)}</p>`).join('\n')}
${rows ? `<table style="border-collapse:collapse;border:1px solid #ddd;margin:12px 0">${rows}</table>` : ''}
${buttons ? `<p>${buttons}</p>` : ''}
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
    ...(c.statusLink ? [`${c.statusLink.label}:`, c.statusLink.url, ''] : []),
    ...(c.footnote ? [c.footnote, ''] : []),
    FOOTER,
  ].join('\n');
  return { html, text };
}
