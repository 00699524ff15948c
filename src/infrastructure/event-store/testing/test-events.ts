import { z } from 'zod';
import { defineEvent } from '@domain/shared';
import { EventCatalog } from '@application/shared/event-catalog';
import type { AppendOptions } from '@application/shared/event-store';
import { randomUUID } from 'node:crypto';

/** Events used only by the event-store tests. `CounterIncremented` is at schema version 2: version 1 had `amount` as a string. */
export const counterIncremented = defineEvent('CounterIncremented', 2, z.object({ by: z.number().int(), writer: z.string() }), {
  1: (data) => {
    const old = data as { amount: string; writer: string };
    return { by: Number(old.amount), writer: old.writer };
  },
});
export const matrixStored = defineEvent('MatrixStored', 1, z.object({ rows: z.array(z.array(z.number())), 'odd.key': z.string().optional() }));

export const testCatalog = new EventCatalog([counterIncremented, matrixStored]);

export const increment = (by: number, writer = 'w') => ({ type: 'CounterIncremented' as const, data: { by, writer } });

export const appendOptions = (overrides: Partial<AppendOptions> = {}): AppendOptions => ({
  expectedVersion: 'any',
  commitId: randomUUID(),
  occurredAt: new Date(),
  actorId: 'user-1',
  correlationId: randomUUID(),
  causationId: null,
  ...overrides,
});
