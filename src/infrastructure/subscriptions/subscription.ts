import type { EventLog, RecordedEvent } from '@application/shared/event-store';
import type { ConsumerKind } from '@application/shared/log-consumers';
import type { LeaseKeys, Leases } from '../redis/leases';
import type { DeadLetters } from './dead-letters';

export type CommitOutcome = 'committed' | 'lease-lost' | 'checkpoint-moved';

/** Where one consumer stands in the log, kept in the store its kind needs (Redis for read models, MongoDB for policies). */
export interface CheckpointStore<Effect> {
  /** The last position handled, or null when none is stored (a first start, or the store lost it). */
  read(): Promise<number | null>;
  /** Stores `position` unless a checkpoint exists; returns the checkpoint now stored, or null when `token` lost the lease. */
  start(position: number, token: string): Promise<number | null>;
  /**
   * Records what the events did (a projection's writes) and moves the checkpoint from `from` to `to`, in one atomic step
   * where the store allows it. Throws `EffectsRefused` when the store refuses an effect (nothing is recorded then).
   */
  commit(from: number, to: number, effects: readonly Effect[], token: string): Promise<CommitOutcome>;
}

/** The store refused what a batch wanted to record (e.g. a Redis key of another type): the batch is retried event by event. */
export class EffectsRefused extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'EffectsRefused';
  }
}

export type BatchContext = Readonly<{ startedAt: number }>;

/** What a consumer does with one event: `null` when it has nothing to do with it. Throws to have it retried. */
export type EventHandler<Effect> = (event: RecordedEvent, batch: BatchContext) => Promise<Effect | null>;

export type ConsumerLogger = Readonly<{
  warn: (details: object, message: string) => void;
  error: (details: object, message: string) => void;
}>;

export type SubscriptionSettings = Readonly<{
  batchSize: number;
  /** Attempts of one event before it goes to the dead letters and the consumer moves past it. */
  maxAttempts: number;
}>;

export type SubscriptionConfig<Effect> = Readonly<{
  /** The consumer's name: its dead letters and replay requests are kept under it. */
  name: string;
  kind: ConsumerKind;
  /** What log messages call a failure of this consumer ("projection", "policy", "realtime message"). */
  failureLabel: string;
  lease: LeaseKeys;
  checkpoints: CheckpointStore<Effect>;
  /**
   * Where a consumer without a checkpoint starts: read models build from the beginning; consumers with side effects
   * start at the head, so that a new one (or one whose checkpoint Redis lost) never acts on past events.
   */
  startAt: 'beginning' | 'head';
  /** Consumers with side effects commit after each event that did something, so a crash or a lost lease repeats at most one. */
  commitEachEffect: boolean;
  /** Whether this instance applies the admins' replay requests (a projection's active generation does, others not). */
  appliesReplays: boolean;
  handle: EventHandler<Effect>;
  /** Additional details of dead letters (a projection's generation). */
  details?: Readonly<Record<string, unknown>>;
  /**
   * The last position this consumer may handle now (the realtime consumer: what its read models have applied). By
   * default the log head, as `SubscriptionDependencies.head` knows it.
   */
  readableUpTo?: () => Promise<number>;
}>;

export type SubscriptionDependencies = Readonly<{
  log: EventLog;
  leases: Leases;
  deadLetters: DeadLetters;
  logger: ConsumerLogger;
  /**
   * The log head as this process knows it (`KnownLogHead`), so that a consumer at the head reads no log document.
   * Without it, every pass reads the log up to its end.
   */
  head?: () => Promise<number>;
}>;

/** What keeping a lease found: still ours, just taken (the consumer's state is unknown: worth a pass), or someone else's. */
export type LeaseHold = 'kept' | 'taken' | 'elsewhere';

type Handled<Effect> = Readonly<{ event: RecordedEvent; effect: Effect | null }>;

/**
 * One consumer of the global log, whatever its kind: it holds a fenced lease (one runner per consumer across
 * processes), reads a batch after its checkpoint, handles each event with bounded retries (an event that keeps failing
 * goes to the dead letters and the consumer moves on), and commits the checkpoint through its store. Replays of dead
 * letters that an admin asked for are applied by the lease holder.
 */
