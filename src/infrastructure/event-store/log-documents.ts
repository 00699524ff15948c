import type { Db } from 'mongodb';
import { upsertById } from '../mongo/duplicate-key';
import { logDocId, META, segmentOf, type LogDoc, type LogHead, type MetaDoc } from './storage-layout';

export const LOG_HEAD_ID = 'log-head';

export const readLogDoc = (db: Db, docNo: number): Promise<LogDoc | null> => segmentOf(db, docNo).findOne({ _id: logDocId(docNo) });

/**
 * The log documents after `docNo` in its segment, in one query, as an unbroken run (a document seen past a gap, one
 * written while the query ran, is left for later). On FerretDB this costs about as much as reading the whole segment.
 */
export const readRestOfSegment = async (db: Db, docNo: number): Promise<LogDoc[]> => {
  const found = await segmentOf(db, docNo)
    .find({ _id: { $gt: logDocId(docNo) } })
    .toArray();
  found.sort((a, b) => a.docNo - b.docNo);
  const run: LogDoc[] = [];
  for (const doc of found) {
    if (doc.docNo !== docNo + 1 + run.length) break;
    run.push(doc);
  }
  return run;
};

/** The head recorded in `es_meta`: a lower bound of the real head, read in one cheap lookup. */
export const logHeadHint = async (db: Db): Promise<LogHead> => {
  const hint = await db.collection<MetaDoc>(META).findOne({ _id: LOG_HEAD_ID });
  return hint ? { docNo: hint.docNo, lastPos: hint.lastPos } : { docNo: 0, lastPos: 0 };
};

/**
 * The last log document. The head recorded in `es_meta` is only a hint that can lag behind (it is written after
 * the log document), so the documents after it are probed until one is missing.
 */
export const findLogHead = async (db: Db): Promise<LogHead> => {
  let head = await logHeadHint(db);
  for (;;) {
    const next = await readLogDoc(db, head.docNo + 1);
    if (!next) return head;
    head = { docNo: next.docNo, lastPos: next.lastPos };
  }
};

/** Moves the hint forward; on FerretDB, where `$max` is a read and a write, a concurrent smaller head can still win. */
export const recordLogHead = (db: Db, head: LogHead): Promise<unknown> =>
  upsertById(() => db.collection<MetaDoc>(META).updateOne({ _id: LOG_HEAD_ID }, { $max: { docNo: head.docNo, lastPos: head.lastPos } }, { upsert: true }));
