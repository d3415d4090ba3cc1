/**
 * The people of a fault test: each answers their decision emails as they arrive, from a browser and
 * an address of their own, by the link's confirmation page and its button, as a person would. A
 * "Intente de nuevo" page (503) is tried again a moment later with the same link; every page met on
 * the way is kept, and any page a person should never meet (a 500, a refusal they did not cause) is
 * an anomaly the test shows.
 */
import { createHash } from 'node:crypto';
import type { CapturedMail, SmtpCapture } from '../../../local/smtpCapture';
import { Browser, linkIn, type Fields } from '../browser';
import { linkClaims } from '../mailLinks';

/** A decision email the crowd answers: its subject, the button it presses, and what the step's form needs from the page. */
export interface Answer {
  subject: RegExp;
  button: string;
  fields?: (page: string) => Fields;
}

const valuesOf = (html: string, name: string) => [...html.matchAll(new RegExp(`name="${name}" value="([^"]+)"`, 'g'))].map((m) => m[1]!);

/** Every decision of a rotation (the custodian confirms) and of an account creation (head, SCS, CM, each admin). */
export const ANSWERS: Answer[] = [
  { subject: /^Rotación de credenciales/, button: 'Ya las cambié' },
  { subject: /^Creación de cuenta institucional/, button: 'Aprobar' },
  { subject: /^Informe técnico/, button: 'Acusar recibo' },
  {
    subject: /^Lista de verificación/,
    button: 'Confirmar',
    // Every item done, and the first proposed name as the one registered.
    fields: (page) => ({ items: valuesOf(page, 'items'), chosenName: /<option value="([^"]+)"/.exec(page.slice(page.indexOf('name="chosenName"')))?.[1] ?? '' }),
  },
  { subject: /^Acuerdo de confidencialidad/, button: 'Confirmar firma' },
];

export interface Answered {
  messageId: string;
  subject: string;
  workflowId: string;
  step: string;
  by: string;
  /** The pages met, in order, e.g. `GET 200`, `POST 503`, `GET 200`, `POST 200`. */
  pages: string[];
  /**
   * `recorded`: the page said "Quedó registrado". `earlier`: a try answered 503 but went through, so the
   * next opening found the step decided (by this link: nobody else holds it). `anomaly`: anything else.
   */
  outcome?: 'recorded' | 'earlier' | 'anomaly';
  /** Set when a request of this answer was under way while the worker was down (`Crowd.downSince`). */
  whileWorkerDown?: boolean;
}

export interface Crowd {
  answered(): Answered[];
  /** Answers that ended on a page nobody should meet, each with its pages. */
  anomalies(): string[];
  /** Keeps the next `n` decision emails unanswered until `release`, e.g. to answer them while the worker is dead. */
  holdNext(n: number): void;
  /** Answers the held emails now. */
  release(): void;
  /** How many emails are held now. */
  held(): number;
  /** Marks the worker down (true) or up (false), so answers under way meanwhile say so. */
  workerDown(down: boolean): void;
  /** Resolves once no answer is under way. */
  idle(): Promise<void>;
  /** Stops watching the mailbox once the answers under way have ended. */
  stop(): Promise<void>;
}

const RETRY_MS = 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A private address (10.x.y.z) of one's own per person, so the API's per-address limits see many people, as they are. */
const addressOf = (email: string) => {
  const h = createHash('sha256').update(email).digest();
  return `10.${h[0]}.${h[1]}.${h[2]}`;
};

export interface CrowdOptions {
  apiUrl: string;
  mailbox: SmtpCapture;
  answers?: Answer[];
  /** Decision emails the crowd leaves alone, by the step their link is for, for the test to answer itself. */
  leave?: (step: { workflowId: string; step: string }) => boolean;
}

export function startCrowd(opts: CrowdOptions): Crowd {
  const answers = opts.answers ?? ANSWERS;
  const all: Answered[] = [];
  const seen = new Set<string>();
  const held: Array<() => Promise<void>> = [];
  const running = new Set<Promise<void>>();
  let toHold = 0;
  let down = false;
  let stopped = false;

  async function answer(mail: CapturedMail, rule: Answer): Promise<void> {
    const url = linkIn(mail, rule.button);
    const { workflowId, step, email } = linkClaims(url);
    const a: Answered = { messageId: mail.messageId ?? mail.id, subject: mail.subject, workflowId, step, by: email, pages: [] };
    all.push(a);
    const browser = new Browser(opts.apiUrl, { 'x-forwarded-for': addressOf(email) });
    /** One request, its page kept; one under way while the worker was down says so. */
    const request = async (method: 'GET' | 'POST', fields: Fields = {}) => {
      if (down) a.whileWorkerDown = true;
      const page = method === 'GET' ? await browser.open(url) : await browser.submit(url, fields).then(async (r) => ({ status: r.status, html: await r.text() }));
      if (down) a.whileWorkerDown = true;
      a.pages.push(`${method} ${page.status}${page.status >= 400 ? ` ${/<h1>([^<]*)<\/h1>/.exec(page.html)?.[1] ?? ''}` : ''}`);
      return page;
    };
    const tryAgain = (page: { status: number; html: string }) => page.status === 503 && page.html.includes('Intente de nuevo');
    // A decided step is this link's own doing only after a try that answered 503 (nobody else holds the link).
    const triedBefore = () => a.pages.includes('POST 503 Intente de nuevo');
    try {
      for (;; await sleep(RETRY_MS)) {
        const page = await request('GET');
        if (tryAgain(page)) continue;
        if (page.status === 410 && page.html.includes('Paso ya atendido') && triedBefore()) return void (a.outcome = 'earlier');
        if (page.status !== 200) return void (a.outcome = 'anomaly');
        const posted = await request('POST', rule.fields?.(page.html) ?? {});
        if (posted.status === 200 && posted.html.includes('Quedó registrado')) return void (a.outcome = 'recorded');
        if (tryAgain(posted)) continue;
        if (posted.status === 409 && posted.html.includes('ya fue atendido') && triedBefore()) return void (a.outcome = 'earlier');
        return void (a.outcome = 'anomaly');
      }
    } catch (err) {
      a.pages.push(`failed: ${(err as Error).message}`);
      a.outcome = 'anomaly';
    }
  }

  const idle = async () => {
    while (running.size) await Promise.all([...running]);
  };

  const run = (task: () => Promise<void>) => {
    const p = task().finally(() => running.delete(p));
    running.add(p);
  };

  const watcher = (async () => {
    while (!stopped) {
      for (const mail of opts.mailbox.list()) {
        // A re-sent copy carries the same Message-ID: mail clients show it once, and so it is answered once.
        const key = mail.messageId ?? mail.id;
        if (seen.has(key)) continue;
        seen.add(key);
        const rule = answers.find((r) => r.subject.test(mail.subject));
        if (!rule || !mail.text.includes('/enlace/') || opts.leave?.(linkClaims(linkIn(mail, rule.button)))) continue;
        const task = () => answer(mail, rule);
        if (toHold > 0) {
          toHold--;
          held.push(task);
        } else run(task);
      }
      await sleep(200);
    }
  })();

  return {
    answered: () => all,
    anomalies: () => all.filter((a) => a.outcome === 'anomaly').map((a) => `«${a.subject}» (${a.by}): ${a.pages.join(', ')}`),
    holdNext: (n) => void (toHold += n),
    release: () => {
      toHold = 0;
      for (const task of held.splice(0)) run(task);
    },
    held: () => held.length,
    workerDown: (d) => void (down = d),
    idle,
    async stop() {
      stopped = true;
      await watcher;
      await idle();
    },
  };
}
