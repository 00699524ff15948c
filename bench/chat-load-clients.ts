import { startJobClient } from './load-clients';
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

export type ChatLoadClient = Readonly<{ pid: number; delivery(job: ChatDeliveryJob): Promise<ChatDeliveryResult>; stop(): Promise<void> }>;

/** Starts bench/chat-load-client.ts as a child process (node --import tsx), which runs one job at a time. */
export const startChatLoadClient = async (): Promise<ChatLoadClient> => {
  const client = await startJobClient<ChatDeliveryJob, ChatDeliveryResult>('chat-load-client.ts');
  return { pid: client.pid, delivery: (job) => client.run(job), stop: () => client.stop() };
};
