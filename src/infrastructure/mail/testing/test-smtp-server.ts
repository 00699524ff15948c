import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type TestSmtpServer = Readonly<{
  url: string;
  /** Every message the server accepted, parsed. */
  received: ParsedMail[];
  /** The next `count` messages are refused with 550 after their data was sent. */
  refuseNext(count: number): void;
  close(): Promise<void>;
}>;

export type TestSmtpServerOptions = Readonly<{
  /**
   * How long the server takes, between having kept a message and telling the client so (drawn at random between the
   * two): a client that dies meanwhile never learns that its message went out, as with a real server.
   */
  acceptDelayMs?: readonly [min: number, max: number];
}>;

const refusal = (): Error => Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 });

/** A real SMTP server on a free port of 127.0.0.1, without TLS or authentication. */
export const startTestSmtpServer = async (options: TestSmtpServerOptions = {}): Promise<TestSmtpServer> => {
  const [minDelay, maxDelay] = options.acceptDelayMs ?? [0, 0];
  const received: ParsedMail[] = [];
  let refusals = 0;
  const server = new SMTPServer({
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    logger: false,
    onData: (stream, _session, callback) => {
      simpleParser(stream).then((mail) => {
        if (refusals > 0) {
          refusals -= 1;
          callback(refusal());
          return;
        }
        received.push(mail);
        if (maxDelay <= 0) callback();
        else setTimeout(callback, minDelay + Math.random() * (maxDelay - minDelay));
      }, callback);
    },
  });
  // A client that dies mid-session (a killed worker) resets its connection: the server lives with it, as real ones do.
  server.on('error', () => undefined);
  const listening = server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    listening.once('listening', resolve);
    listening.once('error', reject);
  });
  const { port } = listening.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuseNext: (count) => {
      refusals = count;
    },
    close: () => new Promise<void>((resolve) => server.close(resolve)),
  };
};
