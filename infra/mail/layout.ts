/** Renders Custodio's emails in one Spanish layout, as HTML and plain text from the same content. */
export interface EmailContent {
  greeting: string;
  paragraphs: string[];
  summary?: Array<[string, string]>;
  buttons?: Array<{ label: string; url: string }>;
  footnote?: string;
}

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const FOOTER = 'Custodio · Gestión de cuentas institucionales en redes sociales. Este correo no contiene ni solicita contraseñas.';

export function renderEmail(c: EmailContent): { html: string; text: string } {
  const rows = (c.summary ?? [])
    .map(([k, v]) => `<tr><th align="left" style="padding:4px 8px;vertical-align:top;color:#444">${escape(k)}</th><td style="padding:4px 8px">${escape(v)}</td></tr>`)
    .join('');
  const buttons = (c.buttons ?? [])
    .map((b) => `<a href="${escape(b.url)}" style="display:inline-block;margin:4px 8px 4px 0;padding:10px 16px;background:#8a1538;color:#fff;text-decoration:none;border-radius:4px">${escape(b.label)}</a>`)
    .join('');
  const html = `<!doctype html><html lang="es"><body style="font-family:Arial,sans-serif;color:#222;max-width:680px">
<p>${escape(c.greeting)}</p>
${c.paragraphs.map((p) => `<p>${escape(p)}</p>`).join('\n')}
${rows ? `<table style="border-collapse:collapse;border:1px solid #ddd;margin:12px 0">${rows}</table>` : ''}
${buttons ? `<p>${buttons}</p>` : ''}
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
    ...(c.footnote ? [c.footnote, ''] : []),
    FOOTER,
  ].join('\n');
  return { html, text };
}
