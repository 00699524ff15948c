import type { CommandStartedEvent, CommandSucceededEvent, CommandFailedEvent, MongoClient } from 'mongodb';

export type CommandStats = Readonly<Record<string, { count: number; totalMs: number; meanMs: number }>>;

/**
 * Counts the commands a MongoClient sends (by command and collection, with bucket and segment numbers folded:
 * `insert es_streams_*`) and the duplicate-key write errors, from the driver's command monitoring
 * (`monitorCommands: true`). A duplicate key on an insert is how the store sees an optimistic-concurrency conflict.
 */
export class CommandCounter {
  private readonly started = new Map<number, string>();
  private stats = new Map<string, { count: number; totalMs: number }>();
  private duplicates = new Map<string, number>();
  private failures = 0;

  constructor(client: MongoClient) {
    client.on('commandStarted', (event: CommandStartedEvent) => this.started.set(event.requestId, labelOf(event)));
    client.on('commandSucceeded', (event: CommandSucceededEvent) => {
      const label = this.take(event.requestId, event.commandName);
      const entry = this.stats.get(label) ?? { count: 0, totalMs: 0 };
      entry.count += 1;
      entry.totalMs += event.duration;
      this.stats.set(label, entry);
      const writeErrors = (event.reply as { writeErrors?: Array<{ code?: number }> } | undefined)?.writeErrors ?? [];
      const duplicateCount = writeErrors.filter((error) => error.code === 11000).length;
      if (duplicateCount > 0) this.duplicates.set(label, (this.duplicates.get(label) ?? 0) + duplicateCount);
    });
    client.on('commandFailed', (event: CommandFailedEvent) => {
      this.take(event.requestId, event.commandName);
      this.failures += 1;
    });
  }

  reset(): void {
    this.stats = new Map();
    this.duplicates = new Map();
    this.failures = 0;
  }

  total(): number {
    return [...this.stats.values()].reduce((sum, entry) => sum + entry.count, 0);
  }

  count(label: string): number {
    return this.stats.get(label)?.count ?? 0;
  }

  duplicateKeys(label: string): number {
    return this.duplicates.get(label) ?? 0;
  }

  snapshot(): { commands: CommandStats; duplicateKeys: Record<string, number>; failedCommands: number } {
    const commands: Record<string, { count: number; totalMs: number; meanMs: number }> = {};
    for (const [label, entry] of [...this.stats.entries()].sort((a, b) => b[1].totalMs - a[1].totalMs)) {
      commands[label] = { count: entry.count, totalMs: Math.round(entry.totalMs), meanMs: Number((entry.totalMs / entry.count).toFixed(2)) };
    }
    return { commands, duplicateKeys: Object.fromEntries(this.duplicates), failedCommands: this.failures };
  }

  private take(requestId: number, fallback: string): string {
    const label = this.started.get(requestId) ?? fallback;
    this.started.delete(requestId);
    return label;
  }
}

const labelOf = (event: CommandStartedEvent): string => {
  const target = event.commandName === 'getMore' ? event.command.collection : event.command[event.commandName];
  const collection = typeof target === 'string' ? target.replace(/_\d+$/, '_*') : '';
  return collection ? `${event.commandName} ${collection}` : event.commandName;
};
