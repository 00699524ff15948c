import type { Db } from 'mongodb';
import type { EventCatalog } from '@application/shared/event-catalog';
import type { EventLog, RecordedEvent } from '@application/shared/event-store';
import { findLogHead, logHeadHint, readLogDoc, readRestOfSegment } from './log-documents';
import { recordedEventsOf } from './recorded-events';
import { LOG_DOCS_PER_SEGMENT, type LogDoc } from './storage-layout';

const REMEMBERED_DOCS = 1_000;
/**
 * How far behind the head a reader must be before it reads the rest of a segment in one query. On FerretDB a lookup by
 * `_id` is a scan inside the database, but a range query converts every document of the segment: worth it only when
 * many of them will be used (a rebuild, a projection catching up), never at the tail.
 */
const READ_AHEAD_MIN_DOCS = 32;
/** Bounds the memory read ahead (a log document may hold hundreds of events). */
const READ_AHEAD_MAX_EVENTS = 20_000;

type DocRange = Readonly<{ docNo: number; firstPos: number; lastPos: number }>;

/**
 * Reads the global log. Log documents are numbered densely and each starts right after the previous one, so the
 * reader walks them one `_id` at a time: a missing document means "not written yet", never "skipped".
 */
export class MongoEventLog implements EventLog {
  /** Recently read documents by number, so that a reader continuing where it stopped needs no search. */
  private readonly recent = new Map<number, DocRange>();
  /** Documents read ahead with the rest of their segment (log documents never change), for every reader of this log. */
  private readonly readAhead = new Map<number, LogDoc>();
  private readAheadEvents = 0;

  constructor(
    private readonly db: Db,
    private readonly catalog: EventCatalog,
  ) {}

  async headPosition(): Promise<number> {
    return (await findLogHead(this.db)).lastPos;
  }

  async readAfter(afterPosition: number, maxEvents: number): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    let docNo = await this.docNoHolding(afterPosition + 1);
    let farBehind: boolean | undefined;
    while (docNo !== null && events.length < maxEvents) {
      const doc = this.readAhead.get(docNo) ?? (await readLogDoc(this.db, docNo));
      if (!doc) break;
      const moreWanted = events.length + eventCount(doc) < maxEvents;
      if (moreWanted && !this.readAhead.has(docNo + 1) && docNo % LOG_DOCS_PER_SEGMENT !== 0) {
        farBehind ??= (await logHeadHint(this.db)).docNo >= docNo + READ_AHEAD_MIN_DOCS;
        if (farBehind) this.keepReadAhead(await readRestOfSegment(this.db, docNo));
      }
      this.remember(doc);
      events.push(...this.eventsOf(doc).filter((event) => event.metadata.globalPosition > afterPosition));
      docNo += 1;
    }
    return events.slice(0, maxEvents);
  }

  /** Keeps what fits: when the new documents would not, the older ones (other readers' perhaps) make room. */
  private keepReadAhead(docs: readonly LogDoc[]): void {
    const incoming = docs.reduce((sum, doc) => sum + eventCount(doc), 0);
    if (this.readAheadEvents + incoming > READ_AHEAD_MAX_EVENTS) {
      this.readAhead.clear();
      this.readAheadEvents = 0;
    }
    for (const doc of docs) {
      if (this.readAheadEvents + eventCount(doc) > READ_AHEAD_MAX_EVENTS) break;
      if (this.readAhead.has(doc.docNo)) continue;
      this.readAhead.set(doc.docNo, doc);
      this.readAheadEvents += eventCount(doc);
    }
  }

  private eventsOf(doc: LogDoc): RecordedEvent[] {
    let position = doc.firstPos;
    return doc.commits.flatMap((commit) => {
      const events = recordedEventsOf(this.catalog, commit, position);
      position += commit.events.length;
      return events;
    });
  }

  /** The number of the document holding `position`, or null when no such position has been sequenced yet. */
  private async docNoHolding(position: number): Promise<number | null> {
    if (position === 1) return 1;
    for (const range of this.recent.values()) {
      if (range.firstPos <= position && position <= range.lastPos) return range.docNo;
      if (range.lastPos === position - 1) return range.docNo + 1;
    }
    const head = await findLogHead(this.db);
    if (position > head.lastPos) return head.docNo + 1;
    let low = 1;
    let high = head.docNo;
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      const doc = await readLogDoc(this.db, middle);
      if (!doc) throw new Error(`Log document ${middle} is missing below the head ${head.docNo}`);
      if (doc.lastPos < position) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private remember(doc: LogDoc): void {
    this.recent.delete(doc.docNo);
    this.recent.set(doc.docNo, { docNo: doc.docNo, firstPos: doc.firstPos, lastPos: doc.lastPos });
    if (this.recent.size > REMEMBERED_DOCS) {
      const oldest = this.recent.keys().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
  }
}

const eventCount = (doc: LogDoc): number => doc.lastPos - doc.firstPos + 1;
