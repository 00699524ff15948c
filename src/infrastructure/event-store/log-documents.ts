import type { Db } from 'mongodb';
import { logDocId, META, segmentOf, type LogDoc, type LogHead, type MetaDoc } from './storage-layout';

export const LOG_HEAD_ID = 'log-head';

export const readLogDoc = (db: Db, docNo: number): Promise<LogDoc | null> =>
  segmentOf(db, docNo).findOne({ _id: logDocId(docNo) });

/**
 * The last log document. The head recorded in `es_meta` is only a hint that can lag behind (it is written after
 * the log document), so the documents after it are probed until one is missing.
 */
export const findLogHead = async (db: Db): Promise<LogHead> => {
  const hint = await db.collection<MetaDoc>(META).findOne({ _id: LOG_HEAD_ID });
  let head: LogHead = hint ? { docNo: hint.docNo, lastPos: hint.lastPos } : { docNo: 0, lastPos: 0 };
  for (;;) {
    const next = await readLogDoc(db, head.docNo + 1);
    if (!next) return head;
    head = { docNo: next.docNo, lastPos: next.lastPos };
  }
};

export const recordLogHead = (db: Db, head: LogHead): Promise<unknown> =>
  db.collection<MetaDoc>(META).updateOne({ _id: LOG_HEAD_ID }, { $max: { docNo: head.docNo, lastPos: head.lastPos } }, { upsert: true });