export class Subscription<Effect> {
  private readonly failures = new Map<number, number>();
  private holding = false;

  constructor(
    private readonly deps: SubscriptionDependencies,
    readonly config: SubscriptionConfig<Effect>,
    private readonly settings: SubscriptionSettings,
  ) {}

  get name(): string {
    return this.config.name;
  }

  /** An event failed and waits to be tried again: its next pass is due soon, whether or not anything new comes. */
  get awaitingRetry(): boolean {
    return this.failures.size > 0;
  }

  /** One batch, if this process holds the lease; returns how many events it got through. */
  async runOnce(): Promise<number> {
    const token = await this.holdToken();
    if (token === null) return 0;
    const checkpoint = await this.checkpoint(token);
    if (checkpoint === null) return this.leaseLost();
    if (this.config.appliesReplays && !(await this.applyReplays(checkpoint, token))) return 0;
    // Positions are dense, so reading no more than `limit - checkpoint` events never goes past the limit.
    const limit = await this.readableUpTo();
    if (limit <= checkpoint) return 0;
    const events = await this.deps.log.readAfter(checkpoint, Math.min(this.settings.batchSize, limit - checkpoint));
    if (events.length === 0) return 0;
    const batch: BatchContext = { startedAt: Date.now() };
    const pending: Array<Handled<Effect>> = [];
    let committed = checkpoint;
    for (const event of events) {
      const outcome = await this.attempt(event, batch);
      if (outcome === 'retry-later') break;
      pending.push({ event, effect: outcome.effect });
      if (outcome.effect !== null && this.config.commitEachEffect) {
        const done = await this.commitAll(committed, pending.splice(0), token);
        // Not committed up to this event (lease lost, or the store refused it): go no further in this pass.
        if (done === null || done < event.metadata.globalPosition) return this.countBetween(events, checkpoint, done ?? committed);
        committed = done;
      }
    }
    if (pending.length > 0) committed = (await this.commitAll(committed, pending, token)) ?? committed;
    return this.countBetween(events, checkpoint, committed);
  }

  /**
   * Renews the lease of an idle consumer (a busy one renews it at each pass), or tries to take it if another process
   * held it. A pass that hangs renews nothing, so its lease expires and another process takes over.
   */
  async holdLease(): Promise<LeaseHold> {
    const wasHolding = this.holding;
    if ((await this.holdToken()) === null) return 'elsewhere';
    return wasHolding ? 'kept' : 'taken';
  }

  private async holdToken(): Promise<string | null> {
    const token = await this.deps.leases.hold(this.config.lease);
    this.holding = token !== null;
    if (token === null) this.failures.clear(); // another process owns the retries now
    return token;
  }

  private readableUpTo(): Promise<number> {
    const limit = this.config.readableUpTo ?? this.deps.head;
    return limit ? limit() : Promise.resolve(Number.POSITIVE_INFINITY);
  }

  /** The checkpoint now, the starting point of a consumer that has none; null when the lease was lost. */
  async checkpoint(token: string): Promise<number | null> {
    const stored = await this.config.checkpoints.read();
    if (stored !== null) return stored;
    const start = this.config.startAt === 'head' ? await this.deps.log.headPosition() : 0;
    return this.config.checkpoints.start(start, token);
  }

  private countBetween(events: readonly RecordedEvent[], from: number, to: number): number {
    return events.filter((event) => event.metadata.globalPosition > from && event.metadata.globalPosition <= to).length;
  }

  /** The event's effect, or 'retry-later' after a failure with attempts left; after the last one, a dead letter and no effect. */
  private async attempt(event: RecordedEvent, batch: BatchContext): Promise<{ effect: Effect | null } | 'retry-later'> {
    try {
      return { effect: await this.config.handle(event, batch) };
    } catch (error) {
      return (await this.failed(event, error)) ? { effect: null } : 'retry-later';
    }
  }

