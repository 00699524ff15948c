import type { EventLog } from '@application/shared/event-store';

/**
 * The log head as this process knows it, shared by its consumers, so that a consumer with nothing new to read asks
 * the database nothing. The sequencer's wake-up messages carry the head; when one may have been lost (a fallback
 * timeout, a reconnection, a message without a position), the head is marked stale and read again from the log, once
 * for every consumer that asks meanwhile. A known head is never past the real one, only possibly behind it.
 */
export class KnownLogHead {
  private known = 0;
  private stale = true;
  /** Bumped by every `invalidate`: a read that began before it does not make the head fresh. */
  private epoch = 0;
  private reading: Promise<void> | null = null;

  constructor(private readonly log: Pick<EventLog, 'headPosition'>) {}

  /** A position the log has reached, from a wake-up message; null when the message carried none. */
  observe(position: number | null): void {
    if (position === null || !Number.isSafeInteger(position)) this.invalidate();
    else this.known = Math.max(this.known, position);
  }

  invalidate(): void {
    this.stale = true;
    this.epoch += 1;
  }

  async position(): Promise<number> {
    while (this.stale) {
      this.reading ??= this.read().finally(() => {
        this.reading = null;
      });
      await this.reading;
    }
    return this.known;
  }

  private async read(): Promise<void> {
    const epoch = this.epoch;
    const read = await this.log.headPosition();
    this.known = Math.max(this.known, read); // signals observed during the read may have moved it further
    if (epoch === this.epoch) this.stale = false;
  }
}
