import type { Redis } from 'ioredis';
import type { Db } from 'mongodb';
import { upsertById } from '../mongo/duplicate-key';
import type { RecordedEvent } from '@application/shared/event-store';
import type { ConsumerKind, DeadLetter } from '@application/shared/log-consumers';

type DeadLetterDocument = Omit<DeadLetter, 'failedAt'> & { _id: string; failedAt: Date };

export type NewDeadLetter = Readonly<{
  consumer: string;
  kind: ConsumerKind;
  event: RecordedEvent;
  error: unknown;
  attempts: number;
  details?: Readonly<Record<string, unknown>>;
}>;

/** A projection's generations each keep their own: a rebuild that gives up on an event must not hide the live one's. */
const idOf = (consumer: string, position: number, details?: Readonly<Record<string, unknown>>): string =>
  details?.generation === undefined ? `${consumer}#${position}` : `${consumer}#${position}@g${String(details.generation)}`;

const replayRequestsKey = (consumer: string): string => `consumer:{${consumer}}:replay-requests`;

/**
 * Events a consumer gave up on, with their error, until an admin replays or discards them. They are kept in MongoDB
 * for every kind: a Redis flush must not make a failed side effect be forgotten. A replay request is only a signal to
 * the consumer's lease holder (a Redis list): if Redis loses it, the dead letter is still there to ask again.
 */
export class DeadLetters {
  constructor(
    private readonly db: Db,
    private readonly redis: Redis,
  ) {}

  async add(letter: NewDeadLetter): Promise<void> {
    const position = letter.event.metadata.globalPosition;
    const document: DeadLetterDocument = {
      _id: idOf(letter.consumer, position, letter.details),
      consumer: letter.consumer,
      kind: letter.kind,
      position,
      eventId: letter.event.metadata.eventId,
      eventType: letter.event.type,
      streamId: letter.event.metadata.streamId,
      error: letter.error instanceof Error ? letter.error.message : String(letter.error),
      attempts: letter.attempts,
      failedAt: new Date(),
      ...letter.details,
    };
    await upsertById(() => this.collection().replaceOne({ _id: document._id }, document, { upsert: true }));
  }

  async list(consumer: string): Promise<DeadLetter[]> {
    const documents = await this.collection().find({ consumer }).toArray();
    return documents.map(({ _id, failedAt, ...letter }) => ({ ...letter, failedAt: failedAt.toISOString() })).sort((a, b) => a.position - b.position);
  }

  async count(consumer: string): Promise<number> {
    return this.collection().countDocuments({ consumer });
  }

  /** Removes the consumer's dead letter at `position` (of one projection generation when `details` names it); true when there was one. */
  async remove(consumer: string, position: number, details?: Readonly<Record<string, unknown>>): Promise<boolean> {
    const filter = details?.generation === undefined ? { consumer, position } : { _id: idOf(consumer, position, details) };
    return (await this.collection().deleteMany(filter)).deletedCount > 0;
  }

  /** Asks the consumer's lease holder to handle the event at `position` again (it owns the checkpoint and the writes). */
  async requestReplay(consumer: string, position: number): Promise<void> {
    await this.redis.rpush(replayRequestsKey(consumer), String(position));
  }

  async nextReplayRequest(consumer: string): Promise<number | null> {
    const position = await this.redis.lpop(replayRequestsKey(consumer));
    return position === null ? null : Number(position);
  }

  private collection() {
    return this.db.collection<DeadLetterDocument>('dead_letters');
  }
}
