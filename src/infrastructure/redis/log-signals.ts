import type { Redis } from 'ioredis';

/** Writers announce commits to the sequencer; the sequencer announces a new log head to every consumer. */
export const COMMIT_ANNOUNCED = 'es:commit-announced';
export const LOG_GREW = 'es:log-grew';

/**
 * Wake-ups over Redis pub/sub. They may be lost (pub/sub is fire-and-forget), so every waiter also wakes on a
 * timeout and polls: a lost signal costs latency, never an event.
 */
export class LogSignals {
  private readonly waiters = new Map<string, Set<() => void>>();
  private subscribed = false;

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
  ) {}

  async start(): Promise<void> {
    if (this.subscribed) return;
    this.subscribed = true;
    this.subscriber.on('message', (channel: string) => this.wake(channel));
    await this.subscriber.subscribe(COMMIT_ANNOUNCED, LOG_GREW);
  }

  /** Fire-and-forget by design: a failed publish only delays the consumers until their next poll. */
  signal(channel: string): void {
    this.publisher.publish(channel, '1').catch(() => undefined);
  }

  waitFor(channel: string, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const waiters = this.waiters.get(channel) ?? new Set<() => void>();
      this.waiters.set(channel, waiters);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      waiters.add(done);
    });
  }

  /** Wakes every waiter at once, for shutdown. */
  wakeAll(): void {
    for (const channel of this.waiters.keys()) this.wake(channel);
  }

  private wake(channel: string): void {
    for (const waiter of [...(this.waiters.get(channel) ?? [])]) waiter();
  }
}
