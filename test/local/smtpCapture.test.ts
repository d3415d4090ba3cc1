import { createMailer } from '../../infra/mailer';
import { startSmtpCapture, type SmtpCapture } from '../../local/smtpCapture';

const mail = (n: number) => ({ messageId: `<m${n}@test>`, to: ['aquispe@cultura.gob.pe'], subject: `Correo ${n}`, html: '<p>hola</p>', text: 'hola' });

describe('the SMTP capture as a relay that goes down', () => {
  let capture: SmtpCapture;
  beforeAll(async () => {
    capture = await startSmtpCapture();
  });
  afterAll(() => capture.stop());

  it('refuses connections while paused, takes mail again on the same port after resume, and keeps what it had', async () => {
    const mailer = createMailer(capture.url, 'Custodio <no-responder@custodio.gob.pe>');
    await mailer.send(mail(1));
    await capture.pause();
    await expect(mailer.send(mail(2))).rejects.toThrow(/ECONNREFUSED/);
    await capture.resume();
    await mailer.send(mail(3));
    expect(capture.list().map((m) => m.subject)).toEqual(['Correo 1', 'Correo 3']);
    mailer.close();
  });

  it('outlives senders that disappear in the middle of a message (a worker killed while sending)', async () => {
    const { connect } = await import('node:net');
    for (let i = 0; i < 2; i++) {
      const socket = connect(capture.port, '127.0.0.1');
      const answered = () => new Promise((r) => socket.once('data', r));
      await answered();
      for (const command of ['EHLO worker', 'MAIL FROM:<no-responder@custodio.gob.pe>', 'RCPT TO:<aquispe@cultura.gob.pe>', 'DATA']) {
        socket.write(`${command}\r\n`);
        await answered();
      }
      socket.write('Subject: a medias\r\n');
      await new Promise((r) => setTimeout(r, 50));
      socket.resetAndDestroy();
      await new Promise((r) => setTimeout(r, 200));
    }
    const mailer = createMailer(capture.url, 'Custodio <no-responder@custodio.gob.pe>');
    await mailer.send(mail(4));
    expect(capture.list().map((m) => m.subject)).toContain('Correo 4');
    mailer.close();
  });
});
