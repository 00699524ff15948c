import { randomBytes } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import { MongoEventLog } from '@infrastructure/event-store/mongo-event-log';
import { testCatalog } from '@infrastructure/event-store/testing/test-events';
import { CommandCounter } from './command-counter';
import type { CpuSources } from './measure';
import type { BenchOptions } from './options';

export type BenchContext = Readonly<{
  mongoUrl: string;
  redisUrl: string;
  cpu: CpuSources;
  options: BenchOptions;
  /** Prefix of every database and key this run creates, so that runs against shared servers do not collide. */
  runId: string;
  log: (line: string) => void;
}>;

export const newRunId = (): string => `b${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;

/** A client with command monitoring on, and a counter of what it sends. */
export const monitoredClient = async (url: string): Promise<{ client: MongoClient; counter: CommandCounter }> => {
  const client = new MongoClient(url, { monitorCommands: true });
  await client.connect();
  return { client, counter: new CommandCounter(client) };
};

/** Reads the whole log back and checks positions 1..expected with no hole, no duplicate, per-stream order kept. */
export const verifyLog = async (db: Db, expected: number): Promise<{ events: number; dense: boolean; uniqueEventIds: boolean; streamOrderKept: boolean }> => {
  const events = await new MongoEventLog(db, testCatalog).readAfter(0, expected + 1_000);
  const dense = events.length === expected && events.every((event, index) => event.metadata.globalPosition === index + 1);
  const uniqueEventIds = new Set(events.map((event) => event.metadata.eventId)).size === events.length;
  const versions = new Map<string, number>();
  let streamOrderKept = true;
  for (const event of events) {
    const previous = versions.get(event.metadata.streamId) ?? 0;
    if (event.metadata.streamVersion !== previous + 1) streamOrderKept = false;
    versions.set(event.metadata.streamId, event.metadata.streamVersion);
  }
  return { events: events.length, dense, uniqueEventIds, streamOrderKept };
};
