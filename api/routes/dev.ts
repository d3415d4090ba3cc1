import { Router } from 'express';
import { page } from '../render';

/** A message of the local run's mailbox, as `GET /dev/mail` returns it. */
export interface DevMail {
  id: string;
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  html: string;
  attachments: Array<{ filename: string; contentType: string; size: number }>;
  date: string;
}

/** The mailbox these pages read; the local run's SMTP capture (local/smtpCapture.ts) is one. */
export interface DevMailbox {
  list(): DevMail[];
  attachment(id: string, index: number): { filename: string; contentType: string; content: Buffer } | undefined;
}

/** Local run only: the captured mailbox as a page and as JSON (`GET /dev/mail`). */
export function devMailRoutes(mailbox: DevMailbox): Router {
  const router = Router();
  router.get('/mail', (_req, res) => {
    res.json(mailbox.list().map(({ id, to, cc, subject, text, html, attachments, date, from }) => ({ id, from, to, cc, subject, text, html, attachments, date })));
  });
  router.get('/mail/:id/adjuntos/:n', (req, res) => {
    const file = mailbox.attachment(req.params.id, Number(req.params.n));
    if (!file) {
      res.status(404).json({ error: { code: 'not_found', message: 'No existe ese adjunto.' } });
      return;
    }
    res.type(file.contentType).attachment(file.filename).send(file.content);
  });
  router.get('/buzon', (_req, res) => {
    // Links inside the sandboxed preview must open in the whole window, not inside the frame.
    const messages = mailbox.list().reverse().map((m) => ({ ...m, html: `<base target="_top">${m.html}` }));
    page(res, 200, 'mailbox', { title: 'Buzón', messages });
  });
  return router;
}
