import type { Redis } from 'ioredis';

/** Writers announce commits to the sequencer. */
export const COMMIT_ANNOUNCED = 'es:commit-announced';
/** The sequencer announces a new log head to every consumer; the message carries the head position (`logGrewPayload`). */
export const LOG_GREW = 'es:log-grew';
/** Projections applied events: the realtime consumer, which never runs ahead of its read models, may move on. */
export const READ_MODELS_ADVANCED = 'es:read-models-advanced';
/** An admin asked a consumer for something beside new events (a replay, a rebuild): every consumer loop makes a full pass. */
export const CONSUMERS_NUDGED = 'es:consumers-nudged';

/** The head position in a LOG_GREW message, prefixed so that a message of older code (`1`) is not taken for one. */
export const logGrewPayload = (headPosition: number): string => `head=${headPosition}`;

/** The head position a LOG_GREW message carries, or null when it carries none. */
export const headPositionOf = (payload: string): number | null => {
  const match = /^head=(\d+)$/.exec(payload);
  return match ? Number(match[1]) : null;
};

const CHANNELS = [COMMIT_ANNOUNCED, LOG_GREW, READ_MODELS_ADVANCED, CONSUMERS_NUDGED];

/**
 * Why a wait ended: a signal on one of its channels, its timeout, a recheck (signals may have been lost, or Redis
 * lost its data: everyone looks for themselves once), or shutdown.
 */
export type WakeReason = 'signal' | 'timeout' | 'recheck' | 'stopping';

/**
 * A loop's doorbell. A ring stays pending until the loop takes it, so a signal that arrives while the loop is busy
 * (after it looked for work and before it waits) wakes its next wait at once instead of being lost.
 */
export class Doorbell {
  private pending: WakeReason | null = null;
  private waiter: ((reason: WakeReason) => void) | null = null;

  constructor(readonly channels: readonly string[]) {}

  ring(reason: WakeReason): void {
    // A recheck or shutdown outranks a plain signal: it asks for more than new events.
    if (this.pending === null || this.pending === 'signal') this.pending = reason;
    this.waiter?.(this.pending);
  }

  /** Forgets what rang so far: called before a loop looks for work, which covers every ring until then. */
  take(): WakeReason | null {
    const taken = this.pending;
    this.pending = null;
    return taken;
  }

  /** Resolves with the pending ring, or the next one, or 'timeout' after `timeoutMs`. */
  wait(timeoutMs: number): Promise<WakeReason> {
    if (this.pending !== null) return Promise.resolve(this.take()!);
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish('timeout'), timeoutMs);
      const finish = (reason: WakeReason) => {
        clearTimeout(timer);
        this.waiter = null;
        if (reason !== 'timeout') this.pending = null;
        resolve(reason);
      };
      this.waiter = finish;
    });
  }
}

type MessageListener = (payload: string) => void;

/**
 * Wake-ups over Redis pub/sub. Pub/sub is fire-and-forget: a message published while the subscriber is away
 * (a reconnection) is lost, so on every resubscription all doorbells ring; a message lost otherwise costs a
 * waiter its fallback timeout, never an event.
 */
export class LogSignals {
  private readonly doorbells = new Set<Doorbell>();
  private readonly listeners = new Map<string, Set<MessageListener>>();
  private started = false;

  /** `namespace` prefixes the Redis channels, for deployments (and tests) that share a Redis. */
  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly namespace = '',
  ) {}

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const channels = CHANNELS.map((channel) => this.namespace + channel);
    this.subscriber.on('message', (channel: string, payload: string) => {
      if (channel.startsWith(this.namespace)) this.received(channel.slice(this.namespace.length), payload);
    });
    await this.subscriber.subscribe(...channels);
    // After a reconnection ioredis subscribes again by itself; our own subscribe, answered after its, tells us when
    // the channels are live again, and only then does everyone look for what the lost messages announced.
    this.subscriber.on('ready', () => {
      this.subscriber.subscribe(...channels).then(
        () => this.recheckAll(),
        () => undefined, // the connection dropped again: its next 'ready' retries
      );
    });
  }

  /** Fire-and-forget by design: a failed publish only delays the waiters until their fallback timeout. */
  signal(channel: string, payload = ''): void {
    this.publisher.publish(this.namespace + channel, payload).catch(() => undefined);
  }

  /** A doorbell rung by signals on these channels, and by every resubscription and shutdown. */
  doorbell(channels: readonly string[]): Doorbell {
    const doorbell = new Doorbell(channels);
    this.doorbells.add(doorbell);
    return doorbell;
  }

  /** Calls `listener` with the payload of every message on `channel`, before its doorbells ring. */
  onMessage(channel: string, listener: MessageListener): void {
    const listeners = this.listeners.get(channel) ?? new Set<MessageListener>();
    this.listeners.set(channel, listeners.add(listener));
  }

  /** Rings every doorbell, so that loops notice a shutdown at once. */
  wakeAll(): void {
    this.ringAll('stopping');
  }

  /** Asks every loop to look for itself once: signals may have been lost, or Redis lost what it held. */
  recheckAll(): void {
    this.ringAll('recheck');
  }

  private received(channel: string, payload: string): void {
    for (const listener of this.listeners.get(channel) ?? []) listener(payload);
    for (const doorbell of this.doorbells) if (doorbell.channels.includes(channel)) doorbell.ring('signal');
  }

  private ringAll(reason: WakeReason): void {
    for (const doorbell of this.doorbells) doorbell.ring(reason);
  }
}
