import type { Db } from 'mongodb';
import { findLogHead } from '@infrastructure/event-store/log-documents';
import { LOG_DOCS_PER_SEGMENT, segmentOf } from '@infrastructure/event-store/storage-layout';
import type { ChatDeliveryResult } from './chat-load-clients';
import { latencyOf, type Latency } from './measure';

/**
 * Where a message's time went, split at the moment the sequencer put it in the global log (`sequencedAt` of its log
 * document, a millisecond clock, compared with the load client's clock on the same machine), as bench/delivery-stages.ts
 * does for posts.
 */
export type ChatStages = Readonly<{
  messagesFound: number;
  /** From sending the POST to the message in the log: the checks, the append, then the sequencer. */
  sentToLog: Latency;
  /** From the answer to the message in the log: the sequencer's delay after the append was acknowledged. */
  answeredToLog: Latency;
  /** From the log to `message received`: the projection, the realtime consumer, Redis and the other api process. */
  logToReceiver: Latency;
  /** Messages in the log that never reached their receiver's socket (whether or not their POST was answered). */
  neverReceived: number;
  /**
   * Of those, how many were passed over: a message after them in the log was received. One consumer emits in log order
   * through one Redis connection, so these were never emitted, not late.
   */
  passedOver: number;
}>;

const segmentNo = (docNo: number): number => Math.floor((docNo - 1) / LOG_DOCS_PER_SEGMENT);

type Sequenced = Readonly<{ at: number; globalPosition: number }>;

/** When and where each numbered message of the run was sequenced (ms since the epoch), from the log documents after `afterDocNo`. */
const sequencedTimes = async (db: Db, afterDocNo: number, tag: string): Promise<Map<number, Sequenced>> => {
  const numbered = new RegExp(`^${tag} #(\\d+)$`);
  const head = await findLogHead(db);
  const times = new Map<number, Sequenced>();
  for (let segment = segmentNo(afterDocNo + 1); segment <= segmentNo(head.docNo); segment++) {
    const docs = await segmentOf(db, segment * LOG_DOCS_PER_SEGMENT + 1)
      .find({ docNo: { $gt: afterDocNo } })
      .toArray();
    for (const doc of docs) {
      let globalPosition = doc.firstPos;
      for (const commit of doc.commits)
        for (const event of commit.events) {
          const match = event.type === 'ChatMessageSent' ? numbered.exec((JSON.parse(event.data) as { body: string }).body) : null;
          if (match) times.set(Number(match[1]), { at: doc.sequencedAt.getTime(), globalPosition });
          globalPosition++;
        }
    }
  }
  return times;
};

export const chatStages = async (db: Db, afterDocNo: number, result: ChatDeliveryResult): Promise<ChatStages> => {
  const sequenced = await sequencedTimes(db, afterDocNo, result.tag);
  const sentToLog: number[] = [];
  const answeredToLog: number[] = [];
  const logToReceiver: number[] = [];
  result.perMessage.forEach((message, n) => {
    const { at } = sequenced.get(n) ?? {};
    if (at === undefined) return;
    sentToLog.push(at - message.sentAt);
    if (message.answeredAt !== null) answeredToLog.push(at - message.answeredAt);
    if (message.receivedAt !== null) logToReceiver.push(message.receivedAt - at);
  });
  const inLog = [...sequenced].map(([n, { globalPosition }]) => ({ globalPosition, received: result.perMessage[n]?.receivedAt != null }));
  const lastReceived = Math.max(0, ...inLog.filter(({ received }) => received).map(({ globalPosition }) => globalPosition));
  const neverReceived = inLog.filter(({ received }) => !received);
  return {
    messagesFound: sequenced.size,
    sentToLog: latencyOf(sentToLog),
    answeredToLog: latencyOf(answeredToLog),
    logToReceiver: latencyOf(logToReceiver),
    neverReceived: neverReceived.length,
    passedOver: neverReceived.filter(({ globalPosition }) => globalPosition < lastReceived).length,
  };
};
