/**
 * A person at a browser, for tests over real HTTP: keeps cookies, reads the CSRF token of the last
 * page it opened, and signs in by following the link from the captured email.
 */
import type { CapturedMail, SmtpCapture } from '../../local/smtpCapture';

export type Fields = Record<string, string | string[]>;

export function formBody(fields: Fields): URLSearchParams {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
  return body;
}

/** The link behind a button label in an email's plain-text part. */
export function linkIn(mail: CapturedMail, label: string): string {
  const match = new RegExp(`${label}:\\n(\\S+)`).exec(mail.text);
  if (!match) throw new Error(`no "${label}" link in "${mail.subject}"`);
  return match[1]!;
}

/** The link labelled `label` under the heading `heading` of a digest (one email, several matters, each with its own links). */
export function linkInSection(mail: CapturedMail, heading: string, label: string): string {
  const start = mail.text.indexOf(`== ${heading} ==`);
  if (start < 0) throw new Error(`no section "${heading}" in "${mail.subject}"`);
  const end = mail.text.indexOf('\n== ', start + 1);
  return linkIn({ ...mail, text: mail.text.slice(start, end < 0 ? undefined : end) }, label);
}

export class Browser {
  private readonly jar = new Map<string, string>();
  /** The CSRF token of the last page opened. */
  csrf = '';

  /** `headers` go with every request, e.g. `x-forwarded-for` to come from an address of one's own (the API trusts its loopback proxy). */
  constructor(
    readonly baseUrl: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  private url = (path: string) => (path.startsWith('http') ? path : `${this.baseUrl}${path}`);

  private remember(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (!value || /expires=Thu, 01 Jan 1970/i.test(line)) this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }

  get cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  cookie(name: string): string | undefined {
    return this.jar.get(name);
  }

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    for (const [k, v] of Object.entries(this.headers)) if (!headers.has(k)) headers.set(k, v);
    if (this.jar.size) headers.set('cookie', this.cookieHeader);
    const res = await fetch(this.url(path), { redirect: 'manual', ...init, headers });
    this.remember(res);
    return res;
  }

  /** GETs a page and keeps its CSRF token. */
  async open(path: string): Promise<{ status: number; html: string }> {
    const res = await this.fetch(path);
    const html = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html);
    if (token) this.csrf = token[1]!;
    return { status: res.status, html };
  }

  /** POSTs a form with the CSRF token of the last page opened, as the page's own form would. */
  async submit(path: string, fields: Fields = {}): Promise<Response> {
    return this.fetch(path, { method: 'POST', body: formBody({ _csrf: this.csrf, ...fields }) });
  }

  /** POSTs a multipart form with one file and the CSRF token of the last page opened (an upload form). */
  async upload(path: string, field: string, file: { name: string; type: string; data: Buffer }, fields: Record<string, string> = {}): Promise<Response> {
    const body = new FormData();
    body.set('_csrf', this.csrf);
    for (const [k, v] of Object.entries(fields)) body.set(k, v);
    body.set(field, new Blob([new Uint8Array(file.data)], { type: file.type }), file.name);
    return this.fetch(path, { method: 'POST', body });
  }

  /** Opens a page, then posts its form: what a person does with an emailed link. */
  async follow(path: string, fields: Fields = {}): Promise<{ status: number; html: string; location: string | null }> {
    await this.open(path);
    const res = await this.submit(path, fields);
    return { status: res.status, html: await res.text(), location: res.headers.get('location') };
  }

  /** JSON API call with this browser's session; unsafe methods carry the CSRF header. */
  async api(method: string, path: string, body?: unknown): Promise<{ status: number; json: any; text: string }> {
    if (!this.csrf && method !== 'GET') await this.open('/');
    const res = await this.fetch(path, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text };
  }

  /** Asks for a sign-in link, takes it from the mailbox and uses it. */
  async signIn(email: string, mailbox: SmtpCapture): Promise<void> {
    const seen = new Set(mailbox.list().map((m) => m.id));
    await this.open('/ingresar');
    const asked = await this.submit('/ingresar', { email });
    if (asked.status !== 200) throw new Error(`sign-in request for ${email} answered ${asked.status}`);
    const mail = await mailbox.waitFor((m) => m.to.includes(email) && m.subject.includes('ingresar') && !seen.has(m.id));
    const used = await this.follow(linkIn(mail, 'Ingresar a Custodio'));
    if (used.status !== 303) throw new Error(`sign-in link for ${email} answered ${used.status}: ${used.html.slice(0, 300)}`);
    await this.open('/');
  }
}
