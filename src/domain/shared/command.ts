/** What every command carries besides its data: who asks, when, and how to trace it. */
export type CommandMetadata = Readonly<{
  /** Also the idempotency key: a retried command carries the same id. */
  commandId: string;
  now: Date;
  actorId: string | null;
  correlationId: string;
  causationId: string | null;
}>;

export type Command<Type extends string = string, Data = unknown> = Readonly<{
  type: Type;
  data: Data;
  metadata: CommandMetadata;
}>;
