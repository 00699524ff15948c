/*
 * The sender and receivers of the chat delivery benchmark, in a process of their own (started by
 * bench/chat-load-clients.ts), so that the load generator shares no event loop with the processes it measures. Every
 * duration is measured here, on this process's clock.
 */
import type { ChatDeliveryJob, ChatDeliveryResult } from './chat-load-clients';
import { connectSocket, serveJobs } from './load-helpers';
import { latencyOf, now, round } from './measure';

const REQUEST_TIMEOUT_MS = 30_000;

const runDelivery = async (job: ChatDeliveryJob): Promise<ChatDeliveryResult> => {
  const sockets = await Promise.all(job.pairs.map((pair) => connectSocket(job.socketUrl, pair.receiverToken)));
  const tag = `chat-${process.pid}-${Date.now().toString(36)}`;
  const numbered = new RegExp(`^${tag} #(\\d+)$`);
  const count = job.ratePerSecond * job.durationSec;
  const sentAt = new Array<number>(count);
  const answeredAt = new Array<number | null>(count).fill(null);
  const receivedAt = new Array<number | null>(count).fill(null);
  const statuses: Record<string, number> = {};
  for (const socket of sockets)
    socket.on('message received', (message: { body?: string }) => {
      const match = numbered.exec(message.body ?? '');
      if (match) receivedAt[Number(match[1])] ??= now();
    });

  const send = async (n: number) => {
    const pair = job.pairs[n % job.pairs.length]!;
    sentAt[n] = now();
    const response = await fetch(`${job.postUrl}/api/v1/chat/message`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${pair.senderToken}` },
      body: JSON.stringify({
        receiverId: pair.receiverId,
        receiverUsername: pair.receiverUsername,
        receiverAvatarColor: '#2196f3',
        receiverProfilePicture: '',
        body: `${tag} #${n}`,
      }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    }).catch(() => null);
    await response?.arrayBuffer().catch(() => undefined);
    const status = response?.status ?? 0;
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status === 200) answeredAt[n] = now();
  };
  const started = now();
  const inFlight: Array<Promise<void>> = [];
  for (let n = 0; n < count; n++) {
    const due = started + (n * 1000) / job.ratePerSecond;
    if (due > now()) await new Promise((resolve) => setTimeout(resolve, due - now()));
    inFlight.push(send(n));
  }
  await Promise.all(inFlight);
  const accepted = () => answeredAt.filter((at) => at !== null).length;
  const delivered = () => receivedAt.filter((at, n) => at !== null && answeredAt[n] !== null).length;
  const settleUntil = now() + job.settleMs;
  while (now() < settleUntil && delivered() < accepted()) await new Promise((resolve) => setTimeout(resolve, 50));
  for (const socket of sockets) socket.disconnect();

  const answered: number[] = [];
  const delivery: number[] = [];
  for (let n = 0; n < count; n++) {
    const [answer, received] = [answeredAt[n], receivedAt[n]];
    if (answer === null || answer === undefined) continue;
    answered.push(answer - sentAt[n]!);
    if (received !== null && received !== undefined) delivery.push(received - sentAt[n]!);
  }
  const epoch = (at: number | null | undefined) => (at === null || at === undefined ? null : round(performance.timeOrigin + at, 3));
  return {
    messages: count,
    pairs: job.pairs.length,
    statuses,
    answered: latencyOf(answered),
    delivery: latencyOf(delivery),
    missing: answered.length - delivery.length,
    tag,
    perMessage: sentAt.map((at, n) => ({ sentAt: epoch(at)!, answeredAt: epoch(answeredAt[n]), receivedAt: epoch(receivedAt[n]) })),
  };
};

serveJobs(runDelivery);
