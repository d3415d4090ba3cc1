import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type AddressObject } from 'mailparser';
import type { DevMail } from '../api/routes/dev';
import { freePort } from './ports';

/** A captured message: what the dev mailbox lists (`GET /dev/mail`), and its Message-ID. */
export interface CapturedMail extends DevMail {
  messageId?: string;
}

interface Stored extends CapturedMail {
  /** Attachment bytes, base64, kept out of the JSON listing. */
  files: string[];
}

/** What a load run learns of each message without parsing it (see `keep` in `startSmtpCapture`). */
export interface ArrivedMail {
  messageId?: string;
  /** Envelope recipients (RCPT TO), lowercase. */
  recipients: string[];
  bytes: number;
  /** `Date.now()` when the message was received, before the server acknowledges it. */
  receivedAt: number;
  /** The whole message as it came (MIME, undecoded), with `keep: 'raw'`: a load run reads the links in a digest. */
  raw?: string;
}

/** Told of each message before its sender is answered; the answer waits for a promise it returns. */
export type OnArrival = (m: ArrivedMail) => void | Promise<unknown>;

export interface SmtpCapture {
  url: string;
  port: number;
  list(): CapturedMail[];
  attachment(id: string, index: number): { filename: string; contentType: string; content: Buffer } | undefined;
  /** Resolves with the first message (already captured or arriving) that matches, or rejects after the timeout. */
  waitFor(match: (m: CapturedMail) => boolean, timeoutMs?: number): Promise<CapturedMail>;
  clear(): void;
  /**
   * Answers RCPT TO for this address with a refusal from now on, as a disabled mailbox would: a 5xx code
   * is permanent (the default 550), a 4xx one temporary. `accept` lifts it.
   */
  refuse(address: string, code?: number): void;
  accept(address: string): void;
  /**
   * Takes the relay down, as an outage would: the port refuses connections (open sessions get a 421)
   * until `resume` listens on it again. Captured mail is kept.
   */
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
}

const addresses = (a: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value.map((v) => (v.address ?? '').toLowerCase()));

/**
 * An SMTP server that accepts every message and keeps it, for the local run and the tests.
 * With `file`, messages are appended as JSON lines and reloaded on start, so the mailbox survives restarts.
 * `onArrival` sees every message as it arrives, before the sender is answered; a promise it returns holds
 * the answer until it settles (a fault test acts in the instant the relay has a message its sender does
 * not yet know was taken). With `keep: false` messages are neither parsed nor kept (`list()` stays
 * empty), so a load run can count thousands of them cheaply; `keep: 'raw'` also hands `onArrival` the
 * unparsed message, and keeps nothing either.
 */
export async function startSmtpCapture(opts: { port?: number; file?: string; keep?: boolean | 'raw'; onArrival?: OnArrival } = {}): Promise<SmtpCapture> {
  const port = opts.port ?? (await freePort());
  const messages: Stored[] = [];
  const waiters = new Set<() => void>();
  if (opts.file && existsSync(opts.file)) {
    for (const line of readFileSync(opts.file, 'utf8').split('\n')) if (line.trim()) messages.push(JSON.parse(line) as Stored);
  }
  let seq = messages.length;

  const refused = new Map<string, number>();
  const newServer = () => new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // Sessions still open when it closes (a pause, the end) are cut after a second, not the default 30.
    closeTimeout: 1000,
    onRcptTo(address, _session, callback) {
      const code = refused.get(address.address.toLowerCase());
      if (code === undefined) return callback();
      callback(Object.assign(new Error(code >= 500 ? 'Mailbox unavailable' : 'Try again later'), { responseCode: code }));
    },
    onData(stream, session, callback) {
      const recipients = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
      if (opts.keep === false || opts.keep === 'raw') {
        // Only the header block is looked at, for the Message-ID; the body is drained unread (or handed over raw).
        const raw = opts.keep === 'raw';
        let head = '';
        stream.on('data', (chunk: Buffer) => {
          if (raw || (head.length < 65_536 && !head.includes('\r\n\r\n'))) head += chunk.toString('latin1');
        });
        stream.on('end', () => {
          const headers = head.split('\r\n\r\n')[0]!.replace(/\r\n[ \t]+/g, ' ');
          const messageId = /^message-id:\s*(\S+)/im.exec(headers)?.[1];
          const held = opts.onArrival?.({
            ...(messageId ? { messageId } : {}), recipients, bytes: (stream as { byteLength?: number }).byteLength ?? 0, receivedAt: Date.now(), ...(raw ? { raw: head } : {}),
          });
          void Promise.resolve(held).then(() => callback(), (err: Error) => callback(err));
        });
        return;
      }
      simpleParser(stream)
        .then((parsed) => {
          const stored: Stored = {
            id: String(++seq),
            ...(parsed.messageId ? { messageId: parsed.messageId } : {}),
            from: addresses(parsed.from)[0] ?? '',
            to: addresses(parsed.to),
            cc: addresses(parsed.cc),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            attachments: parsed.attachments.map((a) => ({ filename: a.filename ?? 'adjunto', contentType: a.contentType, size: a.size })),
            date: (parsed.date ?? new Date()).toISOString(),
            files: parsed.attachments.map((a) => a.content.toString('base64')),
          };
          messages.push(stored);
          if (opts.file) {
            mkdirSync(dirname(opts.file), { recursive: true });
            appendFileSync(opts.file, JSON.stringify(stored) + '\n');
          }
          for (const wake of waiters) wake();
          return opts.onArrival?.({ ...(parsed.messageId ? { messageId: parsed.messageId } : {}), recipients, bytes: (stream as { byteLength?: number }).byteLength ?? 0, receivedAt: Date.now() });
        })
        .then(() => callback(), (err: Error) => callback(err));
    },
  });
  const listen = (server: SMTPServer) =>
    new Promise<SMTPServer>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        // A sender that dies mid-message (a worker killed while sending) breaks only its own session;
        // unheard, the server's 'error' event would end this process.
        server.on('error', () => undefined);
        resolve(server);
      });
    });
  const close = (server: SMTPServer | undefined) => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  let server: SMTPServer | undefined = await listen(newServer());
  const down = async () => {
    const s = server;
    server = undefined;
    await close(s);
  };

  const view = ({ files: _files, ...m }: Stored): CapturedMail => m;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    list: () => messages.map(view),
    attachment(id, index) {
      const m = messages.find((x) => x.id === id);
      const meta = m?.attachments[index];
      const file = m?.files[index];
      return meta && file ? { filename: meta.filename, contentType: meta.contentType, content: Buffer.from(file, 'base64') } : undefined;
    },
    waitFor(match, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.map(view).find(match);
          if (!found) return false;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching email within ${timeoutMs} ms; captured: ${messages.map((m) => m.subject).join(' | ')}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    clear: () => void messages.splice(0),
    refuse: (address, code = 550) => void refused.set(address.toLowerCase(), code),
    accept: (address) => void refused.delete(address.toLowerCase()),
    pause: down,
    async resume() {
      server ??= await listen(newServer());
    },
    stop: down,
  };
}
