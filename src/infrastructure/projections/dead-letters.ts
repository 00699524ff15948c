import type { Redis } from 'ioredis';
import type { RecordedEvent } from '@application/shared/event-store';
import { projectionKeys } from './projection-keys';

export type DeadLetter = Readonly<{
  projection: string;
  generation: number;
  position: number;
  eventId: string;
  eventType: string;
  streamId: string;
  error: string;
  attempts: number;
  failedAt: string;
}>;

/** Events a projection gave up on, kept with their error until an admin replays them. */
export class DeadLetters {
  constructor(private readonly redis: Redis) {}

  async add(projection: string, generation: number, event: RecordedEvent, error: unknown, attempts: number): Promise<void> {
    const letter: DeadLetter = {
      projection,
      generation,
      position: event.metadata.globalPosition,
      eventId: event.metadata.eventId,
      eventType: event.type,
      streamId: event.metadata.streamId,
      error: error instanceof Error ? error.message : String(error),
      attempts,
      failedAt: new Date().toISOString(),
    };
    await this.redis.rpush(projectionKeys(projection).deadLetters, JSON.stringify(letter));
  }

  async list(projection: string): Promise<DeadLetter[]> {
    const entries = await this.redis.lrange(projectionKeys(projection).deadLetters, 0, -1);
    return entries.map((entry) => JSON.parse(entry) as DeadLetter);
  }

  async remove(projection: string, position: number): Promise<void> {
    const key = projectionKeys(projection).deadLetters;
    for (const entry of await this.redis.lrange(key, 0, -1)) {
      if ((JSON.parse(entry) as DeadLetter).position === position) await this.redis.lrem(key, 0, entry);
    }
  }

  /** Asks the projection's runner to apply the event at `position` again (the runner owns the writes). */
  async requestReplay(projection: string, position: number): Promise<void> {
    await this.redis.rpush(projectionKeys(projection).replayRequests, String(position));
  }

  async nextReplayRequest(projection: string): Promise<number | null> {
    const position = await this.redis.lpop(projectionKeys(projection).replayRequests);
    return position === null ? null : Number(position);
  }
}