  /** Counts a failure of the event; true when it has used its attempts and was dead-lettered. */
  private async failed(event: RecordedEvent, error: unknown): Promise<boolean> {
    const position = event.metadata.globalPosition;
    const attempts = (this.failures.get(position) ?? 0) + 1;
    this.failures.set(position, attempts);
    const details = { err: error, consumer: this.config.name, kind: this.config.kind, position, eventType: event.type, attempts };
    if (attempts < this.settings.maxAttempts) {
      this.deps.logger.warn(details, `${this.config.failureLabel} failed; will retry`);
      return false;
    }
    await this.deps.deadLetters.add({ consumer: this.config.name, kind: this.config.kind, event, error, attempts, details: this.config.details });
    this.deps.logger.error(details, `${this.config.failureLabel} failed; skipped`);
    return true;
  }

  /**
   * Commits the handled events from `from`; returns the new checkpoint, or null when the lease was lost or the
   * checkpoint moved. A batch whose effects the store refuses is committed one event at a time, so that only the
   * event at fault is retried (and in the end dead-lettered).
   */
  private async commitAll(from: number, handled: ReadonlyArray<Handled<Effect>>, token: string): Promise<number | null> {
    try {
      return await this.commit(from, handled, token);
    } catch (error) {
      if (!(error instanceof EffectsRefused)) throw error;
      if (handled.length === 1) return this.commitAfterRefusal(from, handled[0]!, token, error);
      let current = from;
      for (const one of handled) {
        let next: number | null;
        try {
          next = await this.commit(current, [one], token);
        } catch (refused) {
          if (!(refused instanceof EffectsRefused)) throw refused;
          next = await this.commitAfterRefusal(current, one, token, refused);
        }
        if (next === null || next < one.event.metadata.globalPosition) return next;
        current = next;
      }
      return current;
    }
  }

  private async commit(from: number, handled: ReadonlyArray<Handled<Effect>>, token: string): Promise<number | null> {
    const to = handled.at(-1)!.event.metadata.globalPosition;
    const effects = handled.flatMap(({ effect }) => (effect === null ? [] : [effect]));
    const outcome = await this.config.checkpoints.commit(from, to, effects, token);
    if (outcome === 'committed') {
      // An event's failed attempts count until it is committed, whether its handler or the store refused it.
      for (const position of this.failures.keys()) if (position <= to) this.failures.delete(position);
      return to;
    }
    if (outcome === 'lease-lost') this.leaseLost();
    return null;
  }

  /** A refused event stays where it is until its attempts are used; then it is dead-lettered and passed without effect. */
  private async commitAfterRefusal(from: number, one: Handled<Effect>, token: string, error: EffectsRefused): Promise<number | null> {
    if (!(await this.failed(one.event, error))) return from;
    return this.commit(from, [{ event: one.event, effect: null }], token);
  }

  private leaseLost(): number {
    this.deps.leases.forget(this.config.lease);
    this.holding = false;
    return 0;
  }

  /**
   * Handles dead-lettered events again on an admin's request, without moving the checkpoint. False when the lease was
   * lost meanwhile (the request goes back for the next holder, and this pass stops).
   */
  private async applyReplays(checkpoint: number, token: string): Promise<boolean> {
    const { deadLetters, log } = this.deps;
    for (
      let position = await deadLetters.nextReplayRequest(this.config.name);
      position !== null;
      position = await deadLetters.nextReplayRequest(this.config.name)
    ) {
      const [event] = await log.readAfter(position - 1, 1);
      if (!event || event.metadata.globalPosition !== position) continue;
      try {
        const effect = await this.config.handle(event, { startedAt: Date.now() });
        const outcome = await this.config.checkpoints.commit(checkpoint, checkpoint, effect === null ? [] : [effect], token);
        if (outcome !== 'committed') {
          await deadLetters.requestReplay(this.config.name, position);
          if (outcome === 'lease-lost') this.leaseLost();
          return false;
        }
        await deadLetters.remove(this.config.name, position, this.config.details);
      } catch (error) {
        this.deps.logger.error(
          { err: error, consumer: this.config.name, position },
          `${this.config.failureLabel} failed again on replay; kept as a dead letter`,
        );
      }
    }
    return true;
  }
}
