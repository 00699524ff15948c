import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';

export type ReceivedMessage = Readonly<{ event: string; args: unknown[] }>;

/** A client socket that records every message it receives, in order. */
export type RecordingClient = Readonly<{
  socket: Socket;
  received: ReceivedMessage[];
  /**
   * Resolves with the arguments of the first matching message among those received after the first `after` ones
   * (default: all, including those already in), or rejects after `timeoutMs`.
   */
  waitFor: (event: string, matches?: (...args: unknown[]) => boolean, options?: WaitOptions) => Promise<unknown[]>;
  close: () => void;
}>;

type WaitOptions = Readonly<{ after?: number; timeoutMs?: number }>;

type ClientOptions = Partial<ManagerOptions & SocketOptions>;

const record = (socket: Socket): RecordingClient => {
  const received: ReceivedMessage[] = [];
  const waiters = new Set<(message: ReceivedMessage) => void>();
  socket.onAny((event: string, ...args: unknown[]) => {
    const message = { event, args };
    received.push(message);
    for (const waiter of [...waiters]) waiter(message);
  });
  const waitFor = (event: string, matches: (...args: unknown[]) => boolean = () => true, { after = 0, timeoutMs = 30_000 }: WaitOptions = {}) =>
    new Promise<unknown[]>((resolve, reject) => {
      const hit = (message: ReceivedMessage) => message.event === event && matches(...message.args);
      const seen = received.slice(after).find(hit);
      if (seen) return resolve(seen.args);
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`no "${event}" message within ${timeoutMs} ms; received ${JSON.stringify(received)}`));
      }, timeoutMs);
      const waiter = (message: ReceivedMessage) => {
        if (!hit(message)) return;
        clearTimeout(timer);
        waiters.delete(waiter);
        resolve(message.args);
      };
      waiters.add(waiter);
    });
  return { socket, received, waitFor, close: () => void socket.disconnect() };
};

const open = (url: string, options: ClientOptions): Socket => io(url, { transports: ['websocket'], reconnection: false, forceNew: true, ...options });

/** Connects and records; rejects with the server's connect_error. */
export const connectClient = async (url: string, options: ClientOptions): Promise<RecordingClient> => {
  const socket = open(url, options);
  const client = record(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => {
      socket.disconnect();
      reject(error);
    });
  });
  return client;
};

/** The connect_error of a connection the server should refuse. */
export const refusal = async (url: string, options: ClientOptions): Promise<Error> => {
  const socket = open(url, options);
  try {
    return await new Promise<Error>((resolve, reject) => {
      socket.once('connect', () => reject(new Error('the server accepted the connection')));
      socket.once('connect_error', resolve);
    });
  } finally {
    socket.disconnect();
  }
};
