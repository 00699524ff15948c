import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import type { Latency } from './measure';

export type ChatPair = Readonly<{ senderToken: string; receiverToken: string; receiverId: string; receiverUsername: string }>;

/**
 * `POST /api/v1/chat/message` to `postUrl` at a fixed rate, the pairs taking turns, open loop; each receiver's socket,
 * connected to `socketUrl` (another process), waits for its `message received`.
 */
export type ChatDeliveryJob = Readonly<{
  postUrl: string;
  socketUrl: string;
  pairs: ChatPair[];
  ratePerSecond: number;
  durationSec: number;
  /** How long to wait after the last answer for messages still on their way. */
  settleMs: number;
}>;

export type ChatDeliveryResult = Readonly<{
  messages: number;
  pairs: number;
  /** By HTTP status; 0 counts requests that got no answer (a network error or the client's 30 s timeout). */
  statuses: Record<string, number>;
  /** From sending the POST to its answer (200 only). */
  answered: Latency;
  /** From sending the POST to `message received` at the receiver's socket. */
  delivery: Latency;
  /** Accepted (200) messages that never reached their receiver within the settle time. */
  missing: number;
  /** Each message's body is `${tag} #${n}`; its times in ms since the epoch, null when it did not happen. */
  tag: string;
  perMessage: Array<Readonly<{ sentAt: number; answeredAt: number | null; receivedAt: number | null }>>;
}>;

type Reply = { ready: true } | { ok: true; result: ChatDeliveryResult } | { ok: false; error: string };

export type ChatLoadClient = Readonly<{ pid: number; delivery(job: ChatDeliveryJob): Promise<ChatDeliveryResult>; stop(): Promise<void> }>;

/** Starts bench/chat-load-client.ts as a child process (node --import tsx), which runs one job at a time. */
export const startChatLoadClient = async (): Promise<ChatLoadClient> => {
  const child: ChildProcess = fork(resolve(__dirname, 'chat-load-client.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiters: Array<(reply: Reply) => void> = [];
  child.on('message', (reply: Reply) => waiters.shift()?.(reply));
  child.on('exit', () => {
    for (const waiter of waiters.splice(0)) waiter({ ok: false, error: 'the chat load client exited' });
  });
  const next = () => new Promise<Reply>((resolveReply) => waiters.push(resolveReply));
  const ready = await next();
  if (!('ready' in ready)) throw new Error(`the chat load client did not start: ${ready.ok ? '' : ready.error}`);
  return {
    pid: child.pid!,
    delivery: async (job) => {
      const reply = next();
      child.send(job);
      const answer = await reply;
      if ('ready' in answer) throw new Error('unexpected message from the chat load client');
      if (!answer.ok) throw new Error(`chat load client: ${answer.error}`);
      return answer.result;
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill();
      await exited;
    },
  };
};
