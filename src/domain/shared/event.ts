import type { z } from 'zod';

/** A fact that happened: a stable type name and its data. Metadata is added when it is stored. */
export type Event<Type extends string = string, Data = unknown> = Readonly<{ type: Type; data: Data }>;

/** Turns the data of schema version `n` into the data of version `n + 1`. */
export type Upcaster = (data: unknown) => unknown;

export type EventDefinition<Type extends string = string, Schema extends z.ZodType = z.ZodType> = Readonly<{
  type: Type;
  schemaVersion: number;
  schema: Schema;
  /** Keyed by the version they upgrade from. */
  upcasters: Readonly<Record<number, Upcaster>>;
}>;

export const defineEvent = <Type extends string, Schema extends z.ZodType>(
  type: Type,
  schemaVersion: number,
  schema: Schema,
  upcasters: Record<number, Upcaster> = {},
): EventDefinition<Type, Schema> => ({ type, schemaVersion, schema, upcasters });

/** The event union described by a list of definitions. */
export type EventOf<Def> = Def extends EventDefinition<infer T, infer S> ? Event<T, z.infer<S>> : never;
