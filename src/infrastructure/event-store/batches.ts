import { sleep } from '../runtime/background-loop';

/** An item waiting in a batch, with the means to settle the promise its producer holds. */
export type Pending<Item, Result> = Readonly<{ item: Item; resolve: (result: Result) => void; reject: (error: unknown) => void }>;

/**
 * Items added while a batch is being written wait and go together in the next one: one batch in flight at a time, so a
 * busy producer side shares round trips (group commit) and an idle one pays no wait. The batch writer settles each
 * item; if it throws, the items it left unsettled are rejected with its error.
 */
export class Batches<Item, Result> {
  private waiting: Array<Pending<Item, Result>> = [];
  private running: Promise<void> | null = null;

  constructor(
    private readonly writeBatch: (batch: ReadonlyArray<Pending<Item, Result>>) => Promise<void>,
    private readonly maxBatch: number,
    /** How long a batch waits for more items before it is written: worth it where nobody waits for the result. */
    private readonly lingerMs = 0,
  ) {}

  add(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      // Started on a microtask, so that what is added in the same turn of the event loop goes in the same batch.
      this.running ??= Promise.resolve().then(() => this.drain());
    });
  }

  /** Resolves once nothing is waiting or being written. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      if (this.lingerMs > 0) await sleep(this.lingerMs);
      const batch = this.waiting.splice(0, this.maxBatch);
      try {
        await this.writeBatch(batch);
      } catch (error) {
        for (const pending of batch) pending.reject(error);
      }
    }
    this.running = null;
  }
}
