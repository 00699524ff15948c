import type { Db } from 'mongodb';
import { findLogHead } from '@infrastructure/event-store/log-documents';
import { LOG_DOCS_PER_SEGMENT, segmentOf } from '@infrastructure/event-store/storage-layout';
import type { DeliveryResult } from './load-clients';
import { latencyOf, type Latency } from './measure';

/**
 * Where a delivery's time went, split at the moment the sequencer put the post in the global log (`sequencedAt` of
 * its log document, a millisecond clock, compared with the load client's clock on the same machine).
 */
export type DeliveryStages = Readonly<{
  postsFound: number;
  /** From sending the POST to the post in the log: the append, then the sequencer. */
  sentToLog: Latency;
  /** From the 201 to the post in the log: the sequencer's delay after the append was acknowledged. */
  answeredToLog: Latency;
  /** From the log to the first reader's `add post`: projections, the realtime consumer, Socket.IO. */
  logToFirstReader: Latency;
}>;

const segmentNo = (docNo: number): number => Math.floor((docNo - 1) / LOG_DOCS_PER_SEGMENT);

/** When each numbered post of the run was sequenced (ms since the epoch), from the log documents after `afterDocNo`. */
const sequencedTimes = async (db: Db, afterDocNo: number, tag: string): Promise<Map<number, number>> => {
  const numbered = new RegExp(`^${tag} #(\\d+)$`);
  const head = await findLogHead(db);
  const times = new Map<number, number>();
  for (let segment = segmentNo(afterDocNo + 1); segment <= segmentNo(head.docNo); segment++) {
    const docs = await segmentOf(db, segment * LOG_DOCS_PER_SEGMENT + 1)
      .find({ docNo: { $gt: afterDocNo } })
      .toArray();
    for (const doc of docs)
      for (const commit of doc.commits)
        for (const event of commit.events) {
          if (event.type !== 'PostCreated') continue;
          const match = numbered.exec((JSON.parse(event.data) as { post: string }).post);
          if (match) times.set(Number(match[1]), doc.sequencedAt.getTime());
        }
  }
  return times;
};

export const deliveryStages = async (db: Db, afterDocNo: number, result: DeliveryResult): Promise<DeliveryStages> => {
  const sequenced = await sequencedTimes(db, afterDocNo, result.tag);
  const sentToLog: number[] = [];
  const answeredToLog: number[] = [];
  const logToFirstReader: number[] = [];
  result.perPost.forEach((post, n) => {
    const at = sequenced.get(n);
    if (at === undefined) return;
    sentToLog.push(at - post.sentAt);
    if (post.answeredAt !== null) answeredToLog.push(at - post.answeredAt);
    if (post.firstReaderAt !== null) logToFirstReader.push(post.firstReaderAt - at);
  });
  return {
    postsFound: sequenced.size,
    sentToLog: latencyOf(sentToLog),
    answeredToLog: latencyOf(answeredToLog),
    logToFirstReader: latencyOf(logToFirstReader),
  };
};
