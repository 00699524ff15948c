/** The three kinds of log consumer: read models, side effects (jobs, commands), and socket messages. */
export type ConsumerKind = 'projection' | 'policy' | 'realtime';

export type ConsumerReport = Readonly<{
  name: string;
  kind: ConsumerKind;
  /** The position handled last (for a projection: by the generation that queries read); null before its first pass. */
  checkpoint: number | null;
  headPosition: number;
  lag: number;
  deadLetters: number;
}>;

export type GenerationReport = Readonly<{ generation: number; version: number; status: 'building' | 'live' | 'retired'; checkpoint: number; lag: number }>;

export type ProjectionReport = ConsumerReport &
  Readonly<{ kind: 'projection'; codeVersion: number; activeGeneration: number | null; generations: GenerationReport[] }>;

export type DeadLetter = Readonly<{
  consumer: string;
  kind: ConsumerKind;
  position: number;
  eventId: string;
  eventType: string;
  streamId: string;
  error: string;
  attempts: number;
  failedAt: string;
  /** A projection's generation that gave up on the event. */
  generation?: number;
}>;

/** What operators see and do with the consumers of the log (the admin routes and CLI). */
export interface LogConsumers {
  /** Every consumer: the projections first, then the policies and realtime projections. */
  status(): Promise<Array<ConsumerReport | ProjectionReport>>;
  projectionStatus(): Promise<ProjectionReport[]>;
  /** Starts building a projection's new generation from position 1; the current one serves until it has caught up. */
  rebuild(name: string): Promise<number>;
  listDeadLetters(name: string): Promise<DeadLetter[]>;
  /** Asks the consumer to handle the event again; the dead letter goes once it succeeds. */
  replayDeadLetter(name: string, position: number): Promise<void>;
  /** Gives up on the event for good. */
  discardDeadLetter(name: string, position: number): Promise<void>;
}

export class UnknownConsumerError extends Error {
  constructor(name: string) {
    super(`There is no consumer named ${name}.`);
    this.name = 'UnknownConsumerError';
  }
}

export class NotRebuildableError extends Error {
  constructor(name: string) {
    super(`${name} is not a projection: only projections are rebuilt (consumers with side effects never replay the past).`);
    this.name = 'NotRebuildableError';
  }
}

export class UnknownDeadLetterError extends Error {
  constructor(name: string, position: number) {
    super(`Consumer ${name} has no dead letter at position ${position}.`);
    this.name = 'UnknownDeadLetterError';
  }
}
