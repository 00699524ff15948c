import type { Db } from 'mongodb';
import type { EventCatalog } from '@application/shared/event-catalog';
import type { EventLog, RecordedEvent } from '@application/shared/event-store';
import { findLogHead, readLogDoc } from './log-documents';
import { recordedEventsOf } from './recorded-events';
import type { LogDoc } from './storage-layout';

const REMEMBERED_DOCS = 1_000;

type DocRange = Readonly<{ docNo: number; firstPos: number; lastPos: number }>;

/**
 * Reads the global log. Log documents are numbered densely and each starts right after the previous one, so the
 * reader walks them one `_id` at a time: a missing document means "not written yet", never "skipped".
 */
export class MongoEventLog implements EventLog {
  /** Recently read documents by number, so that a reader continuing where it stopped needs no search. */
  private readonly recent = new Map<number, DocRange>();

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
    while (docNo !== null && events.length < maxEvents) {
      const doc = await readLogDoc(this.db, docNo);
      if (!doc) break;
      this.remember(doc);
      events.push(...this.eventsOf(doc).filter((event) => event.metadata.globalPosition > afterPosition));
      docNo += 1;
    }
    return events.slice(0, maxEvents);
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
