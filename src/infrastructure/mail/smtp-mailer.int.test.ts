import { SmtpMailer } from './smtp-mailer';
import { startTestSmtpServer, type TestSmtpServer } from './testing/test-smtp-server';

const message = {
  to: 'ada@example.com',
  subject: 'Reset your password',
  html: '<p>Hello Ada</p>',
  text: 'Hello Ada',
  messageId: '<0123456789abcdef@chatty.test>',
};

describe('SmtpMailer', () => {
  let server: TestSmtpServer;
  let mailer: SmtpMailer;

  beforeEach(async () => {
    server = await startTestSmtpServer();
    mailer = new SmtpMailer(server.url, 'Chatty App <no-reply@chatty.test>');
  });
  afterEach(async () => {
    await mailer.close();
    await server.close();
  });

  it('delivers the message from MAIL_FROM to the recipient, with both bodies and the Message-ID it was given', async () => {
    const { messageId } = await mailer.send(message);
    expect(messageId).toBe('<0123456789abcdef@chatty.test>');
    expect(server.received).toHaveLength(1);
    const [mail] = server.received;
    expect(mail?.messageId).toBe('<0123456789abcdef@chatty.test>');
    expect(mail?.from?.value).toEqual([{ name: 'Chatty App', address: 'no-reply@chatty.test' }]);
    expect(mail?.to).toMatchObject({ text: 'ada@example.com' });
    expect(mail?.subject).toBe('Reset your password');
    expect(mail?.html).toBe('<p>Hello Ada</p>');
    expect(mail?.text).toBe('Hello Ada');
  });

  it('makes Message-IDs in the domain of MAIL_FROM', async () => {
    expect(mailer.senderDomain).toBe('chatty.test');
    const plain = new SmtpMailer(server.url, 'no-reply@Example.org');
    expect(plain.senderDomain).toBe('example.org');
    await plain.close();
  });

  it('rejects when the server refuses the message', async () => {
    server.refuseNext(1);
    await expect(mailer.send(message)).rejects.toMatchObject({ responseCode: 550 });
    expect(server.received).toHaveLength(0);
  });
});
